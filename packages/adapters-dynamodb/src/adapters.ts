import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Clock } from "@cargo-express/domain";
import { DynamoDbMonitorQueries } from "./monitor-queries.js";
import { DynamoDbOrderLedger } from "./order-ledger.js";
import { DynamoDbOrderRepository } from "./order-repository.js";
import { DynamoDbProjectionStore } from "./projection-store/projection-store.js";
import type { TableNames } from "./tables.js";

export interface DynamoDbAdaptersOptions {
  /** From createDocumentClient, created once per process. */
  readonly client: DynamoDBDocumentClient;
  readonly tables: TableNames;
  /**
   * Accepted so composition roots can pass the same settings to either adapter set; the DynamoDB
   * adapters do not need it, because the hour labels they store already carry their zone offset.
   */
  readonly timeZone?: string;
  /** Clock for expiry times and caches. Default the system clock. */
  readonly clock?: Clock;
}

export interface DynamoDbAdapters {
  readonly orders: DynamoDbOrderRepository;
  readonly ledger: DynamoDbOrderLedger;
  readonly projections: DynamoDbProjectionStore;
  readonly monitor: DynamoDbMonitorQueries;
}

/** Every port's DynamoDB adapter over one client, for composition roots. */
export function createDynamoDbAdapters(options: DynamoDbAdaptersOptions): DynamoDbAdapters {
  const { client, tables } = options;
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  return {
    orders: new DynamoDbOrderRepository({ client, tableName: tables.orders }),
    ledger: new DynamoDbOrderLedger({ client, tableName: tables.orders }),
    projections: new DynamoDbProjectionStore({ client, tables, ...clock }),
    monitor: new DynamoDbMonitorQueries({ client, tables, ...clock }),
  };
}
