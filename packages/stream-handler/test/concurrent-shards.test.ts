import { describe, expect, it } from "vitest";
import { eventOf, ProjectorFixture } from "./support/fixture.js";
import { asProjections, expectedProjections, orderFrom } from "./support/orders.js";

describe("two shards projecting at the same time", () => {
  it("loses no update when handlers of different shards add to the same product concurrently", async () => {
    // Two Orders tables stand for two shards: their streams are different feed partitions, and both
    // feed one set of projection tables, so every commit of either touches the same product and totals.
    const a = await ProjectorFixture.create("shard-a");
    const b = await ProjectorFixture.create("shard-b");
    const base = Date.UTC(2024, 8, 11, 15);
    const ordersA = Array.from({ length: 24 }, (_, i) =>
      orderFrom({ id: `a-${i}`, courier: i, products: [0, i], deliveredAtMs: base + i * 60_000 }),
    );
    const ordersB = Array.from({ length: 24 }, (_, i) =>
      orderFrom({ id: `b-${i}`, courier: i + 3, products: [0, 0, i + 1], deliveredAtMs: base + i * 60_000 }),
    );
    await Promise.all([a.place(ordersA), b.place(ordersB)]);
    const [recordsA, recordsB] = await Promise.all([a.streamRecords(24), b.streamRecords(24)]);

    const handlerA = a.handler();
    const handlerB = b.handler({ tables: a.tables }); // shard B writes into A's projections
    const feed = async (handler: typeof handlerA, records: typeof recordsA) => {
      for (let start = 0; start < records.length; start += 3) {
        expect(await handler(eventOf(records.slice(start, start + 3)))).toEqual({ batchItemFailures: [], state: {} });
      }
    };
    await Promise.all([feed(handlerA, recordsA), feed(handlerB, recordsB), feed(handlerA, recordsA)]);

    const all = [...ordersA, ...ordersB];
    const shown = asProjections(await a.monitor(all));
    expect(shown).toEqual(expectedProjections(all));
    const unitsOfShared = all.flatMap((order) => order.lines).filter((line) => line.productId === "pk0001").length;
    expect(unitsOfShared).toBeGreaterThanOrEqual(72);
    expect(shown.products.find((p) => p.productId === "pk0001")?.units).toBe(unitsOfShared);
  });
});
