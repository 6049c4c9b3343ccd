/**
 * The composition of the orders function (loaded by ./orders.ts on the first invocation): POST /orders, GET /orders/{id}, POST /order/registrar_pedido_entregado.
 * Its composition root: the only place that decides which adapters back the use cases. The use cases
 * themselves are built by the platform's useCasesModule, the same for every entry point.
 */
import type { OrderRepository } from "@cargo-express/domain";
import { SERVICES, useCasesModule } from "@cargo-express/platform";
import { Container, ContainerModule } from "inversify";
import { createOrdersApp } from "../app.js";
import { type CommonOverrides, HTTP_APP, lambdaCommonModule, lambdaPortsModule, verifierFor } from "./bindings.js";
import type { LambdaConfig } from "./config.js";
import { type HttpApiHandler, httpApiHandler } from "./http-api-handler.js";

export interface OrdersOverrides extends CommonOverrides {
  /** Use this store instead of DynamoDB. */
  readonly orders?: OrderRepository;
}

export function composeOrders(config: LambdaConfig, overrides: OrdersOverrides = {}): Container {
  const container = new Container({ defaultScope: "Singleton" });
  container.load(
    lambdaCommonModule(config, overrides, "cargo-express-orders"),
    lambdaPortsModule(config, overrides.orders ? { orders: overrides.orders } : {}, ["orders"]),
    useCasesModule,
    new ContainerModule(({ bind }) => {
      bind(HTTP_APP).toResolvedValue(
        (placeOrder, getOrder, logger) =>
          createOrdersApp({
            placeOrder,
            getOrder,
            verifier: verifierFor(config, overrides),
            logger,
            groups: config.groups,
          }),
        [SERVICES.PlaceOrder, SERVICES.GetOrder, SERVICES.Logger],
      );
    }),
  );
  return container;
}

export async function createOrdersHandler(container: Container): Promise<HttpApiHandler> {
  return httpApiHandler(await container.getAsync(HTTP_APP), await container.getAsync(SERVICES.Logger));
}
