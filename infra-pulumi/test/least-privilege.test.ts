/**
 * The roles against what the code really does. Each Lambda's code runs against DynamoDB Local through its own
 * composition root, configured with the environment the Pulumi program gives it, while AWS SDK middleware records
 * every call as IAM authorizes it (action, resource in the deployed naming, partition keys). Then the program's
 * policies, as the mocked deployment received them, are evaluated the way IAM evaluates them:
 *
 * - every call a function makes must be allowed by its role (a missing grant is an outage on AWS that no
 *   mocked test notices: the projector's Query of its own state was one);
 * - every grant must be used by some call (least privilege), except the few named in DELIBERATE_EXCEPTIONS.
 *
 * Calls AWS makes with a function's role on the function's behalf (the runtime's logs, the event source
 * mapping's stream reads, the on-failure destination) are listed in platformCalls: they must be allowed too.
 * The operator commands' calls are checked the same way against the policies docs/deploy.md gives operators.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  abandonBuild,
  backfillLedger,
  catalogTableNameFor,
  createDynamoDbAdapters,
  DynamoDbCatalogueStore,
  DynamoDbExportJobStore,
  ensureCatalogTable,
  ensureExportsTable,
  exportsTableNameFor,
  orderToItem,
  deleteGeneration,
  listDeadLetters,
  readGenerationState,
} from "@cargo-express/adapters-dynamodb";
import { putRawItem, testClient } from "@cargo-express/adapters-dynamodb/testing";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FunctionKey } from "../src/bundles.js";
import { OrderMother, orderFrom } from "../../packages/testkit/src/index.js";
import { composeMonitor } from "../../packages/http-hono/src/lambda/compose-monitor.js";
import { composeOrders } from "../../packages/http-hono/src/lambda/compose-orders.js";
import { readLambdaConfig } from "../../packages/http-hono/src/lambda/config.js";
import { createLogger } from "../../packages/platform/src/index.js";
import {
  composeProjector,
  PROJECTOR_HANDLER,
  readProjectorConfig,
  silentLogger,
  type ProjectorHandler,
} from "../../packages/stream-handler/src/index.js";
// The operator commands: their DynamoDB state through the adapter, the rebuild as `npm run projections:rebuild` runs it.
import { ProjectionsRebuild, seedCatalogue } from "../../packages/operations/src/index.js";
import { eventOf, ProjectorFixture, sequencesOf } from "../../packages/stream-handler/test/support/fixture.js";
import { failCalls } from "../../packages/stream-handler/test/support/faults.js";
import { callRecorder, deployedFunctions, deployedTables, type CallRecorder } from "./support/aws-call-recorder.js";
import {
  LambdaClient,
  LambdaExportDispatcher,
  S3Client,
  S3ExportLinks,
} from "../../packages/ledger-exports/src/aws/index.js";
import { composeExport } from "../../packages/ledger-exports/src/lambda/compose-export.js";
import { readExportFunctionConfig } from "../../packages/ledger-exports/src/lambda/export-config.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { type EventPublishRecorder, startEventPublishRecorder } from "./support/event-publish-recorder.js";
import { cognitoTokensFor, httpApiEvent, lambdaContext, runtimeEnvironment } from "./support/deployed-functions.js";
import {
  describeCall,
  describeGrant,
  grantCovers,
  grantsOf,
  isAllowed,
  type AwsCall,
  type Grant,
  type Policy,
} from "./support/iam-policy.js";
import { ACCOUNT, deployUnderMocks, policyOf, type MockedDeployment } from "./support/mocked-deployment.js";

const FUNCTIONS = [
  "ordersApi",
  "monitorApi",
  "streamProjector",
  "exportBuilder",
] as const satisfies readonly FunctionKey[];
type Fn = (typeof FUNCTIONS)[number];

/** A stage of its own, so the deployed names are this file's. */
const STAGE = `lp-${randomUUID().slice(0, 8)}`;

const guide = readFileSync(path.resolve(import.meta.dirname, "..", "..", "docs", "deploy.md"), "utf8");

