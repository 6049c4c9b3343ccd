/**
 * The monitor function: GET /monitor and GET /monitor/status. Lambda's handler.
 *
 * Importing this file loads almost nothing: the composition (./monitor-composition.ts: hono, zod schemas, inversify,
 * the logger, the token verifier, the DynamoDB adapters) is loaded and evaluated on the first invocation, inside
 * the handler, so a cold start pays for it once, when a request needs it, and not at import (issue 13).
 */
import type { Container } from "inversify";
import type { LambdaConfig } from "./config.js";
import type { HttpApiHandler } from "./http-api-handler.js";
import type { MonitorOverrides } from "./monitor-composition.js";

export type { MonitorOverrides };

const composition = () => import("./monitor-composition.js");

/**
 * The function's composition root over `config`, with test overrides (stores, verifier, JWKS fetcher, clock,
 * logger); resolves to its inversify container. Hand it to `createMonitorHandler`.
 */
export async function composeMonitor(config: LambdaConfig, overrides: MonitorOverrides = {}): Promise<Container> {
  return (await composition()).composeMonitor(config, overrides);
}

export async function createMonitorHandler(container: Container | Promise<Container>): Promise<HttpApiHandler> {
  return (await composition()).createMonitorHandler(await container);
}

let ready: Promise<HttpApiHandler> | undefined;

/**
 * Builds the real handler from `process.env` on the first invocation (importing this file never reads the environment).
 * @public Lambda's entry point: the function's handler setting names it, no module imports it.
 */
export const handler: HttpApiHandler = async (event, context) => {
  ready ??= (async () => {
    const [{ readLambdaConfig }, root] = await Promise.all([import("./config.js"), composition()]);
    return root.createMonitorHandler(root.composeMonitor(readLambdaConfig(process.env)));
  })();
  return (await ready)(event, context);
};
