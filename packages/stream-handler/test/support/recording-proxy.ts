/**
 * An HTTP proxy in front of DynamoDB Local that records the `X-Amz-Target` of every request sent through it
 * (`DynamoDB_20120810.TransactWriteItems`, `DynamoDBStreams_20120810.GetRecords`, ...) and forwards it
 * unchanged. Point a composition root's endpoint at it to see every call the code makes, whichever client
 * (document, low-level, Streams) it builds.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordingProxy {
  readonly url: string;
  /** `service.Operation` of every request, in order. */
  readonly targets: string[];
  close(): Promise<void>;
}

const bodyOf = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const targets: string[] = [];
  const server = createServer(async (incoming, outgoing) => {
    try {
      const body = await bodyOf(incoming);
      targets.push(String(incoming.headers["x-amz-target"] ?? `(no X-Amz-Target: ${incoming.method} ${incoming.url})`));
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
      outgoing.writeHead(answer.status, answer.headers).end(answer.body);
    } catch (error) {
      targets.push(`(proxy failure: ${(error as Error).message})`);
      outgoing.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
