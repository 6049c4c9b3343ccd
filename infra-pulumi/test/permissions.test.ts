import { beforeAll, describe, expect, it } from "vitest";
import { tableNamesFor, type TableKey } from "@cargo-express/adapters-dynamodb/tables";
import {
  ACCOUNT,
  BUCKET_SUFFIX,
  LIVE_API_ID,
  REGION,
  deployUnderMocks,
  policyOf,
  type MockedDeployment,
  type PolicyDocument,
} from "./support/mocked-deployment.js";

const FUNCTIONS = ["ordersApi", "monitorApi", "streamProjector", "exportBuilder"] as const;
type Fn = (typeof FUNCTIONS)[number];

const names = tableNamesFor("cargo-express-dev");
const tableArn = (key: TableKey) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${names[key]}`;
const catalogName = "cargo-express-dev-catalog";
const catalogArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${catalogName}`;
const exportsName = "cargo-express-dev-exports";
const exportsArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${exportsName}`;
const exportFilesArn = `arn:aws:s3:::cargo-express-dev-exports-${BUCKET_SUFFIX}/exports/*`;
const exportFunctionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:cargo-express-dev-export-builder`;
const ordersStreamArn = `${tableArn("orders")}/stream/2025-01-01T00:00:00.000`;
const logGroupArn = (fn: Fn) => {
  const suffix = {
    ordersApi: "orders-api",
    monitorApi: "monitor-api",
    streamProjector: "stream-projector",
    exportBuilder: "export-builder",
  }[fn];
  return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/cargo-express-dev-${suffix}`;
};
const failureQueueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:cargo-express-dev-projector-failures`;
const liveNamespaceArn = `arn:aws:appsync:${REGION}:${ACCOUNT}:apis/${LIVE_API_ID}/channelNamespace/monitor`;

/** Every (action, resource) pair a policy grants, as "action on resource" strings. */
function grants(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((statement) =>
    statement.Action.flatMap((action) => statement.Resource.map((resource) => `${action} on ${resource}`)),
  ).sort();
}

function logGrants(fn: Fn): string[] {
  return ["logs:CreateLogStream", "logs:PutLogEvents"].flatMap((action) => [
    `${action} on ${logGroupArn(fn)}`,
    `${action} on ${logGroupArn(fn)}:log-stream:*`,
  ]);
}

