// The ledger's export files (CSV, XLSX) on disk, and the export function's handler the local stack's worker runs.
export { csvText } from "./files/csv-file.js";
export { LocalFileExports } from "./files/local-file-exports.js";
export { MONEY_FORMAT } from "./files/xlsx-file.js";
export {
  createExportHandler,
  type ExportHandler,
  /** @public */
  type ExportInvocationContext,
} from "./export-handler.js";
export {
  LOCAL_EXPORTS_PATH,
  /** @public */
  type LocalLinkCheck,
  LocalSignedExportLinks,
} from "./local/local-signed-links.js";
