import { ApplyOrderChanges, PlaceOrder, parseMoney } from "@cargo-express/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixedClock, InMemoryOrderChangeFeed, InMemoryOrderRepository, InMemoryProjectionStore } from "../src/index.js";
import { commandFrom } from "@cargo-express/testkit";

// Abuse at intake: valid orders interleaved with abusive ones (prices with hidden decimals, amounts over the caps,
// far-future timestamps, invisible or malformed names). Only the accepted ones may count, each to the cent.

const TZ = "America/Bogota";
const RECEIVED = Date.parse("2024-09-11T23:30:00Z");

// At most 2,000.00 x 9 units x 4 lines = 72,000.00: under the 100,000.00 order cap.
const validPrice = fc
  .integer({ min: 0, max: 200_000 })
  .chain((cents) =>
    fc.constantFrom<number | string>(
      cents / 100,
      (cents / 100).toFixed(2),
      `${(cents / 100).toFixed(2)}000`,
      `${cents}e-2`,
    ),
  );
const name = fc.constantFrom("María López", "Carlos García", "Pendrive", "Go\u0301mez"); // the last one decomposed: normalised, accepted

const valid = fc.record({
  pedido_id: fc.uuid(),
  repartidor: fc.record({ IdRepartidor: fc.integer({ min: 101, max: 110 }), Nombre: name }),
  productos: fc.array(
    fc.record({
      IdProducto: fc.constantFrom("pk0001", "pk0002", "pk0003"),
      producto: name,
      precio: validPrice,
      cantidad: fc.integer({ min: 1, max: 9 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  // Up to a day before receipt, or within the 5-minute skew after it.
  timestamp: fc
    .integer({ min: RECEIVED - 86_400_000, max: RECEIVED + 5 * 60_000 })
    .map((ms) => new Date(ms).toISOString()),
});
type Payload = typeof valid extends fc.Arbitrary<infer T> ? T : never;

/** One abuse applied to an otherwise valid order: each must be refused. */
const abuse = fc.oneof(
  fc
    .constantFrom("8.499999999999999999", "1.0000000000000001", "0.001", "10000.01", "1e400")
    .map((precio) => (p: Payload) => ({
      ...p,
      productos: p.productos.map((line, i) => (i === 0 ? { ...line, precio } : line)),
    })),
  fc.constant((p: Payload) => ({
    ...p,
    productos: [{ IdProducto: "pk0009", producto: "Caro", precio: 10_000, cantidad: 11 }],
  })),
  fc
    .integer({ min: RECEIVED + 5 * 60_000 + 1, max: Date.parse("9999-12-31T00:00:00Z") })
    .map((ms) => (p: Payload) => ({ ...p, timestamp: new Date(ms).toISOString() })),
  fc
    .constantFrom("\u202e", "\u200b", "\ufeff", "\u0085", "\ud800")
    .map((char) => (p: Payload) => ({ ...p, repartidor: { ...p.repartidor, Nombre: `Ana${char}` } })),
  fc.constantFrom("\u202e", "\udc00").map((char) => (p: Payload) => ({
    ...p,
    productos: p.productos.map((line) => ({ ...line, producto: `${char}${line.producto}` })),
  })),
);

const submission = fc.oneof(
  valid.map((payload) => ({ payload, abusive: false })),
  fc.tuple(valid, abuse).map(([payload, spoil]) => ({ payload: spoil(payload) as unknown, abusive: true })),
);

const centsOf = (payload: Payload): number =>
  payload.productos.reduce((sum, line) => {
    const price = parseMoney(line.precio);
    if (!price.ok) throw new Error(`generated an invalid price ${line.precio}`);
    return sum + price.cents * line.cantidad;
  }, 0);

describe("intake under a mix of abuses (property)", () => {
  it("counts every accepted order exactly once, to the cent, and nothing refused", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(submission, { minLength: 1, maxLength: 40 }), async (generated) => {
        // Distinct ids: a second order under an id is a conflict, another rule than the ones under test.
        const submissions = generated.map(({ payload, abusive }, i) => ({
          payload: { ...(payload as object), pedido_id: `o-${i}` } as unknown,
          abusive,
        }));
        const orders = new InMemoryOrderRepository();
        const store = new InMemoryProjectionStore();
        const feed = new InMemoryOrderChangeFeed(orders, { batchSize: 7, partitions: 2 });
        const place = new PlaceOrder({ orders, clock: new FixedClock(RECEIVED), timeZone: TZ });
        const projector = new ApplyOrderChanges({ store, timeZone: TZ });

        let expectedOrders = 0;
        let expectedCents = 0;
        let expectedUnits = 0;
        for (const { payload, abusive } of submissions) {
          const result = await place.execute(commandFrom(payload));
          expect(result.ok, JSON.stringify(payload)).toBe(!abusive);
          if (result.ok) {
            const sent = payload as Payload;
            expectedOrders += 1;
            expectedCents += centsOf(sent);
            expectedUnits += sent.productos.reduce((sum, line) => sum + line.cantidad, 0);
            expect(result.value.order.total).toBe(centsOf(sent));
          }
        }
        for (let i = 0; i < 100 && feed.backlog > 0; i += 1)
          await feed.deliverOnce((batch) => projector.execute(batch).then(() => undefined));
        expect(feed.backlog).toBe(0);
        const { totals } = await store.read({ topProducts: 10, maxCouriers: 10, hours: [] });
        expect(totals).toEqual({ orders: expectedOrders, units: expectedUnits, revenue: expectedCents });
        expect(orders.all()).toHaveLength(expectedOrders);
      }),
      { numRuns: 100 },
    );
  });
});
