/**
 * The growth simulation's exactness check: what was posted and accepted, added up per product, per courier and
 * overall, against what the monitor counted meanwhile (after minus before). Money goes through the domain's
 * Money: prices are read from their decimal text into integer cents (`parseMoney`), sums are `addCents`, never
 * floating-point arithmetic.
 */
import { addCents, parseMoney, type Cents } from "@cargo-express/domain";
import type { randomOrderPayload } from "@cargo-express/testkit/catalogue";

/** An order as the phones post it (the couriers' Spanish wire format). */
export type Payload = ReturnType<typeof randomOrderPayload>;

interface Figures {
  readonly orders: number;
  readonly units: number;
  readonly cents: Cents;
}

/** What was posted and accepted, added up as the monitor should count it. */
export interface Expected {
  totals: Figures;
  readonly products: Map<string, Figures>;
  readonly couriers: Map<string, Figures>;
}

/** The parts of GET /monitor the check reads (money as the API writes it: decimal text with two places). */
export interface MonitorAnswer {
  readonly products: { productId: string; units: number; revenue: string }[];
  readonly couriers: { courierId: string; ordersDelivered: number; productsDelivered: number; revenue: string }[];
  readonly totals: { orders: number; units: number; revenue: string };
}

/** Exact cents of a decimal text (a price as posted, or an amount the API answered); throws on anything else. */
function centsOf(text: string): Cents {
  const parsed = parseMoney(text, Number.MAX_SAFE_INTEGER);
  if (!parsed.ok) throw new Error(`not an amount of money (${parsed.reason}): ${text}`);
  return parsed.cents;
}

/** A price as the phones post it: a JSON number, whose text (what the body carries) is read, not its float. */
const priceCents = (precio: number): Cents => centsOf(JSON.stringify(precio));

export const emptyExpected = (): Expected => ({
  totals: { orders: 0, units: 0, cents: 0 },
  products: new Map(),
  couriers: new Map(),
});

const plus = (figures: Figures | undefined, orders: number, units: number, cents: Cents): Figures => ({
  orders: (figures?.orders ?? 0) + orders,
  units: (figures?.units ?? 0) + units,
  cents: addCents(figures?.cents ?? 0, cents),
});

/** Adds one accepted order. */
export function addAccepted(expected: Expected, order: Payload): void {
  const prices = order.productos.map((line) => priceCents(line.precio));
  const total = prices.reduce(addCents, 0);
  const units = order.productos.length;
  expected.totals = plus(expected.totals, 1, units, total);
  const courier = String(order.repartidor.IdRepartidor);
  expected.couriers.set(courier, plus(expected.couriers.get(courier), 1, units, total));
  for (const [i, line] of order.productos.entries())
    expected.products.set(line.IdProducto, plus(expected.products.get(line.IdProducto), 0, 1, prices[i]!));
}

/** Differences between the monitor (after minus before) and what was posted; empty when exact. */
export function differences(expected: Expected, before: MonitorAnswer, after: MonitorAnswer): string[] {
  const problems: string[] = [];
  const check = (what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${what}: monitor ${got}, posted ${want}`);
  };
  const moneyGrowth = (was: string | undefined, is: string | undefined) =>
    centsOf(is ?? "0.00") - centsOf(was ?? "0.00");
  check("orders", after.totals.orders - before.totals.orders, expected.totals.orders);
  check("units", after.totals.units - before.totals.units, expected.totals.units);
  check("money (cents)", moneyGrowth(before.totals.revenue, after.totals.revenue), expected.totals.cents);
  const byId = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((row) => [String(row[key]), row]));
  const [pb, pa] = [byId(before.products, "productId"), byId(after.products, "productId")];
  for (const [id, want] of expected.products) {
    check(`${id} units`, (pa.get(id)?.units ?? 0) - (pb.get(id)?.units ?? 0), want.units);
    check(`${id} money (cents)`, moneyGrowth(pb.get(id)?.revenue, pa.get(id)?.revenue), want.cents);
  }
  const [cb, ca] = [byId(before.couriers, "courierId"), byId(after.couriers, "courierId")];
  for (const [id, want] of expected.couriers) {
    check(`courier ${id} orders`, (ca.get(id)?.ordersDelivered ?? 0) - (cb.get(id)?.ordersDelivered ?? 0), want.orders);
    check(
      `courier ${id} products`,
      (ca.get(id)?.productsDelivered ?? 0) - (cb.get(id)?.productsDelivered ?? 0),
      want.units,
    );
    check(`courier ${id} money (cents)`, moneyGrowth(cb.get(id)?.revenue, ca.get(id)?.revenue), want.cents);
  }
  return problems;
}
