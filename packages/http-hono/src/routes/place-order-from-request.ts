import { err, type PlacedOrder, type PlaceOrder, type Result } from "@cargo-express/domain";
import { isOrderPricePath } from "../contract/exact-numbers.js";
import { readJsonBody } from "../http/json-body.js";
import { problemFromDomain, type Problem } from "../http/problem.js";

/** Shared by the new and the legacy route: same body rules, same idempotency and conflict rules. */
export async function placeOrderFromRequest(request: Request, placeOrder: PlaceOrder, bodyLimitBytes: number): Promise<Result<PlacedOrder, Problem>> {
  const body = await readJsonBody(request, bodyLimitBytes, { exactNumberAt: isOrderPricePath });
  if (!body.ok) return body;
  const placed = await placeOrder.execute(body.value);
  return placed.ok ? placed : err(problemFromDomain(placed.error));
}
