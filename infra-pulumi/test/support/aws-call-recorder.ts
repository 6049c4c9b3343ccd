/**
 * Records every call a client makes as IAM authorizes it, with AWS SDK middleware (`attach`) or, for a process of
 * its own, behind a recording proxy (aws-recording-proxy.ts): one `AwsCall` per IAM action the request needs (a
 * TransactWriteItems becomes one PutItem/UpdateItem/DeleteItem/ConditionCheckItem per item; a BatchGetItem one
 * BatchGetItem per table), on the resource IAM checks (the table, `table/index/<name>` for an index, the stream for
 * the Streams API), named as the deployed stack names it: the tables' physical names are the deployed ones and
 * their ARNs, stream ARNs included, are the mocked program's. Partition key values go into `dynamodb:LeadingKeys`,
 * as IAM's fine-grained access control sees them.
 */
import type { MockedDeployment } from "./mocked-deployment.js";
import type { AwsCall } from "./iam-policy.js";

/** A table as the Pulumi program deploys it. */
export interface DeployedTable {
  readonly name: string;
  readonly arn: string;
  readonly streamArn: string | undefined;
  readonly hashKey: string;
}

/** Every DynamoDB table of the mocked deployment, with its ARNs as the program computes them. */
export function deployedTables(deployment: MockedDeployment): DeployedTable[] {
  return deployment.ofType("aws:dynamodb/table:Table").map((table) => ({
    name: String(table.inputs.name),
    arn: String(table.state.arn),
    streamArn: table.state.streamArn === undefined ? undefined : String(table.state.streamArn),
    hashKey: String(table.inputs.hashKey),
  }));
}

/** A Lambda function as the program deploys it (what an Invoke names). */
export interface DeployedFunctionName {
  readonly name: string;
  readonly arn: string;
}

/** Every Lambda function of the mocked deployment, with its ARN as the program computes it. */
export function deployedFunctions(deployment: MockedDeployment): DeployedFunctionName[] {
  return deployment.ofType("aws:lambda/function:Function").map((fn) => ({
    name: String(fn.inputs.name),
    arn: String(fn.state.arn),
  }));
}

/** Anything with the SDK's middleware stack: a DynamoDB, DynamoDB document, DynamoDB Streams, S3 or Lambda client. */
interface SdkClient {
  readonly middlewareStack: {
    add(
      middleware: (next: any, context: any) => (args: any) => Promise<any>,
      options: { step: "initialize"; name: string },
    ): void;
  };
}

export interface CallRecorder {
  readonly calls: AwsCall[];
  /** Requests the recorder could not name (a table not in the deployment, an operation it does not know). */
  readonly unmapped: string[];
  /** Starts recording what `client` sends. Returns the client. */
  attach<C extends SdkClient>(client: C): C;
  /** Records one request (`api` "DynamoDB", "DynamoDB Streams", "S3" or "Lambda", `operation` e.g. "GetRecords") before it is sent. */
  request(api: string, operation: string, input: Record<string, any>): void;
  /** Learns from a successful answer what later requests refer to (the stream a shard iterator reads). */
  answered(operation: string, input: Record<string, any>, output: Record<string, any>): void;
}

let recorders = 0;

type Input = Record<string, any>;

/** A partition key value as the request carries it: native (document client) or an AttributeValue. */
function keyText(value: unknown): string {
  if (value !== null && typeof value === "object") {
    const attribute = value as { S?: string; N?: string };
    if (attribute.S !== undefined) return attribute.S;
    if (attribute.N !== undefined) return attribute.N;
  }
  return String(value);
}

