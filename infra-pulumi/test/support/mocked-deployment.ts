/**
 * Runs the program under Pulumi's mocks: no CLI, no plugins, no cloud. The mock plays AWS's part only as far
 * as the program needs: it echoes inputs back and computes the outputs AWS would (ids, ARNs, stream ARN,
 * invoke ARN, user pool endpoint, API endpoint, bucket and distribution names), and it records every resource
 * so tests can inspect them. The web app's files come from a small build written to a temporary directory
 * (sampleWebBuildDir), unless a test configures its own `webDistDir`.
 */
import * as pulumi from "@pulumi/pulumi";
import { sampleWebBuildDir } from "./web-build.js";
import type { RawConfig, StackConfig } from "../../src/config.js";
import type { CargoExpress } from "../../src/program.js";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const USER_POOL_ID = `${REGION}_TestPool1`;
export const CLIENT_ID = "testappclientid0000000000";
/** The staff pool (supervisors) and its web app client. */
export const STAFF_USER_POOL_ID = `${REGION}_StaffPool1`;
export const STAFF_CLIENT_ID = "teststaffclientid00000000";
export const API_ID = "abc123defg";
export const DISTRIBUTION_ID = "E2EXAMPLE0CARGO";
export const DISTRIBUTION_DOMAIN = "d1example0cargo.cloudfront.net";
/** S3 appends a unique suffix to a bucket's `bucketPrefix`. */
export const BUCKET_SUFFIX = "20250101000000000000000001";
/** The Event API (live channel): its id, and its endpoints' DNS names, which AWS does not derive from the id. */
export const LIVE_API_ID = "liveapi0000000000000000000";
export const LIVE_HTTP_HOST = "livedns00000000000000000.appsync-api.us-east-1.amazonaws.com";
export const LIVE_REALTIME_HOST = "livedns00000000000000000.appsync-realtime-api.us-east-1.amazonaws.com";

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  /** Reference (`<urn>::<id>`) of the explicit provider the resource was created with, if any. */
  readonly provider: string | undefined;
  readonly inputs: Record<string, any>;
  readonly state: Record<string, any>;
}

export interface MockedDeployment {
  readonly config: StackConfig;
  readonly system: CargoExpress;
  readonly resources: readonly RecordedResource[];
  ofType(type: string): RecordedResource[];
  /** The one resource of this type and logical name; throws if absent, so a test cannot pass vacuously. */
  named(type: string, name: string): RecordedResource;
}

function computedState(
  type: string,
  name: string,
  inputs: Record<string, any>,
): { id: string; state: Record<string, any> } {
  const physical: string = inputs.name ?? name;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  switch (type) {
    case "aws:dynamodb/table:Table": {
      const tableArn = arn("dynamodb", `table/${physical}`);
      const stream = inputs.streamEnabled
        ? { streamArn: `${tableArn}/stream/2025-01-01T00:00:00.000`, streamLabel: "2025-01-01T00:00:00.000" }
        : {};
      return { id: physical, state: { arn: tableArn, ...stream } };
    }
    case "aws:lambda/function:Function": {
      const functionArn = arn("lambda", `function:${physical}`);
      return {
        id: physical,
        state: {
          arn: functionArn,
          invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
        },
      };
    }
    case "aws:iam/role:Role":
      return {
        id: `${name}-1234567`,
        state: { arn: `arn:aws:iam::${ACCOUNT}:role/${name}-1234567`, name: `${name}-1234567` },
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { id: physical, state: { arn: arn("logs", `log-group:${physical}`) } };
    case "aws:sqs/queue:Queue":
      return {
        id: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${physical}`,
        state: { arn: arn("sqs", physical), url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${physical}` },
      };
    case "aws:sns/topic:Topic":
      return { id: arn("sns", physical), state: { arn: arn("sns", physical) } };
    case "aws:cognito/userPool:UserPool": {
      const poolId = name === "staff" ? STAFF_USER_POOL_ID : USER_POOL_ID;
      return {
        id: poolId,
        state: {
          arn: arn("cognito-idp", `userpool/${poolId}`),
          endpoint: `cognito-idp.${REGION}.amazonaws.com/${poolId}`,
        },
      };
    }
    case "aws:cognito/userPoolClient:UserPoolClient":
      return { id: name === "staff-client" ? STAFF_CLIENT_ID : CLIENT_ID, state: {} };
    case "aws:apigatewayv2/api:Api":
      return {
        id: API_ID,
        state: {
          apiEndpoint: `https://${API_ID}.execute-api.${REGION}.amazonaws.com`,
          executionArn: arn("execute-api", API_ID),
        },
      };
    case "aws:s3/bucket:Bucket": {
      const bucket = `${inputs.bucketPrefix ?? `${name}-`}${BUCKET_SUFFIX}`;
      return {
        id: bucket,
        state: {
          bucket,
          arn: `arn:aws:s3:::${bucket}`,
          bucketRegionalDomainName: `${bucket}.s3.${REGION}.amazonaws.com`,
        },
      };
    }
    case "aws:cloudfront/distribution:Distribution":
      return {
        id: DISTRIBUTION_ID,
        state: {
          arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${DISTRIBUTION_ID}`,
          domainName: DISTRIBUTION_DOMAIN,
        },
      };
    case "aws:wafv2/webAcl:WebAcl":
      // CloudFront web ACLs live in us-east-1 whatever the stack's region.
      return {
        id: `${physical}-id`,
        state: { arn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/${physical}/${physical}-id` },
      };
    case "aws:cloudfront/function:Function":
      return { id: physical, state: { arn: `arn:aws:cloudfront::${ACCOUNT}:function/${physical}` } };
    case "aws:appsync/api:Api":
      // As AWS answers: the endpoints' DNS names are not derived from the API's id.
      return {
        id: LIVE_API_ID,
        state: {
          apiId: LIVE_API_ID,
          apiArn: arn("appsync", `apis/${LIVE_API_ID}`),
          dns: { HTTP: LIVE_HTTP_HOST, REALTIME: LIVE_REALTIME_HOST },
        },
      };
    case "aws:appsync/channelNamespace:ChannelNamespace":
      return {
        id: `${LIVE_API_ID},${inputs.name}`,
        state: { channelNamespaceArn: arn("appsync", `apis/${LIVE_API_ID}/channelNamespace/${inputs.name}`) },
      };
    default:
      return { id: `${name}-id`, state: {} };
  }
}

