// The exports' AWS adapters, for the API function's composition: start the export function, sign download links.
export { type ExportFunctionEvent, LambdaExportDispatcher } from "./lambda-export-dispatcher.js";
export { MAX_LINK_SECONDS, S3ExportLinks } from "./s3-export-links.js";
// The clients, from the SDK copy this package bundles, so a composition builds them without depending on the SDK.
export { LambdaClient } from "@aws-sdk/client-lambda";
export { S3Client } from "@aws-sdk/client-s3";