describe("IAM: one role per function, least privilege", () => {
  let deployment: MockedDeployment;
  let policies: Record<Fn, PolicyDocument>;

  beforeAll(async () => {
    deployment = await deployUnderMocks();
    policies = Object.fromEntries(
      FUNCTIONS.map((fn) => [fn, policyOf(deployment.named("aws:iam/rolePolicy:RolePolicy", `${fn}-policy`))]),
    ) as Record<Fn, PolicyDocument>;
  });

  it("gives each function its own role, and each role exactly one inline policy and no managed policy", () => {
    const roles = deployment.ofType("aws:iam/role:Role");
    // preTokenGeneration: the user pool's trigger (src/auth.ts), which may write its own logs only (test/auth.test.ts).
    expect(roles.map((role) => role.name).sort()).toEqual(
      [...FUNCTIONS, "preTokenGeneration"].map((fn) => `${fn}-role`).sort(),
    );
    for (const role of roles) {
      expect(role.inputs.managedPolicyArns, role.name).toBeUndefined();
      expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    }
    expect(deployment.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    for (const fn of FUNCTIONS) {
      const role = deployment.named("aws:iam/role:Role", `${fn}-role`);
      expect(deployment.named("aws:iam/rolePolicy:RolePolicy", `${fn}-policy`).inputs.role).toBe(role.id);
      expect(deployment.named("aws:lambda/function:Function", fn).inputs.role).toBe(role.state.arn);
    }
  });

  it("grants no '*' action or resource in any policy", () => {
    for (const policy of deployment.ofType("aws:iam/rolePolicy:RolePolicy").map(policyOf)) {
      for (const statement of policy.Statement) {
        expect(statement.Effect).toBe("Allow");
        for (const action of statement.Action) expect(action, statement.Sid).not.toContain("*");
        for (const resource of statement.Resource) {
          expect(resource, statement.Sid).not.toBe("*");
          expect(resource, statement.Sid).toMatch(/^arn:aws:/);
          // The only wildcards: the log streams of a function's own log group, the streams of Orders, and the
          // export files (one prefix of the private exports bucket).
          if (resource.includes("*")) {
            expect(resource, statement.Sid).toMatch(
              /(:log-group:\/aws\/lambda\/[^*:]+:log-stream:\*|:table\/cargo-express-dev-orders\/stream\/\*|^arn:aws:s3:::cargo-express-dev-exports-[0-9]+\/exports\/\*)$/,
            );
          }
        }
      }
    }
  });

  it("lets the orders API put and get orders, query the ledger's two indexes, edit the catalogue and ask for exports, and nothing else", () => {
    expect(grants(policies.ordersApi)).toEqual(
      [
        ...logGrants("ordersApi"),
        `dynamodb:GetItem on ${tableArn("orders")}`,
        `dynamodb:PutItem on ${tableArn("orders")}`,
        `dynamodb:Query on ${tableArn("orders")}/index/by_courier`,
        `dynamodb:Query on ${tableArn("orders")}/index/by_month`,
        // Catalogue edits: the entry's revision, then the entry and its history item in one transaction.
        `dynamodb:GetItem on ${catalogArn}`,
        `dynamodb:PutItem on ${catalogArn}`,
        // Exports: create, read and (when the export function cannot be started) fail a job; start the function;
        // presign downloads of the export files (a presigned URL carries the signer's authority).
        `dynamodb:GetItem on ${exportsArn}`,
        `dynamodb:PutItem on ${exportsArn}`,
        `dynamodb:UpdateItem on ${exportsArn}`,
        `lambda:InvokeFunction on ${exportFunctionArn}`,
        `s3:GetObject on ${exportFilesArn}`,
      ].sort(),
    );
  });

  it("lets the export function record its job, query the ledger's month index and write export files, and nothing else", () => {
    expect(grants(policies.exportBuilder)).toEqual(
      [
        ...logGrants("exportBuilder"),
        `dynamodb:UpdateItem on ${exportsArn}`,
        `dynamodb:Query on ${tableArn("orders")}/index/by_month`,
        `s3:PutObject on ${exportFilesArn}`,
      ].sort(),
    );
  });

  it("lets the monitor API read the projections' items by key, and of the projector's state only the GENERATION partition", () => {
    expect(grants(policies.monitorApi)).toEqual(
      [
        ...logGrants("monitorApi"),
        `dynamodb:BatchGetItem on ${tableArn("deliveries")}`,
        `dynamodb:GetItem on ${tableArn("projectorState")}`,
        // The catalogue: its entries (names of every report, GET /catalog) and its history.
        `dynamodb:Query on ${catalogArn}`,
      ].sort(),
    );
    const stateStatement = policies.monitorApi.Statement.find((s) => s.Resource.includes(tableArn("projectorState")));
    expect((stateStatement as { Condition?: unknown } | undefined)?.Condition).toEqual({
      "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["GENERATION"] },
    });
  });

  it("lets the projector read the Orders stream, apply projections, keep its own state, report failed batches and publish to the live namespace, and never read Orders", () => {
    expect(grants(policies.streamProjector)).toEqual(
      [
        ...logGrants("streamProjector"),
        ...["DescribeStream", "GetRecords", "GetShardIterator"].map(
          (action) => `dynamodb:${action} on ${ordersStreamArn}`,
        ),
        `dynamodb:ListStreams on ${tableArn("orders")}/stream/*`,
        ...["BatchGetItem", "UpdateItem"].map((action) => `dynamodb:${action} on ${tableArn("deliveries")}`),
        ...["Query", "GetItem", "UpdateItem", "PutItem"].map(
          (action) => `dynamodb:${action} on ${tableArn("projectorState")}`,
        ),
        `sqs:SendMessage on ${failureQueueArn}`,
        `appsync:EventPublish on ${liveNamespaceArn}`,
      ].sort(),
    );
  });

  it("names only the tables each function uses", () => {
    const tablesNamed = (policy: PolicyDocument) =>
      [
        ...new Set(policy.Statement.flatMap((s) => s.Resource).flatMap((r) => /:table\/([^/]+)/.exec(r)?.[1] ?? [])),
      ].sort();
    expect(tablesNamed(policies.ordersApi)).toEqual([catalogName, exportsName, names.orders].sort());
    expect(tablesNamed(policies.monitorApi)).toEqual([catalogName, names.deliveries, names.projectorState].sort());
    expect(tablesNamed(policies.streamProjector)).toEqual(
      [names.orders, names.deliveries, names.projectorState].sort(),
    );
    expect(tablesNamed(policies.exportBuilder)).toEqual([exportsName, names.orders].sort());
    // The API functions cannot write projections (the orders function updates export jobs only), and only the
    // projector touches the stream or the queue.
    const ordersApiUpdates = policies.ordersApi.Statement.filter((s) => s.Action.includes("dynamodb:UpdateItem"));
    expect(ordersApiUpdates.flatMap((s) => s.Resource)).toEqual([exportsArn]);
    expect(JSON.stringify([policies.monitorApi])).not.toMatch(
      /UpdateItem|ConditionCheckItem|GetRecords|\/stream\/|sqs:/,
    );
    expect(JSON.stringify([policies.ordersApi, policies.exportBuilder])).not.toMatch(
      /ConditionCheckItem|GetRecords|\/stream\/|sqs:/,
    );
  });
});
