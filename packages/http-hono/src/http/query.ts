import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";

/** Query parameters as a record: one value as a string, a repeated parameter as a list (which then fails validation). */
export function queryOf(c: Context<AppEnv>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(c.req.queries()).map(([name, values]) => [name, values.length === 1 ? values[0]! : values]),
  );
}
