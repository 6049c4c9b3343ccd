/**
 * One server of the request-path bench, run in its own process (started by request-path.ts):
 *
 *   --mode app       the whole API in memory, as the local stack serves it (in-memory stores, the in-process
 *                    change feed and projector, a real RS256 issuer on loopback verified by aws-jwt-verify,
 *                    @hono/node-server), with the monitor seeded by --seed orders from the fleet.
 *   --mode ceiling   a bare node:http server doing the same JSON work: POST /orders reads the body, JSON.parse,
 *                    builds the order answer and JSON.stringify; GET /monitor JSON.stringify the same report
 *                    the app answered (read from --report). No auth, no validation, no store: the ceiling.
 *
 * Prints one JSON line on stdout when listening: { port, courierToken?, supervisorToken?, courierId? }.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "app" },
    seed: { type: "string", default: "4000" },
    report: { type: "string" },
  },
});

// Exit cleanly on SIGINT so that --cpu-prof writes its profile.
process.on("SIGINT", () => process.exit(0));

const announce = (server: { address(): AddressInfo | string | null }, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, ...extra })}\n`);

if (values.mode === "ceiling") {
  const report = values.report ? readFileSync(values.report, "utf8") : "{}";
  const reportObject = JSON.parse(report) as unknown;
  const cents = (precio: number) => Math.round(precio * 100);
  const money = (c: number) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, "0")}`;
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "POST" && req.url === "/orders") {
      const body = JSON.parse(await readBody(req)) as {
        pedido_id: string;
        repartidor: { IdRepartidor: number; Nombre: string };
        productos: { IdProducto: string; producto: string; precio: number }[];
        timestamp: string;
      };
      const lines = body.productos.map((p) => ({
        productId: p.IdProducto,
        productName: p.producto,
        unitPrice: money(cents(p.precio)),
        unitPriceCents: cents(p.precio),
        quantity: 1,
        lineTotal: money(cents(p.precio)),
        lineTotalCents: cents(p.precio),
      }));
      const total = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
      const answer = JSON.stringify({
        id: body.pedido_id,
        courier: { id: String(body.repartidor.IdRepartidor), name: body.repartidor.Nombre },
        lines,
        total: money(total),
        totalCents: total,
        units: lines.length,
        deliveredAt: body.timestamp,
        receivedAt: new Date().toISOString(),
      });
      res.writeHead(201, {
        "content-type": "application/json",
        location: `/orders/${encodeURIComponent(body.pedido_id)}`,
      });
      res.end(answer);
      return;
    }
    if (req.method === "GET" && req.url?.startsWith("/monitor")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(reportObject));
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => announce(server));
} else {
  const { serve } = await import("@hono/node-server");
  const { InMemoryCatalogueStore, InMemoryOrderChangeFeed, InMemoryOrderRepository, InMemoryProjectionStore } =
    await import("@cargo-express/adapters-memory");
  const {
    ApplyOrderChanges,
    EditCatalogue,
    GetCatalogue,
    GetCatalogueHistory,
    GetDailySeries,
    GetMonitorReport,
    GetOrder,
    ListOrders,
    PlaceOrder,
    systemClock,
    DEFAULT_BUSINESS_TIME_ZONE,
  } = await import("@cargo-express/domain");
  const { fleet, randomOrderPayload } = await import("@cargo-express/testkit/catalogue");
  const { commandFrom } = await import("@cargo-express/testkit");
  const { createApp, createLocalIssuerAccessTokenVerifier, createLogger } = await import("../src/index.js");

  // A Cognito-compatible issuer on loopback: an RSA key, its JWKS served over HTTP, tokens signed here.
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = {
    ...(publicKey.export({ format: "jwk" }) as Record<string, string>),
    kid: "bench",
    alg: "RS256",
    use: "sig",
  };
  const jwksServer = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/bench_pool`;
  const clientId = "bench-client";
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const tokenFor = (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: "RS256", typ: "JWT", kid: "bench" })}.${b64({
      sub: randomUUID(),
      iss: issuer,
      client_id: clientId,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      auth_time: now,
      iat: now,
      exp: now + 3600,
      jti: randomUUID(),
      username: "bench",
      ...claims,
    })}`;
    return `${input}.${sign("RSA-SHA256", Buffer.from(input), privateKey).toString("base64url")}`;
  };

  const timeZone = DEFAULT_BUSINESS_TIME_ZONE;
  const orders = new InMemoryOrderRepository();
  const projections = new InMemoryProjectionStore();
  const feed = new InMemoryOrderChangeFeed(orders);
  const projector = new ApplyOrderChanges({ store: projections, timeZone });
  const placeOrder = new PlaceOrder({ orders, clock: systemClock, timeZone });
  const logger = createLogger({ serviceName: "bench", level: "SILENT" });
  const catalogue = new InMemoryCatalogueStore();
  const app = createApp({
    getCatalogue: new GetCatalogue({ catalogue }),
    editCatalogue: new EditCatalogue({ catalogue, clock: systemClock }),
    getCatalogueHistory: new GetCatalogueHistory({ catalogue }),
    placeOrder,
    getOrder: new GetOrder({ orders }),
    listOrders: new ListOrders({ ledger: orders, timeZone }),
    getMonitorReport: new GetMonitorReport({ queries: projections, catalogue, clock: systemClock, timeZone }),
    getDailySeries: new GetDailySeries({ daily: projections, timeZone }),
    verifier: createLocalIssuerAccessTokenVerifier({ issuer, clientId }),
    groups: { couriers: "couriers", supervisors: "supervisors", dispatchers: "dispatchers" },
    logger,
  });

  // The monitor as after a busy day: --seed orders over the last 20 hours, the whole fleet and catalogue.
  const seed = Number(values.seed);
  let state = 42;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const now = Date.now();
  for (let i = 0; i < seed; i += 1) {
    const placed = await placeOrder.execute(
      commandFrom(randomOrderPayload({ id: `seed-${i}`, random, at: now - Math.floor(random() * 20 * 3600_000) })),
    );
    if (!placed.ok) throw new Error(`seeding failed: ${JSON.stringify(placed.error)}`);
  }
  await feed.drain((batch) => projector.execute(batch).then(() => undefined));
  // From here on, as the local stack does: the projector follows the feed.
  feed.subscribe(
    async (batch) => {
      await projector.execute(batch);
    },
    (error) => process.stderr.write(`projector batch failed: ${String(error)}\n`),
  );

  const courier = fleet[0]!;
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
    announce(server, {
      courierId: courier.IdRepartidor,
      courierName: courier.Nombre,
      courierToken: tokenFor({ "cognito:groups": ["couriers"], "custom:courier_id": String(courier.IdRepartidor) }),
      supervisorToken: tokenFor({ "cognito:groups": ["supervisors"] }),
    }),
  );
}
