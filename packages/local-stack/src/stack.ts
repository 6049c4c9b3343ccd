import { serve, type HttpBindings, type Http2Bindings, type ServerType } from "@hono/node-server";
import type { Logger } from "@aws-lambda-powertools/logger";
import { createApp, createLocalIssuerAccessTokenVerifier } from "@cargo-express/http-hono";
import { commonModule, createLogger, portsModule, SERVICES, useCasesModule } from "@cargo-express/platform";
import { CARGO_EXPRESS_REFERENCE_DATA, REFERENCE_DATA_AUTHOR, systemClock } from "@cargo-express/domain";
import { LocalFileExports, LocalSignedExportLinks } from "@cargo-express/ledger-exports";
import { Container } from "inversify";
import type { AddressInfo } from "node:net";
import type { LocalStackConfig } from "./config.js";
import { startLocalCognito, type LocalCognito } from "./local-cognito.js";
import { repositoryRoot, type ClientSettings } from "./env-file.js";
import {
  javaAvailable,
  startDynamoDbStorage,
  startMemoryStorage,
  type InstrumentDynamoDb,
  type LocalStorage,
} from "./storage.js";
import { GROUPS, type LocalStackUser, type LocalUserCredentials, localUsers } from "./local-users.js";
import { createWebSite } from "./web-app.js";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { startLocalLiveEvents, type LocalLiveEvents } from "./local-live-events/local-live-events.js";
import type { LocalLivePublishing } from "./storage.js";
import { localExportDownloads } from "./local-export-downloads.js";
import { LocalExportWorker } from "./local-export-worker.js";

/** The namespace and channel the local projector publishes to, as on AWS (infra-pulumi/src/live-events.ts). */
const LIVE_NAMESPACE = "monitor";
const LIVE_CHANNEL = `/${LIVE_NAMESPACE}/figures`;

/** Picks the storage: DynamoDB Local when Java is there (or demanded), else in memory, saying so. */
async function startStorage(
  config: LocalStackConfig,
  logger: Logger,
  corsOrigins: readonly string[],
  live: LocalLivePublishing,
  instrument?: InstrumentDynamoDb,
): Promise<LocalStorage & { notices: string[] }> {
  const notices: string[] = [];
  let kind = config.STORAGE;
  if (kind === "auto") {
    kind = javaAvailable() ? "dynamodb" : "memory";
    if (kind === "memory")
      notices.push(
        "Java not found: using in-memory storage, data is lost on exit (install a Java 17 runtime for DynamoDB Local).",
      );
  }
  if (kind === "memory")
    return { ...startMemoryStorage({ timeZone: config.BUSINESS_TIME_ZONE, logger, live }), notices };
  const dataDir = config.DATA_DIR ?? join(repositoryRoot(), ".local-data");
  const database = await startDynamoDbStorage({
    port: config.DYNAMODB_PORT,
    dataDir,
    timeZone: config.BUSINESS_TIME_ZONE,
    logger,
    logLevel: config.LOG_LEVEL,
    corsOrigins,
    live,
    ...(instrument ? { instrument } : {}),
  });
  // DynamoDB Local has no option to listen on loopback only (it binds every interface): say so, with the remedy.
  const port = new URL(database.env.DYNAMODB_ENDPOINT ?? "http://127.0.0.1:0").port;
  notices.push(
    `DynamoDB Local listens on every network interface (it has no setting for loopback only): port ${port} is reachable from other machines on this network, with any credentials. On a shared network, block it with a firewall (for example: sudo ufw deny ${port}/tcp). Its CORS answers only ${corsOrigins.join(", ")}.`,
  );
  return { ...database, notices };
}

export { fleetUsername, type LocalStackUser } from "./local-users.js";

