import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DependencyUnavailableError } from "@cargo-express/domain";
import { dynamo, RETRY_AFTER_SECONDS } from "./errors.js";

/** "Full jitter" backoff: a random wait up to base x 2^attempt, capped, so retrying writers spread out. */
export const jitteredDelayMs = (attempt: number, baseMs = 20, capMs = 1_000): number =>
  Math.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** BatchGetItem's limit on keys per request. */
const MAX_KEYS_PER_BATCH_GET = 100;
/** Rounds of re-asking for UnprocessedKeys (DynamoDB returns them when throttled) before giving up. */
const UNPROCESSED_ROUNDS = 5;

export interface BatchGetRequest {
  readonly table: string;
  readonly keys: readonly Record<string, unknown>[];
  /** Attributes to return; omitted: the whole item. */
  readonly attributes?: readonly string[];
  readonly consistentRead: boolean;
}

/**
 * Reads items by key from one or more tables with as few BatchGetItem calls as the 100-key limit allows,
 * re-asking for unprocessed keys with backoff. Returns the items found, per table (missing keys are absent).
 * Keys must be distinct (BatchGetItem refuses duplicates); requests for one table in one call share the
 * first request's projection.
 */
export async function batchGetItems(
  client: DynamoDBDocumentClient,
  requests: readonly BatchGetRequest[],
  operation: string,
): Promise<Map<string, Record<string, unknown>[]>> {
  const found = new Map<string, Record<string, unknown>[]>(requests.map((r) => [r.table, []]));
  const flat = requests.flatMap((request) => request.keys.map((key) => ({ request, key })));
  for (let start = 0; start < flat.length; start += MAX_KEYS_PER_BATCH_GET) {
    const chunk = flat.slice(start, start + MAX_KEYS_PER_BATCH_GET);
    let pending: NonNullable<BatchGetCommand["input"]["RequestItems"]> = {};
    for (const { request, key } of chunk) {
      const names =
        request.attributes === undefined
          ? undefined
          : Object.fromEntries(request.attributes.map((attribute, i) => [`#a${i}`, attribute]));
      const entry = (pending[request.table] ??= {
        Keys: [],
        ...(names === undefined
          ? {}
          : { ProjectionExpression: Object.keys(names).join(", "), ExpressionAttributeNames: names }),
        ConsistentRead: request.consistentRead,
      });
      entry.Keys!.push(key);
    }
    for (let round = 1; Object.keys(pending).length > 0; round += 1) {
      if (round > UNPROCESSED_ROUNDS) {
        throw new DependencyUnavailableError(
          `DynamoDB unavailable during ${operation}: keys left unprocessed after ${UNPROCESSED_ROUNDS} rounds`,
          RETRY_AFTER_SECONDS.throttled,
        );
      }
      if (round > 1) await sleep(jitteredDelayMs(round, 50));
      const requestItems = pending;
      const result = await dynamo(operation, () => client.send(new BatchGetCommand({ RequestItems: requestItems })));
      for (const [table, items] of Object.entries(result.Responses ?? {})) found.get(table)?.push(...items);
      pending = result.UnprocessedKeys ?? {};
    }
  }
  return found;
}
