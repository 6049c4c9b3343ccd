import {
  type CatalogueEntry,
  type CatalogueStore,
  type ChangeAuthor,
  CARGO_EXPRESS_REFERENCE_DATA,
  changeKeyOf,
} from "@cargo-express/domain";
import { describe, expect, it } from "vitest";

const product = (id: string, name: string, referencePrice: number, active = true): CatalogueEntry => ({
  kind: "product",
  value: { id, name, referencePrice, active },
});
const courier = (id: string, name: string, active = true): CatalogueEntry => ({
  kind: "courier",
  value: { id, name, active },
});

/** Authors at increasing times, a second apart, from a fixed start. */
function authors(by = "supervisor") {
  let ms = Date.parse("2026-12-06T10:00:00.000Z");
  return (): ChangeAuthor => {
    ms += 1000;
    return { by, at: new Date(ms).toISOString() };
  };
}

/**
 * The behaviour every CatalogueStore must have. `make` returns a fresh, empty store.
 */
export function describeCatalogueStoreContract(
  name: string,
  make: () => Promise<CatalogueStore> | CatalogueStore,
): void {
  describe(`CatalogueStore contract: ${name}`, () => {
    it("starts empty", async () => {
      const store = await make();
      expect(await store.read()).toEqual({ products: [], couriers: [] });
      expect(await store.history({ limit: 10 })).toEqual({ changes: [], more: false });
    });

    it("stores products and couriers and reads them back sorted (cents exact, accents kept, ids by number)", async () => {
      const store = await make();
      const next = authors();
      expect(await store.put(product("pk0002", "Estuche para gafas", 800), next())).toEqual({ status: "created" });
      expect(await store.put(product("pk0001", "Moneda", 100), next())).toEqual({ status: "created" });
      expect(await store.put(courier("1000", "Nuevo"), next())).toEqual({ status: "created" });
      expect(await store.put(courier("99", "Sofía Morales", false), next())).toEqual({ status: "created" });
      expect(await store.read()).toEqual({
        products: [
          { id: "pk0001", name: "Moneda", referencePrice: 100, active: true },
          { id: "pk0002", name: "Estuche para gafas", referencePrice: 800, active: true },
        ],
        couriers: [
          { id: "99", name: "Sofía Morales", active: false },
          { id: "1000", name: "Nuevo", active: true },
        ],
      });
    });

    it("keeps a product and a courier with the same id apart", async () => {
      const store = await make();
      const next = authors();
      await store.put(product("101", "Producto 101", 1), next());
      await store.put(courier("101", "María López"), next());
      const catalogue = await store.read();
      expect(catalogue.products.map((p) => p.name)).toEqual(["Producto 101"]);
      expect(catalogue.couriers.map((c) => c.name)).toEqual(["María López"]);
    });

    it("records every change with who, when, before and after; newest first", async () => {
      const store = await make();
      const first = { by: "ana", at: "2026-12-06T10:00:01.000Z" };
      const second = { by: "luis", at: "2026-12-06T10:00:02.000Z" };
      await store.put(product("pk0004", "Pendrive", 1200), first);
      expect(await store.put(product("pk0004", "Pendrive 32 GB", 1250), second)).toEqual({
        status: "replaced",
        before: { id: "pk0004", name: "Pendrive", referencePrice: 1200, active: true },
      });
      expect(await store.history({ limit: 10 })).toEqual({
        more: false,
        changes: [
          {
            kind: "product",
            ...second,
            revision: 2,
            before: { id: "pk0004", name: "Pendrive", referencePrice: 1200, active: true },
            after: { id: "pk0004", name: "Pendrive 32 GB", referencePrice: 1250, active: true },
          },
          {
            kind: "product",
            ...first,
            revision: 1,
            before: null,
            after: { id: "pk0004", name: "Pendrive", referencePrice: 1200, active: true },
          },
        ],
      });
    });

    it("a put of identical content changes and records nothing", async () => {
      const store = await make();
      const next = authors();
      await store.put(courier("106", "Pedro Gómez"), next());
      expect(await store.put(courier("106", "Pedro Gómez"), next())).toEqual({ status: "unchanged" });
      expect((await store.history({ limit: 10 })).changes).toHaveLength(1);
      // Deactivating is a change.
      expect((await store.put(courier("106", "Pedro Gómez", false), next())).status).toBe("replaced");
      expect((await store.history({ limit: 10 })).changes).toHaveLength(2);
    });

    it("putIfAbsent stores and records an unknown id, and never overwrites an edit", async () => {
      const store = await make();
      const next = authors();
      expect(await store.putIfAbsent(product("pk0009", "Goma de borrar", 50), next())).toBe(true);
      await store.put(product("pk0009", "Goma blanca", 60), next());
      expect(await store.putIfAbsent(product("pk0009", "Goma de borrar", 50), next())).toBe(false);
      expect((await store.read()).products).toEqual([
        { id: "pk0009", name: "Goma blanca", referencePrice: 60, active: true },
      ]);
      expect((await store.history({ limit: 10 })).changes.map((c) => c.revision)).toEqual([2, 1]);
    });

    it("pages through the history newest first, every change once", async () => {
      const store = await make();
      const next = authors();
      for (let i = 0; i < 7; i += 1) await store.put(product("pk0001", `Moneda ${i}`, 100 + i), next());
      const seen: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await store.history({ limit: 3, ...(before === undefined ? {} : { before }) });
        seen.push(...page.changes.map((change) => change.after.name));
        if (!page.more) break;
        before = changeKeyOf(page.changes.at(-1)!);
      }
      expect(seen).toEqual(["Moneda 6", "Moneda 5", "Moneda 4", "Moneda 3", "Moneda 2", "Moneda 1", "Moneda 0"]);
    });

    it("concurrent edits of one entry lose no history entry: each change's before is the previous after", async () => {
      const store = await make();
      const at = "2026-12-06T10:00:00.000Z";
      await store.put(courier("101", "María"), { by: "seed", at });
      const names = ["María López", "María L.", "M. López", "Maria Lopez", "María López G."];
      const outcomes = await Promise.all(
        names.map((n, i) => store.put(courier("101", n), { by: `supervisor-${i}`, at })),
      );
      expect(outcomes.every((outcome) => outcome.status === "replaced")).toBe(true);
      const { changes } = await store.history({ limit: 100 });
      expect(changes).toHaveLength(names.length + 1);
      const chain = [...changes].sort((a, b) => a.revision - b.revision);
      expect(chain.map((c) => c.revision)).toEqual([1, 2, 3, 4, 5, 6]);
      for (let i = 1; i < chain.length; i += 1) expect(chain[i]!.before).toEqual(chain[i - 1]!.after);
      expect((await store.read()).couriers).toEqual([chain.at(-1)!.after]);
    });

    it("holds Cargo Express's reference data", async () => {
      const store = await make();
      const next = authors("seed");
      for (const entry of CARGO_EXPRESS_REFERENCE_DATA) expect(await store.putIfAbsent(entry, next())).toBe(true);
      const catalogue = await store.read();
      expect(catalogue.products).toHaveLength(10);
      expect(catalogue.couriers).toHaveLength(10);
      expect(catalogue.products.find((p) => p.id === "pk0008")).toEqual({
        id: "pk0008",
        name: "Pila de botón",
        referencePrice: 250,
        active: true,
      });
    });
  });
}
