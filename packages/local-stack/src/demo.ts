import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { randomInt, randomUUID } from "node:crypto";
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
  couriers: { courierId: string; courierName: string; productsDelivered: number; ordersDelivered: number; revenue: string }[];
  hourly: { hours: string[]; couriers: { courierId: string; courierName: string; deliveries: number[]; total: number }[] };
  totals: { orders: number; units: number; revenue: string };
}

/** Signs in the way couriers' clients do: Cognito InitiateAuth, USER_PASSWORD_AUTH, app client without secret. */
export async function signIn(settings: DemoSettings): Promise<string> {
  const client = new CognitoIdentityProviderClient({
    region: settings.AWS_REGION,
    ...(settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ? { endpoint: settings.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER } : {}),
  });
  try {
    const result = await client.send(
      new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: settings.CLIENT_ID, AuthParameters: { USERNAME: settings.USERNAME, PASSWORD: settings.PASSWORD } }),
    );
    const token = result.AuthenticationResult?.AccessToken;
    if (!token) throw new Error(`sign-in needs a further step (${result.ChallengeName ?? "unknown challenge"}); set a permanent password first`);
    return token;
  } finally {
    client.destroy();
  }
}

/** A random delivered order from the Cargo Express catalogue and fleet, timestamped now as couriers' clients do. */
export const randomOrder = (now = Date.now()) => randomOrderPayload({ id: randomUUID(), random: () => randomInt(1_000_000) / 1_000_000, at: now });

async function call(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init);
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
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === "number" || /^-?\d+(\.\d+)?$/.test(String(row[i]))));
  const line = (row: string[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function formatReport(report: MonitorReportBody): string {
  const hourLabel = (hour: string) => hour.slice(11, 16);
  const lastHours = report.hourly.hours.slice(-6);
  const offset = report.hourly.hours.length - lastHours.length;
  return [
    `Monitor report, generated ${report.generatedAt} (hours in ${report.timeZone})`,
    "",
    "Best-selling products",
    table(["#", "Product", "Units", "Revenue"], report.products.map((p, i) => [i + 1, `${p.productName} (${p.productId})`, p.units, p.revenue])),
    "",
    "Couriers by money generated",
    table(["Courier", "Orders", "Products", "Money"], report.couriers.map((c) => [`${c.courierName} (${c.courierId})`, c.ordersDelivered, c.productsDelivered, c.revenue])),
    "",
    `Deliveries per hour (last ${lastHours.length} hours)`,
    table(["Courier", ...lastHours.map(hourLabel)], report.hourly.couriers.map((c) => [c.courierName, ...c.deliveries.slice(offset)])),
    "",
    `Totals: ${report.totals.orders} orders, ${report.totals.units} units, ${report.totals.revenue}`,
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
export async function runDemo(settings: DemoSettings, options: { count?: number; log?: (line: string) => void; timeoutMs?: number } = {}): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const count = options.count ?? 3;
  const api = settings.API.replace(/\/+$/, "");
  const token = await signIn(settings);
  log(`Signed in as ${settings.USERNAME}.`);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

  const before = await call(`${api}/monitor?hours=6`, { headers });
  if (before.status !== 200) throw new Error(`GET /monitor answered ${before.status}: ${JSON.stringify(before.body)}`);
  const ordersBefore = (before.body as MonitorReportBody).totals.orders;

  const posted: { id: string; status: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const order = randomOrder();
    const result = await call(`${api}/orders`, { method: "POST", headers, body: JSON.stringify(order) });
    if (result.status !== 201) throw new Error(`POST /orders answered ${result.status}: ${JSON.stringify(result.body)}`);
    const body = result.body as { total: string; courier: { name: string }; units: number };
    log(`Posted order ${order.pedido_id}: ${body.units} units, ${body.total}, by ${body.courier.name}`);
    posted.push({ id: order.pedido_id, status: result.status });
  }

  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const after = await call(`${api}/monitor?hours=6`, { headers });
    if (after.status !== 200) throw new Error(`GET /monitor answered ${after.status}: ${JSON.stringify(after.body)}`);
    const report = after.body as MonitorReportBody;
    if (report.totals.orders >= ordersBefore + count) return { posted, report };
    if (Date.now() > deadline) throw new Error(`the monitor did not show the ${count} new orders within ${options.timeoutMs ?? 10_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
