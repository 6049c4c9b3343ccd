/**
 * LOCAL STAND-IN for AWS AppSync Events, for `npm start` and the tests only; never deployed (infra-pulumi creates
 * the real Event API). It speaks the same protocol on the same paths, so the web app's live client and the
 * projector's publisher run unchanged against it:
 *   - `POST /event`: publish `{ channel, events: [<JSON string>, ...] }`, signed with SigV4 (service `appsync`)
 *     by the one local key (the local projector's), answered `{ successful, failed }`;
 *   - `GET /event/realtime` upgraded to a WebSocket with the subprotocols `aws-appsync-event-ws` and
 *     `header-<base64url JSON {host, Authorization}>`: the Cognito access token of either local pool, verified,
 *     never in the URL; then `connection_init` / `connection_ack`, keep-alives (`ka`), `subscribe` (the token
 *     verified again, and the reader must be a supervisor, as the namespace's subscribe handler requires on AWS)
 *     / `subscribe_success` or `subscribe_error`, `data` for each event, `unsubscribe`.
 * What it leaves out: other auth modes, publishing over the WebSocket, handlers other than the group check,
 * AppSync's quotas. It listens on loopback unless the stack's HOST says otherwise.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";
import { hasValidSignature, type LocalPublisherKey } from "./publish-signature.js";
import {
  authorizationOfSubprotocols,
  channelMatches,
  EVENT_WS_SUBPROTOCOL,
  isChannelPath,
  parseClientMessage,
  UNAUTHORIZED,
} from "./protocol.js";

export interface LocalLiveEventsOptions {
  readonly port: number;
  readonly host: string;
  /** The channel namespaces that exist (AppSync refuses others), e.g. ["monitor"]. */
  readonly namespaces: readonly string[];
  /** Verifies a Cognito access token of either local pool; rejects an invalid one. */
  readonly verify: (token: string) => Promise<{ readonly groups: readonly string[] }>;
  /** The group a subscriber must be in. */
  readonly subscriberGroup: string;
  readonly publisherKey: LocalPublisherKey;
  /** How often a keep-alive goes to each connection, ms (AppSync: about every minute). */
  readonly keepAliveMs?: number;
}

export interface LocalLiveEvents {
  /** For the publisher: `http://host:port/event`. */
  readonly httpUrl: string;
  /** For the web app: `ws://host:port/event/realtime`. */
  readonly realtimeUrl: string;
  /** The `host` the web app puts in its authorization header (AppSync's HTTP host). */
  readonly host: string;
  /** Open connections (for tests). */
  connections(): number;
  stop(): Promise<void>;
}

/** AppSync's connection timeout: a client that hears no keep-alive for this long should reconnect. */
const CONNECTION_TIMEOUT_MS = 300_000;

interface Connection {
  readonly socket: WebSocket;
  readonly subscriptions: Map<string, string>;
}

