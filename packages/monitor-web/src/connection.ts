/** How the dashboard's last call to the API went, as its notice says it. */
import type { ApiOutcome } from "./api-call.js";

export type Connection =
  | { readonly kind: "ok" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "error"; readonly status: number };

/** The connection an answer tells of: the API away (or not answering for this session yet), or its status. */
export function connectionOf(outcome: ApiOutcome<unknown>): Connection {
  switch (outcome.kind) {
    case "ok":
      return { kind: "ok" };
    case "failed":
      return { kind: "error", status: outcome.status };
    case "invalid":
      return { kind: "error", status: 400 };
    default:
      return { kind: "unreachable" };
  }
}
