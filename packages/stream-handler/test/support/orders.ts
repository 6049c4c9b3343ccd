import {
  hourBucket,
  parseOrderInput,
  projectOrders,
  type MonitorData,
  type Order,
  type Projections,
} from "@cargo-express/domain";
import { catalogue, commandFrom, fleet, OrderMother } from "@cargo-express/testkit";

export const TIME_ZONE = "America/Bogota";

let counter = 0;

/** A valid order from the Cargo Express catalogue and fleet, received now (or at `receivedAtMs`). */
export function anOrder(
  options: { id?: string; at?: number; lines?: number; random?: () => number; receivedAtMs?: number } = {},
): Order {
  counter += 1;
  const payload = OrderMother.random({
    id: options.id ?? `o-${process.pid}-${Date.now().toString(36)}-${counter}`,
    ...(options.at === undefined ? {} : { at: options.at }),
    ...(options.lines === undefined ? {} : { lines: options.lines }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  const parsed = parseOrderInput(commandFrom(payload), {
    timeZone: TIME_ZONE,
    receivedAtMs: options.receivedAtMs ?? Date.now(),
  });
  if (!parsed.ok) throw new Error(`test order does not parse: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

export const someOrders = (count: number, options: Parameters<typeof anOrder>[0] = {}): Order[] =>
  Array.from({ length: count }, () => anOrder({ ...options, id: undefined }));

/** Every business-zone hour the orders fall in: what a monitor query must ask for to see them all. */
export const hoursOf = (orders: readonly Order[]): string[] =>
  [...new Set(orders.map((order) => hourBucket(Date.parse(order.deliveredAt), TIME_ZONE)))].sort();

/** The projections as the monitor reports them, in the domain's reference shape. */
export function asProjections(data: MonitorData): Projections {
  return {
    products: data.products,
    couriers: data.couriers,
    hourly: data.hourly.map(({ courierId, hour, deliveries }) => ({ courierId, hour, deliveries })),
    totals: data.totals,
  };
}

/** The reference: the domain's projections of the unique orders. */
export const expectedProjections = (orders: readonly Order[]): Projections => projectOrders(orders, TIME_ZONE);

/** An order built from catalogue and fleet indexes (for property tests): `products` are catalogue indexes, one unit each. */
export function orderFrom(spec: {
  id: string;
  courier: number;
  products: readonly number[];
  deliveredAtMs: number;
  receivedAtMs?: number;
}): Order {
  const courier = fleet[spec.courier % fleet.length]!;
  const payload = {
    pedido_id: spec.id,
    repartidor: { IdRepartidor: courier.IdRepartidor, Nombre: courier.Nombre },
    productos: spec.products.map((index) => {
      const product = catalogue[index % catalogue.length]!;
      return { IdProducto: product.IdProducto, producto: product.producto, precio: product.precio };
    }),
    timestamp: new Date(spec.deliveredAtMs).toISOString(),
  };
  const parsed = parseOrderInput(commandFrom(payload), {
    timeZone: TIME_ZONE,
    receivedAtMs: spec.receivedAtMs ?? Date.now(),
  });
  if (!parsed.ok) throw new Error(`test order does not parse: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}
