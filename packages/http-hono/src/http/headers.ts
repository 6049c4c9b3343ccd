import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";

/**
 * A request header, read from the Node request when @hono/node-server serves the app (its `env.incoming`), else from
 * the Web Request. Same answer either way: a header sent more than once is its values joined by ", ", as the Fetch
 * standard's `Headers.get` does. The Node path spares building a Web `Headers` object for every request.
 */
export function requestHeader(c: Context<AppEnv>, name: string): string | undefined {
  const incoming = c.env?.incoming;
  return incoming === undefined ? c.req.header(name) : nodeHeader(incoming, name);
}

/** `name` lower-case. */
export function nodeHeader(incoming: IncomingMessage, name: string): string | undefined {
  return incoming.headersDistinct[name]?.join(", ");
}