export async function startLocalLiveEvents(options: LocalLiveEventsOptions): Promise<LocalLiveEvents> {
  const connections = new Set<Connection>();
  const server: Server = createServer((request, response) => {
    void handlePublish(request, options, connections).then(({ status, body }) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
  });
  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(EVENT_WS_SUBPROTOCOL) ? EVENT_WS_SUBPROTOCOL : false),
  });
  server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://local").pathname !== "/event/realtime") {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => accept(ws, request, options, connections));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = `${options.host === "0.0.0.0" ? "127.0.0.1" : options.host}:${port}`;
  const keepAlive = setInterval(() => {
    for (const c of connections) send(c.socket, { type: "ka" });
  }, options.keepAliveMs ?? 60_000);
  return {
    httpUrl: `http://${host}/event`,
    realtimeUrl: `ws://${host}/event/realtime`,
    host,
    connections: () => connections.size,
    stop: async () => {
      clearInterval(keepAlive);
      for (const c of connections) c.socket.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

async function isSubscriber(
  authorization: Readonly<Record<string, string>> | undefined,
  options: LocalLiveEventsOptions,
): Promise<boolean> {
  const token = authorization?.Authorization ?? authorization?.authorization;
  if (!token) return false;
  try {
    const verified = await options.verify(token);
    return verified.groups.includes(options.subscriberGroup);
  } catch {
    return false;
  }
}

/** A WebSocket that completed the handshake: authorized by the token of its subprotocol header, or told why not. */
function accept(
  socket: WebSocket,
  request: IncomingMessage,
  options: LocalLiveEventsOptions,
  connections: Set<Connection>,
): void {
  const protocols = String(request.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim());
  const authorization = authorizationOfSubprotocols(protocols);
  const connection: Connection = { socket, subscriptions: new Map() };
  // The token is checked before any message is answered: messages wait for the verdict, in order.
  const authorized = (async () => {
    const token = authorization?.Authorization ?? authorization?.authorization;
    if (!token) return false;
    try {
      await options.verify(token);
      return true;
    } catch {
      return false;
    }
  })();
  let queue = authorized.then((ok) => {
    if (ok) {
      connections.add(connection);
      return;
    }
    send(socket, { type: "connection_error", errors: [UNAUTHORIZED] });
    socket.close(1008, "Unauthorized");
  });
  socket.on("message", (data) => {
    queue = queue.then(async () => {
      if (!(await authorized)) return;
      await answer(connection, data.toString(), options);
    });
  });
  socket.on("close", () => connections.delete(connection));
  socket.on("error", () => connections.delete(connection));
}

async function answer(connection: Connection, text: string, options: LocalLiveEventsOptions): Promise<void> {
  const { socket } = connection;
  const message = parseClientMessage(text);
  if (message === undefined) {
    send(socket, { type: "error", errors: [{ errorType: "UnsupportedOperation", message: "Unknown message" }] });
    return;
  }
  if (message.type === "connection_init") {
    send(socket, { type: "connection_ack", connectionTimeoutMs: CONNECTION_TIMEOUT_MS });
    return;
  }
  if (message.type === "unsubscribe") {
    connection.subscriptions.delete(message.id);
    send(socket, { type: "unsubscribe_success", id: message.id });
    return;
  }
  const namespace = message.channel.split("/")[1] ?? "";
  if (!isChannelPath(message.channel, true) || !options.namespaces.includes(namespace)) {
    send(socket, {
      type: "subscribe_error",
      id: message.id,
      errors: [{ errorType: "BadRequestException", message: `Invalid channel ${message.channel}` }],
    });
    return;
  }
  if (!(await isSubscriber(message.authorization, options))) {
    send(socket, { type: "subscribe_error", id: message.id, errors: [UNAUTHORIZED] });
    return;
  }
  connection.subscriptions.set(message.id, message.channel);
  send(socket, { type: "subscribe_success", id: message.id });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `POST /event`: a signed publish, broadcast to every subscription of the channel. */
async function handlePublish(
  request: IncomingMessage,
  options: LocalLiveEventsOptions,
  connections: Set<Connection>,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "local"}`);
  if (url.pathname !== "/event") return { status: 404, body: { errors: [{ errorType: "NotFound" }] } };
  if (request.method !== "POST") return { status: 405, body: { errors: [{ errorType: "MethodNotAllowed" }] } };
  const body = await readBody(request);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
  if (!(await hasValidSignature({ method: "POST", url: url.href, headers, body }, options.publisherKey)))
    return { status: 401, body: { errors: [UNAUTHORIZED] } };
  let parsed: { channel?: unknown; events?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return { status: 400, body: { errors: [{ errorType: "BadRequestException", message: "Body is not JSON" }] } };
  }
  const { channel, events } = parsed;
  const namespace = typeof channel === "string" ? (channel.split("/")[1] ?? "") : "";
  if (typeof channel !== "string" || !isChannelPath(channel, false) || !options.namespaces.includes(namespace))
    return { status: 400, body: { errors: [{ errorType: "BadRequestException", message: "Invalid channel" }] } };
  if (!Array.isArray(events) || events.length < 1 || events.length > 5 || !events.every((e) => typeof e === "string"))
    return {
      status: 400,
      body: { errors: [{ errorType: "BadRequestException", message: "events: 1 to 5 JSON strings" }] },
    };
  const successful = events.map((event, index) => {
    for (const { socket, subscriptions } of connections)
      for (const [id, subscribed] of subscriptions)
        if (channelMatches(subscribed, channel)) send(socket, { type: "data", id, event });
    return { identifier: randomUUID(), index };
  });
  return { status: 200, body: { successful, failed: [] } };
}
