import { emptyDayDelta, emptyDelta, type ProjectionDelta } from "@cargo-express/domain";

/** Builders of projection deltas for tests that need exact, hand-picked numbers. */
export interface ProductFigure {
  readonly id: string;
  readonly units: number;
  readonly revenue: number;
  readonly name?: string;
  readonly stamp?: string;
}

/** A delta that only adds to products (like the later slices of a large order). */
export function productsDelta(products: readonly ProductFigure[]): ProjectionDelta {
  const delta = emptyDelta();
  for (const p of products) {
    delta.products.set(p.id, {
      units: p.units,
      revenue: p.revenue,
      name: p.name ?? `Product ${p.id}`,
      nameStamp: p.stamp ?? "2024-09-11T23:00:00.000000Z#seed",
    });
  }
  return delta;
}

/** A delta that only adds to products' figures on one business day (what a period reads). */
export function dayProductsDelta(day: string, products: readonly ProductFigure[]): ProjectionDelta {
  const delta = emptyDelta();
  const figures = emptyDayDelta();
  for (const p of products) figures.products.set(p.id, { units: p.units, revenue: p.revenue });
  delta.days.set(day, figures);
  return delta;
}

export interface CourierFigure {
  readonly id: string;
  readonly productsDelivered: number;
  readonly ordersDelivered: number;
  readonly revenue: number;
  readonly name?: string;
  readonly stamp?: string;
}

export function couriersDelta(couriers: readonly CourierFigure[]): ProjectionDelta {
  const delta = emptyDelta();
  for (const c of couriers) {
    delta.couriers.set(c.id, {
      productsDelivered: c.productsDelivered,
      ordersDelivered: c.ordersDelivered,
      revenue: c.revenue,
      name: c.name ?? `Courier ${c.id}`,
      nameStamp: c.stamp ?? "2024-09-11T23:00:00.000000Z#seed",
    });
  }
  return delta;
}
