/**
 * The orders function, composed: which class answers each of its requests, over which store.
 *
 *   POST /orders, POST /order/registrar_pedido_entregado  ->  PlaceOrder (the domain's use case)
 *   GET /orders/{id}                                       ->  GetOrder
 *   POST /orders/{id}/void, POST /orders/{id}/corrections  ->  VoidOrder, CorrectOrder
 *   GET /orders                                            ->  ListOrders (the ledger's indexes)
 *   PUT /catalog/products/{id}, PUT /catalog/couriers/{id} ->  EditCatalogue
 *   POST /exports, GET /exports/{id}                       ->  RequestExport, GetExport (jobs in DynamoDB, the export
 *                                                              function invoked asynchronously, S3 presigned links)
 *   GET /health, /openapi.json, /docs                      ->  the app itself (routes/meta.ts)
 *
 * The use cases read the OrderRepository given, else DynamoDB's Orders table; the platform's useCasesModule builds
 * them in this function's container. Lambda reaches this through ./orders.ts on the first invocation.
 */
import type {
  CatalogueStore,
  ExportDispatcher,
  ExportJobStore,
  ExportLinks,
  OrderLedger,
  OrderRepository,
} from "@cargo-express/domain";
import { SERVICES } from "@cargo-express/platform";
import { createOrdersApp } from "../app.js";
import type { LambdaConfig } from "./config.js";
import { type HttpApiHandler, httpApiHandler } from "./http-api-handler.js";
import { type CommonOverrides, httpFunctionContainer, verifierFor } from "./http-function.js";

export interface OrdersOverrides extends CommonOverrides {
  /** Use this store instead of DynamoDB. */
  readonly orders?: OrderRepository;
  /** List orders from here instead of DynamoDB's indexes. */
  readonly ledger?: OrderLedger;
  /** Edit this catalogue instead of DynamoDB's. */
  readonly catalogue?: CatalogueStore;
  /** Instead of the exports' AWS adapters (DynamoDB, Lambda, S3). */
  readonly exportJobs?: ExportJobStore;
  readonly exportDispatcher?: ExportDispatcher;
  readonly exportLinks?: ExportLinks;
}

/** The orders function's handler over `config` (and, in tests, `overrides`). */
export async function composeOrders(config: LambdaConfig, overrides: OrdersOverrides = {}): Promise<HttpApiHandler> {
  const container = httpFunctionContainer(
    config,
    { serviceName: "cargo-express-orders", needs: ["orders", "ledger", "catalogue", "exports"] },
    overrides,
  );
  const logger = container.get(SERVICES.Logger);
  const app = createOrdersApp({
    placeOrder: await container.getAsync(SERVICES.PlaceOrder),
    getOrder: await container.getAsync(SERVICES.GetOrder),
    voidOrder: await container.getAsync(SERVICES.VoidOrder),
    correctOrder: await container.getAsync(SERVICES.CorrectOrder),
    listOrders: await container.getAsync(SERVICES.ListOrders),
    editCatalogue: await container.getAsync(SERVICES.EditCatalogue),
    requestExport: await container.getAsync(SERVICES.RequestExport),
    getExport: await container.getAsync(SERVICES.GetExport),
    verifier: verifierFor(config, overrides),
    logger,
    groups: config.groups,
    courierMaxDeliveryAgeMs: config.courierMaxDeliveryAgeMs,
  });
  return httpApiHandler(app, logger);
}
