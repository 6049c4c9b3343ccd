import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoSettingsSchema, randomOrder, runDemo, type DemoSettings } from "../src/demo.js";
import { readEnvFile } from "../src/env-file.js";
import { RUN_TS_NODE_ARGS } from "../../../tools/source-condition.mjs";
import { authenticatorCode } from "./support/authenticator.js";

const packageDir = resolve(import.meta.dirname, "..");

interface RunningStack {
  readonly child: ChildProcess;
  readonly settings: DemoSettings;
  output(): string;
  /** Ctrl-C, then the exit code. */
  interrupt(): Promise<number | null>;
}

/** Starts `npm start`'s program exactly as a user would, but on free ports, with its .env and data in a scratch folder. */
async function startStack(scratch: string, env: Record<string, string> = {}): Promise<RunningStack> {
  const envFile = join(scratch, ".env");
  rmSync(envFile, { force: true });
  const child = spawn(process.execPath, [...RUN_TS_NODE_ARGS, "src/main.ts"], {
    cwd: packageDir,
    env: {
      ...process.env,
      PORT: "0",
      COGNITO_PORT: "0",
      DYNAMODB_PORT: "0",
      ENV_FILE: envFile,
      DATA_DIR: join(scratch, "data"),
      LOG_LEVEL: "WARN",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const started = Date.now();
  while (!output.includes("local stack is running")) {
    if (child.exitCode !== null || Date.now() - started > 90_000) {
      child.kill("SIGTERM");
      throw new Error(`local stack did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    settings: DemoSettingsSchema.parse(readEnvFile(envFile)),
    output: () => output,
    interrupt: () => {
      const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
      child.kill("SIGINT");
      return exited;
    },
  };
}

let stack: RunningStack;
let settings: DemoSettings;
let scratch: string;
const started: RunningStack[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "cargo-express-e2e-"));
  stack = await startStack(scratch);
  started.push(stack);
  settings = stack.settings;
}, 120_000);

afterAll(async () => {
  // Whatever a failed test left running is killed; DynamoDB Local is a child of the stack.
  for (const s of started) if (s.child.exitCode === null) await s.interrupt();
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

const auth = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

async function signInWithSdk(target: DemoSettings = settings, totpSecret?: string): Promise<string> {
  // The variable both AWS SDKs honour for a custom Cognito endpoint; no credentials are needed to sign in.
  const previous = process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
  process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = target.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
  const client = new CognitoIdentityProviderClient({ region: target.AWS_REGION });
  try {
    const result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: target.CLIENT_ID,
        AuthParameters: { USERNAME: target.USERNAME, PASSWORD: target.PASSWORD },
      }),
    );
    if (totpSecret === undefined) return result.AuthenticationResult!.AccessToken!;
    const answered = await client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        ClientId: target.CLIENT_ID,
        Session: result.Session!,
        ChallengeResponses: { USERNAME: target.USERNAME, SOFTWARE_TOKEN_MFA_CODE: authenticatorCode(totpSecret) },
      }),
    );
    return answered.AuthenticationResult!.AccessToken!;
  } finally {
    client.destroy();
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
    else process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = previous;
  }
}

/**
 * boto3 from Debian's python3-boto3 (installed by .ci/run when missing). Run without blocking the event
 * loop: a blocked loop cannot see the API close an idle keep-alive connection, and the next fetch then
 * fails on that dead socket ("other side closed").
 */
async function signInWithBoto3(): Promise<string> {
  const program = [
    "import boto3, os",
    "c = boto3.client('cognito-idp', region_name=os.environ['AWS_REGION'], endpoint_url=os.environ['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'])",
    "r = c.initiate_auth(AuthFlow='USER_PASSWORD_AUTH', ClientId=os.environ['CLIENT_ID'], AuthParameters={'USERNAME': os.environ['USERNAME'], 'PASSWORD': os.environ['PASSWORD']})",
    "print(r['AuthenticationResult']['AccessToken'])",
  ].join("\n");
  const pythons = ["/usr/bin/python3", "python3"];
  const errors: string[] = [];
  for (const python of pythons) {
    try {
      const { stdout } = await promisify(execFile)(python, ["-c", program], {
        env: { ...process.env, ...settings, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" },
        encoding: "utf8",
      });
      return stdout.trim();
    } catch (error) {
      errors.push(`${python}: ${String(error).slice(0, 300)}`);
    }
  }
  throw new Error(`no python with boto3 could sign in:\n${errors.join("\n")}`);
}

describe("the local stack, end to end (npm start on free ports)", () => {
  it("prints what a client needs and writes it to .env", () => {
    for (const label of ["API", "Sign in at", "Region", "User pool id", "App client id", "User / password"])
      expect(stack.output()).toContain(label);
    expect(stack.output()).toMatch(/Storage\s+DynamoDB Local at http:\/\/127\.0\.0\.1:\d+/);
    expect(settings.API).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves the supervisors' web app and its /config.json at the API's origin, and prints how to sign in to it", async () => {
    const env = readEnvFile(join(scratch, ".env"));
    expect(env.WEB_URL).toBe(`${settings.API}/`);
    expect(stack.output()).toContain(
      `Monitor web app        ${env.WEB_URL}   sign in as ${env.SUPERVISOR_USERNAME} / ${env.SUPERVISOR_PASSWORD}`,
    );
    const page = await fetch(env.WEB_URL!);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    const config = (await (await fetch(`${settings.API}/config.json`)).json()) as Record<string, unknown>;
    expect(config).toEqual({
      region: settings.AWS_REGION,
      // The web app signs supervisors in to the staff pool.
      userPoolClientId: env.SUPERVISOR_CLIENT_ID,
      cognitoEndpoint: `${settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER}/`,
      apiBase: "",
      // The live channel: the LOCAL stand-in for AppSync Events, on a port of its own.
      live: {
        url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/event\/realtime$/),
        host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        channel: "/monitor/figures",
      },
    });
    // API routes keep priority over files.
    expect((await fetch(`${settings.API}/health`)).status).toBe(200);
    expect((await fetch(`${settings.API}/monitor`)).status).toBe(401);
  });

  it("has a supervisor-only user who may read the monitor and a courier-only user who may not", async () => {
    const env = readEnvFile(join(scratch, ".env"));
    // The supervisor is in the staff pool: its own app client, and the code of its authenticator after the password.
    const supervisor = await signInWithSdk(
      {
        ...settings,
        CLIENT_ID: env.SUPERVISOR_CLIENT_ID!,
        USERNAME: env.SUPERVISOR_USERNAME!,
        PASSWORD: env.SUPERVISOR_PASSWORD!,
      },
      env.SUPERVISOR_TOTP_SECRET,
    );
    const courier = await signInWithSdk({
      ...settings,
      USERNAME: env.COURIER_USERNAME!,
      PASSWORD: env.COURIER_PASSWORD!,
    });
    expect((await fetch(`${settings.API}/monitor`, { headers: auth(supervisor) })).status).toBe(200);
    expect((await fetch(`${settings.API}/monitor`, { headers: auth(courier) })).status).toBe(403);
    expect(env.USERNAME).toBe("demo");
  });

  it("starts DynamoDB Local answering CORS for the stack's own origin only, and says it is reachable from the network", async () => {
    const endpoint = readEnvFile(join(scratch, ".env")).DYNAMODB_ENDPOINT!;
    const preflight = (origin: string) =>
      fetch(endpoint, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    expect((await preflight(settings.API)).headers.get("access-control-allow-origin")).toBe(settings.API);
    expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    expect(stack.output()).toMatch(/DynamoDB Local listens on every network interface .* firewall/);
  });

  it("prints the supervisor's current authenticator code with npm run totp, from .env's SUPERVISOR_TOTP_SECRET", async () => {
    const env = readEnvFile(join(scratch, ".env"));
    expect(env.SUPERVISOR_TOTP_SECRET).toMatch(/^[A-Z2-7]{32}$/);
    expect(stack.output()).toContain(`secret ${env.SUPERVISOR_TOTP_SECRET}`);
    const { stdout } = await promisify(execFile)(process.execPath, [...RUN_TS_NODE_ARGS, "src/totp-main.ts"], {
      cwd: packageDir,
      env: { ...process.env, ENV_FILE: join(scratch, ".env") },
      encoding: "utf8",
    });
    const printed = stdout.trim().split(/\s+/)[0];
    const now = Date.now();
    const valid = [-30_000, 0, 30_000].map((offset) => authenticatorCode(env.SUPERVISOR_TOTP_SECRET!, now + offset));
    expect(valid).toContain(printed);
  });

  it("answers the legacy monitor route with 404 before any order is recorded", async () => {
    const token = await signInWithSdk();
    const response = await fetch(`${settings.API}/monitor/status`, { headers: auth(token) });
    expect(response.status).toBe(404);
    // The old client reads `error`; the rest is the RFC 9457 problem every error carries.
    expect(await response.json()).toMatchObject({ error: "No orders registered", status: 404 });
  });

  it("accepts a token from the AWS SDK for JavaScript and one from boto3, posts through both routes and reads both monitors", async () => {
    const jsToken = await signInWithSdk();
    const pyToken = await signInWithBoto3();
    const first = randomOrder();
    const created = await fetch(`${settings.API}/orders`, {
      method: "POST",
      headers: auth(jsToken),
      body: JSON.stringify(first),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/orders/${first.pedido_id}`);

    const legacy = randomOrder();
    const legacyResponse = await fetch(`${settings.API}/order/registrar_pedido_entregado`, {
      method: "POST",
      headers: auth(pyToken),
      body: JSON.stringify(legacy),
    });
    expect(legacyResponse.status).toBe(200);
    expect(await legacyResponse.json()).toMatchObject({ oder_id: legacy.pedido_id, order_id: legacy.pedido_id });

    const fetched = await fetch(`${settings.API}/orders/${legacy.pedido_id}`, { headers: auth(jsToken) });
    expect(fetched.status).toBe(200);

    // The projector runs asynchronously; the brief's hard limit is 10 s (the local figure, well under a
    // second, is measured by `npm run bench:latency`, not asserted here).
    const deadline = Date.now() + 10_000;
    let report: { totals: { orders: number } } | undefined;
    while (Date.now() < deadline) {
      report = (await (await fetch(`${settings.API}/monitor`, { headers: auth(pyToken) })).json()) as {
        totals: { orders: number };
      };
      if (report.totals.orders >= 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(report?.totals.orders).toBe(2);
    const status = await fetch(`${settings.API}/monitor/status`, { headers: auth(jsToken) });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { totals: { orders: number } }).totals.orders).toBe(2);
  });

  it("refuses a request without a token", async () => {
    const response = await fetch(`${settings.API}/monitor`);
    expect(response.status).toBe(401);
  });

  it("runs the demo client against it", async () => {
    const lines: string[] = [];
    const result = await runDemo(settings, { count: 3, log: (line) => lines.push(line) });
    expect(result.posted.map((p) => p.status)).toEqual([201, 201, 201]);
    expect(result.report.totals.orders).toBeGreaterThanOrEqual(5);
    expect(lines[0]).toContain("Signed in");
  });

  it("exports the orders to a file built by its own worker, downloaded from an HMAC-signed link without a token", async () => {
    const token = await signInWithSdk();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const ask = async (format: "csv" | "xlsx") => {
      const accepted = await fetch(`${settings.API}/exports`, {
        method: "POST",
        headers: auth(token),
        body: JSON.stringify({ from: day(-1), to: day(1), format }),
      });
      expect(accepted.status).toBe(202);
      const { id } = (await accepted.json()) as { id: string };
      for (const started = Date.now(); Date.now() - started < 30_000; ) {
        const answer = (await (await fetch(`${settings.API}/exports/${id}`, { headers: auth(token) })).json()) as {
          status: string;
          rows: number;
          url: string;
        };
        if (answer.status === "ready") return answer;
        expect(answer.status).not.toBe("failed");
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`export ${id} not ready in 30 s`);
    };
    const csv = await ask("csv");
    const listed = (await (
      await fetch(`${settings.API}/orders?from=${day(-1)}&to=${day(1)}&limit=500`, { headers: auth(token) })
    ).json()) as { orders: { id: string; lines: unknown[] }[] };
    expect(csv.rows).toBe(listed.orders.reduce((sum, order) => sum + order.lines.length, 0));
    expect(csv.url.startsWith(`${settings.API}/local-exports/exports/`)).toBe(true);
    const download = await fetch(csv.url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="pedidos_${day(-1)}_${day(1)}.csv"`);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await download.arrayBuffer());
    expect(text.startsWith("\uFEFFpedido_id,entregado,repartidor_id,repartidor,producto_id,producto,cantidad,")).toBe(
      true,
    );
    for (const order of listed.orders) expect(text).toContain(`\r\n${order.id},`);

    const xlsx = await ask("xlsx");
    const workbook = new Uint8Array(await (await fetch(xlsx.url)).arrayBuffer());
    expect([...workbook.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip: PK

    // Altered, incomplete or pointed elsewhere: 403, a problem document; no token needed or honoured either way.
    const altered = new URL(csv.url);
    altered.searchParams.set(
      "signature",
      altered.searchParams.get("signature")!.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
    );
    const elsewhere = new URL(csv.url.replace(/\.csv\?/, ".xlsx?"));
    const later = new URL(csv.url);
    later.searchParams.set("expires", String(Number(later.searchParams.get("expires")) + 3600));
    for (const url of [altered, elsewhere, later, new URL(csv.url.split("?")[0]!)]) {
      const refused = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status, url.toString()).toBe(403);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("stops everything it started on Ctrl-C (SIGINT), DynamoDB Local included", async () => {
    const dynamodb = readEnvFile(join(scratch, ".env")).DYNAMODB_ENDPOINT!;
    expect(await stack.interrupt()).toBe(0);
    await expect(fetch(`${settings.API}/health`)).rejects.toThrow();
    await expect(fetch(`${settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER}/`)).rejects.toThrow();
    await expect(fetch(dynamodb)).rejects.toThrow();
  });

  it("keeps the orders and the monitor across a restart (data in DATA_DIR)", async () => {
    const again = await startStack(scratch);
    started.push(again);
    const token = await signInWithSdk(again.settings);
    const monitor = (await (await fetch(`${again.settings.API}/monitor`, { headers: auth(token) })).json()) as {
      totals: { orders: number };
    };
    expect(monitor.totals.orders).toBe(5);
    const listed = readdirSync(join(scratch, "data", "dynamodb"));
    expect(listed.length).toBeGreaterThan(0);
    expect(await again.interrupt()).toBe(0);
  });

  it("falls back to in-memory storage without Java, saying so in one line", async () => {
    const memory = await startStack(mkdtempSync(join(scratch, "nojava-")), { PATH: "/nonexistent" });
    started.push(memory);
    expect(memory.output()).toContain("Java not found: using in-memory storage");
    expect(memory.output()).toMatch(/Storage\s+in memory/);
    const result = await runDemo(memory.settings, { count: 1 });
    expect(result.report.totals.orders).toBe(1);
    expect(await memory.interrupt()).toBe(0);
  });
});
