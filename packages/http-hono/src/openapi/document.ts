import { OpenAPIHono } from "@hono/zod-openapi";
import * as z from "zod";
import { DailySeriesResponseSchema } from "../contract/daily-schemas.js";
import {
  ExportAcceptedResponseSchema,
  ExportRequestInputSchema,
  ExportStatusResponseSchema,
} from "../contract/export-schemas.js";
import { OrderPayloadSchema } from "../contract/order-payload.js";
import { OrdersPageResponseSchema } from "../contract/orders-list-schemas.js";
import {
  CorrectionRequestSchema,
  OrderHistoryEntrySchema,
  OrderRecordResponseSchema,
  VoidRequestSchema,
} from "../contract/order-revision-schemas.js";
import { ROUTES } from "../contract/routes.js";
import {
  CatalogueChangeResponseSchema,
  CatalogueHistoryResponseSchema,
  CatalogueProductInputSchema,
  CatalogueProductResponseSchema,
  CatalogueResponseSchema,
  FleetCourierInputSchema,
  FleetCourierResponseSchema,
} from "../contract/catalogue-schemas.js";
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
import { PROBLEM_TYPES, problemTypeUri, type ProblemKind } from "../http/problem.js";

type JsonObject = Record<string, unknown>;

/** Every schema of the contract, by component name. Generated from the zod schemas, never written by hand. */
function componentSchemas(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const components = {
    OrderPayload: OrderPayloadSchema,
    Order: OrderResponseSchema,
    OrderLine: OrderLineResponseSchema,
    OrderRecord: OrderRecordResponseSchema,
    OrderHistoryEntry: OrderHistoryEntrySchema,
    VoidRequest: VoidRequestSchema,
    CorrectionRequest: CorrectionRequestSchema,
    OrdersPage: OrdersPageResponseSchema,
    LegacyOrderAccepted: LegacyOrderAcceptedSchema,
    MonitorReport: MonitorReportResponseSchema,
    DailySeries: DailySeriesResponseSchema,
    ProductStats: ProductStatsResponseSchema,
    CourierStats: CourierStatsResponseSchema,
    Problem: ProblemSchema,
    ValidationIssue: ValidationIssueSchema,
    Health: HealthSchema,
    Catalogue: CatalogueResponseSchema,
    CatalogueProduct: CatalogueProductResponseSchema,
    FleetCourier: FleetCourierResponseSchema,
    CatalogueProductInput: CatalogueProductInputSchema,
    FleetCourierInput: FleetCourierInputSchema,
    CatalogueChange: CatalogueChangeResponseSchema,
    CatalogueHistory: CatalogueHistoryResponseSchema,
    ExportRequest: ExportRequestInputSchema,
    ExportAccepted: ExportAcceptedResponseSchema,
    ExportStatus: ExportStatusResponseSchema,
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
and the monitor, export orders to files and edit the catalogue (products and the fleet; every signed-in role may read it); a user in several groups may do what each allows (group names are configurable per deployment).

**Errors** are RFC 9457 \`application/problem+json\` documents. A 400 for invalid input lists every invalid field in
\`errors\` (\`[{ "path": "productos[1].precio", "message": "..." }]\`). Problem types:

${problemCatalogue}`;

/**
 * The packages are UNLICENSED (npm's word for proprietary): no public licence applies to the API. SPDX names a
 * licence of one's own `LicenseRef-<name>`.
 */
const LICENSE = { name: "Proprietary: Cargo Express internal use only", identifier: "LicenseRef-Proprietary" };

/**
 * The document of the whole API, generated from the route definitions the apps serve (`contract/routes.ts`) and the
 * contract's schemas by @asteasolutions/zod-to-openapi (what @hono/zod-openapi uses). Each Lambda serves all of it
 * (the API routes /openapi.json to one of them), whichever operations that function itself answers.
 */
function buildDocument(): JsonObject {
  const generator = new OpenAPIHono();
  const registry = generator.openAPIRegistry;
  for (const [id, schema] of Object.entries(componentSchemas())) registry.registerComponent("schemas", id, schema);
  registry.registerComponent("securitySchemes", "cognito", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Amazon Cognito access token (InitiateAuth USER_PASSWORD_AUTH → AuthenticationResult.AccessToken)",
  });
  for (const route of ROUTES) registry.registerPath(route);
  const {
    openapi,
    info,
    webhooks: _none,
    components,
    ...generated
  } = generator.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Cargo Express orders API",
      version: "1.0.0",
      description: DESCRIPTION,
    },
    // Relative: the API is wherever this document was fetched from (CloudFront's address, the API's own, the local
    // stack's), so one document serves every deployment. "/" is also what a document without servers means.
    servers: [{ url: "/", description: "The address this document was fetched from" }],
    tags: [
      { name: "orders", description: "Delivered orders" },
      { name: "monitor", description: "Metrics for supervisors" },
      { name: "catalogue", description: "Cargo Express's products and fleet, edited by supervisors, with a history" },
      { name: "exports", description: "The orders of a range of days as a CSV or XLSX file, for accounting" },
      { name: "legacy", description: "Routes the existing courier client calls, kept working" },
      { name: "meta", description: "Health and documentation (no sign-in)" },
    ],
  });
  // Components are JSON Schema 2020-12 (zod's own output), which is 3.1's default dialect: said explicitly.
  const { parameters: _unused, ...usedComponents } = components ?? {};
  return {
    openapi,
    // Added here: the generator's types know 3.0's license object, without 3.1's `identifier`.
    info: { ...info, license: LICENSE },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    ...generated,
    components: usedComponents,
  };
}

let cached: JsonObject | undefined;

/** The OpenAPI 3.1 document of the whole API (built once per process). */
export function openApiDocument(): JsonObject {
  cached ??= buildDocument();
  return cached;
}
