/**
 * A proxy in front of DynamoDB Local that records the `X-Amz-Target` of every request sent through it
 * (`DynamoDB_20120810.TransactWriteItems`, `DynamoDBStreams_20120810.GetRecords`, ...) and forwards it unchanged.
 */
import { type ForwardingProxy, startForwardingProxy } from "@cargo-express/adapters-dynamodb/testing";

export interface RecordingProxy extends ForwardingProxy {
  /** `service.Operation` of every request, in order. */
  readonly targets: string[];
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const targets: string[] = [];
  const proxy = await startForwardingProxy(target, {
    request: (exchange) => targets.push(exchange.target ?? `(no X-Amz-Target: ${exchange.method} ${exchange.url})`),
    failed: (message) => targets.push(`(proxy failure: ${message})`),
  });
  return { ...proxy, targets };
}
