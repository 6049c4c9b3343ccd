import {
  type CorrectOutcome,
  correctRevision,
  err,
  type ExistingOrder,
  isSameOrder,
  newStoredOrder,
  type Order,
  type OrderRepository,
  ok,
  type RevisionAuthor,
  type SaveOutcome,
  type StoredOrder,
  unknownCreatorOf,
  type VoidOutcome,
  voidRevision,
} from "../../src/index.js";

/**
 * A map behind the repository port, for the domain's own tests (the adapters pass the contract suites):
 * `orders` holds each order as first stored (never overwritten), `revisions` what voids and corrections made of it.
 */
export class MapRepository implements OrderRepository {
  readonly orders = new Map<string, Order>();
  readonly revisions = new Map<string, StoredOrder>();
  readonly creators = new Map<string, string>();
  readonly asked: string[] = [];

  async saveIfAbsent(order: Order, createdBy?: string): Promise<SaveOutcome> {
    const existing = this.orders.get(order.id);
    if (existing)
      return { status: "exists", existing: this.storedOf(existing), sameAsOriginal: isSameOrder(existing, order) };
    this.orders.set(order.id, order);
    if (createdBy !== undefined) this.creators.set(order.id, createdBy);
    return { status: "created" };
  }

  async getById(id: string): Promise<Order | undefined> {
    this.asked.push(id);
    const original = this.orders.get(id);
    return original && this.storedOf(original).order;
  }

  async getStored(id: string): Promise<StoredOrder | undefined> {
    this.asked.push(id);
    const original = this.orders.get(id);
    return original && this.storedOf(original);
  }

  async findExisting(order: Order): Promise<ExistingOrder | undefined> {
    this.asked.push(order.id);
    const original = this.orders.get(order.id);
    return original && { existing: this.storedOf(original), sameAsOriginal: isSameOrder(original, order) };
  }

  async void(id: string, author: RevisionAuthor, expectedRevision?: number): Promise<VoidOutcome> {
    const original = this.orders.get(id);
    if (!original) return err({ kind: "not-found", what: "order", id });
    const outcome = voidRevision(this.storedOf(original), author, expectedRevision);
    if (outcome.ok) this.revisions.set(id, outcome.value.stored);
    return outcome.ok ? ok(outcome.value) : outcome;
  }

  async correct(id: string, order: Order, author: RevisionAuthor, expectedRevision?: number): Promise<CorrectOutcome> {
    const original = this.orders.get(id);
    if (!original) return err({ kind: "not-found", what: "order", id });
    const outcome = correctRevision(this.storedOf(original), order, author, expectedRevision);
    if (outcome.ok) this.revisions.set(id, outcome.value.stored);
    return outcome.ok ? ok(outcome.value) : outcome;
  }

  private storedOf(original: Order): StoredOrder {
    return (
      this.revisions.get(original.id) ??
      newStoredOrder(original, this.creators.get(original.id) ?? unknownCreatorOf(original))
    );
  }
}
