import {
  ApplyOrderChanges,
  firstRevisionOf,
  type Order,
  type OrderChange,
  orderCreated,
  projectOrders,
  type RevisionState,
} from "@cargo-express/domain";
import { createTestTables, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { orderFrom } from "@cargo-express/testkit";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoDbMonitorQueries, DynamoDbProjectionStore, type TableNames } from "../src/index.js";

// A bounded read model under abuse: a client inventing couriers and products (a leaked dispatcher token, a buggy phone) must not make
// any accepted order disappear from the totals, and listed figures stay exact. The store lists at most 3
// couriers and 3 products per item here, so the property reaches the unlisted path in almost every run.

const TZ = "America/Bogota";
const RECEIVED = Date.parse("2024-09-11T23:30:00Z");
const MAX_LISTED = 3;

const order = fc.record({
  courier: fc.oneof(fc.integer({ min: 101, max: 110 }), fc.integer({ min: 1, max: 1_000_000_000 })),
  courierName: fc.constantFrom("María López", "Carlos García", "Ana", "€".repeat(80)),
  lines: fc.array(
    fc.record({
      product: fc.oneof(
        fc.constantFrom("pk0001", "pk0002", "pk0003"),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/),
      ),
      cents: fc.integer({ min: 0, max: 200_000 }), // at most 2,000.00 x 9 x 5 lines: under the order cap
      quantity: fc.integer({ min: 1, max: 9 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  minutesBefore: fc.integer({ min: 0, max: 3 * 24 * 60 }),
});

const toOrder = (o: typeof order extends fc.Arbitrary<infer T> ? T : never, i: number): Order =>
  orderFrom(
    {
      pedido_id: `abuse-${i}`,
      repartidor: { IdRepartidor: o.courier, Nombre: o.courierName },
      productos: o.lines.map((line) => ({
        IdProducto: line.product,
        producto: `Producto ${line.product}`,
        precio: (line.cents / 100).toFixed(2),
        cantidad: line.quantity,
      })),
      timestamp: new Date(RECEIVED - o.minutesBefore * 60_000).toISOString(),
    },
    RECEIVED + i,
  );

let tables: TableNames;
beforeAll(async () => {
  tables = await createTestTables("bounded-abuse");
});

describe("bounded read model under invented couriers and products (property, DynamoDB Local)", () => {
  it("counts every order once in the totals; listed figures are exact; listed plus unlisted is the total", async () => {
    let generation = 0;
    let runsWithUnlisted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 12 }),
        async (generated, batchSize) => {
          // Each run writes its own generation of the same tables: no table to create per run.
          generation += 1;
          const client = testClient({ requestTimeoutMs: 30_000, maxAttempts: 5 });
          const store = new DynamoDbProjectionStore({ client, tables, generation, maxListedPerItem: MAX_LISTED });
          const projector = new ApplyOrderChanges({ store, timeZone: TZ });
          const orders = generated.map(toOrder);
          // Watermarks are per partition, whatever the generation: partitions of their own per run.
          const changes = orders.map((o, i) => orderCreated(`g${generation}-p${i % 2}`, String(1_000 + i), o));
          for (let i = 0; i < changes.length; i += batchSize) await projector.execute(changes.slice(i, i + batchSize));
          // A redelivery of everything changes nothing.
          await projector.execute(changes);

          const report = await new DynamoDbMonitorQueries({ client, tables, generation }).read({
            topProducts: 10_000,
            maxCouriers: 10_000,
            hours: [],
          });
          const expected = projectOrders(orders, TZ);
          expect(report.totals).toEqual(expected.totals);
          if (report.unlisted !== undefined) runsWithUnlisted += 1;
          const unlisted = report.unlisted ?? {
            couriers: { orders: 0, units: 0, revenue: 0 },
            products: { units: 0, revenue: 0 },
          };
          const sum = <T>(list: readonly T[], f: (t: T) => number) => list.reduce((s, t) => s + f(t), 0);
          expect(sum(report.couriers, (c) => c.ordersDelivered) + unlisted.couriers.orders).toBe(
            expected.totals.orders,
          );
          expect(sum(report.couriers, (c) => c.revenue) + unlisted.couriers.revenue).toBe(expected.totals.revenue);
          expect(sum(report.products, (p) => p.units) + unlisted.products.units).toBe(expected.totals.units);
          expect(sum(report.products, (p) => p.revenue) + unlisted.products.revenue).toBe(expected.totals.revenue);
          // A listed courier lives in one item: its figures are all of its orders, with its newest name.
          const byId = new Map(expected.couriers.map((c) => [c.courierId, c]));
          for (const courier of report.couriers) expect(courier).toEqual(byId.get(courier.courierId));
          // At most MAX_LISTED couriers per shard are listed.
          expect(report.couriers.length).toBeLessThanOrEqual(2 * MAX_LISTED);
        },
      ),
      { numRuns: 12 },
    );
    // The caps were reached, so the unlisted path was exercised, not only the listed one.
    expect(runsWithUnlisted).toBeGreaterThan(0);
  }, 240_000);

  it("takes voids and corrections back from where the figures went: totals exact, listed couriers exact, listed plus unlisted is the total", async () => {
    let generation = 1_000;
    let runsWithUnlisted = 0;
    const revisionArb = fc.record({ target: fc.nat(), void: fc.boolean(), order });
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 20 }),
        fc.array(revisionArb, { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 12 }),
        async (generated, revisions, batchSize) => {
          generation += 1;
          const client = testClient({ requestTimeoutMs: 30_000, maxAttempts: 5 });
          const store = new DynamoDbProjectionStore({ client, tables, generation, maxListedPerItem: MAX_LISTED });
          const projector = new ApplyOrderChanges({ store, timeZone: TZ });
          const current: RevisionState[] = generated.map((o, i) => firstRevisionOf(toOrder(o, i)));
          let sequence = 1_000;
          const partitionOf = (i: number) => `g${generation}-p${i % 2}`;
          const changes: OrderChange[] = current.map((after, i) => ({
            partition: partitionOf(i),
            sequence: String((sequence += 1)),
            after,
          }));
          for (const revision of revisions) {
            const i = revision.target % current.length;
            const before = current[i]!;
            if (before.status === "voided") continue;
            const corrected = { ...toOrder(revision.order, i), receivedAt: before.order.receivedAt };
            const after: RevisionState = revision.void
              ? { ...before, status: "voided", revision: before.revision + 1 }
              : { ...before, order: corrected, revision: before.revision + 1 };
            current[i] = after;
            changes.push({ partition: partitionOf(i), sequence: String((sequence += 1)), before, after });
          }
          for (let i = 0; i < changes.length; i += batchSize) await projector.execute(changes.slice(i, i + batchSize));
          await projector.execute(changes);

          const report = await new DynamoDbMonitorQueries({ client, tables, generation }).read({
            topProducts: 10_000,
            maxCouriers: 10_000,
            hours: [],
          });
          const finals = current.filter((state) => state.status === "active").map((state) => state.order);
          const expected = projectOrders(finals, TZ);
          expect(report.totals).toEqual(expected.totals);
          if (report.unlisted !== undefined) runsWithUnlisted += 1;
          const unlisted = report.unlisted ?? {
            couriers: { orders: 0, units: 0, revenue: 0 },
            products: { units: 0, revenue: 0 },
          };
          const sum = <T>(list: readonly T[], f: (t: T) => number) => list.reduce((s, t) => s + f(t), 0);
          expect(sum(report.couriers, (c) => c.ordersDelivered) + unlisted.couriers.orders).toBe(
            expected.totals.orders,
          );
          expect(sum(report.couriers, (c) => c.revenue) + unlisted.couriers.revenue).toBe(expected.totals.revenue);
          expect(sum(report.products, (p) => p.units) + unlisted.products.units).toBe(expected.totals.units);
          expect(sum(report.products, (p) => p.revenue) + unlisted.products.revenue).toBe(expected.totals.revenue);
          // A listed courier's figures are exactly its final orders' (a retraction sent to the wrong bucket would
          // leave it too high or too low); names follow the newest stamp ever seen, so they are not compared.
          const byId = new Map(expected.couriers.map(({ courierName, ...c }) => [c.courierId, c]));
          for (const { courierName, ...courier } of report.couriers)
            expect(courier).toEqual(byId.get(courier.courierId));
          for (const figure of [unlisted.couriers.orders, unlisted.couriers.units, unlisted.couriers.revenue])
            expect(figure).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 10 },
    );
    expect(runsWithUnlisted).toBeGreaterThan(0);
  }, 240_000);
});
