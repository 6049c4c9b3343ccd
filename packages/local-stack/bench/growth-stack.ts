/**
 * The growth simulation's system under test: the whole local stack on DynamoDB Local and free loopback ports,
 * every DynamoDB client metered by role (the projector benchmark's CapacityMeter prices each request as DynamoDB
 * charges it, and a timer adds up the time spent in DynamoDB), and a signed-in client reading the monitor.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDocumentClient, TABLE_DEFINITIONS } from "@cargo-express/adapters-dynamodb";
import { DYNAMODB_LOCAL_CREDENTIALS, DYNAMODB_LOCAL_REGION } from "@cargo-express/adapters-dynamodb/dynamodb-local";
// The projector benchmark's meter, reused as is: it prices transactions the way DynamoDB does.
import { CapacityMeter, type CapacityTotals } from "@cargo-express/stream-handler/capacity-meter";
import { loadLocalStackConfig } from "../src/config.js";
import { signIn, type DemoSettings } from "../src/demo.js";
import { clientSettingsOf, startLocalStack, type LocalStack } from "../src/stack.js";
import { LOCAL_TABLES, type DynamoDbClientRole } from "../src/storage.js";
import type { MonitorAnswer } from "./growth-exactness.js";

/** How long the bench waits for the monitor to count what was accepted. */
export const DRAIN_MS = 60_000;

export const log = (text: string): void => void process.stderr.write(`${text}\n`);
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A copy of a meter's running totals (the meters count from the stack's start). */
const snapshot = (t: CapacityTotals) => ({
  writeRequests: t.writeRequests,
  readRequests: t.readRequests,
  wcu: t.wcu,
  rcu: t.rcu,
  transactions: t.byCommand.get("TransactWriteItemsCommand") ?? 0,
});
export type Snapshot = ReturnType<typeof snapshot>;
export const minus = (a: Snapshot, b: Snapshot): Snapshot => ({
  writeRequests: a.writeRequests - b.writeRequests,
  readRequests: a.readRequests - b.readRequests,
  wcu: a.wcu - b.wcu,
  rcu: a.rcu - b.rcu,
  transactions: a.transactions - b.transactions,
});

export interface MeteredStack {
  readonly api: string;
  /** A signed-in user in `dispatchers` and `supervisors`: posts for any courier and reads the monitor. */
  readonly headers: Readonly<Record<string, string>>;
  /** The running totals of the clients of one role. */
  totalsOf(role: DynamoDbClientRole): CapacityTotals;
  /** A copy of them, to subtract later. */
  at(role: DynamoDbClientRole): Snapshot;
  /** Time spent in DynamoDB requests by the clients of one role, in ms. */
  dynamoMs(role: DynamoDbClientRole): number;
  /** Monitor reads made so far (the bench's and the phones'). */
  readonly monitorReads: { count: number };
  /** GET /monitor with every courier (counted in `monitorReads`). */
  readMonitor(): Promise<MonitorAnswer>;
  /** Reads the monitor until it counts `orders` orders; throws after DRAIN_MS. */
  waitFor(orders: number): Promise<MonitorAnswer>;
  /** Stops everything and removes the data folder; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the stack in a fresh data folder. Ctrl-C (or SIGTERM) from the start on stops it and exits 130;
 * a start that fails stops and removes what it started.
 */
export async function startMeteredStack(): Promise<MeteredStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "cargo-express-growth-"));
  const meters = new Map<DynamoDbClientRole, CapacityMeter>();
  const timers = new Map<DynamoDbClientRole, number>();
  let stack: LocalStack | undefined;
  const stopStack = async () => {
    await stack?.stop();
    stack = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = () => void stopStack().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const stop = async () => {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await stopStack();
  };
  try {
    log("starting the local stack (DynamoDB Local answers after ~5 s) ...");
    stack = await startLocalStack(
      loadLocalStackConfig({
        PORT: "0",
        COGNITO_PORT: "0",
        DYNAMODB_PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        STORAGE: "dynamodb",
        LOG_LEVEL: "ERROR",
      }),
      {
        instrumentDynamoDb: (client, { role, endpoint }) => {
          const indexes = new Map(
            TABLE_DEFINITIONS.map(
              (definition) => [LOCAL_TABLES[definition.key], definition.globalSecondaryIndexes] as const,
            ),
          );
          const inspector = createDocumentClient({
            endpoint,
            region: DYNAMODB_LOCAL_REGION,
            credentials: DYNAMODB_LOCAL_CREDENTIALS,
          });
          const meter = new CapacityMeter({ inspector, indexes });
          meter.attach(client);
          // Added after the meter, so it runs inside it: the time of the request itself, not of the meter's reads.
          timers.set(role, 0);
          client.middlewareStack.add(
            (next) => async (args) => {
              const started = performance.now();
              try {
                return await next(args);
              } finally {
                timers.set(role, timers.get(role)! + performance.now() - started);
              }
            },
            { step: "initialize", name: "growth-bench-timer" },
          );
          meters.set(role, meter);
        },
      },
    );
    const api = stack.apiUrl;
    const token = await signIn(clientSettingsOf(stack) as DemoSettings);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const monitorReads = { count: 0 };
    const readMonitor = async (): Promise<MonitorAnswer> => {
      monitorReads.count += 1;
      const response = await fetch(`${api}/monitor?couriers=1000`, { headers });
      if (response.status !== 200) throw new Error(`GET /monitor answered ${response.status}`);
      return (await response.json()) as MonitorAnswer;
    };
    const totalsOf = (role: DynamoDbClientRole) => meters.get(role)!.totals;
    return {
      api,
      headers,
      totalsOf,
      at: (role) => snapshot(totalsOf(role)),
      dynamoMs: (role) => timers.get(role)!,
      monitorReads,
      readMonitor,
      waitFor: async (orders) => {
        const deadline = Date.now() + DRAIN_MS;
        for (;;) {
          const report = await readMonitor();
          if (report.totals.orders >= orders) return report;
          if (Date.now() > deadline)
            throw new Error(
              `the monitor shows ${report.totals.orders} orders, ${orders} expected, after ${DRAIN_MS / 1000} s`,
            );
          await sleep(50);
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
