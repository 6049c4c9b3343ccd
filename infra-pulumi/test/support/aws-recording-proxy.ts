/**
 * An HTTP proxy in front of DynamoDB Local that records, for a process the test cannot reach into (a Lambda
 * bundle), every DynamoDB and DynamoDB Streams request it sends: the SDK is pointed at the proxy with its
 * standard endpoint override, and each request's `X-Amz-Target` (`DynamoDB_20120810.PutItem`,
 * `DynamoDBStreams_20120810.GetRecords`) and JSON body go to a CallRecorder before being forwarded unchanged.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CallRecorder } from "./aws-call-recorder.js";

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: what AWS_ENDPOINT_URL_DYNAMODB(_STREAMS) point at. */
  readonly url: string;
  close(): Promise<void>;
}

const bodyOf = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });

export async function startRecordingProxy(target: string, recorder: CallRecorder): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const server: Server = createServer(async (incoming, outgoing) => {
    try {
      const body = await bodyOf(incoming);
      const [service, operation] = String(incoming.headers["x-amz-target"] ?? "").split(".");
      const api = service?.startsWith("DynamoDBStreams") ? "DynamoDB Streams" : "DynamoDB";
      const input = body.length > 0 ? (JSON.parse(body.toString("utf8")) as Record<string, any>) : {};
      if (operation) recorder.request(api, operation, input);
      else recorder.unmapped.push(`a request without X-Amz-Target: ${incoming.method} ${incoming.url}`);
      const answer = await new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>(
        (resolve, reject) => {
          const forwarded = httpRequest(
            {
              hostname: upstream.hostname,
              port: upstream.port,
              path: incoming.url,
              method: incoming.method,
              headers: incoming.headers,
            },
            async (response) =>
              resolve({ status: response.statusCode ?? 502, headers: response.headers, body: await bodyOf(response) }),
          );
          forwarded.on("error", reject);
          forwarded.end(body);
        },
      );
      if (operation && answer.status === 200)
        recorder.answered(operation, input, JSON.parse(answer.body.toString("utf8")) as Record<string, any>);
      outgoing.writeHead(answer.status, answer.headers).end(answer.body);
    } catch (error) {
      recorder.unmapped.push(`proxy failure: ${(error as Error).message}`);
      outgoing.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
