/**
 * The catalogue's routes as the fake API answers them (unit tests only; the Chromium tests use the real API): a
 * catalogue in memory, every PUT recorded as sent, and a refusal a test can arm, shaped as the API's problem+json.
 */
import type { Catalog, CatalogChange, CatalogEntryState } from "../../src/catalog-api.js";

type Answer = { status: number; body?: unknown };

const cents = (price: string) => {
  const [whole = "0", fraction = "00"] = price.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
};

export class FakeCatalog {
  products = [
    { id: "pk0001", name: "Moneda", referencePrice: "1.00", referencePriceCents: 100, active: true },
    { id: "pk0008", name: "Pila de botón", referencePrice: "2.50", referencePriceCents: 250, active: true },
  ];
  couriers = [
    { id: "101", name: "María López", active: true },
    { id: "102", name: "Carlos García", active: false },
  ];
  history: CatalogChange[] = [
    {
      kind: "product",
      id: "pk0001",
      by: "catalog-seed",
      at: "2026-12-06T13:00:00.000Z",
      revision: 1,
      before: null,
      after: { id: "pk0001", name: "Moneda", referencePrice: "1.00", referencePriceCents: 100, active: true },
    },
  ];
  /** Every PUT: its path and its body exactly as sent. */
  readonly puts: { path: string; body: string }[] = [];
  /** Answered to the next PUT instead of storing it (a 400 names fields; any other status is a failure). */
  refuseNextPut: Answer | undefined;
  clock = () => new Date().toISOString();

  /** Changes per page of the history (the API's default is 50; tests make it small). */
  historyPageSize = 50;

  /** Pages as the API cuts them: `before` is the cursor a page gave, here the index of the next change. */
  private historyPage(query: URLSearchParams) {
    const start = Number(query.get("before") ?? "0");
    const end = start + this.historyPageSize;
    return { changes: this.history.slice(start, end), nextBefore: end < this.history.length ? String(end) : null };
  }

  answer(method: string, path: string, body: string | undefined, user: string, query = new URLSearchParams()): Answer {
    if (method === "GET" && path === "/catalog") return { status: 200, body: this.catalog() };
    if (method === "GET" && path === "/catalog/history") return { status: 200, body: this.historyPage(query) };
    const put = /^\/catalog\/(products|couriers)\/([^/]+)$/.exec(path);
    if (method !== "PUT" || !put) return { status: 404, body: { status: 404, detail: "no such route" } };
    this.puts.push({ path, body: body ?? "" });
    const refusal = this.refuseNextPut;
    this.refuseNextPut = undefined;
    if (refusal) return refusal;
    const id = decodeURIComponent(put[2]!);
    const sent = JSON.parse(body ?? "{}") as { name: string; referencePrice?: string; active: boolean };
    if (put[1] === "products") {
      const price = sent.referencePrice!;
      this.store(
        this.products,
        "product",
        { id, name: sent.name, referencePrice: price, referencePriceCents: cents(price), active: sent.active },
        user,
      );
    } else this.store(this.couriers, "courier", { id, name: sent.name, active: sent.active }, user);
    return { status: 200, body: {} };
  }

  catalog(): Catalog {
    return { products: [...this.products], couriers: [...this.couriers] };
  }

  private store<E extends { id: string } & CatalogEntryState>(
    list: E[],
    kind: "product" | "courier",
    entry: E,
    user: string,
  ): void {
    const index = list.findIndex((e) => e.id === entry.id);
    const before = index >= 0 ? list[index]! : null;
    if (index >= 0) list[index] = entry;
    else list.push(entry);
    const revision = this.history.filter((change) => change.kind === kind && change.id === entry.id).length + 1;
    // The entries are the API's shapes for their kind (a product with its price, a courier without).
    const change = { kind, id: entry.id, by: user, at: this.clock(), revision, before, after: entry } as CatalogChange;
    this.history.unshift(change);
  }
}
