import { addCents, multiplyCents, type Cents } from "./money.js";
import type { CourierId, Order, ProductId } from "./order.js";
import { hourBucket } from "./time.js";

/**
 * The monitor's read models. Each is a pure function of the set of orders: numbers add up
 * (order of arrival does not matter) and display names come from the latest delivery
 * (greatest `deliveredAt`, then order id), so any arrival order gives the same result.
 */
export interface ProductStats {
  readonly productId: ProductId;
  readonly productName: string;
  readonly units: number;
  readonly revenue: Cents;
}

export interface CourierStats {
  readonly courierId: CourierId;
  readonly courierName: string;
  /** Units of product delivered. */
  readonly productsDelivered: number;
  readonly ordersDelivered: number;
  /** Money generated: the sum of the totals of the courier's orders. */
  readonly revenue: Cents;
}

/** Orders a courier delivered in one business-zone hour (`hour` like `2024-09-11T18:00:00-05:00`). */
export interface HourlyDeliveries {
  readonly courierId: CourierId;
  readonly hour: string;
  readonly deliveries: number;
}

export interface Totals {
  readonly orders: number;
  readonly units: number;
  readonly revenue: Cents;
}

/** Orders a name's recency: `deliveredAt#orderId`; deliveredAt is fixed-width UTC text so text order is time order. */
export type NameStamp = string;
export const nameStampOf = (order: Order): NameStamp => `${order.deliveredAt}#${order.id}`;

export interface Named {
  readonly name: string;
  readonly nameStamp: NameStamp;
}

/** What a set of orders adds to the read models. Deltas merge by addition, so they are applied in batches. */
export interface ProjectionDelta {
  readonly products: Map<ProductId, { units: number; revenue: Cents } & Named>;
  readonly couriers: Map<CourierId, { productsDelivered: number; ordersDelivered: number; revenue: Cents } & Named>;
  /** Keyed by `${courierId}|${hour}`. */
  readonly hourly: Map<string, HourlyDeliveries>;
  totals: Totals;
}

export const emptyDelta = (): ProjectionDelta => ({
  products: new Map(),
  couriers: new Map(),
  hourly: new Map(),
  totals: { orders: 0, units: 0, revenue: 0 },
});

export const hourlyKey = (courierId: CourierId, hour: string): string => `${courierId}|${hour}`;

const newerName = (current: Named | undefined, candidate: Named): Named =>
  current === undefined || candidate.nameStamp > current.nameStamp ? candidate : current;

/** Adds one order's contribution to `delta` (mutates and returns it). */
export function addOrderToDelta(delta: ProjectionDelta, order: Order, timeZone: string): ProjectionDelta {
  const stamp = nameStampOf(order);
  for (const line of order.lines) {
    const current = delta.products.get(line.productId);
    const named = newerName(current, { name: line.productName, nameStamp: stamp });
    delta.products.set(line.productId, {
      units: (current?.units ?? 0) + line.quantity,
      revenue: addCents(current?.revenue ?? 0, multiplyCents(line.unitPrice, line.quantity)),
      name: named.name,
      nameStamp: named.nameStamp,
    });
  }
  const courier = delta.couriers.get(order.courier.id);
  const courierName = newerName(courier, { name: order.courier.name, nameStamp: stamp });
  delta.couriers.set(order.courier.id, {
    productsDelivered: (courier?.productsDelivered ?? 0) + order.units,
    ordersDelivered: (courier?.ordersDelivered ?? 0) + 1,
    revenue: addCents(courier?.revenue ?? 0, order.total),
    name: courierName.name,
    nameStamp: courierName.nameStamp,
  });
  const hour = hourBucket(Date.parse(order.deliveredAt), timeZone);
  const key = hourlyKey(order.courier.id, hour);
  delta.hourly.set(key, { courierId: order.courier.id, hour, deliveries: (delta.hourly.get(key)?.deliveries ?? 0) + 1 });
  delta.totals = {
    orders: delta.totals.orders + 1,
    units: delta.totals.units + order.units,
    revenue: addCents(delta.totals.revenue, order.total),
  };
  return delta;
}

/** Number of distinct stored items a delta touches (products + couriers + hourly buckets + totals). */
export const deltaKeyCount = (delta: ProjectionDelta): number =>
  delta.products.size + delta.couriers.size + delta.hourly.size + (delta.totals.orders > 0 ? 1 : 0);

export function deltaOf(orders: Iterable<Order>, timeZone: string): ProjectionDelta {
  const delta = emptyDelta();
  for (const order of orders) addOrderToDelta(delta, order, timeZone);
  return delta;
}

/** Merges `source` into `target` (mutates and returns target): numbers add, the newer name wins. */
export function mergeDelta(target: ProjectionDelta, source: ProjectionDelta): ProjectionDelta {
  for (const [id, p] of source.products) {
    const current = target.products.get(id);
    const named = newerName(current, p);
    target.products.set(id, { units: (current?.units ?? 0) + p.units, revenue: addCents(current?.revenue ?? 0, p.revenue), name: named.name, nameStamp: named.nameStamp });
  }
  for (const [id, c] of source.couriers) {
    const current = target.couriers.get(id);
    const named = newerName(current, c);
    target.couriers.set(id, {
      productsDelivered: (current?.productsDelivered ?? 0) + c.productsDelivered,
      ordersDelivered: (current?.ordersDelivered ?? 0) + c.ordersDelivered,
      revenue: addCents(current?.revenue ?? 0, c.revenue),
      name: named.name,
      nameStamp: named.nameStamp,
    });
  }
  for (const [key, h] of source.hourly) {
    target.hourly.set(key, { ...h, deliveries: (target.hourly.get(key)?.deliveries ?? 0) + h.deliveries });
  }
  target.totals = {
    orders: target.totals.orders + source.totals.orders,
    units: target.totals.units + source.totals.units,
    revenue: addCents(target.totals.revenue, source.totals.revenue),
  };
  return target;
}

/** Products ranked by units sold, then revenue, then id (so ties have one stable order). */
export function compareProducts(a: ProductStats, b: ProductStats): number {
  return b.units - a.units || b.revenue - a.revenue || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);
}

/** Couriers ranked by money generated, then products delivered, then id. */
export function compareCouriers(a: CourierStats, b: CourierStats): number {
  return (
    b.revenue - a.revenue ||
    b.productsDelivered - a.productsDelivered ||
    (a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0)
  );
}

/** All read models, computed directly from a set of unique orders: the reference every store must equal. */
export interface Projections {
  readonly products: ProductStats[];
  readonly couriers: CourierStats[];
  readonly hourly: HourlyDeliveries[];
  readonly totals: Totals;
}

export function projectionsFromDelta(delta: ProjectionDelta): Projections {
  return {
    products: [...delta.products].map(([productId, p]) => ({ productId, productName: p.name, units: p.units, revenue: p.revenue })).sort(compareProducts),
    couriers: [...delta.couriers]
      .map(([courierId, c]) => ({ courierId, courierName: c.name, productsDelivered: c.productsDelivered, ordersDelivered: c.ordersDelivered, revenue: c.revenue }))
      .sort(compareCouriers),
    hourly: [...delta.hourly.values()].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0)),
    totals: delta.totals,
  };
}

/** The projections of a set of orders (duplicates by id count once). */
export function projectOrders(orders: Iterable<Order>, timeZone: string): Projections {
  const unique = new Map<string, Order>();
  for (const order of orders) if (!unique.has(order.id)) unique.set(order.id, order);
  return projectionsFromDelta(deltaOf(unique.values(), timeZone));
}
