import * as z from "zod";
import { invalid, type InvalidInput, type NotFound, type ValidationIssue } from "../errors.js";
import type { OrderId } from "../order.js";
import { idSchema } from "../order-fields.js";
import { reasonSchema, type RevisionAuthor, type StoredOrder } from "../order-revision.js";
import { checkCorrectionTarget, type CorrectionRefusal, type VoidRefusal } from "../order-revision-rules.js";
import type { Clock, OrderRepository } from "../ports.js";
import { err, ok, type Result } from "../result.js";
import { issuesFromZod } from "../validation-issues.js";
import type { CheckedOrder } from "./place-order.js";

/** The order as it now is, and whether this call changed it (false: voided already, or a correction of nothing). */
export interface ChangedOrder {
  readonly stored: StoredOrder;
  readonly changed: boolean;
}

/**
 * A void as a supervisor asks for it: which order, why, who (the signed-in username), and optionally the revision it
 * was read at (`If-Match`).
 */
export interface VoidOrderCommand {
  readonly id: string;
  readonly reason: unknown;
  readonly by: string;
  readonly expectedRevision?: number;
}

/**
 * A correction as a supervisor asks for it: the void's fields, and the order's new content (checked by every rule of
 * a new order, `PlaceOrder.check`).
 */
export interface CorrectOrderCommand extends VoidOrderCommand {
  readonly order: CheckedOrder;
}

const commandSchema = z.object({ id: idSchema("id"), reason: reasonSchema("reason") });

/** The id and the reason, every offending field named; then who changes the order, and when. */
function authorOf(
  command: VoidOrderCommand,
  clock: Clock,
): Result<{ id: OrderId; author: RevisionAuthor }, ValidationIssue[]> {
  const parsed = commandSchema.safeParse({ id: command.id, reason: command.reason });
  if (!parsed.success) return err(issuesFromZod(parsed.error));
  const at = new Date(clock.now()).toISOString();
  return ok({ id: parsed.data.id, author: { by: command.by, at, reason: parsed.data.reason } });
}

/**
 * Voids an order: it stops counting in every figure; its lines stay on record. Voiding it again changes nothing,
 * unless the void names a revision that is no longer the current one (see `voidRevision`).
 */
export class VoidOrder {
  constructor(private readonly deps: { readonly orders: OrderRepository; readonly clock: Clock }) {}

  async execute(command: VoidOrderCommand): Promise<Result<ChangedOrder, InvalidInput | NotFound | VoidRefusal>> {
    const read = authorOf(command, this.deps.clock);
    if (!read.ok) return err(invalid(read.error));
    const outcome = await this.deps.orders.void(read.value.id, read.value.author, command.expectedRevision);
    return outcome.ok ? ok(outcome.value) : outcome;
  }
}

/** Corrects an order to new content at its next revision (see `correctRevision` for what is refused). */
export class CorrectOrder {
  constructor(private readonly deps: { readonly orders: OrderRepository; readonly clock: Clock }) {}

  async execute(command: CorrectOrderCommand): Promise<Result<ChangedOrder, NotFound | CorrectionRefusal>> {
    const read = authorOf(command, this.deps.clock);
    // Before anything is read: a body naming another order is refused whether or not either exists.
    const target = checkCorrectionTarget(command.id, command.order);
    const issues = [
      ...(read.ok ? [] : read.error),
      // Named within the body's order, as every other rule of the order is.
      ...(target.ok ? [] : target.error.issues.map((issue) => ({ ...issue, path: `order.${issue.path}` }))),
    ];
    if (!read.ok || issues.length > 0) return err(invalid(issues));
    const { id, author } = read.value;
    const outcome = await this.deps.orders.correct(id, command.order, author, command.expectedRevision);
    return outcome.ok ? ok(outcome.value) : outcome;
  }
}
