import {
  type LedgerPage,
  type LedgerPageRequest,
  ledgerPositionOf,
  type Order,
  type OrderId,
  type OrderLedger,
  type OrderRepository,
  type SaveOutcome,
  type StoredOrder,
} from "@cargo-express/domain";

/** Told of each change stored: a new order (`before` absent), a void, a correction. */
export type OrderChangedListener = (before: StoredOrder | undefined, after: StoredOrder) => void;

/**
 * Orders kept in a Map; `saveIfAbsent` is atomic because JavaScript runs it without interleaving. The ledger's
 * pages are read from the same Map, sorted by position (it holds few orders: tests and the stack without Java).
 */
export class InMemoryOrderRepository implements OrderRepository, OrderLedger {
  private readonly orders = new Map<OrderId, Order>();
  private readonly listeners: OrderChangedListener[] = [];

  /** Called after each stored change, like a table's stream (the in-memory change feed uses this). */
  onOrderChanged(listener: OrderChangedListener): void {
    this.listeners.push(listener);
  }

  async saveIfAbsent(order: Order): Promise<SaveOutcome> {
    const existing = this.orders.get(order.id);
    if (existing) return { status: "exists", existing };
    this.orders.set(order.id, structuredClone(order));
    const stored: StoredOrder = {
      order: structuredClone(order),
      status: "active",
      revision: 1,
      history: [{ revision: 1, action: "created", at: order.receivedAt, by: `courier ${order.courier.id}` }],
    };
    for (const listener of this.listeners) listener(undefined, stored);
    return { status: "created" };
  }

  async getById(id: OrderId): Promise<Order | undefined> {
    const order = this.orders.get(id);
    return order && structuredClone(order);
  }

  async page(request: LedgerPageRequest): Promise<LedgerPage> {
    const below = request.after ?? request.toInstant;
    const matching = [...this.orders.values()]
      .map((order) => ({ order, position: ledgerPositionOf(order) }))
      .filter(
        ({ order, position }) =>
          position >= request.fromInstant &&
          position < below &&
          position < request.toInstant &&
          (request.courierId === undefined || order.courier.id === request.courierId) &&
          (request.productId === undefined || order.lines.some((line) => line.productId === request.productId)),
      )
      .sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0));
    const page = matching.slice(0, request.limit);
    const last = page.at(-1);
    return {
      orders: page.map(({ order }) => structuredClone(order)),
      ...(matching.length > request.limit && last !== undefined ? { next: last.position } : {}),
    };
  }

  /** Every stored order, for rebuilding projections and for tests. */
  all(): Order[] {
    return [...this.orders.values()].map((order) => structuredClone(order));
  }
}
