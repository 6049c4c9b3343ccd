import { createDocumentClient, dynamoDbRebuildPorts, tableNamesFromEnv } from "@cargo-express/adapters-dynamodb";
import {
  businessDaysEndingAt,
  dayOfHour,
  hourBucket,
  type Order,
  projectOrders,
  RebuildProjections,
} from "@cargo-express/domain";
import { orderFrom } from "@cargo-express/testkit";
import { randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLocalStackConfig } from "../src/config.js";
import { type DemoSettings, signIn } from "../src/demo.js";
import { clientSettingsOf, type LocalStack, startLocalStack } from "../src/stack.js";

/**
 * The "done when", on the local stack over DynamoDB Local (its stream, the local poller, the projector
 * Lambda's handler): 60 orders, then 15 voids and 15 corrections sent concurrently, every request sent twice (a
 * phone's or a browser's retry), five of the voided orders corrected at the same time as they are voided (whichever
 * lands first, the order ends voided: a correction of a voided order is refused). Every figure the API serves (all
 * time with its hourly rows, today, 7 days, each day's totals) must equal the projection of the final revisions
 * to the cent, before and after a rebuild of the projections from the Orders table.
 */

const TIME_ZONE = "America/Bogota";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: LocalStack;
let dataDir: string;
let headers: Record<string, string>;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cx-corrections-"));
  stack = await startLocalStack(
    loadLocalStackConfig({
      PORT: "0",
      COGNITO_PORT: "0",
      DYNAMODB_PORT: "0",
      LIVE_PORT: "0",
      STORAGE: "dynamodb",
      DATA_DIR: dataDir,
      WEB_DIR: dataDir,
      LOG_LEVEL: "SILENT",
    }),
  );
  // The demo user is a dispatcher (posts any courier's orders) and a supervisor (voids, corrects, reads).
  headers = {
    authorization: `Bearer ${await signIn(clientSettingsOf(stack) as DemoSettings)}`,
    "content-type": "application/json",
  };
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown): Promise<number> =>
  (await fetch(`${stack.apiUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) })).status;
const get = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${stack.apiUrl}${path}`, { headers });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
};

interface Figures {
  readonly totals: { orders: number; units: number; revenueCents: number };
  readonly couriers: { courierId: string; ordersDelivered: number; productsDelivered: number; revenueCents: number }[];
  readonly products: { productId: string; units: number; revenueCents: number }[];
}
interface MonitorBody extends Figures {
  readonly hourly: { hours: string[]; couriers: { courierId: string; deliveries: number[] }[] };
}
interface DailyBody {
  readonly days: { day: string; orders: number; units: number; revenueCents: number }[];
}

/** The figures of `orders` as the API writes them, sorted by id (ranking is tested elsewhere). */
function expectedFigures(orders: readonly Order[]): Figures {
  const p = projectOrders(orders, TIME_ZONE);
  return {
    totals: { orders: p.totals.orders, units: p.totals.units, revenueCents: p.totals.revenue },
    couriers: p.couriers
      .map((c) => ({
        courierId: c.courierId,
        ordersDelivered: c.ordersDelivered,
        productsDelivered: c.productsDelivered,
        revenueCents: c.revenue,
      }))
      .sort((a, b) => a.courierId.localeCompare(b.courierId)),
    products: p.products
      .map((x) => ({ productId: x.productId, units: x.units, revenueCents: x.revenue }))
      .sort((a, b) => a.productId.localeCompare(b.productId)),
  };
}
const served = (body: Figures): Figures => ({
  totals: { orders: body.totals.orders, units: body.totals.units, revenueCents: body.totals.revenueCents },
  couriers: body.couriers
    .filter((c) => c.ordersDelivered !== 0 || c.revenueCents !== 0 || c.productsDelivered !== 0)
    .map(({ courierId, ordersDelivered, productsDelivered, revenueCents }) => ({
      courierId,
      ordersDelivered,
      productsDelivered,
      revenueCents,
    }))
    .sort((a, b) => a.courierId.localeCompare(b.courierId)),
  products: body.products
    .map(({ productId, units, revenueCents }) => ({ productId, units, revenueCents }))
    .sort((a, b) => a.productId.localeCompare(b.productId)),
});
const dayOf = (order: Order) => dayOfHour(hourBucket(Date.parse(order.deliveredAt), TIME_ZONE));

