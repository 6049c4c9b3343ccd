/**
 * The export function's entry point, what Lambda's handler setting names: invoked asynchronously by the API with
 * `{ "exportId": "<uuid>" }`. Importing it evaluates only the lazy handler factory; the configuration and the
 * composition (./compose-export.ts: the DynamoDB and S3 clients, exceljs) are imported and built on the first
 * invocation.
 */
import { lazyHandler } from "@cargo-express/platform/lazy-handler";
import type { ExportHandler } from "../export-handler.js";

/** @public Lambda's entry point: the function's handler setting names it, no module imports it. */
export const handler: ExportHandler = lazyHandler(async () => {
  const [{ readExportFunctionConfig }, { composeExport }] = await Promise.all([
    import("./export-config.js"),
    import("./compose-export.js"),
  ]);
  return composeExport(readExportFunctionConfig(process.env));
});
