import { describe, expect, it } from "vitest";
import {
  CARGO_EXPRESS_REFERENCE_DATA,
  type CatalogueEntry,
  type CatalogueStore,
  type ChangeAuthor,
  EditCatalogue,
  GetCatalogueHistory,
  type HistoryPageRequest,
  SeedCatalogue,
} from "../src/index.js";

/** A store that records what it is asked and holds entries by kind and id. */
class RecordingStore implements CatalogueStore {
  readonly puts: { entry: CatalogueEntry; author: ChangeAuthor }[] = [];
  readonly pages: HistoryPageRequest[] = [];
  readonly known = new Set<string>();
  async read() {
    return { products: [], couriers: [] };
  }
  async put(entry: CatalogueEntry, author: ChangeAuthor) {
    this.puts.push({ entry, author });
    return { status: "created" as const };
  }
  async putIfAbsent(entry: CatalogueEntry, author: ChangeAuthor) {
    const key = `${entry.kind}#${entry.value.id}`;
    if (this.known.has(key)) return false;
    this.known.add(key);
    this.puts.push({ entry, author });
    return true;
  }
  async history(page: HistoryPageRequest) {
    this.pages.push(page);
    return { changes: [], more: false };
  }
}

const clock = { now: () => Date.parse("2026-12-06T11:00:00.123Z") + 0.6 };

describe("EditCatalogue", () => {
  it("reads the reference price from its exact text into cents, with the order's name rules", async () => {
    const store = new RecordingStore();
    const edit = new EditCatalogue({ catalogue: store, clock });
    const result = await edit.putProduct("pk0008", { name: "  Pila de boto\u0301n ", referencePrice: "2.50" }, "ana");
    expect(result).toEqual({
      ok: true,
      value: {
        entry: { id: "pk0008", name: "Pila de botón", referencePrice: 250, active: true },
        outcome: "created",
      },
    });
    expect(store.puts[0]?.author).toEqual({ by: "ana", at: "2026-12-06T11:00:00.123Z" });
    expect((await edit.putProduct("pk0010", { name: "Clip", referencePrice: 0.2, active: false }, "ana")).ok).toBe(
      true,
    );
    expect(store.puts[1]?.entry).toEqual({
      kind: "product",
      value: { id: "pk0010", name: "Clip", referencePrice: 20, active: false },
    });
  });

  it("names every refused field at once and stores nothing", async () => {
    const store = new RecordingStore();
    const edit = new EditCatalogue({ catalogue: store, clock });
    const refused = await edit.putProduct(
      "pk 1",
      { name: "a\u202Eb", referencePrice: "8.499999999999999999", active: "yes" },
      "ana",
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.issues.map((issue) => issue.path)).toEqual(["id", "name", "referencePrice", "active"]);
    expect(refused.error.issues[2]?.message).toBe("referencePrice must have at most two decimals");
    for (const [price, message] of [
      ["-1", "referencePrice must not be negative"],
      ["10000.01", "referencePrice must be at most 10000.00"],
      [[1], "referencePrice must be a number"],
    ] as const) {
      const result = await edit.putProduct("pk0001", { name: "Moneda", referencePrice: price }, "ana");
      expect(result.ok ? [] : result.error.issues).toEqual([{ path: "referencePrice", message }]);
    }
    const missing = await edit.putProduct("pk0001", {}, "ana");
    expect(missing.ok ? [] : missing.error.issues.map((issue) => issue.path)).toEqual(["name", "referencePrice"]);
    expect(store.puts).toEqual([]);
  });

  it("reads a courier id as the canonical digits and refuses anything else", async () => {
    const store = new RecordingStore();
    const edit = new EditCatalogue({ catalogue: store, clock });
    expect(await edit.putCourier("0106", { name: "Pedro Gómez", active: false }, "ana")).toEqual({
      ok: true,
      value: { entry: { id: "106", name: "Pedro Gómez", active: false }, outcome: "created" },
    });
    const refused = await edit.putCourier("p106", { name: "" }, "ana");
    expect(refused.ok ? [] : refused.error.issues).toEqual([
      { path: "id", message: "id must be digits only (at most 15)" },
      { path: "name", message: "name must not be empty" },
    ]);
    expect(store.puts).toHaveLength(1);
  });
});

describe("GetCatalogueHistory", () => {
  it("asks for a page of 50 by default and passes the cursor on", async () => {
    const store = new RecordingStore();
    const history = new GetCatalogueHistory({ catalogue: store });
    expect(await history.execute()).toEqual({ ok: true, value: { changes: [], nextBefore: null } });
    const before = "2026-12-06T11:00:00.123Z#product#pk0001#0000000002";
    await history.execute({ limit: 2, before });
    expect(store.pages).toEqual([{ limit: 50 }, { limit: 2, before }]);
  });

  it("refuses a cursor it did not give and a limit out of range", async () => {
    const history = new GetCatalogueHistory({ catalogue: new RecordingStore() });
    const refused = await history.execute({ limit: 0, before: "yesterday" });
    expect(refused.ok ? [] : refused.error.issues.map((issue) => issue.path)).toEqual(["limit", "before"]);
  });
});

describe("SeedCatalogue", () => {
  it("stores the ten products and ten couriers the company gave, once", async () => {
    const store = new RecordingStore();
    const seed = new SeedCatalogue({ catalogue: store, clock });
    expect(await seed.execute(CARGO_EXPRESS_REFERENCE_DATA, "seed")).toEqual({ stored: 20, kept: 0 });
    expect(await seed.execute(CARGO_EXPRESS_REFERENCE_DATA, "seed")).toEqual({ stored: 0, kept: 20 });
    const prices = store.puts.flatMap(({ entry }) => (entry.kind === "product" ? [entry.value.referencePrice] : []));
    expect(prices).toEqual([100, 800, 500, 1200, 300, 1000, 400, 250, 50, 20]);
    expect(store.puts.filter(({ entry }) => entry.kind === "courier").map(({ entry }) => entry.value.id)).toEqual([
      "101",
      "102",
      "103",
      "104",
      "105",
      "106",
      "107",
      "108",
      "109",
      "110",
    ]);
  });
});
