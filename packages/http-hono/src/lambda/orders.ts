/**
 * The orders function's entry point, what Lambda's handler setting names: POST /orders, GET /orders/{id},
 * POST /order/registrar_pedido_entregado. Importing it evaluates only the lazy handler factory; the configuration
 * and the composition (./compose-orders.ts: hono, zod, inversify, the logger, the token verifier, the DynamoDB
 * adapters) are imported and built on the first invocation.
 */
import { lazyHandler } from "@cargo-express/platform/lazy-handler";
import type { HttpApiHandler } from "./http-api-handler.js";

/** @public Lambda's entry point: the function's handler setting names it, no module imports it. */
export const handler: HttpApiHandler = lazyHandler(async () => {
  const [{ readLambdaConfig }, { composeOrders }] = await Promise.all([
    import("./config.js"),
    import("./compose-orders.js"),
  ]);
  return composeOrders(readLambdaConfig(process.env));
});
