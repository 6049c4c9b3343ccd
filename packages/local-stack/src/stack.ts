import { serve, type HttpBindings, type Http2Bindings, type ServerType } from "@hono/node-server";
import type { Logger } from "@aws-lambda-powertools/logger";
import { createApp, createLocalIssuerAccessTokenVerifier } from "@cargo-express/http-hono";
import { commonModule, createLogger, portsModule, SERVICES, useCasesModule } from "@cargo-express/platform";
import { fleet } from "@cargo-express/testkit/catalogue";
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
import { createWebSite } from "./web-app.js";
import { join } from "node:path";

/** Picks the storage: DynamoDB Local when Java is there (or demanded), else in memory, saying so. */
async function startStorage(
  config: LocalStackConfig,
  logger: Logger,
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
  if (kind === "memory") return { ...startMemoryStorage({ timeZone: config.BUSINESS_TIME_ZONE, logger }), notices };
  const dataDir = config.DATA_DIR ?? join(repositoryRoot(), ".local-data");
  return {
    ...(await startDynamoDbStorage({
      port: config.DYNAMODB_PORT,
      dataDir,
      timeZone: config.BUSINESS_TIME_ZONE,
      logger,
      logLevel: config.LOG_LEVEL,
      ...(instrument ? { instrument } : {}),
    })),
    notices,
  };
}

const GROUPS = { couriers: "couriers", supervisors: "supervisors", dispatchers: "dispatchers" } as const;

/** The user name of a fleet courier's local user: `repartidor-106` is courier 106. */
export const fleetUsername = (courierId: string): string => `repartidor-${courierId}`;

interface LocalUserCredentials {
  readonly username: string;
  readonly password: string;
}

/** A user of the local sign-in, as the banner lists it. */
export interface LocalStackUser extends LocalUserCredentials {
  readonly groups: readonly string[];
  /** The courier the user is bound to (`custom:courier_id`), for couriers. */
  readonly courierId?: string;
  /** Who it is for, in a few words. */
  readonly role: string;
}

