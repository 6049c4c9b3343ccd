import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { idSchema } from "@cargo-express/domain";
import * as z from "zod";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemTypeUri, type ProblemKind } from "../http/problem.js";
import { DailySeriesQueryParamsSchema } from "./daily-query.js";
import { MonitorQueryParamsSchema } from "./monitor-query.js";
import { ListOrdersQueryParamsSchema } from "./orders-list-query.js";
import { routeOf } from "./route-table.js";

/**
 * Every operation of the API, defined once (method, path and operation id from the plain route table,
 * route-table.ts, which the deployment reads too): the apps register their handlers with these (`app.openapi(route, ...)`,
 * which also validates path parameters, query and headers with the schemas here) and the OpenAPI document is
 * generated from the same list (`openapi/document.ts`). Bodies and answers refer to the components by name; the
 * components are generated from the contract's zod schemas.
 */

/**
 * A route definition whose answers are documented by reference to the components: handlers answer with the
 * presenters (typed by the contract's response schemas) and `problemResponse`, so the answers are not typed here.
 */
const defineRoute = <const R extends RouteConfig>(
  config: R,
): Omit<R, "responses"> & { responses: RouteConfig["responses"] } => createRoute(config);

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

const problem = (...kinds: ProblemKind[]) => ({
  description: kinds.map((kind) => `${PROBLEM_TYPES[kind].title} (${problemTypeUri(kind)})`).join("; "),
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ref("Problem") } },
});

type Headers = Record<string, { description?: string; schema: { type: "string" | "integer" } }>;

const json = (description: string, schemaId: string, headers?: Headers) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: ref(schemaId) } },
});

/** Any routed path asked with a method it does not serve (`http/errors.ts`). */
const methodNotAllowed = {
  ...problem("method-not-allowed"),
  headers: { Allow: { schema: { type: "string" as const }, description: "The methods the path serves" } },
};

/** The answers every signed-in route can give besides its own. */
const signedInProblems = {
  401: {
    ...problem("unauthenticated"),
    headers: { "WWW-Authenticate": { schema: { type: "string" as const }, description: "Bearer challenge" } },
  },
  403: problem("forbidden"),
  405: methodNotAllowed,
  500: problem("internal"),
  503: {
    ...problem("dependency-unavailable"),
    headers: { "Retry-After": { schema: { type: "integer" as const }, description: "Seconds to wait" } },
  },
};

/** Conditional polling of the monitor: the report's weak ETag (generatedAt left out), 304 when unchanged. */
const ConditionalHeadersSchema = z.object({
  "If-None-Match": z
    .string()
    .optional()
    .openapi({
      param: {
        description: "The ETag of the report the client holds: an unchanged report is answered 304 with no body",
      },
    }),
});
const etagHeaders: Headers = {
  ETag: { description: "Weak validator of the report's content (generatedAt left out)", schema: { type: "string" } },
  "Cache-Control": {
    description: "private, no-cache: revalidate on every use, never in a shared cache",
    schema: { type: "string" },
  },
};
const notModified = { description: "Not modified: the report is the one named by If-None-Match", headers: etagHeaders };

const orderBody = {
  required: true,
  description: "Exactly what couriers' clients send today (Spanish field names). At most 64 KiB.",
  content: { "application/json": { schema: ref("OrderPayload") } },
};

const postOrderProblems = {
  400: problem("invalid-input", "malformed-json"),
  409: problem("conflict"),
  413: problem("payload-too-large"),
  415: problem("unsupported-media-type"),
};

const courierOnly =
  "Needs a Cognito access token of a user in the couriers group, for the courier named by the token's custom:courier_id only (403 courier-mismatch otherwise), or in the dispatchers group, for any courier. " +
  "A courier's delivery dated more than 7 days (the deployment's MAX_DELIVERY_AGE_DAYS) before receipt is a 400 invalid-input naming `timestamp` and the limit (its detail says both; `maxDeliveryAgeSeconds` gives the limit), and nothing is stored; a dispatcher may enter older deliveries, and a retry of an order already accepted is answered as before.";
const supervisorOnly = "Needs a Cognito access token of a user in the supervisors group.";
const signedIn = [{ cognito: [] }];
/** Open to anyone: an empty list of requirements, stated so (a route that states none would inherit a default). */
const noSignIn: [] = [];

/** The path parameter of GET /orders/{id}: the order id's rules, named as a reader asks for it. */
const OrderIdParamsSchema = z.object({
  id: idSchema("the order id").openapi({ param: { description: "The order id (pedido_id)" } }),
});

