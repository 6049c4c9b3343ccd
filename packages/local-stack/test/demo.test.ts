import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEMO_USAGE,
  formatMoney,
  formatReport,
  formatUnits,
  isConnectionRefused,
  parseDemoArgs,
  runDemo,
  StackNotReachableError,
  type MonitorReportBody,
} from "../src/demo.js";
import { startLocalCognito } from "../src/local-cognito.js";
import { RUN_TS_NODE_ARGS } from "../../../tools/source-condition.mjs";

const packageDir = resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "cargo-express-demo-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A loopback port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Runs `npm run demo`'s program as a user would (tsx, source condition), with the given arguments. */
const runDemoMain = (args: string[]) =>
  spawnSync(process.execPath, [...RUN_TS_NODE_ARGS, "src/demo-main.ts", ...args], {
    cwd: packageDir,
    encoding: "utf8",
    timeout: 30_000,
  });

const report: MonitorReportBody = {
  generatedAt: "2026-01-05T15:00:00.000000Z",
  timeZone: "America/Bogota",
  products: [{ productId: "pk0001", productName: "Moneda", units: 1, revenue: "1.00" }],
  couriers: [
    { courierId: "106", courierName: "Pedro Gómez", productsDelivered: 1, ordersDelivered: 1, revenue: "1.00" },
  ],
  hourly: {
    hours: ["2026-01-05T10:00:00-05:00"],
    couriers: [{ courierId: "106", courierName: "Pedro Gómez", deliveries: [1], total: 1 }],
  },
  totals: { orders: 1, units: 1, revenue: "1.00" },
};

describe("demo command line", () => {
  it("reads --help and -h as a request for the usage text", () => {
    expect(parseDemoArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseDemoArgs(["-h"])).toEqual({ kind: "help" });
  });

  it("defaults to 3 orders in English", () => {
    expect(parseDemoArgs([])).toEqual({ kind: "run", count: 3, language: "en" });
    expect(parseDemoArgs(["--count", "20", "--lang", "es", "--env", "x.env"])).toEqual({
      kind: "run",
      count: 20,
      language: "es",
      env: "x.env",
    });
  });

  it("answers an unknown option, a bad count or a bad language with a message instead of a stack trace", () => {
    expect(parseDemoArgs(["--bogus"])).toMatchObject({ kind: "invalid", message: expect.stringContaining("--bogus") });
    expect(parseDemoArgs(["--count", "0"])).toEqual({
      kind: "invalid",
      message: "--count must be a whole number from 1 to 1000",
    });
    expect(parseDemoArgs(["--lang", "fr"])).toEqual({ kind: "invalid", message: "--lang must be one of en, es" });
  });

  it("`npm run demo -- --help` prints the usage and exits 0", () => {
    const run = runDemoMain(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(DEMO_USAGE);
    expect(run.stderr).not.toContain("TypeError");
  });

  it("an unknown option prints the message and the usage, exit 2", () => {
    const run = runDemoMain(["--bogus"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--bogus");
    expect(run.stderr).toContain("Usage: npm run demo");
  });
});

describe("demo output", () => {
  it("says 1 unit / 1 unidad and 2 units / 2 unidades", () => {
    expect(formatUnits(1)).toBe("1 unit");
    expect(formatUnits(2)).toBe("2 units");
    expect(formatUnits(0)).toBe("0 units");
    expect(formatUnits(1, "es")).toBe("1 unidad");
    expect(formatUnits(3, "es")).toBe("3 unidades");
  });

  it("shows money with its currency, from the API's exact decimal string", () => {
    expect(formatMoney("18.50")).toBe("$18.50");
    expect(formatMoney("0.30")).toBe("$0.30");
    expect(formatMoney("-1.00")).toBe("-$1.00");
  });

  it("prints the monitor with currency and singular forms, in English or Spanish", () => {
    const english = formatReport(report);
    expect(english).toContain("Totals: 1 order, 1 unit, $1.00");
    expect(english).toMatch(/Moneda \(pk0001\)\s+1\s+\$1\.00/);
    const spanish = formatReport(report, "es");
    expect(spanish).toContain("Totales: 1 pedido, 1 unidad, $1.00");
    expect(spanish).toContain("Productos más vendidos");
    expect(formatReport({ ...report, totals: { orders: 2, units: 5, revenue: "9.70" } }, "es")).toContain(
      "Totales: 2 pedidos, 5 unidades, $9.70",
    );
  });
});

describe("demo when the stack is not running", () => {
  it("recognises a refused connection however it is wrapped", () => {
    expect(
      isConnectionRefused(
        Object.assign(new TypeError("fetch failed"), {
          cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
        }),
      ),
    ).toBe(true);
    expect(
      isConnectionRefused(
        Object.assign(new Error("x"), {
          cause: new AggregateError([Object.assign(new Error("y"), { code: "ECONNREFUSED" })]),
        }),
      ),
    ).toBe(true);
    expect(isConnectionRefused(new Error("NotAuthorizedException"))).toBe(false);
  });

  it("says the sign-in endpoint is not answering and asks whether `npm start` runs", async () => {
    const port = await closedPort();
    const settings = {
      API: `http://127.0.0.1:${port}`,
      CLIENT_ID: "x",
      USERNAME: "demo",
      PASSWORD: "secret-123",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${port}`,
    };
    const failure = await runDemo(settings, { count: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StackNotReachableError);
    expect((failure as Error).message).toContain("¿Está corriendo `npm start`?");
    expect((failure as Error).message).toContain(`http://127.0.0.1:${port}`);
  });

  it("says the API is not answering when sign-in works but nothing listens at API", async () => {
    const cognito = await startLocalCognito({
      port: 0,
      host: "127.0.0.1",
      users: [
        {
          username: "demo",
          password: "Demo-Passw0rd-1",
          email: "demo@cargo-express.local",
          groups: ["couriers", "supervisors"],
        },
      ],
    });
    try {
      const api = `http://127.0.0.1:${await closedPort()}`;
      const settings = {
        API: api,
        CLIENT_ID: cognito.clientId,
        USERNAME: "demo",
        PASSWORD: "Demo-Passw0rd-1",
        AWS_REGION: cognito.region,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      };
      const failure = await runDemo(settings, { count: 1 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StackNotReachableError);
      expect(failure).toMatchObject({ service: "API", url: api });
    } finally {
      await cognito.stop();
    }
  });

  it("`npm run demo` prints the hint and exits 1, without a stack trace", async () => {
    const port = await closedPort();
    const env = join(scratch, "stopped.env");
    writeFileSync(
      env,
      [
        `API=http://127.0.0.1:${port}`,
        "CLIENT_ID=x",
        "USERNAME=demo",
        "PASSWORD=secret-123",
        "AWS_REGION=us-east-1",
        `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=http://127.0.0.1:${port}`,
      ].join("\n"),
    );
    const run = runDemoMain(["--env", env]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("¿Está corriendo `npm start`?");
    expect(run.stderr).toContain("Is `npm start` running?");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a missing .env points at `npm start` too", () => {
    const run = runDemoMain(["--env", join(scratch, "absent.env")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("is `npm start` running?");
  });
});
