import { revisionTag } from "@cargo-express/domain";

/** A revision no order has: what an If-Match naming nothing of this order asks for (so it fails, 412). */
const NO_REVISION = 0;

/**
 * The revision an `If-Match` (RFC 9110 §13.1.1) asks the order to be at: undefined when absent or `*` (any current
 * revision will do); the revision named by a strong tag of this order as GET /orders/{id} gave it; otherwise a
 * revision no order has, so the precondition fails as the RFC says it must (weak tags never match If-Match, and a
 * tag of another order or of another form matches nothing). A list naming several revisions of the order is refused:
 * a correction is computed from one revision.
 */
export function expectedRevisionOf(
  ifMatch: string | undefined,
  id: string,
): { ok: true; revision: number | undefined } | { ok: false } {
  if (ifMatch === undefined || ifMatch.trim() === "") return { ok: true, revision: undefined };
  const tags = ifMatch.split(",").map((tag) => tag.trim());
  if (tags.includes("*")) return { ok: true, revision: undefined };
  const revisions = new Set<number>();
  for (const tag of tags) {
    const named = /^"[^"]*\.r([1-9]\d{0,8})"$/.exec(tag);
    if (named && revisionTag(id, Number(named[1])) === tag) revisions.add(Number(named[1]));
  }
  if (revisions.size > 1) return { ok: false };
  return { ok: true, revision: revisions.size === 1 ? [...revisions][0] : NO_REVISION };
}
