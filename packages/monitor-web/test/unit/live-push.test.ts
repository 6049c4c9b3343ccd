import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LivePush, type LiveSocket, type LiveState } from "../../src/live-push.js";

/** A socket the test plays the server of: it sees what the client sends and says what the server answers. */
class ServerSide implements LiveSocket {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: LiveSocket["onopen"] = null;
  onmessage: LiveSocket["onmessage"] = null;
  onclose: LiveSocket["onclose"] = null;
  onerror: LiveSocket["onerror"] = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  answer(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

const SETTINGS = {
  url: "wss://x.appsync-realtime-api.us-east-1.amazonaws.com/event/realtime",
  host: "x.appsync-api.us-east-1.amazonaws.com",
  channel: "/monitor/figures",
};

function harness(token = "eyJ.token.sig") {
  const sockets: ServerSide[] = [];
  const states: LiveState[] = [];
  let events = 0;
  const push = new LivePush({
    settings: SETTINGS,
    token: () => token,
    onEvent: () => (events += 1),
    onState: (state) => states.push(state),
    onAlive: () => undefined,
    openSocket: (url, protocols) => {
      const socket = new ServerSide(url, protocols);
      sockets.push(socket);
      return socket;
    },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });
  return { push, sockets, states, events: () => events };
}

/** The handshake as AppSync answers it, up to a confirmed subscription. */
function subscribe(socket: ServerSide) {
  socket.open();
  socket.answer({ type: "connection_ack", connectionTimeoutMs: 300_000 });
  const id = socket.sent.find((m) => m.type === "subscribe")!.id;
  socket.answer({ type: "subscribe_success", id });
  return id;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("LivePush: AppSync Events' WebSocket protocol, in the browser", () => {
  it("carries the token in the header subprotocol and the subscribe message, never in the URL", () => {
    const { push, sockets } = harness("eyJ.token.sig");
    push.start();
    const [socket] = sockets;
    expect(socket!.url).toBe(SETTINGS.url);
    expect(socket!.protocols[0]).toBe("aws-appsync-event-ws");
    const header = socket!.protocols[1]!;
    expect(header).toMatch(/^header-[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(header.slice("header-".length), "base64url").toString())).toEqual({
      host: SETTINGS.host,
      Authorization: "eyJ.token.sig",
    });
    socket!.open();
    expect(socket!.sent).toEqual([{ type: "connection_init" }]);
    socket!.answer({ type: "connection_ack", connectionTimeoutMs: 300_000 });
    expect(socket!.sent[1]).toMatchObject({
      type: "subscribe",
      channel: "/monitor/figures",
      authorization: { host: SETTINGS.host, Authorization: "eyJ.token.sig" },
    });
  });

  it("is live once subscribed, fetches once then, and once per event of its subscription", () => {
    const { push, sockets, states, events } = harness();
    push.start();
    const id = subscribe(sockets[0]!);
    expect(states).toEqual(["connecting", "live"]);
    expect(events()).toBe(1);
    sockets[0]!.answer({ type: "data", id, event: '{"kind":"figures-changed"}' });
    sockets[0]!.answer({ type: "data", id: "someone-else", event: "{}" });
    expect(events()).toBe(2);
  });

  it("goes down when the socket closes, a subscription is refused or keep-alives stop, and reconnects after 1, 2, 4 s", () => {
    const { push, sockets, states } = harness();
    push.start();
    sockets[0]!.open();
    sockets[0]!.answer({ type: "connection_error", errors: [{ errorType: "UnauthorizedException" }] });
    expect(states.at(-1)).toBe("down");
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    vi.advanceTimersByTime(2000);
    expect(sockets).toHaveLength(3);
    subscribe(sockets[2]!);
    expect(states.at(-1)).toBe("live");
    // No keep-alive within the connection timeout: taken as dead.
    vi.advanceTimersByTime(300_000);
    expect(states.at(-1)).toBe("down");
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(4);
    // Stopped (signed out, page gone): no more attempts.
    push.stop();
    sockets[3]!.drop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(4);
  });
});
