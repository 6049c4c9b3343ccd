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

/**
 * Orders a name's recency: the receipt time, then a tie-breaker from the order id. Receipt time is the
 * server's clock, so no client can pin a name by sending a far-future delivery time. Fixed-width text of
 * [0-9a-z] (16 characters: receipt epoch milliseconds in base 36, 9 digits, then the order id's 32-bit FNV-1a
 * in base 36, 7 digits), so text order is recency order and a store can keep it beside each name cheaply.
 * Two orders received in the same millisecond are ordered by the hash of their ids: arbitrary but the same
 * in every store and arrival order (a hash collision as well would leave the first name written).
 */
export type NameStamp = string;
export const NAME_STAMP_LENGTH = 16;
export const nameStampOf = (order: Order): NameStamp => {
  const receivedMs = Date.parse(order.receivedAt);
  if (!Number.isSafeInteger(receivedMs) || receivedMs < 0)
    throw new RangeError(`order ${order.id} has no usable receipt time: ${order.receivedAt}`);
  return `${receivedMs.toString(36).padStart(9, "0")}${fnv1a32(order.id).toString(36).padStart(7, "0")}`;
};

/** When the order a stamp was taken from was received (ISO 8601 UTC): the stamp's first nine characters. */
export const receivedAtOfStamp = (stamp: NameStamp): string =>
  new Date(Number.parseInt(stamp.slice(0, 9), 36)).toISOString();

/** 32-bit FNV-1a of a text's UTF-16 code units: the same on every platform and release (stores shard by it). */
export function fnv1a32(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/**
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export interface Named {
  readonly name: string;
  readonly nameStamp: NameStamp;
}

/**
 * What the orders delivered on one business day (`2024-09-11`, in the business time zone) add to the
 * period reports (today, last 7 days). Numbers only: display names come from the all-time figures, so a
 * name is never stored once per day. One stored item per product, courier and day, so no item grows
 * with the number of distinct couriers or products.
 */
export interface DayDelta {
  readonly products: Map<ProductId, { units: number; revenue: Cents }>;
  readonly couriers: Map<CourierId, { productsDelivered: number; ordersDelivered: number; revenue: Cents }>;
  totals: Totals;
}

/** What a set of orders adds to the read models. Deltas merge by addition, so they are applied in batches. */
export interface ProjectionDelta {
  readonly products: Map<ProductId, { units: number; revenue: Cents } & Named>;
  readonly couriers: Map<CourierId, { productsDelivered: number; ordersDelivered: number; revenue: Cents } & Named>;
  /** Keyed by `${courierId}|${hour}`. */
  readonly hourly: Map<string, HourlyDeliveries>;
  /** Keyed by business day (`2024-09-11`). */
  readonly days: Map<string, DayDelta>;
  totals: Totals;
}

const zeroTotals = (): Totals => ({ orders: 0, units: 0, revenue: 0 });

const addTotals = (a: Totals, b: Totals): Totals => ({
  orders: a.orders + b.orders,
  units: a.units + b.units,
  revenue: addCents(a.revenue, b.revenue),
});

export const emptyDelta = (): ProjectionDelta => ({
  products: new Map(),
  couriers: new Map(),
  hourly: new Map(),
  days: new Map(),
  totals: zeroTotals(),
});

export const emptyDayDelta = (): DayDelta => ({ products: new Map(), couriers: new Map(), totals: zeroTotals() });

/** The business day (`2024-09-11`) of an hour bucket label (`2024-09-11T18:00:00-05:00`). */
export const dayOfHour = (hour: string): string => hour.slice(0, 10);

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
  delta.hourly.set(key, {
    courierId: order.courier.id,
    hour,
    deliveries: (delta.hourly.get(key)?.deliveries ?? 0) + 1,
  });
  const orderTotals: Totals = { orders: 1, units: order.units, revenue: order.total };
  delta.totals = addTotals(delta.totals, orderTotals);

  const day = dayOf(delta, dayOfHour(hour));
  for (const line of order.lines) {
    const current = day.products.get(line.productId);
    day.products.set(line.productId, {
      units: (current?.units ?? 0) + line.quantity,
      revenue: addCents(current?.revenue ?? 0, multiplyCents(line.unitPrice, line.quantity)),
    });
  }
  const dayCourier = day.couriers.get(order.courier.id);
  day.couriers.set(order.courier.id, {
    productsDelivered: (dayCourier?.productsDelivered ?? 0) + order.units,
    ordersDelivered: (dayCourier?.ordersDelivered ?? 0) + 1,
    revenue: addCents(dayCourier?.revenue ?? 0, order.total),
  });
  day.totals = addTotals(day.totals, orderTotals);
  return delta;
}

