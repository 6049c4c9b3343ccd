import { ApplyOrderChanges, hourBucket, PlaceOrder, projectOrders } from "@cargo-express/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixedClock, InMemoryOrderChangeFeed, InMemoryOrderRepository, InMemoryProjectionStore } from "../src/index.js";
import { commandFrom } from "@cargo-express/testkit";

const TZ = "America/Bogota";

const payload = fc.record({
  pedido_id: fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `o-${i}`)),
  repartidor: fc.record({
    IdRepartidor: fc.oneof(fc.integer({ min: 101, max: 104 }), fc.constantFrom("101", "0102", "103")),
    Nombre: fc.constantFrom("María López", "Carlos García", "Ana"),
  }),
  productos: fc.array(
    fc.record(
      {
        IdProducto: fc.constantFrom("pk0001", "pk0002", "pk0003", "pk0004", "pk0005", "pk0006"),
        producto: fc.constantFrom("Moneda", "Pendrive", "Clip"),
        precio: fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100),
        cantidad: fc.integer({ min: 1, max: 9 }),
      },
      { requiredKeys: ["IdProducto", "producto", "precio"] },
    ),
    { minLength: 1, maxLength: 6 },
  ),
  // Within a few days, in both accepted formats.
  timestamp: fc
    .integer({ min: Date.parse("2024-09-10T00:00:00Z"), max: Date.parse("2024-09-13T00:00:00Z") })
    .chain((ms) =>
      fc.constantFrom(
        new Date(ms).toISOString(),
        `${new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")}.123456`,
      ),
    ),
});

describe("ApplyOrderChanges through the at-least-once in-memory feed (property)", () => {
  it("ends with projections equal to a direct recomputation from the unique stored orders", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(payload, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }), // batch size
        fc.integer({ min: 1, max: 5 }), // partitions
        fc.integer({ min: 7, max: 99 }), // keys per atomic write: small values force slicing and chunking (7 = one order's 5 head entries + one product's 2)
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (payloads, batchSize, partitions, maxKeys, coin, random) => {
          const orders = new InMemoryOrderRepository();
          const store = new InMemoryProjectionStore(maxKeys);
          const flip = () => coin.next().value as boolean;
          const feed = new InMemoryOrderChangeFeed(orders, {
            batchSize,
            partitions,
            faults: { duplicate: flip, redeliver: flip, reorder: true, random: () => random.next().value as number },
          });
          // Received after the latest generated delivery: a delivery later than its receipt is refused (a phone's clock cannot date a delivery in the future),
          // and with the clock at 0 every order would be refused and the property would hold vacuously.
          const place = new PlaceOrder({
            orders,
            clock: new FixedClock(Date.parse("2024-09-13T00:00:00Z")),
            timeZone: TZ,
          });
          const projector = new ApplyOrderChanges({ store, timeZone: TZ });
          let failures = 0;
          // A handler that sometimes fails after applying (a crash after commit): the feed re-delivers.
          const handler = async (batch: Parameters<typeof projector.execute>[0]) => {
            await projector.execute(batch);
            if (flip() && failures < 20) {
              failures += 1;
              throw new Error("crash after commit");
            }
          };
          for (const p of payloads) {
            await place.execute(commandFrom(p));
            if (flip()) await feed.deliverOnce(handler).catch(() => undefined);
          }
          for (let i = 0; i < 100 && feed.backlog > 0; i += 1) await feed.deliverOnce(handler).catch(() => undefined);
          expect(feed.backlog).toBe(0);

          expect(orders.all().length).toBeGreaterThan(0);
          const expected = projectOrders(orders.all(), TZ);
          const hours = [...new Set(expected.hourly.map((h) => h.hour))];
          const actual = await store.read({ topProducts: 1000, maxCouriers: 1000, hours });
          expect(actual.products).toEqual(expected.products);
          expect(actual.couriers).toEqual(expected.couriers);
          expect(actual.totals).toEqual(expected.totals);
          expect(
            actual.hourly
              .map(({ courierName: _, ...h }) => h)
              .sort((a, b) => (a.hour + a.courierId < b.hour + b.courierId ? -1 : 1)),
          ).toEqual([...expected.hourly].sort((a, b) => (a.hour + a.courierId < b.hour + b.courierId ? -1 : 1)));
          // Each business day's figures, too (what "today" and "last 7 days" read).
          for (const day of new Set(hours.map((hour) => hour.slice(0, 10)))) {
            const ofDay = projectOrders(
              orders.all().filter((o) => hourBucket(Date.parse(o.deliveredAt), TZ).startsWith(day)),
              TZ,
            );
            const read = await store.read({ topProducts: 1000, maxCouriers: 1000, hours: [], days: [day] });
            expect(read.totals).toEqual(ofDay.totals);
            expect(read.products.map(({ productName: _, ...p }) => p)).toEqual(
              ofDay.products.map(({ productName: _, ...p }) => p),
            );
            expect(read.couriers.map(({ courierName: _, ...c }) => c)).toEqual(
              ofDay.couriers.map(({ courierName: _, ...c }) => c),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