export const placeOrderRoute = defineRoute({
  ...routeOf("placeOrder"),
  tags: ["orders"],
  summary: "Record a delivered order",
  description: `${courierOnly} Idempotent on pedido_id: the same order as first recorded answers 200 with the order as it now is (corrected or voided since, if a supervisor did: a retry never brings an old revision back); a different order under an existing id is 409 and changes nothing.`,
  security: signedIn,
  request: { body: orderBody },
  responses: {
    201: json("Created", "Order", { Location: { schema: { type: "string" }, description: "/orders/{id}" } }),
    200: json("The same order had already been recorded (a harmless replay); the order as it now is", "Order"),
    ...postOrderProblems,
    ...signedInProblems,
    403: problem("forbidden", "courier-mismatch"),
  },
});

/** The revision a GET answered: what a correction's If-Match names. */
const orderTagHeaders: Headers = {
  ETag: { description: 'Strong validator of the order\'s revision: "<id>.r<revision>"', schema: { type: "string" } },
};

export const getOrderRoute = defineRoute({
  ...routeOf("getOrder"),
  tags: ["orders"],
  summary: "Read one order, with its status and history",
  description: `${supervisorOnly} The current revision; voided orders too.`,
  security: signedIn,
  request: { params: OrderIdParamsSchema },
  responses: {
    200: json("The order", "OrderRecord", orderTagHeaders),
    400: problem("invalid-input"),
    404: problem("not-found"),
    ...signedInProblems,
  },
});

const changeProblems = {
  400: problem("invalid-input", "malformed-json"),
  404: problem("not-found"),
  409: problem("conflict"),
  413: problem("payload-too-large"),
  415: problem("unsupported-media-type"),
  ...signedInProblems,
};

const IfMatchHeadersSchema = z.object({
  "If-Match": z
    .string()
    .optional()
    .openapi({
      param: {
        description:
          'The ETag of GET /orders/{id} (`"<id>.r<n>"`): the change applies only if the order is still at that revision (412 otherwise, even when the order was voided since). `*` matches any revision. Without it, the change applies to the current revision. A list naming several revisions of the order is a 400 naming If-Match',
      },
    }),
});

export const voidOrderRoute = defineRoute({
  ...routeOf("voidOrder"),
  tags: ["orders"],
  summary: "Void an order",
  description: `${supervisorOnly} The order stops counting in every figure; its lines stay on record and its history says who voided it, when and why. Without If-Match, voiding a voided order answers the same 200 and changes nothing. With If-Match (the ETag of the revision the supervisor read), a void of a revision that is no longer current is a 412, checked first: the order was corrected since (the void would not be of what was read) or voided since by someone else (the second reason would not be recorded). 409 only when its history is full (50 entries).`,
  security: signedIn,
  request: {
    params: OrderIdParamsSchema,
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { "application/json": { schema: ref("VoidRequest") } } },
  },
  responses: {
    200: json("The order as it now is (voided)", "OrderRecord", orderTagHeaders),
    ...changeProblems,
    412: problem("precondition-failed"),
  },
});

export const correctOrderRoute = defineRoute({
  ...routeOf("correctOrder"),
  tags: ["orders"],
  summary: "Correct an order",
  description: `${supervisorOnly} The order's new content replaces lines, courier and delivery time at the next revision (the receipt time is kept); every figure follows. The content passes every rule of a new order; its pedido_id must be the path's (400 naming order.pedido_id). A correction identical to the current content changes nothing (200, same revision). A voided order cannot be corrected (409); nor can an order whose history holds 49 entries (409: it can still be voided).`,
  security: signedIn,
  request: {
    params: OrderIdParamsSchema,
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { "application/json": { schema: ref("CorrectionRequest") } } },
  },
  responses: {
    200: json("The order at its new revision", "OrderRecord", orderTagHeaders),
    ...changeProblems,
    412: problem("precondition-failed"),
  },
});

export const listOrdersRoute = defineRoute({
  ...routeOf("listOrders"),
  tags: ["orders"],
  summary: "List the orders delivered on a range of business days",
  description: `${supervisorOnly} Newest delivery first, voided orders too, each order with its status and revision (GET /orders/{id} adds its history); from and to are business days (inclusive, at most 31), optionally one courier's or one product's orders. Pages follow nextCursor; a cursor is only valid with the query that gave it out (any other, or an altered one, is a 400). An impossible date is a 400 naming the field.`,
  security: signedIn,
  request: { query: ListOrdersQueryParamsSchema },
  responses: {
    200: json("A page of orders", "OrdersPage"),
    400: problem("invalid-input"),
    ...signedInProblems,
  },
});

