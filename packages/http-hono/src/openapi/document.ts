import { MonitorQuerySchema, OrderPayloadSchema } from "@cargo-express/domain";
import * as z from "zod";
import {
  CourierStatsResponseSchema,
  HealthSchema,
  LegacyOrderAcceptedSchema,
  MonitorReportResponseSchema,
  OrderLineResponseSchema,
  OrderResponseSchema,
  ProblemSchema,
  ProductStatsResponseSchema,
  ValidationIssueSchema,
} from "../contract/schemas.js";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemTypeUri, type ProblemKind } from "../http/problem.js";

type JsonObject = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Every schema of the contract, by component name. Generated from the zod schemas, never written by hand. */
function componentSchemas(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const components = {
    OrderPayload: OrderPayloadSchema,
    Order: OrderResponseSchema,
    OrderLine: OrderLineResponseSchema,
    LegacyOrderAccepted: LegacyOrderAcceptedSchema,
    MonitorReport: MonitorReportResponseSchema,
    ProductStats: ProductStatsResponseSchema,
    CourierStats: CourierStatsResponseSchema,
    Problem: ProblemSchema,
    ValidationIssue: ValidationIssueSchema,
    Health: HealthSchema,
  };
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  const unnamed = Object.keys(schemas).filter((id) => !(id in components));
  if (unnamed.length > 0) throw new Error(`schemas with an id but no component: ${unnamed.join(", ")}`);
  // Each component lives inside the OpenAPI document, whose dialect is already 2020-12.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as JsonObject]),
  );
}

function queryParameters(): JsonObject[] {
  const schema = z.toJSONSchema(MonitorQuerySchema, { target: "draft-2020-12", io: "input" }) as {
    properties: Record<string, JsonObject>;
  };
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: false, description, schema: rest };
  });
}

/** Conditional polling of the monitor: the report's weak ETag (generatedAt left out), 304 when unchanged. */
const ifNoneMatchParameter: JsonObject = {
  name: "If-None-Match",
  in: "header",
  required: false,
  description: "The ETag of the report the client holds: an unchanged report is answered 304 with no body",
  schema: { type: "string" },
};
const etagHeaders: JsonObject = {
  ETag: { description: "Weak validator of the report's content (generatedAt left out)", schema: { type: "string" } },
  "Cache-Control": {
    description: "private, no-cache: revalidate on every use, never in a shared cache",
    schema: { type: "string" },
  },
};
const notModified = { description: "Not modified: the report is the one named by If-None-Match", headers: etagHeaders };

function orderIdParameter(): JsonObject {
  const { $schema: _s, ...schema } = z.toJSONSchema(OrderPayloadSchema.shape.pedido_id, {
    target: "draft-2020-12",
    io: "input",
  });
  return { name: "id", in: "path", required: true, description: "The order id (pedido_id)", schema };
}

const problem = (...kinds: ProblemKind[]) => ({
  description: kinds.map((kind) => `${PROBLEM_TYPES[kind].title} (${problemTypeUri(kind)})`).join("; "),
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ref("Problem") } },
});

const json = (description: string, schemaId: string, headers?: JsonObject) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: ref(schemaId) } },
});

/** The answers every signed-in route can give besides its own. */
const signedInProblems = {
  "401": {
    ...problem("unauthenticated"),
    headers: { "WWW-Authenticate": { schema: { type: "string" }, description: "Bearer challenge" } },
  },
  "403": problem("forbidden"),
  "405": { ...problem("method-not-allowed"), headers: { Allow: { schema: { type: "string" } } } },
  "500": problem("internal"),
  "503": {
    ...problem("dependency-unavailable"),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } },
  },
};

const orderBody = {
  required: true,
  description: "Exactly what couriers' clients send today (Spanish field names). At most 64 KiB.",
  content: { "application/json": { schema: ref("OrderPayload") } },
};

const postOrderProblems = {
  "400": problem("invalid-input", "malformed-json"),
  "409": problem("conflict"),
  "413": problem("payload-too-large"),
  "415": problem("unsupported-media-type"),
};

const courierOnly =
  "Needs a Cognito access token of a user in the couriers group, for the courier named by the token's custom:courier_id only (403 courier-mismatch otherwise), or in the dispatchers group, for any courier.";
const supervisorOnly = "Needs a Cognito access token of a user in the supervisors group.";

const problemCatalogue = (Object.keys(PROBLEM_TYPES) as ProblemKind[])
  .map((kind) => `- \`${problemTypeUri(kind)}\`: ${PROBLEM_TYPES[kind].status} ${PROBLEM_TYPES[kind].title}`)
  .join("\n");

