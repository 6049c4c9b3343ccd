import {
  dayStartInstant,
  ListOrders,
  ledgerPositionOf,
  type Order,
  type OrderLedger,
  type OrderRepository,
} from "@cargo-express/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderFrom } from "./contracts.js";
import { nextOrderId, OrderMother } from "./order-mother.js";

const TZ = "America/Bogota";

/** A store orders are saved to and the ledger that lists them. */
export interface LedgerAdapters {
  readonly orders: OrderRepository;
  readonly ledger: OrderLedger;
}

/** An order delivered at a UTC instant (received then too), by a courier, with these products (1.00 each). */
const orderAt = (iso: string, courier: number, products: readonly string[], id = nextOrderId("ledger")): Order =>
  orderFrom(
    {
      ...OrderMother.withProducts(
        products.map((p) => ({ IdProducto: p, producto: `Producto ${p}`, precio: 1 })),
        id,
      ),
      repartidor: { IdRepartidor: courier, Nombre: `Repartidor ${courier}` },
      timestamp: iso,
    },
    Date.parse(iso),
  );

const range = (from: string, to: string) => ({
  fromInstant: dayStartInstant(from, TZ),
  toInstant: dayStartInstant(to, TZ),
});

/** Every page of a request, following `next`: the orders' ids in the order given, and the number of pages. */
async function readAll(ledger: OrderLedger, request: Parameters<OrderLedger["page"]>[0]) {
  const ids: string[] = [];
  let after: string | undefined;
  for (let pages = 1; ; pages += 1) {
    const page = await ledger.page({ ...request, ...(after === undefined ? {} : { after }) });
    expect(page.orders.length).toBeLessThanOrEqual(request.limit);
    ids.push(...page.orders.map((order) => order.id));
    if (page.next === undefined) return { ids, pages };
    after = page.next;
  }
}

/**
 * The behaviour every OrderLedger must have over what its OrderRepository saved. `make` returns fresh, empty ones
 * (or ones where the days this suite uses hold nothing else).
 */