export const monitorRoute = defineRoute({
  ...routeOf("getMonitorReport"),
  tags: ["monitor"],
  summary: "Monitor report",
  description: `${supervisorOnly} Best-selling products, couriers by money generated, deliveries per hour per courier, totals.`,
  security: signedIn,
  request: { query: MonitorQueryParamsSchema, headers: ConditionalHeadersSchema },
  responses: {
    200: json("The report", "MonitorReport", etagHeaders),
    304: notModified,
    400: problem("invalid-input"),
    ...signedInProblems,
  },
});

export const dailySeriesRoute = defineRoute({
  ...routeOf("getDailySeries"),
  tags: ["monitor"],
  summary: "Orders, units and money per business day",
  description: `${supervisorOnly} Every day from \`from\` to \`to\` (inclusive, at most 400 days), days without orders as zeros, from the same figures as the monitor. An impossible date is a 400 naming the field.`,
  security: signedIn,
  request: { query: DailySeriesQueryParamsSchema },
  responses: {
    200: json("The series", "DailySeries"),
    400: problem("invalid-input"),
    ...signedInProblems,
  },
});

export const legacyPlaceOrderRoute = defineRoute({
  ...routeOf("registerDeliveredOrderLegacy"),
  tags: ["legacy"],
  summary: "Record a delivered order (existing client's route)",
  description: `${courierOnly} Same rules as POST /orders; answers 200 with { oder_id, order_id, timestamp } (oder_id is the historical key the client reads).`,
  security: signedIn,
  request: { body: orderBody },
  responses: {
    200: json("Recorded (or already recorded: same answer)", "LegacyOrderAccepted"),
    ...postOrderProblems,
    ...signedInProblems,
    403: problem("forbidden", "courier-mismatch"),
  },
});

export const legacyMonitorRoute = defineRoute({
  ...routeOf("getMonitorStatusLegacy"),
  tags: ["legacy"],
  summary: "Monitor report (existing client's route)",
  description: `${supervisorOnly} The same report as GET /monitor; 404 when no order has been recorded yet, with the member \`"error": "No orders registered"\` the existing client reads.`,
  security: signedIn,
  request: { query: MonitorQueryParamsSchema, headers: ConditionalHeadersSchema },
  responses: {
    200: json("The report", "MonitorReport", etagHeaders),
    304: notModified,
    400: problem("invalid-input"),
    404: problem("not-found"),
    ...signedInProblems,
  },
});

export const healthRoute = defineRoute({
  ...routeOf("health"),
  tags: ["meta"],
  summary: "Liveness",
  security: noSignIn,
  responses: { 200: json("Up", "Health"), 405: methodNotAllowed },
});

export const openApiRoute = defineRoute({
  ...routeOf("openApi"),
  tags: ["meta"],
  summary: "This document",
  security: noSignIn,
  responses: {
    200: { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } },
    405: methodNotAllowed,
  },
});

export const docsRoute = defineRoute({
  ...routeOf("docs"),
  tags: ["meta"],
  summary: "Human-readable API documentation",
  security: noSignIn,
  responses: {
    200: { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } },
    405: methodNotAllowed,
  },
});

const catalogueReaders =
  "Needs a Cognito access token of a user in the couriers, dispatchers or supervisors group (phones may show the list).";

/** The id in a catalogue path; judged by the use case (400 naming `id`), described here. */
const CatalogueIdParamsSchema = (what: string) =>
  z.object({ id: z.string().openapi({ param: { description: what } }) });

const putEntryAnswers = (schemaId: string) => ({
  201: json("Created (recorded in the history)", schemaId),
  200: json(
    "Replaced (recorded in the history), or unchanged when the content was identical (nothing recorded)",
    schemaId,
  ),
  400: problem("invalid-input", "malformed-json"),
  413: problem("payload-too-large"),
  415: problem("unsupported-media-type"),
  ...signedInProblems,
});

export const getCatalogRoute = defineRoute({
  ...routeOf("getCatalog"),
  tags: ["catalogue"],
  summary: "The catalogue and the fleet",
  description: `${catalogueReaders} Every product (with its reference price) and every courier of the fleet, active or not.`,
  security: signedIn,
  responses: { 200: json("The catalogue", "Catalogue"), ...signedInProblems },
});