function dayOf(delta: ProjectionDelta, day: string): DayDelta {
  let found = delta.days.get(day);
  if (!found) {
    found = emptyDayDelta();
    delta.days.set(day, found);
  }
  return found;
}

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
    target.products.set(id, {
      units: (current?.units ?? 0) + p.units,
      revenue: addCents(current?.revenue ?? 0, p.revenue),
      name: named.name,
      nameStamp: named.nameStamp,
    });
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
  target.totals = addTotals(target.totals, source.totals);
  for (const [day, d] of source.days) mergeDay(dayOf(target, day), d);
  return target;
}

/** Adds `source`'s figures of a day into `target` (mutates target). */
function mergeDay(target: DayDelta, source: DayDelta): void {
  for (const [id, p] of source.products) {
    const current = target.products.get(id);
    target.products.set(id, {
      units: (current?.units ?? 0) + p.units,
      revenue: addCents(current?.revenue ?? 0, p.revenue),
    });
  }
  for (const [id, c] of source.couriers) {
    const current = target.couriers.get(id);
    target.couriers.set(id, {
      productsDelivered: (current?.productsDelivered ?? 0) + c.productsDelivered,
      ordersDelivered: (current?.ordersDelivered ?? 0) + c.ordersDelivered,
      revenue: addCents(current?.revenue ?? 0, c.revenue),
    });
  }
  target.totals = addTotals(target.totals, source.totals);
}

/**
 * The figures of a set of business days, summed, with display names from the all-time figures
 * (`names`), ranked like the all-time ones: what the monitor shows for "today" or "last 7 days".
 */
export function periodFigures(
  days: Iterable<DayDelta>,
  names: { product(id: ProductId): string; courier(id: CourierId): string },
): { products: ProductStats[]; couriers: CourierStats[]; totals: Totals } {
  const sum = emptyDayDelta();
  for (const d of days) mergeDay(sum, d);
  return {
    products: [...sum.products]
      .map(([productId, p]) => ({
        productId,
        productName: names.product(productId),
        units: p.units,
        revenue: p.revenue,
      }))
      .sort(compareProducts),
    couriers: [...sum.couriers]
      .map(([courierId, c]) => ({
        courierId,
        courierName: names.courier(courierId),
        productsDelivered: c.productsDelivered,
        ordersDelivered: c.ordersDelivered,
        revenue: c.revenue,
      }))
      .sort(compareCouriers),
    totals: sum.totals,
  };
}

/** Products ranked by units sold, then revenue, then id (so ties have one stable order). */
export function compareProducts(a: ProductStats, b: ProductStats): number {
  return (
    b.units - a.units || b.revenue - a.revenue || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0)
  );
}

/** Couriers ranked by money generated, then products delivered, then id. */
export function compareCouriers(a: CourierStats, b: CourierStats): number {
  return (
    b.revenue - a.revenue ||
    b.productsDelivered - a.productsDelivered ||
    (a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0)
  );
}

/** Hourly counters in time order, then by courier id: the one order every store returns them in. */
export function compareHourly(a: HourlyDeliveries, b: HourlyDeliveries): number {
  return a.hour < b.hour
    ? -1
    : a.hour > b.hour
      ? 1
      : a.courierId < b.courierId
        ? -1
        : a.courierId > b.courierId
          ? 1
          : 0;
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
    products: [...delta.products]
      .map(([productId, p]) => ({ productId, productName: p.name, units: p.units, revenue: p.revenue }))
      .sort(compareProducts),
    couriers: [...delta.couriers]
      .map(([courierId, c]) => ({
        courierId,
        courierName: c.name,
        productsDelivered: c.productsDelivered,
        ordersDelivered: c.ordersDelivered,
        revenue: c.revenue,
      }))
      .sort(compareCouriers),
    hourly: [...delta.hourly.values()].sort(compareHourly),
    totals: delta.totals,
  };
}

/** The projections of a set of orders (duplicates by id count once). */
export function projectOrders(orders: Iterable<Order>, timeZone: string): Projections {
  const unique = new Map<string, Order>();
  for (const order of orders) if (!unique.has(order.id)) unique.set(order.id, order);
  return projectionsFromDelta(deltaOf(unique.values(), timeZone));
}
