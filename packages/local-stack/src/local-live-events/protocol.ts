/**
 * The AppSync Events WebSocket protocol's messages, as the local stand-in speaks them (and the web app's client,
 * packages/monitor-web/src/live-push.ts, expects them): https://docs.aws.amazon.com/appsync/latest/eventapi/event-api-websocket-protocol.html
 */

/** The subprotocol every connection names, beside `header-<base64url of the authorization header>`. */
export const EVENT_WS_SUBPROTOCOL = "aws-appsync-event-ws";

export type ClientMessage =
  | { readonly type: "connection_init" }
  | {
      readonly type: "subscribe";
      readonly id: string;
      readonly channel: string;
      readonly authorization?: Readonly<Record<string, string>>;
    }
  | { readonly type: "unsubscribe"; readonly id: string };

export interface ProtocolError {
  readonly errorType: string;
  readonly message: string;
}

export const UNAUTHORIZED: ProtocolError = {
  errorType: "UnauthorizedException",
  message: "You are not authorized to make this call.",
};

/** The authorization header a connection carries in its `header-...` subprotocol, or undefined if it has none. */
export function authorizationOfSubprotocols(protocols: readonly string[]): Record<string, string> | undefined {
  const header = protocols.find((p) => p.startsWith("header-"));
  if (!protocols.includes(EVENT_WS_SUBPROTOCOL) || header === undefined) return undefined;
  try {
    const json = Buffer.from(header.slice("header-".length), "base64url").toString("utf8");
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  } catch {
    return undefined;
  }
}

export function parseClientMessage(text: string): ClientMessage | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.type === "connection_init") return { type: "connection_init" };
    if (value.type === "subscribe" && typeof value.id === "string" && typeof value.channel === "string") {
      const authorization =
        typeof value.authorization === "object" && value.authorization !== null
          ? (value.authorization as Record<string, string>)
          : undefined;
      return { type: "subscribe", id: value.id, channel: value.channel, ...(authorization ? { authorization } : {}) };
    }
    if (value.type === "unsubscribe" && typeof value.id === "string") return { type: "unsubscribe", id: value.id };
  } catch {
    // not JSON: answered as an unknown message
  }
  return undefined;
}

/**
 * Whether a subscription's channel receives an event published to `channel`: the same path, or a path ending in
 * `/*` that is a prefix of it (AppSync's wildcard). Channels are `/namespace/segment...`.
 */
export function channelMatches(subscription: string, channel: string): boolean {
  if (subscription === channel) return true;
  if (!subscription.endsWith("/*")) return false;
  return channel.startsWith(subscription.slice(0, -1));
}

/** A channel path AppSync accepts: `/` then 1 to 5 segments of letters, digits and dashes (the last may be `*`). */
export function isChannelPath(channel: string, allowWildcard: boolean): boolean {
  return (allowWildcard ? /^(\/[A-Za-z0-9-]+){1,4}(\/([A-Za-z0-9-]+|\*))$/ : /^(\/[A-Za-z0-9-]+){1,5}$/).test(channel);
}
