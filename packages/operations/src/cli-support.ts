import { createDocumentClient, type DocumentClient } from "@cargo-express/adapters-dynamodb";
import type { ProjectorConfig } from "@cargo-express/stream-handler";

/**
 * The document client of an operator command: the SDK's credential chain against AWS, or DynamoDB
 * Local when DYNAMODB_ENDPOINT is set (any credentials do; dummy ones unless the environment has some).
 */
export function operatorClient(
  config: ProjectorConfig,
  env: Readonly<Record<string, string | undefined>>,
): DocumentClient {
  if (config.endpoint === undefined)
    return createDocumentClient({ region: config.region, maxAttempts: 5, requestTimeoutMs: 10_000 });
  const credentials = env.AWS_ACCESS_KEY_ID ? undefined : { accessKeyId: "local", secretAccessKey: "local" };
  return createDocumentClient({
    region: config.region,
    endpoint: config.endpoint,
    maxAttempts: 5,
    requestTimeoutMs: 10_000,
    ...(credentials ? { credentials } : {}),
  });
}
