/**
 * The page's live channel: AWS AppSync Events' WebSocket protocol (the local stack offers the same, a stand-in,
 * so this code runs unchanged on both). The Cognito access token travels in the `header-...` subprotocol and in
 * the subscribe message, never in the URL (which proxies and logs keep). Every event means "the figures
 * changed": the controller refetches with its ETag. While the socket is down the controller polls every 30 s
 * and says so; this client reconnects with growing pauses (1, 2, 4 ... 30 s).
 */

/** Where the Event API is, from /config.json. */
export interface LiveSettings {
  /** `wss://<id>.appsync-realtime-api.<region>.amazonaws.com/event/realtime` (locally `ws://127.0.0.1:3002/event/realtime`). */
  readonly url: string;
  /** The Event API's HTTP host, which AppSync wants in the authorization header. */
  readonly host: string;
  /** The channel the projector publishes to, e.g. `/monitor/figures`. */
  readonly channel: string;
}

/** `connecting` until the first subscription is confirmed; `live` while subscribed; `down` between attempts. */
export type LiveState = "connecting" | "live" | "down";

/** The part of the browser's WebSocket this client uses (tests may pass a fake). */
export interface LiveSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface LivePushDependencies {
  readonly settings: LiveSettings;
  /** The access token to connect and subscribe with, renewed by the controller. */
  readonly token: () => string | undefined;
  readonly onEvent: () => void;
  readonly onState: (state: LiveState) => void;
  /** The channel is subscribed and answering (a keep-alive): nothing was published that the page missed. */
  readonly onAlive: () => void;
  readonly openSocket: (url: string, protocols: string[]) => LiveSocket;
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

const SUBPROTOCOL = "aws-appsync-event-ws";
const MAX_RETRY_MS = 30_000;

/** base64url of UTF-8 text, without padding, as AppSync reads the header subprotocol. */
function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export class LivePush {
  private socket: LiveSocket | undefined;
  private running = false;
  private retryMs = 1000;
  private retryTimer: unknown;
  private keepAliveTimer: unknown;
  private keepAliveMs = 300_000;
  private state: LiveState | undefined;
  private readonly subscriptionId = crypto.randomUUID();

  constructor(private readonly deps: LivePushDependencies) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.deps.clearTimeout(this.retryTimer);
    this.deps.clearTimeout(this.keepAliveTimer);
    this.drop();
  }

  /** The token changed (renewed): a new connection carries the new one. */
  reconnect(): void {
    if (!this.running) return;
    this.drop();
    this.deps.clearTimeout(this.retryTimer);
    this.connect();
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    this.deps.onState(state);
  }

  private authorization(token: string) {
    return { host: this.deps.settings.host, Authorization: token };
  }

  private connect(): void {
    const token = this.deps.token();
    if (!token) {
      this.lost();
      return;
    }
    if (this.state !== "down") this.setState("connecting");
    let socket: LiveSocket;
    try {
      const header = `header-${base64Url(JSON.stringify(this.authorization(token)))}`;
      socket = this.deps.openSocket(this.deps.settings.url, [SUBPROTOCOL, header]);
    } catch {
      this.lost();
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init" }));
    socket.onmessage = (event) => this.receive(socket, event.data, token);
    socket.onclose = () => {
      if (this.socket === socket) this.lost();
    };
    socket.onerror = () => {
      if (this.socket === socket) this.lost();
    };
  }

  private receive(socket: LiveSocket, data: unknown, token: string): void {
    if (socket !== this.socket || typeof data !== "string") return;
    let message: { type?: unknown; id?: unknown; connectionTimeoutMs?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    switch (message.type) {
      case "connection_ack":
        if (typeof message.connectionTimeoutMs === "number") this.keepAliveMs = message.connectionTimeoutMs;
        this.heardFrom();
        socket.send(
          JSON.stringify({
            type: "subscribe",
            id: this.subscriptionId,
            channel: this.deps.settings.channel,
            authorization: this.authorization(token),
          }),
        );
        return;
      case "ka":
        this.heardFrom();
        if (this.state === "live") this.deps.onAlive();
        return;
      case "subscribe_success":
        this.retryMs = 1000;
        this.heardFrom();
        this.setState("live");
        // Events may have been missed while connecting: the figures are fetched once now.
        this.deps.onEvent();
        return;
      case "data":
        if (message.id === this.subscriptionId) this.deps.onEvent();
        return;
      case "connection_error":
      case "subscribe_error":
      case "error":
        this.lost();
        return;
    }
  }

  /** No keep-alive within the connection timeout: the connection is taken as dead. */
  private heardFrom(): void {
    this.deps.clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = this.deps.setTimeout(() => this.lost(), this.keepAliveMs);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState <= 1) socket.close(1000);
  }

  private lost(): void {
    this.drop();
    this.deps.clearTimeout(this.keepAliveTimer);
    if (!this.running) return;
    this.setState("down");
    this.deps.clearTimeout(this.retryTimer);
    this.retryTimer = this.deps.setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
