import {
  type CorrectOutcome,
  correctRevision,
  err,
  type ExistingOrder,
  isSameOrder,
  type LedgerPage,
  type LedgerPageRequest,
  ledgerPositionOf,
  newStoredOrder,
  type Order,
  type OrderId,
  type OrderLedger,
  type OrderRepository,
  ok,
  type Result,
  type RevisionAuthor,
  type RevisionOutcome,
  type SaveOutcome,
  type StoredOrder,
  unknownCreatorOf,
  type VoidOutcome,
  voidRevision,
} from "@cargo-express/domain";

/** Told of each change stored: a new order (`before` absent), a void, a correction; never of a change not stored. */
export type OrderChangedListener = (before: StoredOrder | undefined, after: StoredOrder) => void;

interface Entry {
  readonly stored: StoredOrder;
  /** The content first accepted under the id: what a phone's retry of its POST is compared with. */
  readonly original: Order;
}

/**
 * Orders kept in a Map; every change is atomic because JavaScript runs it without interleaving (read, rules and
 * write in one synchronous step). The ledger's pages are read from the same Map, sorted by position (it holds few
 * orders: tests and the stack without Java).
 */
export class InMemoryOrderRepository implements OrderRepository, OrderLedger {
  private readonly orders = new Map<OrderId, Entry>();
  private readonly listeners: OrderChangedListener[] = [];

  /** Called after each stored change, like a table's stream (the in-memory change feed uses this). */
  onOrderChanged(listener: OrderChangedListener): void {
    this.listeners.push(listener);
  }

  async saveIfAbsent(order: Order, createdBy?: string): Promise<SaveOutcome> {
    const existing = this.existingOf(order);
    if (existing) return { status: "exists", ...existing };
    const stored = newStoredOrder(structuredClone(order), createdBy ?? unknownCreatorOf(order));
    this.orders.set(order.id, { stored, original: structuredClone(order) });
    this.notify(undefined, stored);
    return { status: "created" };
  }

  async getById(id: OrderId): Promise<Order | undefined> {
    const entry = this.orders.get(id);
    return entry && structuredClone(entry.stored.order);
  }

  async getStored(id: OrderId): Promise<StoredOrder | undefined> {
    const entry = this.orders.get(id);
    return entry && structuredClone(entry.stored);
  }

  async findExisting(order: Order): Promise<ExistingOrder | undefined> {
    return this.existingOf(order);
  }

  private existingOf(order: Order): ExistingOrder | undefined {
    const entry = this.orders.get(order.id);
    return entry && { existing: structuredClone(entry.stored), sameAsOriginal: isSameOrder(entry.original, order) };
  }

  async void(id: OrderId, author: RevisionAuthor, expectedRevision?: number): Promise<VoidOutcome> {
    return this.revise(id, (current) => voidRevision(current, author, expectedRevision));
  }

  async correct(id: OrderId, order: Order, author: RevisionAuthor, expectedRevision?: number): Promise<CorrectOutcome> {
    return this.revise(id, (current) => correctRevision(current, structuredClone(order), author, expectedRevision));
  }

  private revise<E>(
    id: OrderId,
    rules: (current: StoredOrder) => Result<RevisionOutcome, E>,
  ): Result<RevisionOutcome, E | { kind: "not-found"; what: string; id: string }> {
    const entry = this.orders.get(id);
    if (!entry) return err({ kind: "not-found", what: "order", id });
    const outcome = rules(entry.stored);
    if (!outcome.ok) return outcome;
    if (outcome.value.changed) {
      this.orders.set(id, { stored: outcome.value.stored, original: entry.original });
      this.notify(entry.stored, outcome.value.stored);
    }
    return ok(structuredClone(outcome.value));
  }

  private notify(before: StoredOrder | undefined, after: StoredOrder): void {
    for (const listener of this.listeners) listener(before && structuredClone(before), structuredClone(after));
  }

  async page(request: LedgerPageRequest): Promise<LedgerPage> {
    const below = request.after ?? request.toInstant;
    const matching = [...this.orders.values()]
      .map(({ stored }) => ({ stored, position: ledgerPositionOf(stored.order) }))
      .filter(
        ({ stored: { order }, position }) =>
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
      orders: page.map(({ stored }) => ({
        ...structuredClone(stored.order),
        status: stored.status,
        revision: stored.revision,
      })),
      ...(matching.length > request.limit && last !== undefined ? { next: last.position } : {}),
    };
  }

  /** Every stored order with its status, revision and history, for rebuilding projections. */
  allStored(): StoredOrder[] {
    return [...this.orders.values()].map(({ stored }) => structuredClone(stored));
  }

  /** Every stored order's current content, for tests. */
  all(): Order[] {
    return [...this.orders.values()].map(({ stored }) => structuredClone(stored.order));
  }
}
