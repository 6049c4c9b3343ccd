import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { randomInt, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import * as z from "zod";

/** What the demo reads from `.env` (written by `npm start`, or by hand for a deployed stack). */
export const DemoSettingsSchema = z.object({
  API: z.url({ error: "API must be the API's base URL, e.g. http://127.0.0.1:3000" }),
  CLIENT_ID: z.string().min(1, { error: "CLIENT_ID (the Cognito app client id) is required" }),
  USERNAME: z.string().min(1, { error: "USERNAME is required" }),
  PASSWORD: z.string().min(1, { error: "PASSWORD is required" }),
  AWS_REGION: z.string().min(1, { error: "AWS_REGION is required" }),
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: z.url().optional(),
});
export type DemoSettings = z.infer<typeof DemoSettingsSchema>;

export interface MonitorReportBody {
  generatedAt: string;
  timeZone: string;
  products: { productId: string; productName: string; units: number; revenue: string }[];
  couriers: {
    courierId: string;
    courierName: string;
    productsDelivered: number;
    ordersDelivered: number;
    revenue: string;
  }[];
  hourly: {
    hours: string[];
    couriers: { courierId: string; courierName: string; deliveries: number[]; total: number }[];
  };
  totals: { orders: number; units: number; revenue: string };
}

/** The demo speaks English (default) or Spanish (`--lang es`). */
const DEMO_LANGUAGES = ["en", "es"] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

export const DEMO_USAGE = `Usage: npm run demo [-- options]

Signs in like a courier's phone (Cognito InitiateAuth, USER_PASSWORD_AUTH), posts random orders from the
Cargo Express catalogue and fleet, waits until the monitor shows them (the brief allows 10 s) and prints
the monitor as tables. Reads API, CLIENT_ID, USERNAME, PASSWORD and AWS_REGION from .env, which
\`npm start\` writes; for a deployed stack write it by hand (docs/deploy.md, section 9).

Options:
  --count N      orders to post, 1 to 1000 (default 3)
  --env FILE     settings file (default: .env at the repository root)
  --lang en|es   language of the output (default en)
  --help         print this text

Examples:
  npm run demo
  npm run demo -- --count 20 --lang es`;

export type DemoArgs =
  | { readonly kind: "help" }
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "run"; readonly count: number; readonly env?: string; readonly language: DemoLanguage };

/** Reads the demo's command line; never throws (an unknown option is a message, not a stack trace). */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let values: { count?: string; env?: string; lang?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        count: { type: "string", default: "3" },
        env: { type: "string" },
        lang: { type: "string", default: "en" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return { kind: "invalid", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: "help" };
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    return { kind: "invalid", message: "--count must be a whole number from 1 to 1000" };
  const language = values.lang as DemoLanguage;
  if (!DEMO_LANGUAGES.includes(language))
    return { kind: "invalid", message: `--lang must be one of ${DEMO_LANGUAGES.join(", ")}` };
  return { kind: "run", count, language, ...(values.env === undefined ? {} : { env: values.env }) };
}

/** Money as the API writes it ("18.50"), with its currency: the brief's prices are in dollars. */
export const formatMoney = (amount: string): string => (amount.startsWith("-") ? `-$${amount.slice(1)}` : `$${amount}`);

/** "1 unit", "2 units"; "1 unidad", "2 unidades". */
export function formatUnits(count: number, language: DemoLanguage = "en"): string {
  const [one, many] = language === "es" ? ["unidad", "unidades"] : ["unit", "units"];
  return `${count} ${count === 1 ? one : many}`;
}

/** Thrown when nothing listens at an address the demo needs: the stack is most likely not running. */
export class StackNotReachableError extends Error {
  constructor(
    readonly url: string,
    readonly service: "API" | "sign-in",
  ) {
    super(
      `No se pudo conectar con ${url} (${service === "API" ? "la API" : "el inicio de sesión"}: conexión rechazada). ` +
        "¿Está corriendo `npm start`? Arránquelo en otra terminal y vuelva a intentarlo; contra un stack desplegado, revise API y CLIENT_ID en .env.\n" +
        `Could not connect to ${url} (${service}: connection refused). Is \`npm start\` running? Start it in another terminal and try again; ` +
        "for a deployed stack, check API and CLIENT_ID in .env.",
    );
    this.name = "StackNotReachableError";
  }
}

/** Whether an error (or one it wraps) is a refused TCP connection: fetch, the AWS SDK and Node all nest it differently. */
export function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown };
  if (e.code === "ECONNREFUSED" || (typeof e.message === "string" && e.message.includes("ECONNREFUSED"))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionRefused(inner, depth + 1))) return true;
  return isConnectionRefused(e.cause, depth + 1);
}

/** Signs in the way couriers' clients do: Cognito InitiateAuth, USER_PASSWORD_AUTH, app client without secret. */
export async function signIn(settings: DemoSettings): Promise<string> {
  const client = new CognitoIdentityProviderClient({
    region: settings.AWS_REGION,
    ...(settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
      ? { endpoint: settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER }
      : {}),
  });
  try {
    const result = await client
      .send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: settings.CLIENT_ID,
          AuthParameters: { USERNAME: settings.USERNAME, PASSWORD: settings.PASSWORD },
        }),
      )
      .catch((error: unknown) => {
        throw isConnectionRefused(error)
          ? new StackNotReachableError(
              settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? `Amazon Cognito (${settings.AWS_REGION})`,
              "sign-in",
            )
          : error;
      });
    const token = result.AuthenticationResult?.AccessToken;
    if (!token)
      throw new Error(
        `sign-in needs a further step (${result.ChallengeName ?? "unknown challenge"}); set a permanent password first`,
      );
    return token;
  } finally {
    client.destroy();
  }
}

