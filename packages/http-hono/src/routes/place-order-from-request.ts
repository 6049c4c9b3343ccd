import { err, type PlacedOrder, type PlaceOrder, type Result } from "@cargo-express/domain";
import { canonicalCourierId, type VerifiedAccessToken } from "../auth/access-token-verifier.js";
import type { GroupNames } from "../auth/require-group.js";
import { isOrderPricePath } from "../contract/exact-numbers.js";
import { WIRE_NAMES, wireCourierId } from "../contract/order-payload.js";
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
}

/**
 * Shared by the new and the legacy route: same body rules, same idempotency and conflict rules, and the same
 * identity rule: a dispatcher may post for any courier, anyone else only for the courier their token names.
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
  poster.notePersonalData?.(personalTextOf(body.value));
  const refused = courierRefusal(body.value, poster);
  if (refused) return err(refused);
  // Every rule of an order, reported with the wire's field names; then the typed command the domain places.
  const command = placeOrder.check(body.value, WIRE_NAMES);
  if (!command.ok) return err(invalidInput(command.error));
  const placed = await placeOrder.execute(command.value);
  return placed.ok ? placed : err(problemFromDomain(placed.error));
}

/** The names an order body holds (`repartidor.Nombre`, each `productos[i].producto`), whatever else is wrong with it. */
function personalTextOf(body: unknown): string[] {
  const texts: string[] = [];
  const note = (value: unknown) => {
    if (typeof value === "string" && value.trim() !== "") texts.push(value, value.normalize("NFC"));
  };
  if (typeof body !== "object" || body === null) return texts;
  const { repartidor, productos } = body as { repartidor?: unknown; productos?: unknown };
  if (typeof repartidor === "object" && repartidor !== null) note((repartidor as { Nombre?: unknown }).Nombre);
  if (Array.isArray(productos))
    for (const line of productos)
      if (typeof line === "object" && line !== null) note((line as { producto?: unknown }).producto);
  return [...new Set(texts)];
}

/**
 * The courier an order names, read with the domain's own rule for `IdRepartidor` and canonicalised as the domain
 * does; undefined when the domain would refuse it (then `PlaceOrder` answers 400 naming the field, storing nothing).
 */
function orderedCourierId(body: unknown): string | undefined {
  const id = wireCourierId(body);
  return id === undefined ? undefined : canonicalCourierId(id);
}

function courierRefusal(body: unknown, { identity, groups }: Poster): Problem | undefined {
  if (identity.groups.includes(groups.dispatchers)) return undefined;
  const ordered = orderedCourierId(body);
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