/**
 * Calls AWS makes with a function's role, not through the function's code: the Lambda runtime writes the
 * function's logs (CreateLogStream on its log group, PutLogEvents on a stream of it); for the projector, the
 * event source mapping reads the Orders stream (the four actions AWS documents for a DynamoDB trigger:
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html) and the on-failure destination receives the
 * metadata of the batches Lambda gives up on (sqs:SendMessage on the queue).
 */
function platformCalls(deployment: MockedDeployment, fn: Fn): AwsCall[] {
  const logGroup = String(deployment.named("aws:cloudwatch/logGroup:LogGroup", `${fn}-logs`).state.arn);
  const runtime = "Lambda runtime";
  const calls: AwsCall[] = [
    { action: "logs:CreateLogStream", resource: logGroup, origin: runtime },
    {
      action: "logs:PutLogEvents",
      resource: `${logGroup}:log-stream:2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef`,
      origin: runtime,
    },
  ];
  if (fn === "streamProjector") {
    const ordersStream = String(deployment.named("aws:dynamodb/table:Table", "orders-table").state.streamArn);
    const mapping = "Lambda event source mapping";
    calls.push(
      ...["DescribeStream", "GetShardIterator", "GetRecords", "ListStreams"].map((action) => ({
        action: `dynamodb:${action}`,
        resource: ordersStream,
        origin: mapping,
      })),
      {
        action: "sqs:SendMessage",
        resource: String(deployment.named("aws:sqs/queue:Queue", "projector-failures").state.arn),
        origin: `${mapping} (on-failure destination)`,
      },
    );
  }
  return calls;
}

/**
 * Grants no recorded call uses, kept on purpose. The log statement grants both of its actions on both the log
 * group and its streams, the form AWS's own AWSLambdaBasicExecutionRole and Lambda's generated roles use: the
 * runtime's CreateLogStream is authorized on the group and its PutLogEvents on a stream, and a role that split
 * them would gain nothing (both ARNs name only this function's own logs) while risking a function that cannot log.
 */
const DELIBERATE_EXCEPTIONS: readonly { readonly action: string; readonly resource: RegExp; readonly why: string }[] = [
  {
    action: "logs:PutLogEvents",
    resource: /:log-group:\/aws\/lambda\/[^:*]+$/,
    why: "the log statement grants its two actions on the group and its streams alike",
  },
  {
    action: "logs:CreateLogStream",
    resource: /:log-group:\/aws\/lambda\/[^:*]+:log-stream:\*$/,
    why: "the log statement grants its two actions on the group and its streams alike",
  },
];

const deliberate = (grant: Grant) =>
  DELIBERATE_EXCEPTIONS.some((e) => e.action === grant.action && e.resource.test(grant.resource));

/** The Allow/Deny evaluation of `calls` against a policy: the ones it refuses, described. */
const refused = (policy: Policy, calls: readonly AwsCall[]) =>
  calls.filter((call) => !isAllowed(policy, call)).map(describeCall);

/** The grants of a policy no call uses (and that are not deliberate exceptions), described. */
const unused = (policy: Policy, calls: readonly AwsCall[]) =>
  grantsOf(policy)
    .filter((grant) => !deliberate(grant) && !calls.some((call) => grantCovers(grant, call)))
    .map(describeGrant);

/** An operator policy of docs/deploy.md (`cat > <file> <<EOF ... EOF`), with the shell variables filled in. */
function guidePolicy(file: string, values: Record<string, string>): Policy {
  const block = new RegExp(`cat > ${file.replace(/\./g, "\\.")} <<EOF\\n([\\s\\S]*?)\\nEOF`).exec(guide)?.[1];
  if (block === undefined) throw new Error(`docs/deploy.md has no \`cat > ${file} <<EOF\` block`);
  const filled = block.replace(/\$\{?([A-Z_]+)\}?/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`${file} uses $${name}, which the test does not know`);
    return values[name];
  });
  return JSON.parse(filled) as Policy;
}

interface Recorded {
  readonly functions: Readonly<Record<Fn, CallRecorder>>;
  readonly rebuild: CallRecorder;
  readonly deadLetters: CallRecorder;
  readonly ledgerBackfill: CallRecorder;
  readonly catalogSeed: CallRecorder;
}

