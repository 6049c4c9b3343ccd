/**
 * What the browser tests need around the page: the local stack started as `npm start` starts it (free
 * ports, scratch .env and data), a gate in front of its API that can be closed and reopened (the API
 * going away), orders posted through the API, and Chromium.
 */
import { randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { RUN_TS_NODE_ARGS } from "../../../../tools/source-condition.mjs";

export const repositoryRoot = resolve(import.meta.dirname, "../../../..");
const localStackDir = join(repositoryRoot, "packages", "local-stack");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Python's str(datetime) for a Bogota wall-clock time (UTC-5 all year), as couriers' clients send it. */
export const bogotaWallClock = (epochMs: number) => {
  const wall = new Date(epochMs - 5 * 3_600_000).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 23)}000`;
};

/** An order as couriers' clients send it, with lines of [product id, name, unit price (a number or text), quantity]. */
export const orderPayload = (
  id: string,
  courier: [number, string],
  lines: readonly [string, string, number | string, number][],
  at: number,
) => ({
  pedido_id: id,
  repartidor: { IdRepartidor: courier[0], Nombre: courier[1] },
  productos: lines.map(([IdProducto, producto, precio, cantidad]) => ({ IdProducto, producto, precio, cantidad })),
  timestamp: bogotaWallClock(at),
});

export interface StackSettings {
  readonly API: string;
  readonly WEB_URL: string;
  readonly CLIENT_ID: string;
  readonly AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: string;
  /** The demo user (couriers' pool, password only): posts for any courier and reads the monitor, as clients do. */
  readonly USERNAME: string;
  readonly PASSWORD: string;
  /** The web app's supervisor, in the staff pool: its password, then a code of this authenticator secret. */
  readonly SUPERVISOR_USERNAME: string;
  readonly SUPERVISOR_PASSWORD: string;
  readonly SUPERVISOR_CLIENT_ID: string;
  readonly SUPERVISOR_TOTP_SECRET: string;
  /** A staff-pool supervisor with no authenticator yet: its first sign-in enrols one. */
  readonly NEW_SUPERVISOR_USERNAME: string;
  readonly NEW_SUPERVISOR_PASSWORD: string;
  readonly COURIER_USERNAME: string;
  readonly COURIER_PASSWORD: string;
  /** Posts for any courier (the courier-only user may post only its own courier's orders). */
  readonly DISPATCHER_USERNAME: string;
  readonly DISPATCHER_PASSWORD: string;
}

export interface RunningStack {
  readonly settings: StackSettings;
  readonly apiPort: number;
  output(): string;
  /** Ctrl-C, then the exit code; a no-op when it already exited. */
  stop(): Promise<number | null>;
}

function readEnv(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0 && !line.startsWith("#")) values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

/** Starts the local stack's `npm start` program on free ports with its .env and data in `scratch`. */
export async function startStack(scratch: string, env: Record<string, string> = {}): Promise<RunningStack> {
  const envFile = join(scratch, `.env-${randomUUID()}`);
  const child: ChildProcess = spawn(process.execPath, [...RUN_TS_NODE_ARGS, "src/main.ts"], {
    cwd: localStackDir,
    env: {
      ...process.env,
      PORT: "0",
      COGNITO_PORT: "0",
      DYNAMODB_PORT: "0",
      ENV_FILE: envFile,
      DATA_DIR: join(scratch, `data-${randomUUID()}`),
      LOG_LEVEL: "WARN",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    child.kill("SIGINT");
    const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timeout);
    }
  };
  const started = Date.now();
  while (!output.includes("local stack is running") || !existsSync(envFile)) {
    if (child.exitCode !== null || Date.now() - started > 150_000) {
      await stop();
      throw new Error(`local stack did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const settings = readEnv(envFile) as unknown as StackSettings;
  return { settings, apiPort: Number(new URL(settings.API).port), output: () => output, stop };
}

