import { randomUUID } from "node:crypto";
import { InternalServerError, ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { createDocumentClient, type DocumentClientOptions } from "../../src/client.js";
import { ensureCatalogTable, ensureExportsTable, ensureTables } from "../../src/table-admin.js";
import { catalogTableNameFor, exportsTableNameFor, tableNamesFor, type TableNames } from "../../src/tables.js";
import { DYNAMODB_LOCAL_CREDENTIALS, DYNAMODB_LOCAL_REGION } from "../../src/local/dynamodb-local.js";
import type {} from "./provided-context.js";

/**
 * Helpers for tests that run against the DynamoDB Local started by the root vitest global setup.
 *
 *   const client = testClient();
 *   const tables = await createTestTables("orders-api");
 *   const { orders } = createDynamoDbAdapters({ client, tables });
 */

/** The endpoint of this run's DynamoDB Local. */
export const dynamoDbLocalEndpoint = (): string => inject("dynamodbEndpoint");

let shared: DynamoDBDocumentClient | undefined;

/**
 * A document client for this run's DynamoDB Local (region "local", dummy credentials). Without
 * options: one shared client per test file. With options (`{}` for the defaults, `{ maxAttempts: 1 }`,
 * ...): a new client, which is what fault-injection and request-counting tests want, so their
 * middleware touches no other test's client.
 */
export function testClient(
  options?: Omit<DocumentClientOptions, "endpoint" | "region" | "credentials">,
): DynamoDBDocumentClient {
  const create = () =>
    createDocumentClient({
      endpoint: dynamoDbLocalEndpoint(),
      region: DYNAMODB_LOCAL_REGION,
      credentials: DYNAMODB_LOCAL_CREDENTIALS,
      ...options,
    });
  if (options !== undefined) return create();
  shared ??= create();
  return shared;
}

/** Creates a fresh set of tables with unique names (`<prefix>-<random>-orders`, ...) and returns the names. */
export async function createTestTables(prefix = "test"): Promise<TableNames> {
  const names = tableNamesFor(`${prefix}-${randomUUID().slice(0, 8)}`);
  await ensureTables(testClient(), names);
  return names;
}

/**
 * Stores `item` as it is, with no condition: for tests that need an item this code would not write today (an order
 * stored before an attribute existed, a corrupt one).
 */
export async function putRawItem(tableName: string, item: Record<string, unknown>): Promise<void> {
  await testClient().send(new PutCommand({ TableName: tableName, Item: item }));
}

/** Creates a fresh catalogue table with a unique name (`<prefix>-<random>-catalog`) and returns its name. */
export async function createTestCatalogTable(prefix = "test"): Promise<string> {
  const name = catalogTableNameFor(`${prefix}-${randomUUID().slice(0, 8)}`);
  await ensureCatalogTable(testClient(), name);
  return name;
}

/** Creates a fresh export jobs' table with a unique name (`<prefix>-<random>-exports`) and returns its name. */
export async function createTestExportsTable(prefix = "test"): Promise<string> {
  const name = exportsTableNameFor(`${prefix}-${randomUUID().slice(0, 8)}`);
  await ensureExportsTable(testClient(), name);
  return name;
}

/** A low-level DynamoDB operation name as the SDK's middleware sees it, e.g. "PutItemCommand". */
export type DynamoDbCommandName = string;

export type InjectedFault = "throttling" | "server-error";

export interface FaultInjection {
  /** Attempts that were failed so far (the SDK's retries included). */
  readonly failures: number;
  /** Removes the middleware: requests reach DynamoDB again. */
  restore(): void;
}

let middlewareIds = 0;

/**
 * Makes `client` fail the chosen operations the way DynamoDB does: a throttling error
 * (ProvisionedThroughputExceededException, HTTP 400) or an InternalServerError (HTTP 500). The fault
 * is raised inside the SDK's retry loop, so the client's retries and backoff run as in production.
 * Use a client of its own (`testClient({ ... })`).
 */
export function injectFault(
  client: DynamoDBDocumentClient,
  options: {
    readonly commands: readonly DynamoDbCommandName[];
    readonly fault: InjectedFault;
    /** Let this many matching attempts through before failing (e.g. fail only a second transaction). Default 0. */
    readonly skip?: number;
  },
): FaultInjection {
  const name = `injected-fault-${(middlewareIds += 1)}`;
  let failures = 0;
  let skip = options.skip ?? 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!options.commands.includes(context.commandName ?? "")) return next(args);
      if (skip > 0) {
        skip -= 1;
        return next(args);
      }
      failures += 1;
      const $metadata = { httpStatusCode: options.fault === "throttling" ? 400 : 500 };
      throw options.fault === "throttling"
        ? new ProvisionedThroughputExceededException({
            message: "injected: throughput exceeds the table's capacity",
            $metadata,
          })
        : new InternalServerError({ message: "injected: internal server error", $metadata });
    },
    // "deserialize" runs inside the retry middleware (finalizeRequest), in place of the HTTP call.
    { step: "deserialize", priority: "low", name },
  );
  return {
    get failures() {
      return failures;
    },
    restore: () => void client.middlewareStack.remove(name),
  };
}

export interface RecordedRequest {
  readonly command: DynamoDbCommandName;
  /** Capacity units DynamoDB reports for the request (ReturnConsumedCapacity TOTAL). */
  readonly capacityUnits: number;
  readonly input: Readonly<Record<string, unknown>>;
  /** The error's name when the request failed (its capacity is then not reported: counted as 0). */
  readonly error?: string;
}

/**
 * Records every request `client` sends (one entry per call, not per retry) and asks DynamoDB for the
 * capacity each consumed. `stop()` removes the middleware.
 */
export function recordRequests(client: DynamoDBDocumentClient): {
  readonly requests: RecordedRequest[];
  clear(): void;
  stop(): void;
} {
  const name = `record-requests-${(middlewareIds += 1)}`;
  const requests: RecordedRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const measurable =
        /^(Get|Put|Update|Delete)Item|^Query|^Scan|^Batch(Get|Write)Item|^TransactWriteItems|^TransactGetItems/.test(
          context.commandName ?? "",
        );
      if (measurable) input.ReturnConsumedCapacity = "TOTAL";
      try {
        const result = await next(args);
        const consumed = (
          result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
        ).ConsumedCapacity;
        const capacityUnits = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
          (sum, c) => sum + (c.CapacityUnits ?? 0),
          0,
        );
        requests.push({ command: context.commandName ?? "unknown", capacityUnits, input });
        return result;
      } catch (error) {
        requests.push({
          command: context.commandName ?? "unknown",
          capacityUnits: 0,
          input,
          error: (error as Error).name,
        });
        throw error;
      }
    },
    { step: "initialize", name },
  );
  return {
    requests,
    clear: () => void requests.splice(0),
    stop: () => void client.middlewareStack.remove(name),
  };
}
export {
  startForwardingProxy,
  type ForwardedExchange,
  type ForwardingProxy,
} from "./forwarding-proxy.js";
/**
 * The storage key layout, for tests that read, write or corrupt stored items directly. It is private to the
 * adapter: the package's main face does not export it, and production code elsewhere cannot import this module
 * (dependency rule `storage-layout-stays-in-the-adapter`).
 */
export {
  ACTIVE_GENERATION_KEY,
  allTimeKey,
  COURIER,
  courierShardOf,
  META,
  PRODUCT,
} from "../../src/keys.js";
export { BUILDING_GENERATION_KEY } from "../../src/generations/generation-state.js";
export { generationPartition } from "../../src/generations/generation-stores.js";
