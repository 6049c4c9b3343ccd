import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDbExportJobStore, DynamoDbOrderLedger, DynamoDbOrderRepository } from "@cargo-express/adapters-dynamodb";
import { createTestExportsTable, createTestTables, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { BuildExport, PlaceOrder, systemClock } from "@cargo-express/domain";
import { createLogger } from "@cargo-express/platform";
import { commandFrom, OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILED_EXPORT_METRIC } from "../src/failed-export-metric.js";
import { createExportHandler, LocalFileExports } from "../src/index.js";
import { readCsv } from "./support/read-back.js";

const TZ = "America/Bogota";
let folder: string;
let jobs: DynamoDbExportJobStore;
let files: LocalFileExports;
let handler: ReturnType<typeof createExportHandler>;
const metricLines: string[] = [];

/** The context Lambda passes an asynchronous invocation's handler (the part the handler reads, and the rest). */
const context = (remainingMs: number) => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: "cargo-express-test-export-builder",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:cargo-express-test-export-builder",
  memoryLimitInMB: "1024",
  awsRequestId: randomUUID(),
  logGroupName: "/aws/lambda/cargo-express-test-export-builder",
  logStreamName: "2026/12/06/[$LATEST]2e8e3c6f0c7d4a3b9b8e6d5c4b3a2f10",
  getRemainingTimeInMillis: () => remainingMs,
});

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "export-handler-"));
  const tables = await createTestTables("export-handler");
  const client = testClient();
  jobs = new DynamoDbExportJobStore({ client, tableName: await createTestExportsTable("export-handler") });
  files = new LocalFileExports(folder);
  const orders = new DynamoDbOrderRepository({ client, tableName: tables.orders });
  const place = new PlaceOrder({ orders, clock: systemClock, timeZone: TZ });
  for (let i = 0; i < 12; i += 1) {
    const placed = await place.execute(commandFrom(OrderMother.random({ lines: 2, at: Date.now() - i * 60_000 })));
    if (!placed.ok) throw new Error("test order refused");
  }
  handler = createExportHandler({
    buildExport: new BuildExport({
      jobs,
      ledger: new DynamoDbOrderLedger({ client, tableName: tables.orders }),
      files,
      clock: systemClock,
      timeZone: TZ,
    }),
    logger: createLogger({ serviceName: "export-handler-test", level: "SILENT" }),
    functionName: "cargo-express-test-export-builder",
    writeMetric: (line) => metricLines.push(line),
  });
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function pendingJob() {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return jobs.create({
    id: randomUUID(),
    requestedBy: "supervisor-sub",
    from: day(-1),
    to: day(1),
    format: "csv",
    requestedAt: new Date().toISOString(),
    keepUntil: new Date(Date.now() + 86_400_000).toISOString(),
  });
}

describe("the export function's handler (DynamoDB Local, the event Lambda's asynchronous invocation delivers)", () => {
  it("builds the job named by the event from the ledger, and records it ready", async () => {
    const job = await pendingJob();
    // Index reads are eventually consistent: DynamoDB Local's are immediate.
    await handler({ exportId: job.id }, context(900_000));
    const ready = await jobs.get(job.id);
    expect(ready).toMatchObject({ status: "ready", rows: 24 });
    expect((await readCsv(files.pathOf(ready!.objectKey!))).records).toHaveLength(24);
    expect(metricLines).toEqual([]);
  });

  it("fails a job, saying why, when too little time is left, and writes the alarm's metric line", async () => {
    const job = await pendingJob();
    await handler({ exportId: job.id }, context(30_000));
    expect(await jobs.get(job.id)).toMatchObject({
      status: "failed",
      failure: "the range took longer than the worker may run; ask for fewer days at a time",
    });
    expect(metricLines).toHaveLength(1);
    const emf = JSON.parse(metricLines[0]!);
    expect(emf._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: FAILED_EXPORT_METRIC.namespace,
        Dimensions: [[FAILED_EXPORT_METRIC.dimension]],
        Metrics: [{ Name: FAILED_EXPORT_METRIC.name, Unit: "Count" }],
      },
    ]);
    expect(emf).toMatchObject({ FunctionName: "cargo-express-test-export-builder", FailedExports: 1 });
    metricLines.splice(0);
  });

  it("refuses an event that names no job (counted as a failure), and does nothing for a job already built", async () => {
    await handler({ exportId: "../../etc" }, context(900_000));
    await handler({}, context(900_000));
    expect(metricLines).toHaveLength(2);
    metricLines.splice(0);
    const job = await pendingJob();
    await handler({ exportId: job.id }, context(900_000));
    const built = await jobs.get(job.id);
    await handler({ exportId: job.id }, context(900_000));
    expect(await jobs.get(job.id)).toEqual(built);
    expect(metricLines).toEqual([]);
  });
});
