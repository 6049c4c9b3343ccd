/**
 * An HTTP proxy in front of DynamoDB Local that shows a test every request sent through it and forwards it
 * unchanged: point a composition root's (or a Lambda bundle's) endpoint at it to see every call the code makes,
 * whichever client (document, low-level, Streams) it builds.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ForwardedExchange {
  /** `DynamoDB_20120810.PutItem`, `DynamoDBStreams_20120810.GetRecords`, ...; undefined without the header. */
  readonly target: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly body: Buffer;
}

export interface ForwardingProxyObserver {
  /** Each request, before it is forwarded. */
  request(exchange: ForwardedExchange): void;
  /** Each answer from DynamoDB Local, before it is passed back. */
  answered?(exchange: ForwardedExchange, answer: { status: number; body: Buffer }): void;
  /** A request the proxy could not forward (it answered 502). */
  failed(message: string): void;
}

export interface ForwardingProxy {
  /** `http://127.0.0.1:<port>`: what AWS_ENDPOINT_URL_DYNAMODB(_STREAMS) or a client's endpoint point at. */
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

export async function startForwardingProxy(
  target: string,
  observer: ForwardingProxyObserver,
): Promise<ForwardingProxy> {
  const upstream = new URL(target);
  const server = createServer(async (incoming, outgoing) => {
    try {
      const header = incoming.headers["x-amz-target"];
      const exchange: ForwardedExchange = {
        target: header === undefined ? undefined : String(header),
        method: incoming.method,
        url: incoming.url,
        body: await bodyOf(incoming),
      };
      observer.request(exchange);
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
          forwarded.end(exchange.body);
        },
      );
      observer.answered?.(exchange, answer);
      outgoing.writeHead(answer.status, answer.headers).end(answer.body);
    } catch (error) {
      observer.failed((error as Error).message);
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
