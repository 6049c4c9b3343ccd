import { invalid, type InvalidInput, type OrderConflict, type PreconditionFailed } from "./errors.js";
import { isSameOrder, type Order, type OrderId } from "./order.js";
import { ORDER_REVISION_LIMITS, type RevisionAuthor, type StoredOrder } from "./order-revision.js";
import { err, ok, type Result } from "./result.js";

/**
 * The revision rules as pure functions: given the stored order and what a supervisor asks, the order to store next
 * (or the refusal). Adapters write the result with one write conditional on the revision it was computed from, so
 * a concurrent change makes the write fail instead of being overwritten.
 */

/** The next stored order, and whether anything changed (a repeated void, an empty correction: nothing to write). */
export interface RevisionOutcome {
  readonly stored: StoredOrder;
  readonly changed: boolean;
}

export type CorrectionRefusal = InvalidInput | OrderConflict | PreconditionFailed;
export type VoidRefusal = OrderConflict | PreconditionFailed;

/**
 * A corrected order must keep its id: the id in the path names the order, the body cannot move it to another. The
 * refusal names the field as the order command does (`orderId`), so an adapter renames it as it renames the rest.
 */
export function checkCorrectionTarget(pathId: OrderId, corrected: Order): Result<Order, InvalidInput> {
  if (corrected.id === pathId) return ok(corrected);
  return err(
    invalid([
      { path: "orderId", message: `orderId must be the order's id in the path (${pathId}), not ${corrected.id}` },
    ]),
  );
}

/**
 * Voids an order. Refused when `expectedRevision` is given and is not the current one (checked first, as for a
 * correction: a void of a revision no longer current is refused even when the order is voided already, so a second
 * supervisor's reason is never silently dropped). Otherwise idempotent: a voided order stays as it is, whatever the
 * reason given again.
 */
export function voidRevision(
  current: StoredOrder,
  author: RevisionAuthor,
  expectedRevision?: number,
): Result<RevisionOutcome, VoidRefusal> {
  const stale = stalePrecondition(current, expectedRevision, "voiding");
  if (stale) return err(stale);
  if (current.status === "voided") return ok({ stored: current, changed: false });
  const full = historyFull(current, ORDER_REVISION_LIMITS.maxHistoryEntries);
  if (full) return err(full);
  const revision = current.revision + 1;
  return ok({
    changed: true,
    stored: {
      order: current.order,
      status: "voided",
      revision,
      history: [
        ...current.history,
        { revision, action: "voided", at: author.at, by: author.by, reason: author.reason },
      ],
    },
  });
}

/**
 * Corrects an order to `corrected` (already checked by every rule of a new order). Refused when `expectedRevision`
 * is given and is not the current one (checked first: a stale precondition is answered as such whatever else holds),
 * when the order is voided, or when its history is full. The order keeps its receipt time (it was received once). A
 * correction that changes nothing (the same canonical content) is no revision: the order comes back unchanged.
 */
export function correctRevision(
  current: StoredOrder,
  corrected: Order,
  author: RevisionAuthor,
  expectedRevision?: number,
): Result<RevisionOutcome, CorrectionRefusal> {
  const target = checkCorrectionTarget(current.order.id, corrected);
  if (!target.ok) return target;
  const id = current.order.id;
  const stale = stalePrecondition(current, expectedRevision, "correcting");
  if (stale) return err(stale);
  if (current.status === "voided")
    return err({ kind: "conflict", orderId: id, message: `order ${id} is voided; a voided order cannot be corrected` });
  // One entry is kept for a void: an order that can no longer be corrected can still be taken out of the figures.
  const full = historyFull(current, ORDER_REVISION_LIMITS.maxHistoryEntries - 1);
  if (full) return err(full);
  const order: Order = { ...corrected, receivedAt: current.order.receivedAt };
  if (isSameOrder(order, current.order)) return ok({ stored: current, changed: false });
  const revision = current.revision + 1;
  return ok({
    changed: true,
    stored: {
      order,
      status: "active",
      revision,
      history: [
        ...current.history,
        { revision, action: "corrected", at: author.at, by: author.by, reason: author.reason },
      ],
    },
  });
}

/** The refusal of a change computed from a revision (`expectedRevision`, if given) that is no longer the current one. */
function stalePrecondition(
  current: StoredOrder,
  expectedRevision: number | undefined,
  doing: "voiding" | "correcting",
): PreconditionFailed | undefined {
  if (expectedRevision === undefined || expectedRevision === current.revision) return undefined;
  const id = current.order.id;
  return {
    kind: "precondition-failed",
    orderId: id,
    expectedRevision,
    currentRevision: current.revision,
    message: `order ${id} is at revision ${current.revision}, not ${expectedRevision}: read it again before ${doing} it`,
  };
}

function historyFull(current: StoredOrder, limit: number): OrderConflict | undefined {
  if (current.history.length < limit) return undefined;
  const id = current.order.id;
  return {
    kind: "conflict",
    orderId: id,
    message:
      limit === ORDER_REVISION_LIMITS.maxHistoryEntries
        ? `order ${id} has ${current.history.length} history entries, the most an order keeps; it cannot change again`
        : `order ${id} has ${current.history.length} history entries, the most before a void; it can only be voided now (report the right order under a new id)`,
  };
}
