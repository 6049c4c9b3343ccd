/**
 * The composition of the orders function (loaded by ./orders.ts on the first invocation): POST /orders, GET /orders/{id}, POST /order/registrar_pedido_entregado.
 * Its composition root: the only place that decides which adapters back the use cases.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { GetOrder, PlaceOrder, type Clock, type OrderRepository } from "@cargo-express/domain";
import type { Hono } from "hono";
import { Container } from "inversify";
import { createOrdersApp } from "../app.js";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { bindCommon, bindDynamoDbAdapters, type CommonOverrides, type DynamoDbAdapters } from "./bindings.js";
import type { LambdaConfig } from "./config.js";
import { httpApiHandler, type HttpApiHandler } from "./http-api-handler.js";
import { TOKENS } from "./tokens.js";

export interface OrdersOverrides extends CommonOverrides {
  /** Use this store instead of DynamoDB. */
  readonly orders?: OrderRepository;
}

export function composeOrders(config: LambdaConfig, overrides: OrdersOverrides = {}): Container {
  const container = new Container({ defaultScope: "Singleton" });
  bindCommon(container, config, overrides, "cargo-express-orders");
  if (overrides.orders) {
    container.bind<OrderRepository>(TOKENS.OrderRepository).toConstantValue(overrides.orders);
  } else {
    bindDynamoDbAdapters(container);
    container
      .bind<OrderRepository>(TOKENS.OrderRepository)
      .toResolvedValue((adapters: DynamoDbAdapters) => adapters.orders, [TOKENS.DynamoDbAdapters]);
  }
  container
    .bind<PlaceOrder>(TOKENS.PlaceOrder)
    .toResolvedValue(
      (orders: OrderRepository, clock: Clock, c: LambdaConfig) =>
        new PlaceOrder({ orders, clock, timeZone: c.timeZone }),
      [TOKENS.OrderRepository, TOKENS.Clock, TOKENS.Config],
    );
  container
    .bind<GetOrder>(TOKENS.GetOrder)
    .toResolvedValue((orders: OrderRepository) => new GetOrder({ orders }), [TOKENS.OrderRepository]);
  container
    .bind<Hono<AppEnv>>(TOKENS.App)
    .toResolvedValue(
      (placeOrder: PlaceOrder, getOrder: GetOrder, verifier: AccessTokenVerifier, logger: Logger, c: LambdaConfig) =>
        createOrdersApp({ placeOrder, getOrder, verifier, logger, groups: c.groups }),
      [TOKENS.PlaceOrder, TOKENS.GetOrder, TOKENS.Verifier, TOKENS.Logger, TOKENS.Config],
    );
  return container;
}

export async function createOrdersHandler(container: Container): Promise<HttpApiHandler> {
  const app = await container.getAsync<Hono<AppEnv>>(TOKENS.App);
  return httpApiHandler(app, await container.getAsync<Logger>(TOKENS.Logger));
}
