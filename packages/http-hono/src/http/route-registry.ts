import type { Handler, Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { methodNotAllowed } from "./errors.js";

export type Method = "GET" | "POST";

/**
 * Registers routes and remembers which methods each path answers, so that a known path asked with
 * another method gets 405 with an Allow header instead of 404.
 */
export class RouteRegistry {
  private readonly methods = new Map<string, Method[]>();

  constructor(private readonly app: Hono<AppEnv>) {}

  on(method: Method, path: string, ...handlers: [Handler<AppEnv>, ...Handler<AppEnv>[]]): void {
    this.app.on(method, path, ...handlers);
    this.methods.set(path, [...(this.methods.get(path) ?? []), method]);
  }

  /** Call once, after every route: answers 405 on known paths for the methods nobody registered. */
  finish(): void {
    for (const [path, methods] of this.methods) this.app.all(path, methodNotAllowed(methods));
  }
}
