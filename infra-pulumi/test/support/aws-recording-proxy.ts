/**
 * A proxy in front of DynamoDB Local that records, for a process the test cannot reach into (a Lambda bundle),
 * every DynamoDB and DynamoDB Streams request it sends: the SDK is pointed at the proxy with its standard endpoint
 * override, and each request's `X-Amz-Target` (`DynamoDB_20120810.PutItem`, `DynamoDBStreams_20120810.GetRecords`)
 * and JSON body go to a CallRecorder before being forwarded unchanged.
 */
import {
  type ForwardedExchange,
  type ForwardingProxy,
  startForwardingProxy,
} from "@cargo-express/adapters-dynamodb/testing";
import type { CallRecorder } from "./aws-call-recorder.js";

export type RecordingProxy = ForwardingProxy;

const json = (body: Buffer): Record<string, any> =>
  body.length > 0 ? (JSON.parse(body.toString("utf8")) as Record<string, any>) : {};

const operationOf = (exchange: ForwardedExchange) => {
  const [service, operation] = (exchange.target ?? "").split(".");
  return { api: service?.startsWith("DynamoDBStreams") ? "DynamoDB Streams" : "DynamoDB", operation };
};

export function startRecordingProxy(target: string, recorder: CallRecorder): Promise<RecordingProxy> {
  return startForwardingProxy(target, {
    request: (exchange) => {
      const { api, operation } = operationOf(exchange);
      if (operation) recorder.request(api, operation, json(exchange.body));
      else recorder.unmapped.push(`a request without X-Amz-Target: ${exchange.method} ${exchange.url}`);
    },
    answered: (exchange, answer) => {
      const { operation } = operationOf(exchange);
      if (operation && answer.status === 200) recorder.answered(operation, json(exchange.body), json(answer.body));
    },
    failed: (message) => recorder.unmapped.push(`proxy failure: ${message}`),
  });
}