export interface LocalStack {
  readonly apiUrl: string;
  /** The supervisors' web app, at the API's origin. */
  readonly webUrl: string;
  readonly cognito: LocalCognito;
  /** The demo user, in `dispatchers` and `supervisors` (what `npm run demo` and other clients use). */
  readonly username: string;
  readonly password: string;
  /** A user in `supervisors` only, for the web app. */
  readonly supervisor: LocalUserCredentials;
  /** A user in `couriers` only, bound to one fleet courier: posts that courier's orders, may not read the monitor. */
  readonly courier: LocalUserCredentials & { readonly courierId: string };
  /** A user in `dispatchers` only: posts orders for any courier, may not read the monitor. */
  readonly dispatcher: LocalUserCredentials;
  /** Every user of the local sign-in, the demo user first, then one per courier of the fleet. */
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
  const users: LocalStackUser[] = [
    {
      username: config.LOCAL_USERNAME,
      password: config.LOCAL_PASSWORD,
      groups: [GROUPS.dispatchers, GROUPS.supervisors],
      role: "demo and clients: posts for any courier, reads the monitor",
    },
    {
      username: config.LOCAL_SUPERVISOR_USERNAME,
      password: config.LOCAL_SUPERVISOR_PASSWORD,
      groups: [GROUPS.supervisors],
      role: "the web app: reads the monitor",
    },
    {
      username: config.LOCAL_COURIER_USERNAME,
      password: config.LOCAL_COURIER_PASSWORD,
      groups: [GROUPS.couriers],
      courierId: config.LOCAL_COURIER_ID,
      role: `courier ${config.LOCAL_COURIER_ID} only`,
    },
    {
      username: config.LOCAL_DISPATCHER_USERNAME,
      password: config.LOCAL_DISPATCHER_PASSWORD,
      groups: [GROUPS.dispatchers],
      role: "posts for any courier",
    },
    ...fleet.map((courier) => {
      const courierId = String(courier.IdRepartidor);
      return {
        username: fleetUsername(courierId),
        password: config.LOCAL_FLEET_PASSWORD,
        groups: [GROUPS.couriers],
        courierId,
        role: `${courier.Nombre}'s phone: courier ${courierId} only`,
      };
    }),
  ];
  const cognito = await startLocalCognito({
    port: config.COGNITO_PORT,
    host: config.HOST,
    region: config.AWS_REGION,
    tokenLifetimeSeconds: config.LOCAL_TOKEN_LIFETIME_SECONDS,
    refreshTokenLifetimeSeconds: config.LOCAL_REFRESH_TOKEN_LIFETIME_SECONDS,
    // The web app signs in from the browser, so the endpoint answers CORS for it (as Amazon Cognito does).
    allowOrigin: (origin) => isAllowedWebOrigin(origin, apiPort),
    users: users.map(({ username, password, groups, courierId }) => ({
      username,
      password,
      email: `${username}@cargo-express.local`,
      groups,
      ...(courierId === undefined ? {} : { courierId }),
    })),
  });
  const stops: (() => Promise<void>)[] = [() => cognito.stop()];
  try {
    const storage = await startStorage(config, logger, options.instrumentDynamoDb);
    stops.unshift(() => storage.stop());
    const { orders, monitor: projections } = storage;

    // The same use cases, built by the same module, as in the Lambdas; only the adapters differ.
    const container = new Container({ defaultScope: "Singleton" });
    container.load(
      commonModule({
        serviceName: "cargo-express-local",
        logLevel: config.LOG_LEVEL,
        timeZone: config.BUSINESS_TIME_ZONE,
        logger,
      }),
      portsModule({ orders, monitor: projections }),
      useCasesModule,
    );
    const app = createApp({
      placeOrder: container.get(SERVICES.PlaceOrder),
      getOrder: container.get(SERVICES.GetOrder),
      getMonitorReport: container.get(SERVICES.GetMonitorReport),
      verifier: createLocalIssuerAccessTokenVerifier({
        issuer: cognito.issuer,
        clientId: cognito.clientId,
        jwksUri: cognito.jwksUri,
      }),
      groups: GROUPS,
      logger: container.get(SERVICES.Logger),
    });
    const webSite = createWebSite({
      dir: config.WEB_DIR ?? join(repositoryRoot(), "packages", "monitor-web", "dist"),
      // Named with the host the browser used, so a page opened as localhost signs in at localhost too.
      runtimeConfig: (url) => ({
        region: cognito.region,
        userPoolClientId: cognito.clientId,
        cognitoEndpoint: `http://${config.HOST === "0.0.0.0" ? url.hostname : new URL(cognito.endpoint).hostname}:${new URL(cognito.endpoint).port}/`,
        apiBase: "",
      }),
    });
    // API routes first; a GET the API has no route for may be one of the web app's files.
    // Node's request and response pass through (`env`), so the app reads bodies and headers from them directly.
    const fetchWithWebApp = async (request: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
      const answer = await app.fetch(request, env);
      if (answer.status !== 404) return answer;
      return webSite(request) ?? answer;
    };
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: fetchWithWebApp, port: config.PORT, hostname: config.HOST }, () => resolve(s));
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
    return {
      apiUrl,
      webUrl: `${apiUrl}/`,
      cognito,
      username: config.LOCAL_USERNAME,
      password: config.LOCAL_PASSWORD,
      supervisor: { username: config.LOCAL_SUPERVISOR_USERNAME, password: config.LOCAL_SUPERVISOR_PASSWORD },
      courier: {
        username: config.LOCAL_COURIER_USERNAME,
        password: config.LOCAL_COURIER_PASSWORD,
        courierId: config.LOCAL_COURIER_ID,
      },
      dispatcher: { username: config.LOCAL_DISPATCHER_USERNAME, password: config.LOCAL_DISPATCHER_PASSWORD },
      users,
      storage: storage.description,
      notices: storage.notices,
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