const DESCRIPTION = `Couriers report delivered orders; supervisors read near-real-time metrics.

**Money** is exact: every amount appears twice, side by side, as a decimal string with two places
(\`"total": "10.50"\`) and as integer cents (\`"totalCents": 1050\`). Prices in requests may be JSON numbers
with at most two decimals (\`8.5\`) or decimal strings (\`"8.50"\`). Prices are judged on the exact text sent
(\`8.499999999999999999\` is refused although a float would round it to 8.5; \`8.50000\` is accepted); a unit
price is at most 10,000.00 and an order's total at most 100,000.00 (deployment defaults).

**Limits on what is sent**: a delivery \`timestamp\` may be at most 5 minutes after the order is received; names
(\`Nombre\`, \`producto\`) are NFC-normalised, 1-120 characters (code points) and at most 256 bytes of UTF-8, and may not
hold control characters, invisible format characters (bidi overrides, zero-width spaces, byte order marks) or
unpaired surrogates. Each is a 400 naming the field.

**Sign-in**: Amazon Cognito access tokens (\`Authorization: Bearer <AccessToken>\`). Group \`couriers\` may post
orders for its own courier only (the token's \`custom:courier_id\`; another courier's order is a 403
\`courier-mismatch\`); group \`dispatchers\` may post orders for any courier; group \`supervisors\` may read orders
and the monitor; a user in several groups may do what each allows (group names are configurable per deployment).

**Errors** are RFC 9457 \`application/problem+json\` documents. A 400 for invalid input lists every invalid field in
\`errors\` (\`[{ "path": "productos[1].precio", "message": "..." }]\`). Problem types:

${problemCatalogue}`;

function buildDocument(): JsonObject {
  return {
    openapi: "3.1.0",
    info: { title: "Cargo Express orders API", version: "1.0.0", description: DESCRIPTION },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: [
      { name: "orders", description: "Delivered orders" },
      { name: "monitor", description: "Metrics for supervisors" },
      { name: "legacy", description: "Routes the existing courier client calls, kept working" },
      { name: "meta", description: "Health and documentation (no sign-in)" },
    ],
    paths: {
      "/orders": {
        post: {
          operationId: "placeOrder",
          tags: ["orders"],
          summary: "Record a delivered order",
          description: `${courierOnly} Idempotent on pedido_id: the same order again answers 200 with the stored order; a different order under an existing id is 409 and changes nothing.`,
          security: [{ cognito: [] }],
          requestBody: orderBody,
          responses: {
            "201": json("Created", "Order", { Location: { schema: { type: "string" }, description: "/orders/{id}" } }),
            "200": json("The same order had already been recorded (a harmless replay); the stored order", "Order"),
            ...postOrderProblems,
            ...signedInProblems,
            "403": problem("forbidden", "courier-mismatch"),
          },
        },
      },
      "/orders/{id}": {
        get: {
          operationId: "getOrder",
          tags: ["orders"],
          summary: "Read one order",
          description: supervisorOnly,
          security: [{ cognito: [] }],
          parameters: [orderIdParameter()],
          responses: {
            "200": json("The order", "Order"),
            "400": problem("invalid-input"),
            "404": problem("not-found"),
            ...signedInProblems,
          },
        },
      },
      "/monitor": {
        get: {
          operationId: "getMonitorReport",
          tags: ["monitor"],
          summary: "Monitor report",
          description: `${supervisorOnly} Best-selling products, couriers by money generated, deliveries per hour per courier, totals.`,
          security: [{ cognito: [] }],
          parameters: [...queryParameters(), ifNoneMatchParameter],
          responses: {
            "200": json("The report", "MonitorReport", etagHeaders),
            "304": notModified,
            "400": problem("invalid-input"),
            ...signedInProblems,
          },
        },
      },
      "/order/registrar_pedido_entregado": {
        post: {
          operationId: "registerDeliveredOrderLegacy",
          tags: ["legacy"],
          summary: "Record a delivered order (existing client's route)",
          description: `${courierOnly} Same rules as POST /orders; answers 200 with { oder_id, order_id, timestamp } (oder_id is the historical key the client reads).`,
          security: [{ cognito: [] }],
          requestBody: orderBody,
          responses: {
            "200": json("Recorded (or already recorded: same answer)", "LegacyOrderAccepted"),
            ...postOrderProblems,
            ...signedInProblems,
            "403": problem("forbidden", "courier-mismatch"),
          },
        },
      },
      "/monitor/status": {
        get: {
          operationId: "getMonitorStatusLegacy",
          tags: ["legacy"],
          summary: "Monitor report (existing client's route)",
          description: `${supervisorOnly} The same report as GET /monitor; 404 when no order has been recorded yet, with the member \`"error": "No orders registered"\` the existing client reads.`,
          security: [{ cognito: [] }],
          parameters: [...queryParameters(), ifNoneMatchParameter],
          responses: {
            "200": json("The report", "MonitorReport", etagHeaders),
            "304": notModified,
            "400": problem("invalid-input"),
            "404": problem("not-found"),
            ...signedInProblems,
          },
        },
      },
      "/health": {
        get: { operationId: "health", tags: ["meta"], summary: "Liveness", responses: { "200": json("Up", "Health") } },
      },
      "/openapi.json": {
        get: {
          operationId: "openApi",
          tags: ["meta"],
          summary: "This document",
          responses: {
            "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } },
          },
        },
      },
      "/docs": {
        get: {
          operationId: "docs",
          tags: ["meta"],
          summary: "Human-readable API documentation",
          responses: { "200": { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } } },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        cognito: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "Amazon Cognito access token (InitiateAuth USER_PASSWORD_AUTH → AuthenticationResult.AccessToken)",
        },
      },
    },
  };
}

let cached: JsonObject | undefined;

/** The OpenAPI 3.1 document of the whole API (built once per process). */
export function openApiDocument(): JsonObject {
  cached ??= buildDocument();
  return cached;
}