/** A random delivered order from the Cargo Express catalogue and fleet, timestamped now as couriers' clients do. */
export const randomOrder = (now = Date.now()) =>
  randomOrderPayload({ id: randomUUID(), random: () => randomInt(1_000_000) / 1_000_000, at: now });

async function call(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init).catch((error: unknown) => {
    throw isConnectionRefused(error) ? new StackNotReachableError(new URL(url).origin, "API") : error;
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the error message
  }
  return { status: response.status, body };
}

/** A plain-text table with aligned columns. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const numeric = headers.map(
    (_, i) =>
      rows.length > 0 && rows.every((row) => typeof row[i] === "number" || /^-?\d+(\.\d+)?$/.test(String(row[i]))),
  );
  const line = (row: string[]) =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

const REPORT_TEXT = {
  en: {
    title: (at: string, zone: string) => `Monitor report, generated ${at} (hours in ${zone})`,
    products: "Best-selling products",
    productHeaders: ["#", "Product", "Units", "Money"],
    couriers: "Couriers by money generated",
    courierHeaders: ["Courier", "Orders", "Products", "Money"],
    hourly: (n: number) => `Deliveries per hour (last ${n} hours)`,
    courier: "Courier",
    totals: (orders: number, units: string, money: string) =>
      `Totals: ${orders} ${orders === 1 ? "order" : "orders"}, ${units}, ${money}`,
    signedIn: (user: string) => `Signed in as ${user}.`,
    posted: (id: string, units: string, money: string, courier: string) =>
      `Posted order ${id}: ${units}, ${money}, by ${courier}`,
  },
  es: {
    title: (at: string, zone: string) => `Informe del monitor, generado ${at} (horas en ${zone})`,
    products: "Productos más vendidos",
    productHeaders: ["#", "Producto", "Unidades", "Dinero"],
    couriers: "Repartidores por dinero generado",
    courierHeaders: ["Repartidor", "Pedidos", "Productos", "Dinero"],
    hourly: (n: number) => `Entregas por hora (últimas ${n} horas)`,
    courier: "Repartidor",
    totals: (orders: number, units: string, money: string) =>
      `Totales: ${orders} ${orders === 1 ? "pedido" : "pedidos"}, ${units}, ${money}`,
    signedIn: (user: string) => `Sesión iniciada como ${user}.`,
    posted: (id: string, units: string, money: string, courier: string) =>
      `Pedido ${id} enviado: ${units}, ${money}, de ${courier}`,
  },
} as const;

export function formatReport(report: MonitorReportBody, language: DemoLanguage = "en"): string {
  const text = REPORT_TEXT[language];
  const hourLabel = (hour: string) => hour.slice(11, 16);
  const lastHours = report.hourly.hours.slice(-6);
  const offset = report.hourly.hours.length - lastHours.length;
  return [
    text.title(report.generatedAt, report.timeZone),
    "",
    text.products,
    table(
      [...text.productHeaders],
      report.products.map((p, i) => [i + 1, `${p.productName} (${p.productId})`, p.units, formatMoney(p.revenue)]),
    ),
    "",
    text.couriers,
    table(
      [...text.courierHeaders],
      report.couriers.map((c) => [
        `${c.courierName} (${c.courierId})`,
        c.ordersDelivered,
        c.productsDelivered,
        formatMoney(c.revenue),
      ]),
    ),
    "",
    text.hourly(lastHours.length),
    table(
      [text.courier, ...lastHours.map(hourLabel)],
      report.hourly.couriers.map((c) => [c.courierName, ...c.deliveries.slice(offset)]),
    ),
    "",
    text.totals(report.totals.orders, formatUnits(report.totals.units, language), formatMoney(report.totals.revenue)),
  ].join("\n");
}

export interface DemoResult {
  readonly posted: { id: string; status: number }[];
  readonly report: MonitorReportBody;
}

/**
 * The project's counterpart of the couriers' client: sign in, post `count` orders, wait until the
 * monitor shows them (the brief allows 10 s), return the report.
 */
export async function runDemo(
  settings: DemoSettings,
  options: { count?: number; log?: (line: string) => void; timeoutMs?: number; language?: DemoLanguage } = {},
): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const language = options.language ?? "en";
  const count = options.count ?? 3;
  const api = settings.API.replace(/\/+$/, "");
  const token = await signIn(settings);
  log(REPORT_TEXT[language].signedIn(settings.USERNAME));
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

  const before = await call(`${api}/monitor?hours=6`, { headers });
  if (before.status !== 200) throw new Error(`GET /monitor answered ${before.status}: ${JSON.stringify(before.body)}`);
  const ordersBefore = (before.body as MonitorReportBody).totals.orders;

  const posted: { id: string; status: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const order = randomOrder();
    const result = await call(`${api}/orders`, { method: "POST", headers, body: JSON.stringify(order) });
    if (result.status !== 201)
      throw new Error(`POST /orders answered ${result.status}: ${JSON.stringify(result.body)}`);
    const body = result.body as { total: string; courier: { name: string }; units: number };
    log(
      REPORT_TEXT[language].posted(
        order.pedido_id,
        formatUnits(body.units, language),
        formatMoney(body.total),
        body.courier.name,
      ),
    );
    posted.push({ id: order.pedido_id, status: result.status });
  }

  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const after = await call(`${api}/monitor?hours=6`, { headers });
    if (after.status !== 200) throw new Error(`GET /monitor answered ${after.status}: ${JSON.stringify(after.body)}`);
    const report = after.body as MonitorReportBody;
    if (report.totals.orders >= ordersBefore + count) return { posted, report };
    if (Date.now() > deadline)
      throw new Error(`the monitor did not show the ${count} new orders within ${options.timeoutMs ?? 10_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
