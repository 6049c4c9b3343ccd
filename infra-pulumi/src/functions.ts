/**
 * The four Lambda functions. Each gets its own log group (with retention), its own role and one inline
 * policy; nothing is shared, so a function's permissions can be read in one place.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { bundleArchive, handlerFor, type FunctionKey } from "./bundles.js";
import { LAMBDA_ASSUME_ROLE_POLICY, logStatements, policyDocument, type PolicyStatement } from "./permissions.js";

/** Node 24 is the Lambda target of the bundles (tsup target node24); arm64 is ~20% cheaper per GB-s than x86. */
export const LAMBDA_RUNTIME = "nodejs24.x";
export const LAMBDA_ARCHITECTURE = "arm64";

/**
 * Memory and timeouts, chosen here once.
 *
 * Memory buys CPU as well (a full vCPU at 1,769 MB); 512 MB gives the single-file bundles a cold start of a
 * few hundred milliseconds and keeps warm requests I/O-bound, at $0.0000067 per second of run time.
 *
 * API timeouts (10 s): longer than the DynamoDB client's own timeouts and retries, so a slow dependency ends in
 * the application's 503 with Retry-After rather than a Lambda timeout; shorter than API Gateway's 30 s
 * integration limit, so a function never keeps running after the caller has been answered.
 *
 * Projector timeout (30 s): a batch of at most `projectorBatchSize` records becomes one read of the watermark
 * and one TransactWriteItems (a few for a batch spanning many days), normally well under a second; 30 s leaves room for
 * jittered TransactionConflict retries, and still bounds how long a stuck invocation holds its shard
 * (and therefore the monitor) before Lambda retries it.
 */
const FUNCTION_SIZING: Readonly<
  Record<
    FunctionKey,
    {
      readonly memorySize: number;
      readonly timeoutSeconds: number;
      readonly reservedConcurrency: number;
      /** /tmp, in MB (Lambda's default is 512). */
      readonly ephemeralStorageMb?: number;
    }
  >
> = {
  ordersApi: { memorySize: 512, timeoutSeconds: 10, reservedConcurrency: 20 },
  monitorApi: { memorySize: 512, timeoutSeconds: 10, reservedConcurrency: 20 },
  streamProjector: { memorySize: 512, timeoutSeconds: 30, reservedConcurrency: 10 },
  exportBuilder: { memorySize: 1024, timeoutSeconds: 900, reservedConcurrency: 2, ephemeralStorageMb: 2048 },
};

/*
 * Reserved concurrency: each function may run at most this many copies at once, and the account keeps that many
 * for it. Concurrency is requests a second times seconds per request (Little's law), taken at the API's per-route
 * limits (src/api.ts, ROUTE_THROTTLES), not at today's traffic, so that the limits, not Lambda, answer a flood:
 * - ordersApi: its routes admit 10 + 10 + 5 = 25 requests/s; at 0.8 s a request (a warm one takes well under
 *   0.1 s; 0.8 s covers cold starts and DynamoDB retries) that is 25 x 0.8 = 20.
 * - monitorApi: 30 + 30 + 3 x 5 = 75 requests/s at about 0.25 s (six DynamoDB reads) is 19: 20.
 * - streamProjector: Lambda runs one call per stream shard at a time (ParallelizationFactor 1); a table under
 *   1,000 writes/s and 10 GB has one to a few shards, and a split briefly doubles them: 10.
 * - exportBuilder: a supervisor's export at a time, rarely two; each holds a page of rows in memory (1,024 MB buys the
 *   CPU to write a month at x12 in well under a minute: npm run bench) and writes the file to /tmp before the upload
 *   (2,048 MB: a year at x12 is about half of it as CSV). Its timeout is Lambda's longest, 15 minutes, what a year at
 *   x12 needs at the bench's rate; the job fails, saying why, a minute before it.
 * At 12 times today's volume docs/growth.md counts about 2 concurrent executions in all. A runaway function can no
 * longer take the whole account's concurrency, and the others keep theirs. AWS requires 100 executions to stay
 * unreserved, so the account's quota must be at least 152 (the default is 1,000; new accounts may start at 10:
 * docs/deploy.md, section 1).
 */

const FUNCTION_NAME_SUFFIXES: Readonly<Record<FunctionKey, string>> = {
  ordersApi: "orders-api",
  monitorApi: "monitor-api",
  streamProjector: "stream-projector",
  exportBuilder: "export-builder",
};

export function functionNameFor(stage: string, key: FunctionKey): string {
  return `cargo-express-${stage}-${FUNCTION_NAME_SUFFIXES[key]}`;
}

export interface FunctionSpec {
  readonly key: FunctionKey;
  readonly stage: string;
  readonly description: string;
  readonly bundleFile: string;
  readonly environment: Record<string, pulumi.Input<string>>;
  /** What the function may do besides writing its own logs. */
  readonly statements: readonly PolicyStatement[];
  readonly logRetentionDays: number;
}

export interface DeployedFunction {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

export function createFunction(spec: FunctionSpec, opts: pulumi.CustomResourceOptions): DeployedFunction {
  const name = functionNameFor(spec.stage, spec.key);
  const sizing = FUNCTION_SIZING[spec.key];

  // The name Lambda would pick itself, so the console's "View logs" links still work; created here so that
  // retention is set and the role needs no logs:CreateLogGroup.
  const logGroup = new aws.cloudwatch.LogGroup(
    `${spec.key}-logs`,
    { name: `/aws/lambda/${name}`, retentionInDays: spec.logRetentionDays },
    opts,
  );

  const role = new aws.iam.Role(
    `${spec.key}-role`,
    { description: `Execution role of ${name}`, assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY },
    opts,
  );

  const policy = new aws.iam.RolePolicy(
    `${spec.key}-policy`,
    { role: role.id, policy: policyDocument([...logStatements(logGroup.arn), ...spec.statements]) },
    opts,
  );

  const fn = new aws.lambda.Function(
    spec.key,
    {
      name,
      description: spec.description,
      runtime: LAMBDA_RUNTIME,
      architectures: [LAMBDA_ARCHITECTURE],
      handler: handlerFor(spec.key),
      code: bundleArchive(spec.bundleFile),
      memorySize: sizing.memorySize,
      timeout: sizing.timeoutSeconds,
      reservedConcurrentExecutions: sizing.reservedConcurrency,
      ...(sizing.ephemeralStorageMb === undefined ? {} : { ephemeralStorage: { size: sizing.ephemeralStorageMb } }),
      role: role.arn,
      environment: { variables: spec.environment },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    },
    // The policy must exist before the function runs (and before an event source mapping validates it).
    { ...opts, dependsOn: [policy] },
  );

  return { function: fn, role, policy, logGroup };
}
