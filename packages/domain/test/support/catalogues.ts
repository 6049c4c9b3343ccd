import type { Catalogue, CatalogueStore } from "../../src/index.js";

/** A catalogue store that only reads (what GetMonitorReport asks of it): the catalogue given, empty by default. */
export function readOnlyCatalogue(catalogue: Catalogue = { products: [], couriers: [] }): CatalogueStore {
  const refuse = async (): Promise<never> => {
    throw new Error("this catalogue only reads");
  };
  return { read: async () => structuredClone(catalogue), put: refuse, putIfAbsent: refuse, history: refuse };
}
