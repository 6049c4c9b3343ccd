import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.js";
import { isDependencyUnavailable } from "../http/errors.js";
import { requestHeader } from "../http/headers.js";
import { problemResponse } from "../http/problem.js";
import type { AccessTokenVerifier } from "./access-token-verifier.js";

/** The roles of the API and the Cognito group that grants each (names come from configuration). */
export interface GroupNames {
  /** Post orders, each only for the courier the user is bound to (`custom:courier_id`). */
  readonly couriers: string;
  /** Read the monitor and orders. */
  readonly supervisors: string;
  /** Post orders for any courier: back-office integrations, the previous system's simulator. */
  readonly dispatchers: string;
}

export type Role = keyof GroupNames;

/** RFC 6750 b64token; tokens longer than this are not Cognito tokens and are not worth parsing. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MAX_TOKEN_LENGTH = 16 * 1024;
const REALM = 'Bearer realm="cargo-express"';

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_TOKEN_LENGTH + 16) return undefined;
  return BEARER.exec(header)?.[1];
}

/**
 * Lets the request through only with a verified access token whose `cognito:groups` include one of the
 * roles' groups: 401 without a valid token, 403 when signed in without any of them.
 */
export function requireGroup(verifier: AccessTokenVerifier, groups: GroupNames, ...roles: [Role, ...Role[]]) {
  const needed = roles.map((role) => groups[role]);
  const named = needed.map((group) => `"${group}"`).join(" or ");
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = requestHeader(c, "authorization");
    const token = bearerToken(header);
    if (token === undefined) {
      return problemResponse(c, {
        kind: "unauthenticated",
        detail:
          header === undefined
            ? "Sign in and send the access token as Authorization: Bearer <token>"
            : "The Authorization header must be Bearer <access token>",
        headers: { "www-authenticate": header === undefined ? REALM : `${REALM}, error="invalid_request"` },
      });
    }
    let identity: Awaited<ReturnType<typeof verifier.verify>>;
    try {
      identity = await verifier.verify(token);
    } catch (error) {
      if (isDependencyUnavailable(error)) throw error;
      return problemResponse(c, {
        kind: "unauthenticated",
        detail: "The access token is not valid (expired, not yet valid, or not issued for this API)",
        headers: { "www-authenticate": `${REALM}, error="invalid_token"` },
      });
    }
    if (!needed.some((group) => identity.groups.includes(group))) {
      return problemResponse(c, {
        kind: "forbidden",
        detail: `This needs membership of the group ${named}`,
        headers: { "www-authenticate": `${REALM}, error="insufficient_scope"` },
      });
    }
    c.set("identity", identity);
    await next();
  });
}