export const putCatalogProductRoute = defineRoute({
  ...routeOf("putCatalogProduct"),
  tags: ["catalogue"],
  summary: "Create or replace a product",
  description: `${supervisorOnly} The id is a product id's rules (1-64 letters, digits and . _ : -). Every change is recorded (who, when, before, after); on a refusal nothing changes.`,
  security: signedIn,
  request: {
    params: CatalogueIdParamsSchema("The product id (IdProducto)"),
    body: { required: true, content: { "application/json": { schema: ref("CatalogueProductInput") } } },
  },
  responses: putEntryAnswers("CatalogueProduct"),
});

export const putCatalogCourierRoute = defineRoute({
  ...routeOf("putCatalogCourier"),
  tags: ["catalogue"],
  summary: "Create or replace a courier of the fleet",
  description: `${supervisorOnly} The id is digits (IdRepartidor; \`0106\` is \`106\`). Every change is recorded (who, when, before, after); on a refusal nothing changes.`,
  security: signedIn,
  request: {
    params: CatalogueIdParamsSchema("The courier id (IdRepartidor)"),
    body: { required: true, content: { "application/json": { schema: ref("FleetCourierInput") } } },
  },
  responses: putEntryAnswers("FleetCourier"),
});

const HistoryQueryParamsSchema = z.object({
  limit: z
    .string()
    .optional()
    .openapi({ param: { description: "How many changes (1-100, default 50)" } }),
  before: z
    .string()
    .optional()
    .openapi({ param: { description: "The `nextBefore` of the previous page: only older changes" } }),
});

export const getCatalogHistoryRoute = defineRoute({
  ...routeOf("getCatalogHistory"),
  tags: ["catalogue"],
  summary: "The catalogue's recorded changes",
  description: `${supervisorOnly} Newest first, a page at a time.`,
  security: signedIn,
  request: { query: HistoryQueryParamsSchema },
  responses: { 200: json("A page of changes", "CatalogueHistory"), 400: problem("invalid-input"), ...signedInProblems },
});

/** Every operation, in the order the document lists them. */
const ExportIdParamsSchema = z.object({
  id: z.string().openapi({ param: { description: "The export's id (POST /exports answered it)" } }),
});

export const requestExportRoute = defineRoute({
  ...routeOf("requestExport"),
  tags: ["exports"],
  summary: "Export the orders of a range of business days (CSV or XLSX)",
  description: `${supervisorOnly} One row per order line (pedido_id, entregado, repartidor_id, repartidor, producto_id, producto, cantidad, precio_unitario, total_linea, estado), newest delivery first; voided orders are left out, so the sums equal the monitor's figures for the same days. The file is written off the request path: follow GET /exports/{id} (the Location header) until it is ready. from and to are business days, inclusive, at most 366 days; each wrong field is named (400).`,
  security: signedIn,
  request: {
    body: { required: true, content: { "application/json": { schema: ref("ExportRequest") } } },
  },
  responses: {
    202: json("Asked for: the job and where to follow it", "ExportAccepted", {
      Location: { schema: { type: "string" }, description: "/exports/{id}" },
    }),
    400: problem("invalid-input", "malformed-json"),
    413: problem("payload-too-large"),
    415: problem("unsupported-media-type"),
    ...signedInProblems,
  },
});

export const getExportRoute = defineRoute({
  ...routeOf("getExport"),
  tags: ["exports"],
  summary: "Follow an export; once ready, a short-lived download link",
  description: `${supervisorOnly} Only the supervisor who asked for the export sees it (404 to anyone else, as for an unknown id); a day after it was asked for, the export and its file are gone (404). Every read of a ready export gives a fresh link, valid at most 15 minutes, that downloads the file without a bearer token.`,
  security: signedIn,
  request: { params: ExportIdParamsSchema },
  responses: {
    200: json("The export", "ExportStatus"),
    404: problem("not-found"),
    ...signedInProblems,
  },
});

export const ROUTES = [
  placeOrderRoute,
  getOrderRoute,
  voidOrderRoute,
  correctOrderRoute,
  listOrdersRoute,
  monitorRoute,
  dailySeriesRoute,
  legacyPlaceOrderRoute,
  legacyMonitorRoute,
  getCatalogRoute,
  putCatalogProductRoute,
  putCatalogCourierRoute,
  getCatalogHistoryRoute,
  requestExportRoute,
  getExportRoute,
  healthRoute,
  openApiRoute,
  docsRoute,
] as const;