describe("IAM against the code: every call allowed, every grant used (DynamoDB Local, recorded SDK calls)", () => {
  let deployment: MockedDeployment;
  let recorded: Recorded;
  let publishes: EventPublishRecorder | undefined;

  afterAll(async () => {
    vi.unstubAllEnvs();
    await publishes?.stop();
  });

  beforeAll(async () => {
    deployment = await deployUnderMocks({ stage: STAGE });
    const fixture = await ProjectorFixture.create(STAGE);
    // The local tables stand in for the deployed ones: calls to them are named with the deployed ARNs.
    const deployedNames = deployment.system.outputs.tableNames;
    const byDeployedName = new Map(deployedTables(deployment).map((table) => [table.name, table]));
    const tables = (Object.keys(deployedNames) as (keyof typeof deployedNames)[]).map((key) => {
      const deployed = byDeployedName.get(deployedNames[key]);
      if (deployed === undefined) throw new Error(`the program deploys no table named ${deployedNames[key]}`);
      return { ...deployed, name: fixture.tables[key] };
    });
    // The catalogue table, beside them.
    const catalogTable = catalogTableNameFor(`${STAGE}-local`);
    await ensureCatalogTable(testClient(), catalogTable);
    const deployedCatalog = byDeployedName.get(deployment.system.outputs.catalogTableName);
    if (deployedCatalog === undefined) throw new Error("the program deploys no catalogue table");
    tables.push({ ...deployedCatalog, name: catalogTable });
    // The export jobs' table too.
    const exportsTable = exportsTableNameFor(`${STAGE}-local`);
    await ensureExportsTable(testClient(), exportsTable);
    const deployedExports = byDeployedName.get(deployment.system.outputs.exportsTableName);
    if (deployedExports === undefined) throw new Error("the program deploys no exports table");
    tables.push({ ...deployedExports, name: exportsTable });
    const recorder = () => callRecorder(tables, deployedFunctions(deployment));
    recorded = {
      functions: {
        ordersApi: recorder(),
        monitorApi: recorder(),
        streamProjector: recorder(),
        exportBuilder: recorder(),
      },
      rebuild: recorder(),
      deadLetters: recorder(),
      ledgerBackfill: recorder(),
      catalogSeed: recorder(),
    };
    const logger = createLogger({ serviceName: "least-privilege", level: "SILENT" });

    // --- Exports. S3 and Lambda cannot run here: their clients are recorded like the others, and a stand-in
    // answers in place of the network once the call is recorded: PutObject keeps the file, Invoke queues the
    // event for the export function (what Lambda does with an asynchronous invocation), or fails when told to.
    const uploaded = new Map<string, Buffer>();
    const invocations: unknown[] = [];
    let refuseInvocations = 0;
    const awsCredentials = { accessKeyId: "AKIALEASTPRIVILEGE00", secretAccessKey: "least-privilege-test-secret" };
    const answerInPlaceOfAws = <C extends S3Client | LambdaClient>(client: C): C => {
      (
        client.middlewareStack as unknown as {
          add(middleware: (next: unknown, context: any) => (args: any) => Promise<any>, options: object): void;
        }
      ).add(
        (_next, context) => async (args) => {
          const input = args.input as Record<string, any>;
          if (context.commandName === "PutObjectCommand") {
            const chunks: Buffer[] = [];
            for await (const chunk of input.Body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
            uploaded.set(`${input.Bucket}/${input.Key}`, Buffer.concat(chunks));
            return { output: { $metadata: { httpStatusCode: 200 } } } as any;
          }
          if (context.commandName === "InvokeCommand") {
            if (refuseInvocations > 0) {
              refuseInvocations -= 1;
              throw Object.assign(new Error("stand-in: TooManyRequestsException"), {
                name: "TooManyRequestsException",
              });
            }
            invocations.push(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)));
            return { output: { StatusCode: 202, $metadata: { httpStatusCode: 202 } } } as any;
          }
          throw new Error(`no stand-in for ${context.commandName}`);
        },
        { step: "initialize", name: "aws-stand-in" },
      );
      return client;
    };
    const region = deployment.config.region;
    const exportPorts = (config: ReturnType<typeof readLambdaConfig>, client: ReturnType<typeof testClient>) => {
      if (config.exports === undefined) throw new Error("the program gives the orders function no exports settings");
      const recorded_ = recorded.functions.ordersApi;
      return {
        exportJobs: new DynamoDbExportJobStore({ client, tableName: exportsTable }),
        exportDispatcher: new LambdaExportDispatcher({
          client: answerInPlaceOfAws(recorded_.attach(new LambdaClient({ region, credentials: awsCredentials }))),
          functionName: config.exports.functionName,
        }),
        exportLinks: new S3ExportLinks({
          client: new S3Client({ region, credentials: awsCredentials }),
          bucket: config.exports.bucket,
          clock: { now: () => Date.now() },
        }),
      };
    };
    const scratch = mkdtempSync(path.join(tmpdir(), "least-privilege-exports-"));

    // --- The HTTP functions: their composition roots, with adapters on a recorded client.
    const httpFunction = async (fn: "ordersApi" | "monitorApi") => {
      const env = runtimeEnvironment(deployment, fn, fixture.tables);
      const config = readLambdaConfig(env);
      const client = recorded.functions[fn].attach(testClient({}));
      const adapters = createDynamoDbAdapters({ client, tables: config.tables, timeZone: config.timeZone });
      const catalogue = new DynamoDbCatalogueStore({ client, tableName: catalogTable });
      const tokens = cognitoTokensFor(env);
      const common = { catalogue, jwksFetcher: tokens.jwksFetcher, logger };
      const handler =
        fn === "ordersApi"
          ? await composeOrders(config, {
              orders: adapters.orders,
              ledger: adapters.ledger,
              ...exportPorts(config, client),
              ...common,
            })
          : await composeMonitor(config, { monitor: adapters.monitor, daily: adapters.monitor, ...common });
      const name = String(deployment.named("aws:lambda/function:Function", fn).inputs.name);
      return (
        who: "courier" | "supervisor" | "anonymous",
        event: Omit<Parameters<typeof httpApiEvent>[0], "token" | "claims">,
      ) => handler(httpApiEvent({ ...event, ...(who === "anonymous" ? {} : tokens[who]) }), lambdaContext(name));
    };
    const orders = await httpFunction("ordersApi");
    const post = (payload: unknown, routePath = "/orders") =>
      orders("courier", {
        method: "POST",
        path: routePath,
        contentType: "application/json",
        body: JSON.stringify(payload),
      });

    // First in the stream: a record the projector cannot read (a poison record).
    await fixture.putMalformed(`not-an-order-${randomUUID()}`);
    // Orders: create, replay, conflict, the legacy route, get, get missing.
    const first = OrderMother.random({ lines: 2 });
    expect((await post(first)).statusCode).toBe(201);
    expect((await post(first)).statusCode).toBe(200);
    expect((await post({ ...first, productos: first.productos.slice(0, 1) })).statusCode).toBe(409);
    expect((await post(OrderMother.random(), "/order/registrar_pedido_entregado")).statusCode).toBe(200);
    expect((await post(OrderMother.random())).statusCode).toBe(201);
    const get = (id: string) =>
      orders("supervisor", {
        method: "GET",
        path: `/orders/${id}`,
        routeKey: "GET /orders/{id}",
        pathParameters: { id },
      });
    expect((await get(first.pedido_id)).statusCode).toBe(200);
    expect((await get(`missing-${randomUUID()}`)).statusCode).toBe(404);
    // The ledger: a day's orders, and one courier's (each of its two indexes).
    const list = (query: string) =>
      orders("supervisor", { method: "GET", path: "/orders", routeKey: "GET /orders", query });
    const listDay = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);
    expect((await list(`from=${listDay}`)).statusCode).toBe(200);
    expect((await list(`from=${listDay}&courier=${first.repartidor.IdRepartidor}`)).statusCode).toBe(200);
    // Catalogue edits: create, replace, identical again (nothing written), a courier.
    const put = (routePath: string, body: unknown) =>
      orders("supervisor", {
        method: "PUT",
        path: routePath,
        routeKey: `PUT ${routePath.replace(/[^/]+$/, "{id}")}`,
        pathParameters: { id: routePath.split("/").at(-1)! },
        contentType: "application/json",
        body: JSON.stringify(body),
      });
    expect((await put("/catalog/products/pk0001", { name: "Moneda", referencePrice: "1.00" })).statusCode).toBe(201);
    expect((await put("/catalog/products/pk0001", { name: "Moneda", referencePrice: "1.10" })).statusCode).toBe(200);
    expect((await put("/catalog/products/pk0001", { name: "Moneda", referencePrice: "1.10" })).statusCode).toBe(200);
    expect((await put("/catalog/couriers/101", { name: "María López" })).statusCode).toBe(201);

    // Exports: asked for (the job, then the export function's Invoke); once refused by Lambda (the job is recorded
    // failed, 503); built by the export function's own composition (its job, the ledger's month index, the file to
    // the bucket); then read, ready, with a presigned link the supervisor's browser follows.
    const exportRequest = (body: unknown) =>
      orders("supervisor", {
        method: "POST",
        path: "/exports",
        routeKey: "POST /exports",
        contentType: "application/json",
        body: JSON.stringify(body),
      });
    refuseInvocations = 1;
    expect((await exportRequest({ from: listDay, to: listDay, format: "csv" })).statusCode).toBe(503);
    const accepted = await exportRequest({ from: listDay, to: listDay, format: "xlsx" });
    expect(accepted.statusCode).toBe(202);
    const exportId = JSON.parse(accepted.body!).id as string;
    expect(invocations).toEqual([{ exportId }]);
    const exportFunctionName = String(deployment.named("aws:lambda/function:Function", "exportBuilder").inputs.name);
    const exportFunction = composeExport(
      readExportFunctionConfig({
        ...runtimeEnvironment(deployment, "exportBuilder"),
        ORDERS_TABLE: fixture.tables.orders,
        EXPORTS_TABLE: exportsTable,
      }),
      {
        client: recorded.functions.exportBuilder.attach(testClient({})),
        s3: answerInPlaceOfAws(
          recorded.functions.exportBuilder.attach(new S3Client({ region, credentials: awsCredentials })),
        ),
        logger,
        scratchDirectory: scratch,
      },
    );
    await exportFunction(invocations[0], {
      ...lambdaContext(exportFunctionName),
      getRemainingTimeInMillis: () => 900_000,
    });
    expect(uploaded.size).toBe(1);
    const exportStatus = await orders("supervisor", {
      method: "GET",
      path: `/exports/${exportId}`,
      routeKey: "GET /exports/{id}",
      pathParameters: { id: exportId },
    });
    const ready = JSON.parse(exportStatus.body!) as { status: string; url: string };
    expect(ready.status).toBe("ready");
    const link = new URL(ready.url);
    expect(link.searchParams.get("X-Amz-Expires")).toBe("900");
    const bucketName = link.hostname.split(".s3.")[0]!;
    const objectKey = decodeURIComponent(link.pathname.slice(1));
    expect(uploaded.has(`${bucketName}/${objectKey}`)).toBe(true);
    // The download is made with the signer's authority: the orders function's role must allow it.
    recorded.functions.ordersApi.calls.push({
      action: "s3:GetObject",
      resource: `arn:aws:s3:::${bucketName}/${objectKey}`,
      origin: "a presigned URL the orders function signed, followed by the supervisor's browser",
    });
    rmSync(scratch, { recursive: true, force: true });

    // --- The projector: its composition root with a recorded document client. It is given no Streams client:
    // the tumbling-window event names the batch's shard, so the only stream reads are the event source mapping's.
    const projectorClient = recorded.functions.streamProjector.attach(testClient({ maxAttempts: 1 }));
    // Its publishes after each commit go to a recorder standing in for the deployed Event API's HTTP endpoint,
    // signed with the credentials Lambda's runtime puts in the environment (here made up).
    publishes = await startEventPublishRecorder(
      String(deployment.named("aws:appsync/api:Api", "liveEvents").state.apiArn),
    );
    for (const [name, value] of Object.entries({
      AWS_ACCESS_KEY_ID: "ASIALEASTPRIVILEGE00",
      AWS_SECRET_ACCESS_KEY: "least-privilege-test-secret",
      AWS_SESSION_TOKEN: "least-privilege-test-session",
    }))
      vi.stubEnv(name, value);
    const projectorEnvironment = {
      ...runtimeEnvironment(deployment, "streamProjector", fixture.tables),
      LIVE_EVENTS_URL: publishes.url,
    };
    // A fresh composition is a cold start: what it knows about generations is read anew.
    const projector = (): ProjectorHandler =>
      composeProjector(readProjectorConfig(projectorEnvironment), {
        client: projectorClient,
        logger: silentLogger(),
      }).get(PROJECTOR_HANDLER);
    const delivered = new Set<string>();
    const newRecords = async (atLeast: number): Promise<DynamoDBRecord[]> => {
      const records = (await fixture.streamRecords(delivered.size + atLeast)).filter(
        (record) => !delivered.has(record.dynamodb!.SequenceNumber!),
      );
      for (const sequence of sequencesOf(records)) delivered.add(sequence);
      return records;
    };

    // The poison record, then inserts whose first transaction fails: a partial failure (the poison record
    // is dead-lettered and done, the orders are reported for redelivery).
    const batch = await newRecords(4);
    const live = projector();
    const fault = failCalls(projectorClient, { command: "TransactWriteItemsCommand", calls: [1], when: "before" });
    const partial = await live(eventOf(batch));
    fault.restore();
    expect(fault.failed).toBe(1);
    expect(partial.batchItemFailures.length).toBeGreaterThan(0);
    expect(partial.batchItemFailures.length).toBeLessThan(batch.length);
    // Lambda delivers from the first failed record on; then the whole batch once more: duplicates.
    const from = batch.findIndex(
      (record) => record.dynamodb!.SequenceNumber === partial.batchItemFailures[0]!.itemIdentifier,
    );
    expect(await live(eventOf(batch.slice(from)))).toEqual({ batchItemFailures: [], state: {} });
    expect(await live(eventOf(batch))).toEqual({ batchItemFailures: [], state: {} });

    // --- The monitor: every route, every kind of query.
    const monitor = await httpFunction("monitorApi");
    const read = (routePath: string, query?: string) =>
      monitor(routePath.startsWith("/monitor") ? "supervisor" : "anonymous", {
        method: "GET",
        path: routePath,
        ...(query ? { query } : {}),
      });
    const status = await read("/monitor/status");
    expect(status.statusCode).toBe(200);
    expect(JSON.parse(status.body!).totals.orders).toBe(3);
    for (const query of [undefined, "period=today", "period=7d", "period=all&hours=24&top=3&couriers=5"]) {
      expect((await read("/monitor", query)).statusCode, query).toBe(200);
    }
    const today = new Date().toISOString().slice(0, 10);
    expect((await read("/monitor/daily", `from=${today}`)).statusCode).toBe(200);
    for (const route of ["/health", "/openapi.json", "/docs"]) expect((await read(route)).statusCode, route).toBe(200);
    const catalogue = await monitor("courier", { method: "GET", path: "/catalog" });
    expect(JSON.parse(catalogue.body!).products).toHaveLength(1);
    const history = await monitor("supervisor", { method: "GET", path: "/catalog/history", query: "limit=1" });
    expect(JSON.parse(history.body!).nextBefore).not.toBeNull();

    // --- A generation swap: `npm run projections:rebuild` while the projector keeps applying new orders.
    const rebuildClient = recorded.rebuild.attach(testClient({ maxAttempts: 5 }));
    const rebuildTables = readProjectorConfig(runtimeEnvironment(deployment, "streamProjector", fixture.tables)).tables;
    const timeZone = deployment.config.businessTimeZone;
    // The rebuild waits for "settle" on this clock; the test moves it on once the live orders are applied.
    let offsetMs = 0;
    const clock = { now: () => Date.now() + offsetMs };
    const rebuild = (options: Partial<ConstructorParameters<typeof ProjectionsRebuild>[0]> = {}) =>
      new ProjectionsRebuild({
        client: rebuildClient,
        tables: rebuildTables,
        timeZone,
        logger: silentLogger(),
        clock,
        cutoffMarginMs: 0,
        settleMs: 0,
        segments: 2,
        pageSize: 2,
        ...options,
      });
    let duringBuild: Promise<unknown> | undefined;
    const swap = rebuild({
      settleMs: 3_600_000,
      onProgress: (progress) => {
        if (progress.phase !== "waiting-for-cutoff") return;
        duringBuild = (async () => {
          expect((await post(OrderMother.random())).statusCode).toBe(201);
          expect(await projector()(eventOf(await newRecords(1)))).toEqual({ batchItemFailures: [], state: {} });
        })().finally(() => (offsetMs = 3_600_000));
      },
    }).run();
    const summary = await swap;
    await duringBuild;
    expect(summary).toMatchObject({ previousGeneration: 1, rebuilt: 3, leftToLive: 1, malformed: 1 });
    const afterSwap = await httpFunction("monitorApi");
    const swapped = await afterSwap("supervisor", { method: "GET", path: "/monitor/status" });
    expect(JSON.parse(swapped.body!).totals.orders).toBe(4);

    // `--delete-old`, `--restart` after an interrupted rebuild, and `--abort`.
    expect((await deleteGeneration(rebuildClient, rebuildTables, summary.previousGeneration)).deleted).toBeGreaterThan(
      0,
    );
    // A rebuild stopped after it marked its generation BUILDING (Ctrl-C, a lost laptop).
    const interrupted = () =>
      rebuild({
        onProgress: (progress) => {
          if (progress.phase === "waiting-for-cutoff") throw new Error("interrupted");
        },
      }).run();
    await expect(interrupted()).rejects.toThrow("interrupted");
    expect(await rebuild({ restart: true }).run()).toMatchObject({ abandonedGeneration: summary.generation + 1 });
    await expect(interrupted()).rejects.toThrow("interrupted");
    const building = (await readGenerationState(rebuildClient, rebuildTables.projectorState)).building;
    expect(building).toBeDefined();
    await abandonBuild(rebuildClient, rebuildTables.projectorState, building!.generation);

    // --- `npm run dead-letters`: pages, and one partition.
    const deadLetterClient = recorded.deadLetters.attach(testClient({ maxAttempts: 5 }));
    const page = await listDeadLetters(deadLetterClient, rebuildTables.projectorState, { limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.next).toBeDefined();
    const rest = await listDeadLetters(deadLetterClient, rebuildTables.projectorState, { after: page.next! });
    expect(rest.items.length).toBeGreaterThan(0);
    expect(
      (await listDeadLetters(deadLetterClient, rebuildTables.projectorState, { partition: page.items[0]!.partition }))
        .items.length,
    ).toBeGreaterThan(0);

    // --- `npm run orders:backfill-ledger`: an order stored before the ledger's attributes existed.
    const older = orderFrom({ ...OrderMother.sample(), pedido_id: `older-${randomUUID()}` });
    const { ledger_month: _m, ledger_at: _a, product_ids: _p, ...olderItem } = orderToItem(older);
    await putRawItem(fixture.tables.orders, olderItem);
    const backfillClient = recorded.ledgerBackfill.attach(testClient({ maxAttempts: 5 }));
    expect((await backfillLedger(backfillClient, fixture.tables.orders)).updated).toBe(1);
    // --- `npm run catalog:seed`, twice: put-if-absent, so the entries a supervisor made above are kept.
    const seedClient = recorded.catalogSeed.attach(testClient({ maxAttempts: 5 }));
    expect(await seedCatalogue(seedClient, catalogTable)).toEqual({ stored: 18, kept: 2 });
    expect(await seedCatalogue(seedClient, catalogTable)).toEqual({ stored: 0, kept: 20 });

    // --- Supervisors' corrections and voids (the orders function), last: the projector and the rebuild above
    // count the orders as placed. Each change is a GetItem and one PutItem conditional on the revision read; a stale
    // If-Match (on a correction or a void) and a repeated void write nothing.
    const change = (action: "void" | "corrections", body: unknown, headers?: Record<string, string>) =>
      orders("supervisor", {
        method: "POST",
        path: `/orders/${first.pedido_id}/${action}`,
        routeKey: `POST /orders/{id}/${action}`,
        pathParameters: { id: first.pedido_id },
        contentType: "application/json",
        body: JSON.stringify(body),
        ...(headers === undefined ? {} : { headers }),
      });
    const etag = (await get(first.pedido_id)).headers?.etag;
    expect(etag).toBe(`"${first.pedido_id}.r1"`);
    const corrected = { reason: "cantidad equivocada", order: { ...first, productos: first.productos.slice(0, 1) } };
    expect((await change("corrections", corrected, { "if-match": String(etag) })).statusCode).toBe(200);
    expect((await change("corrections", corrected, { "if-match": String(etag) })).statusCode).toBe(412);
    expect((await change("void", { reason: "pedido duplicado" }, { "if-match": String(etag) })).statusCode).toBe(412);
    expect((await change("void", { reason: "pedido duplicado" })).statusCode).toBe(200);
    expect((await change("void", { reason: "pedido duplicado" })).statusCode).toBe(200);
    expect((await change("corrections", corrected)).statusCode).toBe(409);
  }, 120_000);

  const policyOfFunction = (fn: Fn): Policy =>
    policyOf(deployment.named("aws:iam/rolePolicy:RolePolicy", `${fn}-policy`)) as unknown as Policy;
  const callsOf = (fn: Fn): AwsCall[] => [
    ...recorded.functions[fn].calls,
    ...(fn === "streamProjector" ? (publishes?.calls ?? []) : []),
    ...platformCalls(deployment, fn),
  ];

  it("names every recorded request in IAM's terms (no unknown table or operation)", () => {
    const all = [
      ...Object.values(recorded.functions),
      recorded.rebuild,
      recorded.deadLetters,
      recorded.ledgerBackfill,
      recorded.catalogSeed,
      publishes!,
    ];
    expect(all.flatMap((r) => r.unmapped)).toEqual([]);
    for (const r of all) expect(r.calls.length).toBeGreaterThan(0);
  });

  it.each(FUNCTIONS)("%s: its role allows every call its code makes, and every call AWS makes for it", (fn) => {
    expect(refused(policyOfFunction(fn), callsOf(fn))).toEqual([]);
  });

  it.each(FUNCTIONS)("%s: its role allows nothing that neither its code nor AWS acting for it does", (fn) => {
    expect(unused(policyOfFunction(fn), callsOf(fn))).toEqual([]);
  });

  it("keeps the monitor's role out of dead letters and watermarks, which hold courier data and projector internals", () => {
    const monitor = policyOfFunction("monitorApi");
    const deadLetterReads = recorded.deadLetters.calls;
    expect(refused(monitor, deadLetterReads)).toEqual(deadLetterReads.map(describeCall));
    const projectorStateReads = recorded.functions.streamProjector.calls.filter(
      (c) => /Query|GetItem/.test(c.action) && c.resource.endsWith("-projector-state"),
    );
    expect(projectorStateReads.length).toBeGreaterThan(0);
    expect(refused(monitor, projectorStateReads)).toEqual(projectorStateReads.map(describeCall));
  });

  describe("operator commands (docs/deploy.md gives the IAM policy each needs)", () => {
    const values = () => ({ REGION: deployment.config.region, ACCOUNT, STAGE: deployment.config.stage });
    const commands = [
      ["npm run dead-letters", "operator-dead-letters-policy.json", () => recorded.deadLetters],
      ["npm run projections:rebuild", "operator-rebuild-policy.json", () => recorded.rebuild],
      ["npm run orders:backfill-ledger", "operator-ledger-backfill-policy.json", () => recorded.ledgerBackfill],
      ["npm run catalog:seed", "operator-catalog-seed-policy.json", () => recorded.catalogSeed],
    ] as const;

    it.each(commands)("%s: the guide's policy allows every call the command makes", (_, file, calls) => {
      expect(refused(guidePolicy(file, values()), calls().calls)).toEqual([]);
    });

    it.each(commands)("%s: the guide's policy allows nothing the command does not do", (_, file, calls) => {
      expect(unused(guidePolicy(file, values()), calls().calls)).toEqual([]);
    });
  });
});
