import type { Order, OrderId, OrderRepository, SaveOutcome } from "@cargo-express/domain";

export type OrderCreatedListener = (order: Order) => void;

/** Orders kept in a Map; `saveIfAbsent` is atomic because JavaScript runs it without interleaving. */
export class InMemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<OrderId, Order>();
  private readonly listeners: OrderCreatedListener[] = [];

  /** Called after each insert, like a table's stream (the in-memory change feed uses this). */
  onOrderCreated(listener: OrderCreatedListener): void {
    this.listeners.push(listener);
  }

  async saveIfAbsent(order: Order): Promise<SaveOutcome> {
    const existing = this.orders.get(order.id);
    if (existing) return { status: "exists", existing };
    this.orders.set(order.id, structuredClone(order));
    for (const listener of this.listeners) listener(order);
    return { status: "created" };
  }

  async getById(id: OrderId): Promise<Order | undefined> {
    const order = this.orders.get(id);
    return order && structuredClone(order);
  }

  /** Every stored order, for rebuilding projections and for tests. */
  all(): Order[] {
    return [...this.orders.values()].map((order) => structuredClone(order));
  }
}
