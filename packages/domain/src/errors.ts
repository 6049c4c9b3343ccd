/** One invalid field: `path` is written the way a client reads it, e.g. `productos[1].precio`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Expected failures are values with a `kind`; HTTP chooses status codes from it in one place. */
export interface InvalidInput {
  readonly kind: "invalid";
  readonly issues: readonly ValidationIssue[];
}

export interface OrderConflict {
  readonly kind: "conflict";
  readonly orderId: string;
  readonly message: string;
}

/** A change asked for on a revision that is no longer the current one (an `If-Match` that is stale). */
export interface PreconditionFailed {
  readonly kind: "precondition-failed";
  readonly orderId: string;
  readonly expectedRevision: number;
  readonly currentRevision: number;
  readonly message: string;
}

export interface NotFound {
  readonly kind: "not-found";
  readonly what: string;
  readonly id: string;
}

export const invalid = (issues: readonly ValidationIssue[]): InvalidInput => ({ kind: "invalid", issues });

/**
 * Thrown (not returned) by adapters when a store they depend on is unavailable, throttled or timed out.
 * It is unexpected from the domain's point of view; the HTTP edge maps it to 503 with Retry-After.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = "DependencyUnavailableError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Thrown (not returned) by adapters when a store refuses an operation for a reason that retrying cannot
 * change: an item over the store's size limit, an expression too large, a condition that can never pass.
 * Unlike DependencyUnavailableError it must not be retried as it is: the stream projector dead-letters the
 * orders concerned and moves on.
 */
export class PermanentFailureError extends Error {
  override readonly name = "PermanentFailureError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