/** Every figure the API serves against the final revisions; polls until they agree (the projector is asynchronous). */
async function expectEveryFigure(finals: readonly Order[], label: string): Promise<void> {
  const now = Date.now();
  const today = businessDaysEndingAt(now, 1, TIME_ZONE).days;
  const week = businessDaysEndingAt(now, 7, TIME_ZONE).days;
  const ofDays = (days: readonly string[]) => finals.filter((order) => days.includes(dayOf(order)));
  const check = async () => {
    const all = await get<MonitorBody>("/monitor?period=all");
    expect(served(all), `${label}: all time`).toEqual(expectedFigures(finals));
    expect(served(await get<MonitorBody>("/monitor?period=today")), `${label}: today`).toEqual(
      expectedFigures(ofDays(today)),
    );
    expect(served(await get<MonitorBody>("/monitor?period=7d")), `${label}: 7 days`).toEqual(
      expectedFigures(ofDays(week)),
    );
    const hourly = new Map<string, number>();
    for (const order of finals) {
      const key = `${order.courier.id}|${hourBucket(Date.parse(order.deliveredAt), TIME_ZONE)}`;
      hourly.set(key, (hourly.get(key) ?? 0) + 1);
    }
    for (const row of all.hourly.couriers) {
      for (const [i, hour] of all.hourly.hours.entries()) {
        const expected = hourly.get(`${row.courierId}|${hour}`) ?? 0;
        expect(row.deliveries[i], `${label}: ${row.courierId} at ${hour}`).toBe(expected);
      }
    }
    const shownHours = new Set(all.hourly.hours);
    const expectedRows = new Set(
      [...hourly.keys()].filter((key) => shownHours.has(key.split("|")[1]!)).map((key) => key.split("|")[0]),
    );
    expect(new Set(all.hourly.couriers.filter((c) => c.deliveries.some((d) => d > 0)).map((c) => c.courierId))).toEqual(
      expectedRows,
    );
    const daily = await get<DailyBody>(`/monitor/daily?from=${week[0]}&to=${week.at(-1)}`);
    for (const day of week) {
      const figures = expectedFigures(ofDays([day])).totals;
      const row = daily.days.find((d) => d.day === day);
      expect(
        row === undefined
          ? { orders: 0, units: 0, revenueCents: 0 }
          : { orders: row.orders, units: row.units, revenueCents: row.revenueCents },
        `${label}: ${day}`,
      ).toEqual(figures);
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

describe("voids and corrections on the local stack (DynamoDB Local, stream, poller, projector)", () => {
  it("60 orders, 15 voids and 15 corrections sent concurrently with retries: every figure equals the final revisions, before and after a rebuild", async () => {
    const now = Date.now();
    const run = `e2e-${now.toString(36)}`;
    // Spread over today and the six days before (today's within the last hours, so the hourly rows see them).
    const at = (i: number) => now - (i % 6) * 86_400_000 - (1 + (i % 5)) * 600_000;
    const payloads = Array.from({ length: 60 }, (_, i) => randomOrderPayload({ id: `${run}-${i}`, at: at(i) }));
    const sent = await Promise.all(payloads.flatMap((payload) => [post("/orders", payload), post("/orders", payload)]));
    expect(sent.filter((status) => status === 201)).toHaveLength(60);
    expect(sent.every((status) => status === 201 || status === 200)).toBe(true);
    const received = payloads.map((payload) => orderFrom(payload));
    await expectEveryFigure(received, "after intake");

    // Orders 0-14 voided; 15-29 corrected (another courier, products and time); 0-4 also corrected meanwhile.
    const corrections = new Map(
      Array.from({ length: 30 }, (_, i) => [i, randomOrderPayload({ id: `${run}-${i}`, at: at(i + 3) - 120_000 })]),
    );
    const changes = Array.from({ length: 30 }, (_, i) => {
      const id = `${run}-${i}`;
      const correct = () =>
        post(`/orders/${id}/corrections`, { reason: "cantidad mal digitada", order: corrections.get(i) });
      const voided = () => post(`/orders/${id}/void`, { reason: "pedido de prueba" });
      if (i < 5) return [voided(), correct(), voided(), correct()];
      if (i < 15) return [voided(), voided()];
      return [correct(), correct()];
    });
    const statuses = await Promise.all(changes.flat());
    // A retried correction may find its first copy applied (200 again) or, raced by a void, the order voided (409).
    expect(
      statuses.every((status) => status === 200 || status === 409),
      JSON.stringify(statuses),
    ).toBe(true);

    const finals = payloads.flatMap((payload, i) => {
      if (i < 15) return [];
      const final = i < 30 ? corrections.get(i)! : payload;
      return [orderFrom(final)];
    });
    for (const i of [0, 7, 15, 40]) {
      const stored = await get<{ status: string; revision: number }>(`/orders/${run}-${i}`);
      expect(stored.status, `order ${i}`).toBe(i < 15 ? "voided" : "active");
    }
    await expectEveryFigure(finals, "after the voids and corrections");

    const client = createDocumentClient({
      region: "local",
      endpoint: stack.env.DYNAMODB_ENDPOINT!,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const summary = await new RebuildProjections({
      ports: dynamoDbRebuildPorts(client, tableNamesFromEnv(stack.env)),
      timeZone: TIME_ZONE,
      cutoffMarginMs: 0,
      settleMs: 0,
    }).run();
    expect(summary).toMatchObject({ rebuilt: 60, voided: 15, leftToLive: 0, malformed: 0 });
    // The API reads the active generation through a cache of at most 5 s.
    await sleep(5_500);
    await expectEveryFigure(finals, "after a rebuild");
  }, 180_000);
});
