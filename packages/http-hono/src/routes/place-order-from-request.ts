import { commandFromWire, wireIssue, wireIssues } from "@cargo-express/courier-wire";
import {
  err,
  placeOrderCommandSchema,
  type PlacedOrder,
  type PlacementBounds,
  type PlaceOrder,
  type Result,
} from "@cargo-express/domain";
import type { VerifiedAccessToken } from "../auth/access-token-verifier.js";
import type { GroupNames } from "../auth/require-group.js";
import { isOrderPricePath } from "../contract/exact-numbers.js";
import { readJsonBody } from "../http/json-body.js";
import { invalidInput, problemFromDomain, type Problem } from "../http/problem.js";

/** Who is posting, as the route's auth middleware verified it, and the group names that decide what they may post. */
export interface Poster {
  readonly identity: VerifiedAccessToken;
  readonly groups: GroupNames;
  /** Told the body's personal text (courier and product names) before anything can fail, so error logs leave it out. */
  readonly notePersonalData?: (values: readonly string[]) => void;
  /** The Node request behind `request` when served by @hono/node-server (the body is read from it directly). */
  readonly incoming?: import("node:http").IncomingMessage | undefined;
  /** How long before receipt a courier may date a delivery, ms (dispatchers are not bound). */
  readonly courierMaxDeliveryAgeMs: number;
}

/**
 * Shared by the new and the legacy route: same body rules, same idempotency and conflict rules, and the same
 * identity rules: a dispatcher may post for any courier and date a delivery any time back; anyone else only for the
 * courier their token names, and at most `courierMaxDeliveryAgeMs` before receipt.
 */
export async function placeOrderFromRequest(
  request: Request,
  placeOrder: PlaceOrder,
  bodyLimitBytes: number,
  poster: Poster,
): Promise<Result<PlacedOrder, Problem>> {
  const body = await readJsonBody(request, bodyLimitBytes, {
    exactNumberAt: isOrderPricePath,
    incoming: poster.incoming,
  });
  if (!body.ok) return body;
  // The body under the command's field names (the couriers' wire names, renamed from their one table).
  const input = commandFromWire(body.value);
  poster.notePersonalData?.(personalTextOf(input));
  const refused = courierRefusal(input, poster);
  if (refused) return err(refused);
  // Every rule of an order, once; a refusal names the fields as the client sent them. Then the order it checked.
  const checked = placeOrder.check(input);
  if (!checked.ok) return err(invalidInput(wireIssues(checked.error)));
  const placed = await placeOrder.execute(
    checked.value,
    boundsOf(poster),
    poster.identity.username ?? poster.identity.subject,
  );
  if (placed.ok) return placed;
  const failure = placed.error;
  // The domain names the command's fields (its messages avoid the word "courier", a field name); the client reads its own.
  return err(
    problemFromDomain(failure.kind === "too-old" ? { ...failure, issues: [wireIssue(failure.issues[0])] } : failure),
  );
}

/** The back office enters old deliveries; a courier's phone may date one at most the configured age back. */
function boundsOf({ identity, groups, courierMaxDeliveryAgeMs }: Poster): PlacementBounds {
  return identity.groups.includes(groups.dispatchers) ? {} : { maxDeliveryAgeMs: courierMaxDeliveryAgeMs };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** The names an order holds (the courier's, each line's product's), whatever else is wrong with it. */
export function personalTextOf(input: unknown): string[] {
  const texts: string[] = [];
  const note = (value: unknown) => {
    if (typeof value === "string" && value.trim() !== "") texts.push(value, value.normalize("NFC"));
  };
  if (!isObject(input)) return texts;
  if (isObject(input.courier)) note(input.courier.name);
  if (Array.isArray(input.lines)) for (const line of input.lines) if (isObject(line)) note(line.productName);
  return [...new Set(texts)];
}

/**
 * The courier an order names, read with the domain's own rule for a courier id (canonical: `0106` is `106`);
 * undefined when the domain would refuse it (then `PlaceOrder` answers 400 naming the field, storing nothing).
 */
function orderedCourierId(input: unknown): string | undefined {
  const parsed = placeOrderCommandSchema.shape.courier.shape.id.safeParse(
    isObject(input) && isObject(input.courier) ? input.courier.id : undefined,
  );
  return parsed.success ? parsed.data : undefined;
}

function courierRefusal(input: unknown, { identity, groups }: Poster): Problem | undefined {
  if (identity.groups.includes(groups.dispatchers)) return undefined;
  const ordered = orderedCourierId(input);
  if (ordered === undefined) return undefined;
  if (identity.courierId === undefined) {
    return {
      kind: "courier-mismatch",
      detail:
        "This user is not bound to a courier (no custom:courier_id), so it may not report orders; ask the operator to set it",
      extensions: { courierId: ordered },
    };
  }
  if (identity.courierId !== ordered) {
    return {
      kind: "courier-mismatch",
      detail: `This user reports orders for courier ${identity.courierId} only; this order names courier ${ordered}`,
      extensions: { courierId: ordered, yourCourierId: identity.courierId },
    };
  }
  return undefined;
}
