/**
 * The orders function: POST /orders, GET /orders/{id}, POST /order/registrar_pedido_entregado. Lambda's handler.
 *
 * Importing this file loads almost nothing: the composition (./orders-composition.ts: hono, zod schemas, inversify,
 * the logger, the token verifier, the DynamoDB adapters) is loaded and evaluated on the first invocation, inside
 * the handler, so a cold start pays for it once, when a request needs it, and not at import (issue 13).
 */
import type { Container } from "inversify";
import type { LambdaConfig } from "./config.js";
import type { HttpApiHandler } from "./http-api-handler.js";
import type { OrdersOverrides } from "./orders-composition.js";

export type { OrdersOverrides };

const composition = () => import("./orders-composition.js");

/**
 * The function's composition root over `config`, with test overrides (stores, verifier, JWKS fetcher, clock,
 * logger); resolves to its inversify container. Hand it to `createOrdersHandler`.
 */
export async function composeOrders(config: LambdaConfig, overrides: OrdersOverrides = {}): Promise<Container> {
  return (await composition()).composeOrders(config, overrides);
}

export async function createOrdersHandler(container: Container | Promise<Container>): Promise<HttpApiHandler> {
  return (await composition()).createOrdersHandler(await container);
}

let ready: Promise<HttpApiHandler> | undefined;

/**
 * Builds the real handler from `process.env` on the first invocation (importing this file never reads the environment).
 * @public Lambda's entry point: the function's handler setting names it, no module imports it.
 */
export const handler: HttpApiHandler = async (event, context) => {
  ready ??= (async () => {
    const [{ readLambdaConfig }, root] = await Promise.all([import("./config.js"), composition()]);
    return root.createOrdersHandler(root.composeOrders(readLambdaConfig(process.env)));
  })();
  return (await ready)(event, context);
};
