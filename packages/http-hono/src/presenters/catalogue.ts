import {
  type Catalogue,
  type CatalogueHistory,
  type CatalogueProduct,
  type FleetCourier,
  formatCents,
} from "@cargo-express/domain";
import type {
  CatalogueHistoryResponse,
  CatalogueProductResponse,
  CatalogueResponse,
  FleetCourierResponse,
} from "../contract/catalogue-schemas.js";

export const presentProduct = (product: CatalogueProduct): CatalogueProductResponse => ({
  id: product.id,
  name: product.name,
  referencePrice: formatCents(product.referencePrice),
  referencePriceCents: product.referencePrice,
  active: product.active,
});

export const presentCourier = (courier: FleetCourier): FleetCourierResponse => ({
  id: courier.id,
  name: courier.name,
  active: courier.active,
});

export const presentCatalogue = (catalogue: Catalogue): CatalogueResponse => ({
  products: catalogue.products.map(presentProduct),
  couriers: catalogue.couriers.map(presentCourier),
});

export const presentHistory = (history: CatalogueHistory): CatalogueHistoryResponse => ({
  changes: history.changes.map((change) => {
    const common = { id: change.after.id, by: change.by, at: change.at, revision: change.revision };
    return change.kind === "product"
      ? {
          kind: "product",
          ...common,
          before: change.before && presentProduct(change.before),
          after: presentProduct(change.after),
        }
      : {
          kind: "courier",
          ...common,
          before: change.before && presentCourier(change.before),
          after: presentCourier(change.after),
        };
  }),
  nextBefore: history.nextBefore,
});