/**
 * A gate in front of the API: the browser talks to the gate's origin. Closing it refuses connections
 * exactly as a stopped server does; reopening listens on the same port again.
 */
export interface Gate {
  readonly origin: string;
  close(): Promise<void>;
  open(): Promise<void>;
}

export async function startGate(targetPort: number): Promise<Gate> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const open = async () => {
    const s = createServer((req, res) => {
      const upstream = httpRequest(
        { host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    s.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((done, fail) => {
      s.once("error", fail);
      s.listen(port, "127.0.0.1", () => done());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  await open();
  return {
    origin: `http://127.0.0.1:${port}`,
    open,
    close: async () => {
      const s = server;
      server = undefined;
      if (!s) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => s.close(() => done()));
    },
  };
}

/** Cognito InitiateAuth against the local sign-in endpoint, as any client does. */
async function accessToken(settings: StackSettings, username: string, password: string): Promise<string> {
  const response = await fetch(settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: settings.CLIENT_ID,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return ((await response.json()) as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult
    .AccessToken;
}

/** Posts `count` orders of random fleet couriers as the dispatcher-only user, spread over the `hoursBack` hours before now. */
export async function postOrders(
  settings: StackSettings,
  count: number,
  options: { hoursBack?: number; random?: () => number } = {},
): Promise<void> {
  const token = await accessToken(settings, settings.DISPATCHER_USERNAME, settings.DISPATCHER_PASSWORD);
  const random = options.random ?? Math.random;
  for (let i = 0; i < count; i += 1) {
    const at = Date.now() - Math.floor(random() * (options.hoursBack ?? 0) * 3_600_000);
    const order = randomOrderPayload({ id: randomUUID(), random, at });
    const response = await fetch(`${settings.API}/orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(order),
    });
    if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${await response.text()}`);
  }
}

/** Posts these order payloads as the dispatcher (who may post for any courier); each must be accepted. */
export async function postOrderPayloads(settings: StackSettings, payloads: readonly unknown[]): Promise<void> {
  const token = await accessToken(settings, settings.DISPATCHER_USERNAME, settings.DISPATCHER_PASSWORD);
  for (const payload of payloads) {
    const response = await fetch(`${settings.API}/orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${await response.text()}`);
  }
}

/**
 * A request to the API as the demo user (`.env`'s USERNAME, in `supervisors` in the couriers' pool, password only):
 * what another supervisor's tab or a script does meanwhile.
 */
export async function asDemoSupervisor(
  settings: StackSettings,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const token = await accessToken(settings, settings.USERNAME, settings.PASSWORD);
  return fetch(`${settings.API}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
}

export interface MonitorTotals {
  readonly orders: number;
  readonly units: number;
  readonly revenue: string;
}

/**
 * The monitor's report as the API gives it to a reader of the monitor: the demo user (`.env`'s USERNAME, in
 * `supervisors` in the couriers' pool), which signs in with a password alone, as clients such as script.py do.
 */
export async function monitorReport(
  settings: StackSettings,
  period = "all",
): Promise<{ totals: MonitorTotals; unlisted?: { products: { units: number } } }> {
  const token = await accessToken(settings, settings.USERNAME, settings.PASSWORD);
  const response = await fetch(`${settings.API}/monitor?period=${period}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as { totals: MonitorTotals; unlisted?: { products: { units: number } } };
}

/** The monitor's totals as the API reports them to a supervisor. */
export async function monitorTotals(settings: StackSettings, period = "all"): Promise<MonitorTotals> {
  return (await monitorReport(settings, period)).totals;
}

/** Waits until the monitor counts `orders` orders (the projector runs asynchronously). */
export async function untilMonitorCounts(
  settings: StackSettings,
  orders: number,
  timeoutMs = 10_000,
): Promise<MonitorTotals> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const totals = await monitorTotals(settings);
    if (totals.orders >= orders || Date.now() > deadline) return totals;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--disable-dev-shm-usage"] });
}

export function removeQuietly(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