/** The partition key value a Query's key condition fixes (`pk = :pk`, `#h = :v AND begins_with(...)`). */
function queriedPartition(input: Input, hashKey: string): string | undefined {
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  for (const match of String(input.KeyConditionExpression ?? "").matchAll(
    /(#?[A-Za-z0-9_]+)\s*=\s*(:[A-Za-z0-9_]+)/g,
  )) {
    const attribute = match[1]!.startsWith("#") ? names[match[1]!] : match[1];
    if (attribute === hashKey) return keyText(input.ExpressionAttributeValues?.[match[2]!]);
  }
  return undefined;
}

export function callRecorder(
  tables: readonly DeployedTable[],
  functions: readonly DeployedFunctionName[] = [],
): CallRecorder {
  const calls: AwsCall[] = [];
  const unmapped: string[] = [];
  /** Shard iterator -> the deployed ARN of the stream it reads (GetRecords names no stream). */
  const iterators = new Map<string, string>();

  const table = (name: unknown): DeployedTable | undefined => {
    const found = tables.find((t) => t.name === name);
    if (found === undefined) unmapped.push(`table ${String(name)} is not one the program deploys`);
    return found;
  };
  const deployedStream = (localArn: unknown): string | undefined => {
    const tableName = /:table\/([^/]+)\/stream\//.exec(String(localArn))?.[1];
    const streamArn = table(tableName)?.streamArn;
    if (streamArn === undefined) unmapped.push(`stream ${String(localArn)} belongs to no deployed table with a stream`);
    return streamArn;
  };
  const leading = (keys: readonly unknown[]) => ({ "dynamodb:LeadingKeys": [...new Set(keys.map(keyText))] });

  /** The IAM view of one request. */
  const iamCalls = (api: string, operation: string, input: Input): AwsCall[] => {
    const origin = `${api} ${operation}`;
    const itemCall = (action: string, tableName: unknown, item: Input | undefined): AwsCall[] => {
      const t = table(tableName);
      if (t === undefined) return [];
      return [{ action: `dynamodb:${action}`, resource: t.arn, context: leading([item?.[t.hashKey]]), origin }];
    };
    if (api === "S3") {
      // Object operations are authorized on the object's ARN (bucket names are global: no region or account).
      if (operation === "PutObject" || operation === "GetObject")
        return [{ action: `s3:${operation}`, resource: `arn:aws:s3:::${input.Bucket}/${input.Key}`, origin }];
      unmapped.push(`${origin}: no IAM mapping`);
      return [];
    }
    if (api === "Lambda") {
      const fn = functions.find((f) => f.name === input.FunctionName || f.arn === input.FunctionName);
      if (operation === "Invoke" && fn !== undefined)
        return [{ action: "lambda:InvokeFunction", resource: fn.arn, origin }];
      unmapped.push(`${origin}: ${String(input.FunctionName)} is not a function the program deploys`);
      return [];
    }
    switch (operation) {
      case "GetItem":
      case "DeleteItem":
      case "UpdateItem":
        return itemCall(operation, input.TableName, input.Key);
      case "PutItem":
        return itemCall(operation, input.TableName, input.Item);
      case "Query":
      case "Scan": {
        const t = table(input.TableName);
        if (t === undefined) return [];
        if (input.IndexName !== undefined)
          return [{ action: `dynamodb:${operation}`, resource: `${t.arn}/index/${input.IndexName}`, origin }];
        const partition = operation === "Query" ? queriedPartition(input, t.hashKey) : undefined;
        return [
          {
            action: `dynamodb:${operation}`,
            resource: t.arn,
            ...(partition === undefined ? {} : { context: leading([partition]) }),
            origin,
          },
        ];
      }
      case "BatchGetItem":
        return Object.entries<Input>(input.RequestItems ?? {}).flatMap(([name, request]) => {
          const t = table(name);
          return t === undefined
            ? []
            : [
                {
                  action: "dynamodb:BatchGetItem",
                  resource: t.arn,
                  context: leading((request.Keys ?? []).map((key: Input) => key[t.hashKey])),
                  origin,
                },
              ];
        });
      case "BatchWriteItem":
        return Object.entries<Input[]>(input.RequestItems ?? {}).flatMap(([name, requests]) => {
          const t = table(name);
          const keys = requests.map((r) => (r.PutRequest?.Item ?? r.DeleteRequest?.Key)?.[t?.hashKey ?? ""]);
          return t === undefined
            ? []
            : [{ action: "dynamodb:BatchWriteItem", resource: t.arn, context: leading(keys), origin }];
        });
      case "TransactWriteItems":
        // IAM has no TransactWriteItems action: each item needs the action of its own kind.
        return (input.TransactItems ?? []).flatMap((item: Input) => {
          if (item.Put) return itemCall("PutItem", item.Put.TableName, item.Put.Item);
          if (item.Update) return itemCall("UpdateItem", item.Update.TableName, item.Update.Key);
          if (item.Delete) return itemCall("DeleteItem", item.Delete.TableName, item.Delete.Key);
          if (item.ConditionCheck)
            return itemCall("ConditionCheckItem", item.ConditionCheck.TableName, item.ConditionCheck.Key);
          unmapped.push(`TransactWriteItems item ${JSON.stringify(Object.keys(item))}`);
          return [];
        });
      case "TransactGetItems":
        return (input.TransactItems ?? []).flatMap((item: Input) =>
          itemCall("GetItem", item.Get?.TableName, item.Get?.Key),
        );
      case "DescribeStream":
      case "GetShardIterator": {
        const stream = deployedStream(input.StreamArn);
        return stream === undefined ? [] : [{ action: `dynamodb:${operation}`, resource: stream, origin }];
      }
      case "GetRecords": {
        const stream = iterators.get(input.ShardIterator);
        if (stream === undefined) {
          unmapped.push("GetRecords with a shard iterator this client did not obtain");
          return [];
        }
        return [{ action: "dynamodb:GetRecords", resource: stream, origin }];
      }
      default: {
        // Table-level operations (DescribeTable, ...) are authorized on the table under their own name.
        if (input.TableName !== undefined) {
          const t = table(input.TableName);
          return t === undefined ? [] : [{ action: `dynamodb:${operation}`, resource: t.arn, origin }];
        }
        unmapped.push(`${origin}: no IAM mapping`);
        return [];
      }
    }
  };

  const request = (api: string, operation: string, input: Input) => void calls.push(...iamCalls(api, operation, input));
  const answered = (operation: string, input: Input, output: Input) => {
    if (operation === "GetShardIterator" && output.ShardIterator) {
      const stream = deployedStream(input.StreamArn);
      if (stream !== undefined) iterators.set(output.ShardIterator, stream);
    }
    if (operation === "GetRecords" && output.NextShardIterator && iterators.has(input.ShardIterator)) {
      iterators.set(output.NextShardIterator, iterators.get(input.ShardIterator)!);
    }
  };

  return {
    calls,
    unmapped,
    request,
    answered,
    attach(client) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = String(context.commandName ?? "").replace(/Command$/, "");
          const api =
            (
              { DynamoDBStreamsClient: "DynamoDB Streams", S3Client: "S3", LambdaClient: "Lambda" } as Record<
                string,
                string
              >
            )[String(context.clientName)] ?? "DynamoDB";
          const input = args.input as Input;
          request(api, operation, input);
          const result = await next(args);
          answered(operation, input, result.output as Input);
          return result;
        },
        // "initialize": once per call, before the SDK's retries, with the input as the caller wrote it.
        { step: "initialize", name: `iam-call-recorder-${(recorders += 1)}` },
      );
      return client;
    },
  };
}