export function describeOrderLedgerContract(name: string, make: () => Promise<LedgerAdapters> | LedgerAdapters): void {
  describe(`OrderLedger contract: ${name}`, () => {
    it("lists the orders delivered in the range, newest first, as stored, and nothing outside it", async () => {
      const { orders, ledger } = await make();
      // Business days 2024-09-10 and 11 in Bogota run from 2024-09-10T05:00Z to 2024-09-12T05:00Z.
      const placed = [
        orderAt("2024-09-10T04:59:59.999999Z", 101, ["pk0001"]), // the 9th in Bogota: outside
        orderAt("2024-09-10T05:00:00Z", 102, ["pk0002"]),
        orderAt("2024-09-11T23:27:09.039464Z", 103, ["pk0003", "pk0001"]),
        orderAt("2024-09-12T04:59:59Z", 101, ["pk0004"]),
        orderAt("2024-09-12T05:00:00Z", 101, ["pk0001"]), // the 12th: outside
      ];
      for (const order of placed) await orders.saveIfAbsent(order);
      const page = await ledger.page({ ...range("2024-09-10", "2024-09-12"), limit: 10 });
      // Each with its status and revision (an order never changed: active, revision 1).
      expect(page.orders).toEqual(
        [placed[3], placed[2], placed[1]].map((order) => ({ ...order, status: "active", revision: 1 })),
      );
      expect(page.next).toBeUndefined();
    });

    it("filters by courier, by product (any line), and both", async () => {
      const { orders, ledger } = await make();
      const placed = [
        orderAt("2024-10-01T15:00:00Z", 101, ["pk0001", "pk0002"]),
        orderAt("2024-10-01T16:00:00Z", 102, ["pk0002"]),
        orderAt("2024-10-01T17:00:00Z", 101, ["pk0003"]),
      ];
      for (const order of placed) await orders.saveIfAbsent(order);
      const ids = async (filter: { courierId?: string; productId?: string }) =>
        (await readAll(ledger, { ...range("2024-10-01", "2024-10-02"), limit: 1, ...filter })).ids;
      expect(await ids({ courierId: "101" })).toEqual([placed[2]!.id, placed[0]!.id]);
      expect(await ids({ productId: "pk0002" })).toEqual([placed[1]!.id, placed[0]!.id]);
      expect(await ids({ courierId: "101", productId: "pk0002" })).toEqual([placed[0]!.id]);
      expect(await ids({ courierId: "999" })).toEqual([]);
    });

    it("pages through months' ends (31 days, three calendar months) giving each order once, orders at one instant apart", async () => {
      const { orders, ledger } = await make();
      const instants = [
        "2024-01-31T12:00:00Z",
        "2024-02-01T00:00:00Z",
        "2024-02-29T23:59:59.999999Z",
        "2024-03-01T00:00:00Z",
        "2024-03-02T04:00:00Z",
      ];
      const placed = [
        ...instants.map((iso, i) => orderAt(iso, 101 + i, ["pk0001"])),
        // Three orders delivered at the same instant: told apart by their ids.
        ...["a", "b", "c"].map((suffix) => orderAt("2024-02-15T10:00:00Z", 109, ["pk0002"], nextOrderId(suffix))),
      ];
      for (const order of placed) await orders.saveIfAbsent(order);
      const expected = [...placed]
        .sort((a, b) => (ledgerPositionOf(a) < ledgerPositionOf(b) ? 1 : -1))
        .map((o) => o.id);
      for (const limit of [1, 2, 3, 8, 9]) {
        const { ids, pages } = await readAll(ledger, { ...range("2024-01-31", "2024-03-02"), limit });
        expect(ids, `limit ${limit}`).toEqual(expected);
        // A full page says more may follow; the last page says none does.
        expect(pages, `limit ${limit}`).toBeGreaterThanOrEqual(Math.ceil(expected.length / limit));
      }
    });

    it("gives each order present when paging starts exactly once while orders keep arriving (property)", async () => {
      const { orders, ledger } = await make();
      const listOrders = new ListOrders({ ledger, timeZone: TZ });
      let run = 0;
      // Each run has a day of its own, so runs sharing a store never see each other's orders.
      const dayOf = (n: number) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
      const arrival = fc.record({
        minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
        courier: fc.integer({ min: 101, max: 103 }),
        products: fc.subarray(["pk0001", "pk0002", "pk0003"], { minLength: 1 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(arrival, { minLength: 0, maxLength: 12 }),
          fc.array(fc.array(arrival, { maxLength: 3 }), { maxLength: 6 }),
          fc.integer({ min: 1, max: 4 }),
          fc.constantFrom<{ courier?: string; product?: string }>({}, { courier: "102" }, { product: "pk0002" }),
          async (initial, arrivingPerPage, limit, filter) => {
            run += 1;
            const day = dayOf(run);
            const start = Date.parse(dayStartInstant(day, TZ));
            const place = async (a: (typeof initial)[number]) => {
              const order = orderAt(new Date(start + a.minute * 60_000).toISOString(), a.courier, a.products);
              await orders.saveIfAbsent(order);
              return order;
            };
            const matches = (order: Order) =>
              (filter.courier === undefined || order.courier.id === filter.courier) &&
              (filter.product === undefined || order.lines.some((line) => line.productId === filter.product));
            const present = (await Promise.all(initial.map(place))).filter(matches);
            const arrived: Order[] = [];
            const seen: string[] = [];
            let cursor: string | undefined;
            for (let page = 0; page < 100; page += 1) {
              const result = await listOrders.execute({
                from: day,
                limit,
                ...filter,
                ...(cursor === undefined ? {} : { cursor }),
              });
              if (!result.ok) throw new Error(JSON.stringify(result.error));
              for (const order of result.value.orders) expect(matches(order)).toBe(true);
              seen.push(...result.value.orders.map((order) => order.id));
              // Orders keep arriving between pages, anywhere in the day.
              for (const a of arrivingPerPage[page] ?? []) arrived.push(await place(a));
              if (result.value.nextCursor === null) break;
              cursor = result.value.nextCursor;
            }
            expect(new Set(seen).size).toBe(seen.length);
            for (const order of present) expect(seen).toContain(order.id);
            const known = new Set([...present, ...arrived.filter(matches)].map((order) => order.id));
            for (const id of seen) expect(known.has(id)).toBe(true);
          },
        ),
        { numRuns: 25 },
      );
    }, 120_000);
  });
}
