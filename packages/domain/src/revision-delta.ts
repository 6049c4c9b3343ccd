import type { OrderChange } from "./order-change.js";
import type { OrderState } from "./order-revision.js";
import { addOrderToDelta, type DayDelta, emptyDelta, mergeDelta, type ProjectionDelta } from "./projections.js";

/**
 * How the figures follow an order's revisions. Each revision contributes what its order adds (nothing when voided);
 * a change moves the figures by contribution(after) - contribution(before): a signed delta, negative where the old
 * revision counted more (a void retracts everything; a correction moves units and money across couriers, products,
 * days and hours). Applied once per change, the deltas of an order add up to what its latest revision contributes.
 */

/** What one revision adds to the figures: its order's contribution, or nothing when it is voided. */
function contributionOf(state: OrderState, timeZone: string): ProjectionDelta {
  return state.status === "voided" ? emptyDelta() : addOrderToDelta(emptyDelta(), state.order, timeZone);
}

const negate = (n: number): number => (n === 0 ? 0 : -n);

/** The same figures with every number negated (names and stamps kept): what takes them back out. */
function negatedDelta(delta: ProjectionDelta): ProjectionDelta {
  const negatedDay = (day: DayDelta): DayDelta => ({
    products: new Map([...day.products].map(([id, p]) => [id, { units: negate(p.units), revenue: negate(p.revenue) }])),
    couriers: new Map(
      [...day.couriers].map(([id, c]) => [
        id,
        {
          productsDelivered: negate(c.productsDelivered),
          ordersDelivered: negate(c.ordersDelivered),
          revenue: negate(c.revenue),
        },
      ]),
    ),
    totals: { orders: negate(day.totals.orders), units: negate(day.totals.units), revenue: negate(day.totals.revenue) },
  });
  return {
    products: new Map(
      [...delta.products].map(([id, p]) => [id, { ...p, units: negate(p.units), revenue: negate(p.revenue) }]),
    ),
    couriers: new Map(
      [...delta.couriers].map(([id, c]) => [
        id,
        {
          ...c,
          productsDelivered: negate(c.productsDelivered),
          ordersDelivered: negate(c.ordersDelivered),
          revenue: negate(c.revenue),
        },
      ]),
    ),
    hourly: new Map([...delta.hourly].map(([key, h]) => [key, { ...h, deliveries: negate(h.deliveries) }])),
    days: new Map([...delta.days].map(([day, d]) => [day, negatedDay(d)])),
    totals: {
      orders: negate(delta.totals.orders),
      units: negate(delta.totals.units),
      revenue: negate(delta.totals.revenue),
    },
  };
}

const allZero = (figures: object): boolean =>
  Object.values(figures).every((value) => typeof value !== "number" || value === 0);

/**
 * Leaves out every courier, product, hour and day whose numbers did not move (mutates and returns `delta`). A
 * courier stays while products move beside it (with all-zero numbers it writes nothing): it says whose products
 * they are, which is where a store keeps them.
 */
function withoutStill(delta: ProjectionDelta): ProjectionDelta {
  for (const [id, figures] of delta.products) if (allZero(figures)) delta.products.delete(id);
  if (delta.products.size === 0)
    for (const [id, figures] of delta.couriers) if (allZero(figures)) delta.couriers.delete(id);
  for (const [key, hour] of delta.hourly) if (hour.deliveries === 0) delta.hourly.delete(key);
  for (const [day, figures] of delta.days) {
    for (const [id, p] of figures.products) if (allZero(p)) figures.products.delete(id);
    if (figures.products.size === 0)
      for (const [id, c] of figures.couriers) if (allZero(c)) figures.couriers.delete(id);
    if (figures.products.size === 0 && figures.couriers.size === 0 && allZero(figures.totals)) delta.days.delete(day);
  }
  return delta;
}

/**
 * What a change moves: contribution(after) - contribution(before), without the figures that do not move (a
 * change of history alone, or a correction that leaves a product's units and money as they were, moves nothing
 * there). Names and stamps come from the new revision where it names the figure.
 */
export function changeDelta(change: OrderChange, timeZone: string): ProjectionDelta {
  const delta = contributionOf(change.after, timeZone);
  if (change.before !== undefined) mergeDelta(delta, negatedDelta(contributionOf(change.before, timeZone)));
  return withoutStill(delta);
}

/**
 * The same movement as `changeDelta`, as deltas of one courier each, which is what a store that keeps a courier's
 * products beside the courier needs (each revision's products are taken back from, or added to, where its own
 * courier's figures are): one delta when both revisions have the same courier or only one of them counts, two
 * when a correction moves the order to another courier (the old revision taken back, the new one added). Empty
 * when nothing moves.
 */
export function changeDeltas(change: OrderChange, timeZone: string): ProjectionDelta[] {
  const { before, after } = change;
  const movedCourier =
    before !== undefined &&
    before.status === "active" &&
    after.status === "active" &&
    before.order.courier.id !== after.order.courier.id;
  const deltas = movedCourier
    ? [withoutStill(negatedDelta(contributionOf(before, timeZone))), withoutStill(contributionOf(after, timeZone))]
    : [changeDelta(change, timeZone)];
  return deltas.filter((delta) => !movesNothing(delta));
}

/** True when a delta moves no figure. */
export const movesNothing = (delta: ProjectionDelta): boolean =>
  delta.products.size === 0 &&
  delta.couriers.size === 0 &&
  delta.hourly.size === 0 &&
  delta.days.size === 0 &&
  allZero(delta.totals);