export interface LocalStack {
  readonly apiUrl: string;
  /** The supervisors' web app, at the API's origin. */
  readonly webUrl: string;
  readonly cognito: LocalCognito;
  /** The LOCAL stand-in for AppSync Events: the web app's live channel, which the local projector publishes to. */
  readonly live: LocalLiveEvents;
  /** The demo user, in `dispatchers` and `supervisors` (what `npm run demo` and other clients use). */
  readonly username: string;
  readonly password: string;
  /** A user in `supervisors` only, in the staff pool, enrolled with this authenticator secret: for the web app. */
  readonly supervisor: LocalUserCredentials & { readonly totpSecret: string; readonly clientId: string };
  /** A supervisor in the staff pool with no authenticator yet: its first sign-in enrols one. */
  readonly newSupervisor: LocalUserCredentials;
  /** A user in `couriers` only, bound to one fleet courier: posts that courier's orders, may not read the monitor. */
  readonly courier: LocalUserCredentials & { readonly courierId: string };
  /** A user in `dispatchers` only: posts orders for any courier, may not read the monitor. */
  readonly dispatcher: LocalUserCredentials;
  /** Every user of the local sign-in, both pools, the demo user first, then one per courier of the fleet. */
  readonly users: readonly LocalStackUser[];
  /** Where the data lives, in one line. */
  readonly storage: string;
  /** Things the user should know (e.g. "Java not found: in memory"), one line each. */
  readonly notices: readonly string[];
  /** Settings for operator tools (DynamoDB endpoint, table names), added to .env. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/** What a client needs to use this stack (the keys of `.env` that `npm run demo` reads). */
export function clientSettingsOf(stack: LocalStack): ClientSettings {
  return {
    API: stack.apiUrl,
    CLIENT_ID: stack.cognito.clientId,
    USERNAME: stack.username,
    PASSWORD: stack.password,
    AWS_REGION: stack.cognito.region,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: stack.cognito.endpoint,
  };
}

/** A page on this machine, or one served from the API's own port (HOST=0.0.0.0 lets phones on the network in). */
function isAllowedWebOrigin(origin: string, apiPort: number | undefined): boolean {
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:") return false;
    if (["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return true;
    return apiPort !== undefined && url.port === String(apiPort);
  } catch {
    return false;
  }
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** A warning when HOST lets other machines in (the API, the sign-in and the web app then answer the network). */
function hostNotices(host: string, apiPort: number, cognitoPort: string): string[] {
  if (LOOPBACK_HOSTS.has(host) || host.startsWith("127.")) return [];
  return [
    `HOST=${host}: the API (port ${apiPort}), the sign-in endpoint (port ${cognitoPort}) and the web app answer other machines on this network, not only this one. Use it on a network you trust, or allow only the phones' addresses in a firewall.`,
  ];
}

/**
 * Starts everything a laptop needs: the Cognito-compatible sign-in endpoint with a demo user in both
 * groups, a supervisor and a courier, the storage, the projector fed by the change feed, and the Hono
 * app on Node, which also serves the web app (API routes first). Every part is stopped by `stop()`.
 */
export async function startLocalStack(
  config: LocalStackConfig,
  options: { instrumentDynamoDb?: InstrumentDynamoDb } = {},
): Promise<LocalStack> {
  const logger = createLogger({ serviceName: "cargo-express-local", level: config.LOG_LEVEL });
  let apiPort: number | undefined;
  const users = localUsers(config);
  const asPoolUser = ({ username, password, groups, courierId, totpSecret }: LocalStackUser) => ({
    username,
    password,
    email: `${username}@cargo-express.local`,
    groups,
    ...(courierId === undefined ? {} : { courierId }),
    ...(totpSecret === undefined ? {} : { totpSecret }),
  });
  const cognito = await startLocalCognito({
    port: config.COGNITO_PORT,
    host: config.HOST,
    region: config.AWS_REGION,
    tokenLifetimeSeconds: config.LOCAL_TOKEN_LIFETIME_SECONDS,
    refreshTokenLifetimeSeconds: config.LOCAL_REFRESH_TOKEN_LIFETIME_SECONDS,
    // The web app signs in from the browser, so the endpoint answers CORS for it (as Amazon Cognito does).
    allowOrigin: (origin) => isAllowedWebOrigin(origin, apiPort),
    users: users.filter((user) => user.pool === "couriers").map(asPoolUser),
    staff: {
      users: users.filter((user) => user.pool === "staff").map(asPoolUser),
      tokenLifetimeSeconds: config.LOCAL_STAFF_TOKEN_LIFETIME_SECONDS,
      refreshTokenLifetimeSeconds: config.LOCAL_STAFF_REFRESH_TOKEN_LIFETIME_SECONDS,
    },
  });
  const stops: (() => Promise<void>)[] = [() => cognito.stop()];
  try {
    // Both local pools' tokens, under the same group rules, as the Lambdas accept both Cognito pools'.
    const verifier = createLocalIssuerAccessTokenVerifier({
      issuer: cognito.issuer,
      clientId: cognito.clientId,
      jwksUri: cognito.jwksUri,
      otherIssuers: [
        { issuer: cognito.staff.issuer, clientId: cognito.staff.clientId, jwksUri: cognito.staff.jwksUri },
      ],
    });
    // The projector's key for the stand-in: made for this run, never written, worthless anywhere else.
    const publisherKey = {
      accessKeyId: `LOCAL${randomBytes(8).toString("hex").toUpperCase()}`,
      secretAccessKey: randomBytes(24).toString("base64url"),
      region: config.AWS_REGION,
    };
    const live = await startLocalLiveEvents({
      port: config.LIVE_PORT,
      host: config.HOST,
      namespaces: [LIVE_NAMESPACE],
      verify: (token) => verifier.verify(token),
      subscriberGroup: GROUPS.supervisors,
      publisherKey,
    });
    stops.unshift(() => live.stop());
    // The server listens first (answering 503 until the app is built), so its port, and so the stack's own
    // origin, is known before DynamoDB Local starts with CORS for that origin only.
    let handle = async (_request: Request, _env: HttpBindings | Http2Bindings): Promise<Response> =>
      new Response("starting", { status: 503 });
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: (request, env) => handle(request, env), port: config.PORT, hostname: config.HOST }, () =>
        resolve(s),
      );
      s.once("error", reject);
    });
    stops.unshift(
      () =>
        new Promise<void>((resolve) => {
          (server as import("node:http").Server).closeAllConnections?.();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as AddressInfo;
    apiPort = port;
    const apiUrl = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${port}`;
    const ownOrigins = [...new Set([apiUrl, `http://127.0.0.1:${port}`, `http://localhost:${port}`])];

    const storage = await startStorage(
      config,
      logger,
      ownOrigins,
      { url: live.httpUrl, channel: LIVE_CHANNEL, key: publisherKey },
      options.instrumentDynamoDb,
    );
    stops.unshift(() => storage.stop());
    const { orders, monitor: projections, catalogue } = storage;
    // Exports: the LOCAL stand-ins for the export function (a worker in this process), its bucket (the data
    // folder) and S3's presigned links (HMAC-signed links this server checks; the key is drawn at each start).
    const exportFiles = new LocalFileExports(storage.exportsFolder);
    const exportLinks = new LocalSignedExportLinks({ origin: apiUrl, secret: randomBytes(32), clock: systemClock });
    let worker: LocalExportWorker | undefined;

    // The same use cases, built by the same module, as in the Lambdas; only the adapters differ.
    const container = new Container({ defaultScope: "Singleton" });
    container.load(
      commonModule({
        serviceName: "cargo-express-local",
        logLevel: config.LOG_LEVEL,
        timeZone: config.BUSINESS_TIME_ZONE,
        logger,
      }),
      portsModule({
        orders,
        ledger: storage.ledger,
        monitor: projections,
        daily: projections,
        catalogue,
        exportJobs: storage.exportJobs,
        exportFiles,
        exportLinks,
        exportDispatcher: {
          dispatch: async (job) => {
            if (worker === undefined) throw new Error("the local export worker is not started");
            await worker.dispatch(job);
          },
        },
      }),
      useCasesModule,
    );
    // Cargo Express's catalogue and fleet, where the catalogue does not know an id yet: an empty store gets all of
    // it, and an entry a supervisor edited is never overwritten.
    const seeded = await container
      .get(SERVICES.SeedCatalogue)
      .execute(CARGO_EXPRESS_REFERENCE_DATA, REFERENCE_DATA_AUTHOR);
    if (seeded.stored > 0) logger.info("catalogue seeded", { stored: seeded.stored, kept: seeded.kept });
    const exportWorker = new LocalExportWorker({
      buildExport: container.get(SERVICES.BuildExport),
      logger,
      folder: storage.exportsFolder,
    });
    worker = exportWorker;
    await exportWorker.sweep();
    stops.unshift(() => exportWorker.stop());
    const downloads = localExportDownloads({ links: exportLinks, files: exportFiles });
    const app = createApp({
      placeOrder: container.get(SERVICES.PlaceOrder),
      getOrder: container.get(SERVICES.GetOrder),
      voidOrder: container.get(SERVICES.VoidOrder),
      correctOrder: container.get(SERVICES.CorrectOrder),
      listOrders: container.get(SERVICES.ListOrders),
      getMonitorReport: container.get(SERVICES.GetMonitorReport),
      getDailySeries: container.get(SERVICES.GetDailySeries),
      getCatalogue: container.get(SERVICES.GetCatalogue),
      editCatalogue: container.get(SERVICES.EditCatalogue),
      getCatalogueHistory: container.get(SERVICES.GetCatalogueHistory),
      requestExport: container.get(SERVICES.RequestExport),
      getExport: container.get(SERVICES.GetExport),
      verifier,
      groups: GROUPS,
      logger: container.get(SERVICES.Logger),
      courierMaxDeliveryAgeMs: config.MAX_DELIVERY_AGE_DAYS,
    });
    const webSite = createWebSite({
      dir: config.WEB_DIR ?? join(repositoryRoot(), "packages", "monitor-web", "dist"),
      // Named with the host the browser used, so a page opened as localhost signs in at localhost too.
      runtimeConfig: (url) => ({
        region: cognito.region,
        // The web app's users are supervisors: it signs in to the staff pool, as the deployed config.json says.
        userPoolClientId: cognito.staff.clientId,
        cognitoEndpoint: `http://${config.HOST === "0.0.0.0" ? url.hostname : new URL(cognito.endpoint).hostname}:${new URL(cognito.endpoint).port}/`,
        apiBase: "",
        live: {
          url: `ws://${config.HOST === "0.0.0.0" ? url.hostname : new URL(live.realtimeUrl).hostname}:${new URL(live.realtimeUrl).port}/event/realtime`,
          host: live.host,
          channel: LIVE_CHANNEL,
        },
      }),
    });
    // API routes first; a GET the API has no route for may be one of the web app's files.
    // Node's request and response pass through (`env`), so the app reads bodies and headers from them directly.
    handle = async (request, env) => {
      const download = await downloads(request);
      if (download !== undefined) return download;
      const answer = await app.fetch(request, env);
      if (answer.status !== 404) return answer;
      return webSite(request) ?? answer;
    };
    return {
      apiUrl,
      webUrl: `${apiUrl}/`,
      cognito,
      live,
      username: config.LOCAL_USERNAME,
      password: config.LOCAL_PASSWORD,
      supervisor: {
        username: config.LOCAL_SUPERVISOR_USERNAME,
        password: config.LOCAL_SUPERVISOR_PASSWORD,
        totpSecret: config.LOCAL_SUPERVISOR_TOTP_SECRET,
        clientId: cognito.staff.clientId,
      },
      newSupervisor: {
        username: config.LOCAL_NEW_SUPERVISOR_USERNAME,
        password: config.LOCAL_NEW_SUPERVISOR_PASSWORD,
      },
      courier: {
        username: config.LOCAL_COURIER_USERNAME,
        password: config.LOCAL_COURIER_PASSWORD,
        courierId: config.LOCAL_COURIER_ID,
      },
      dispatcher: { username: config.LOCAL_DISPATCHER_USERNAME, password: config.LOCAL_DISPATCHER_PASSWORD },
      users,
      storage: storage.description,
      notices: [...hostNotices(config.HOST, port, new URL(cognito.endpoint).port), ...storage.notices],
      env: storage.env,
      stop: async () => {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}
