import { type CommitPlan, transactionItemCount } from "./commit-plan.js";
import { MAX_EXPRESSION_BYTES } from "./item-update.js";

/** TransactWriteItems accepts 100 items; one is always the watermark. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * `fitsOneCommit` plans for the worst case (every courier and product new and renamed) with a margin below
 * DynamoDB's 4 KB per expression.
 */
const PLANNED_EXPRESSION_BYTES = 3_800;

/**
 * Worst-case bytes of an item's update expression: every courier and product new and renamed, placeholders of
 * four characters (`#a1z`), and the bookkeeping (listed counts, version, unlisted counters, day and expiry).
 */
const ADD_OPERAND = "#xxx :xxx, ".length;
const SET_OPERAND = "#xxx = :xxx, ".length;
const FIXED = "SET  ADD ".length + 9 * ADD_OPERAND + 2 * SET_OPERAND;
function plannedExpressionBytes(change: CommitPlan["allTime"][number] | CommitPlan["days"][number]): number {
  const day = "hours" in change;
  const couriers = change.couriers.size * (3 * ADD_OPERAND + (day ? 0 : SET_OPERAND));
  const hours = day ? change.hours.length * ADD_OPERAND : 0;
  const products = change.products.size * (2 * ADD_OPERAND + (day ? 0 : SET_OPERAND));
  return FIXED + couriers + hours + products;
}

/** Why a plan cannot be one transaction (DynamoDB would refuse it whenever tried), or undefined if it can. */
export function refusalOf(plan: CommitPlan): string | undefined {
  const items = transactionItemCount(plan);
  if (items > MAX_TRANSACTION_ITEMS)
    return `a commit may write at most ${MAX_TRANSACTION_ITEMS} items; this one needs ${items}`;
  for (const change of [...plan.allTime, ...plan.days]) {
    const bytes = plannedExpressionBytes(change);
    if (bytes > PLANNED_EXPRESSION_BYTES) {
      return `an item update may need up to ${bytes} bytes of expression (${change.couriers.size} couriers, ${change.products.size} products); DynamoDB accepts ${MAX_EXPRESSION_BYTES}`;
    }
  }
  return undefined;
}
