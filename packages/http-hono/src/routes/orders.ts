import { type GetOrder, type PlaceOrder, revisionTag } from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import { getOrderRoute, legacyPlaceOrderRoute, placeOrderRoute } from "../contract/routes.js";
import { problemFromDomain, problemResponse } from "../http/problem.js";
import { validationProblem } from "../http/validation.js";
import { presentLegacyOrderAccepted, presentOrder, presentOrderRecord } from "../presenters/order.js";
import { placeOrderFromRequest } from "./place-order-from-request.js";

export interface OrderRoutesDependencies {
  readonly placeOrder: PlaceOrder;
  readonly getOrder: GetOrder;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
  readonly bodyLimitBytes: number;
  /** How long before receipt a courier may date a delivery, ms. */
  readonly courierMaxDeliveryAgeMs: number;
}

/** POST /orders, GET /orders/{id} and the existing client's POST /order/registrar_pedido_entregado. */
export function orderRoutes(deps: OrderRoutesDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  // Couriers post for themselves (checked against the body in placeOrderFromRequest); dispatchers for anyone.
  const poster = requireGroup(deps.verifier, deps.groups, "couriers", "dispatchers");
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");

  app.openapi({ ...placeOrderRoute, middleware: [poster] }, async (c) => {
    const placed = await placeOrderFromRequest(c.req.raw, deps.placeOrder, deps.bodyLimitBytes, {
      identity: c.get("identity"),
      groups: deps.groups,
      notePersonalData: (values) => c.set("personalData", values),
      incoming: c.env?.incoming,
      courierMaxDeliveryAgeMs: deps.courierMaxDeliveryAgeMs,
    });
    if (!placed.ok) return problemResponse(c, placed.error);
    const { order, state, created } = placed.value;
    if (!created) return c.json(presentOrder(order, state), 200);
    return c.json(presentOrder(order, state), 201, { location: `/orders/${encodeURIComponent(order.id)}` });
  });

  app.openapi({ ...getOrderRoute, middleware: [supervisor] }, async (c) => {
    const found = await deps.getOrder.execute(c.req.valid("param").id);
    if (!found.ok) return problemResponse(c, problemFromDomain(found.error));
    const stored = found.value;
    return c.json(presentOrderRecord(stored), 200, { etag: revisionTag(stored.order.id, stored.revision) });
  });

  app.openapi({ ...legacyPlaceOrderRoute, middleware: [poster] }, async (c) => {
    const placed = await placeOrderFromRequest(c.req.raw, deps.placeOrder, deps.bodyLimitBytes, {
      identity: c.get("identity"),
      groups: deps.groups,
      notePersonalData: (values) => c.set("personalData", values),
      incoming: c.env?.incoming,
      courierMaxDeliveryAgeMs: deps.courierMaxDeliveryAgeMs,
    });
    if (!placed.ok) return problemResponse(c, placed.error);
    return c.json(presentLegacyOrderAccepted(placed.value.order), 200);
  });
  return app;
}
