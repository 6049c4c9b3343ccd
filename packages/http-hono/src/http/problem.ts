import type {
  DeliveryTooOld,
  InvalidInput,
  NotFound,
  OrderConflict,
  PreconditionFailed,
  ValidationIssue,
} from "@cargo-express/domain";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../app-env.js";

/**
 * Every error answer is an RFC 9457 problem document. This table is the one place where an outcome
 * gets its HTTP status code; routes and middleware name the problem kind, never a number.
 */
export const PROBLEM_TYPES = {
  "invalid-input": { status: 400, title: "The request is not valid" },
  "malformed-json": { status: 400, title: "The body is not valid JSON" },
  unauthenticated: { status: 401, title: "Sign-in required" },
  forbidden: { status: 403, title: "Not allowed" },
  "courier-mismatch": { status: 403, title: "Not allowed to report orders for another courier" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflicts with an existing order" },
  "link-expired": { status: 410, title: "The download link has expired" },
  "precondition-failed": { status: 412, title: "The order changed since it was read" },
  "payload-too-large": { status: 413, title: "The body is too large" },
  "unsupported-media-type": { status: 415, title: "The body must be JSON" },
  internal: { status: 500, title: "Internal error" },
  "dependency-unavailable": { status: 503, title: "Temporarily unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

/** Problem type URIs are absolute URNs (RFC 9457 §3.1.1); the API docs list them. */
export const problemTypeUri = (kind: ProblemKind): string => `urn:cargo-express:problem:${kind}`;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** At most this many invalid fields are listed; a body with more says how many were left out. */
const MAX_LISTED_ISSUES = 100;

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly requestId?: string;
  readonly errors?: readonly ValidationIssue[];
  readonly [extension: string]: unknown;
}

/** A problem before it is bound to a request: the kind decides type, title and status. */
export interface Problem {
  readonly kind: ProblemKind;
  readonly detail: string;
  readonly errors?: readonly ValidationIssue[];
  readonly headers?: Readonly<Record<string, string>>;
  /** Extension members (RFC 9457 §3.2). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export type DomainFailure = InvalidInput | OrderConflict | NotFound | DeliveryTooOld | PreconditionFailed;

/** Maps each expected domain outcome to its problem kind. */
export function problemFromDomain(failure: DomainFailure): Problem {
  switch (failure.kind) {
    case "invalid":
      return invalidInput(failure.issues);
    case "conflict":
      return { kind: "conflict", detail: failure.message, extensions: { orderId: failure.orderId } };
    case "not-found":
      return { kind: "not-found", detail: `There is no ${failure.what} with id ${failure.id}` };
    case "too-old":
      // Refused like any invalid field (as a timestamp in the future is), the detail naming the field and the limit.
      return {
        kind: "invalid-input",
        detail: failure.issues[0].message,
        errors: failure.issues,
        extensions: { maxDeliveryAgeSeconds: failure.maxAgeMs / 1000 },
      };
    case "precondition-failed":
      return {
        kind: "precondition-failed",
        detail: failure.message,
        extensions: { orderId: failure.orderId, currentRevision: failure.currentRevision },
      };
  }
}

export function invalidInput(issues: readonly ValidationIssue[]): Problem {
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  const more = issues.length - listed.length;
  const count = `${issues.length} invalid field${issues.length === 1 ? "" : "s"}`;
  return {
    kind: "invalid-input",
    detail: more > 0 ? `${count}; the first ${listed.length} are listed` : `${count}; see errors`,
    errors: listed,
  };
}

export function problemDocument(
  problem: Problem,
  request?: { instance?: string; requestId?: string },
): ProblemDocument {
  const { status, title } = PROBLEM_TYPES[problem.kind];
  return {
    ...problem.extensions,
    type: problemTypeUri(problem.kind),
    title,
    status,
    detail: problem.detail,
    ...(request?.instance === undefined ? {} : { instance: request.instance }),
    ...(request?.requestId === undefined ? {} : { requestId: request.requestId }),
    ...(problem.errors === undefined ? {} : { errors: problem.errors }),
  };
}

export function problemResponse(c: Context<AppEnv>, problem: Problem): Response {
  const document = problemDocument(problem, { instance: c.req.path, requestId: c.get("requestId") });
  // Through the context, so headers set earlier in the request (X-Request-Id) are part of it from the start.
  return c.body(JSON.stringify(document), document.status as ContentfulStatusCode, {
    "content-type": PROBLEM_CONTENT_TYPE,
    ...problem.headers,
  });
}
