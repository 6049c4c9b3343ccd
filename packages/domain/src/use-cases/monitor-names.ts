import type { Catalogue } from "../catalogue/catalogue.js";
import type { CourierStats, ProductStats } from "../projections.js";

/** A product of a report: its figures under the catalogue's name when the catalogue knows it. */
export type ReportedProduct = ProductStats & {
  /** False for an id the catalogue does not know: counted all the same, under the name its orders gave. */
  readonly inCatalog: boolean;
};

/** A courier of a report: its figures under the fleet's name when the fleet knows it. */
export type ReportedCourier = CourierStats & {
  readonly inCatalog: boolean;
  /** When the courier's latest delivery was received (ISO 8601 UTC), whatever the period; absent if never. */
  readonly lastDeliveryAt?: string;
};

/**
 * Names from the catalogue, looked up when the report is read: a rename shows at once on figures counted before
 * it, and an id outside the catalogue keeps the name its orders gave, flagged `inCatalog: false`. Figures never
 * change here; only names move.
 */
export function namesFrom(catalogue: Catalogue) {
  const products = new Map(catalogue.products.map((product) => [product.id, product]));
  const couriers = new Map(catalogue.couriers.map((courier) => [courier.id, courier]));
  return {
    product: (stats: ProductStats): ReportedProduct => {
      const known = products.get(stats.productId);
      return { ...stats, productName: known?.name ?? stats.productName, inCatalog: known !== undefined };
    },
    courier: (id: string, name: string): { readonly courierName: string; readonly inCatalog: boolean } => {
      const known = couriers.get(id);
      return { courierName: known?.name ?? name, inCatalog: known !== undefined };
    },
  };
}

/**
 * The couriers of a period of days: those who delivered, then every active courier of the fleet who did not
 * (zero figures, by id), so a supervisor sees who is idle. Inactive couriers appear only when they delivered.
 * Only when the list holds every courier who delivered (`complete`): otherwise a courier left out by the limit
 * could be shown as idle.
 */
export function withIdleCouriers(
  delivered: readonly ReportedCourier[],
  catalogue: Catalogue,
  lastDeliveries: ReadonlyMap<string, string>,
  complete: boolean,
): ReportedCourier[] {
  if (!complete) return [...delivered];
  const listed = new Set(delivered.map((courier) => courier.courierId));
  const idle = catalogue.couriers
    .filter((courier) => courier.active && !listed.has(courier.id))
    .map((courier): ReportedCourier => {
      const last = lastDeliveries.get(courier.id);
      return {
        courierId: courier.id,
        courierName: courier.name,
        productsDelivered: 0,
        ordersDelivered: 0,
        revenue: 0,
        inCatalog: true,
        ...(last === undefined ? {} : { lastDeliveryAt: last }),
      };
    });
  return [...delivered, ...idle];
}
