/**
 * The export function, composed (loaded by ./export.ts on the first invocation): an export job's id -> the ledger's
 * orders of its range (DynamoDB's indexes) -> a CSV or XLSX file on the function's /tmp -> the private exports
 * bucket -> the job recorded ready. The platform's modules build BuildExport over these ports.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import {
  createDocumentClient,
  type DocumentClient,
  DynamoDbExportJobStore,
  DynamoDbOrderLedger,
} from "@cargo-express/adapters-dynamodb";
import { commonModule, portsModule, SERVICES, useCasesModule } from "@cargo-express/platform";
import { Container } from "inversify";
import { S3FileExports } from "../aws/s3-file-exports.js";
import { createExportHandler, type ExportHandler } from "../export-handler.js";
import type { ExportFunctionConfig } from "./export-config.js";

export interface ExportOverrides {
  readonly client?: DocumentClient;
  readonly s3?: S3Client;
  readonly logger?: Logger;
  readonly scratchDirectory?: string;
}

/** The export function's handler over `config` (and, in tests, `overrides`). */
export function composeExport(config: ExportFunctionConfig, overrides: ExportOverrides = {}): ExportHandler {
  const client = overrides.client ?? createDocumentClient({ region: config.region });
  const container = new Container({ defaultScope: "Singleton" });
  container.load(
    commonModule({
      serviceName: "cargo-express-exports",
      logLevel: config.logLevel,
      timeZone: config.timeZone,
      ...(overrides.logger ? { logger: overrides.logger } : {}),
    }),
    portsModule({
      ledger: new DynamoDbOrderLedger({ client, tableName: config.ordersTable }),
      exportJobs: new DynamoDbExportJobStore({ client, tableName: config.exportsTable }),
      exportFiles: new S3FileExports({
        client: overrides.s3 ?? new S3Client({ region: config.region }),
        bucket: config.bucket,
        scratchDirectory: overrides.scratchDirectory ?? join(tmpdir(), "exports"),
      }),
    }),
    useCasesModule,
  );
  return createExportHandler({
    buildExport: container.get(SERVICES.BuildExport),
    logger: container.get(SERVICES.Logger),
    ...(config.functionName === undefined ? {} : { functionName: config.functionName }),
  });
}