/** Resolves an Output in a test (mocks never leave values unknown outside preview). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Every Resource reachable from a value (arrays, plain objects and components' fields walked, Outputs not). */
function resourcesIn(value: unknown, found = new Set<pulumi.Resource>()): Set<pulumi.Resource> {
  if (pulumi.Resource.isInstance(value)) {
    if (found.has(value)) return found;
    found.add(value);
    // A component's own resources are its fields (the web site's bucket, distribution, ...).
    if (value instanceof pulumi.ComponentResource) for (const item of Object.values(value)) resourcesIn(item, found);
  } else if (Array.isArray(value)) {
    for (const item of value) resourcesIn(item, found);
  } else if (value !== null && typeof value === "object" && !pulumi.Output.isInstance(value)) {
    for (const item of Object.values(value)) resourcesIn(item, found);
  }
  return found;
}

/**
 * Deploys the program with `raw` configuration (aws:region defaults to us-east-1) and waits until every
 * resource it returned has been registered with the mock.
 */
export async function deployUnderMocks(raw: RawConfig = {}): Promise<MockedDeployment> {
  const resources: RecordedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const { id, state } = computedState(args.type, args.name, args.inputs);
        const fullState = { ...args.inputs, ...state };
        resources.push({
          type: args.type,
          name: args.name,
          id,
          provider: args.provider,
          inputs: args.inputs,
          state: fullState,
        });
        return { id, state: fullState };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        throw new Error(`The program made an unexpected provider call: ${args.token}`);
      },
    },
    "cargo-express",
    "test",
    false,
  );

  // Imported only now, after setMocks, as Pulumi's testing guide requires.
  const { parseStackConfig } = await import("../../src/config.js");
  const { bundlePaths } = await import("../../src/bundles.js");
  const { deployCargoExpress } = await import("../../src/program.js");
  const { readWebBuild, resolveWebDistDir } = await import("../../src/web-files.js");

  const parsed = parseStackConfig({ "aws:region": REGION, webDistDir: sampleWebBuildDir(), ...raw });
  if (!parsed.ok) throw new Error(`test configuration rejected: ${parsed.problems.join("; ")}`);
  const system = deployCargoExpress(
    parsed.config,
    bundlePaths(),
    readWebBuild(resolveWebDistDir(parsed.config.webDistDir)),
  );
  await Promise.all([...resourcesIn(system)].map((resource) => outputValue(resource.urn)));

  const ofType = (type: string) => resources.filter((resource) => resource.type === type);
  return {
    config: parsed.config,
    system,
    resources,
    ofType,
    named(type, name) {
      const match = resources.find((resource) => resource.type === type && resource.name === name);
      if (match === undefined)
        throw new Error(
          `no ${type} named ${name}; have: ${ofType(type)
            .map((r) => r.name)
            .join(", ")}`,
        );
      return match;
    },
  };
}

/** The files inside a Lambda `code` archive as the mock received it: archive name -> source path on disk. */
export async function archiveFiles(code: unknown): Promise<Record<string, string>> {
  if (!(code instanceof pulumi.asset.AssetArchive)) throw new Error("code is not an AssetArchive");
  const assets = await code.assets;
  const files: Record<string, string> = {};
  for (const [name, asset] of Object.entries(assets)) {
    if (!(asset instanceof pulumi.asset.FileAsset)) throw new Error(`${name} is not a FileAsset`);
    files[name] = await asset.path;
  }
  return files;
}

/** An IAM policy document as the mock received it (the program sends a JSON string). */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly { Sid: string; Effect: string; Action: string[]; Resource: string[] }[];
}

export function policyOf(rolePolicy: RecordedResource): PolicyDocument {
  return JSON.parse(rolePolicy.inputs.policy as string) as PolicyDocument;
}
