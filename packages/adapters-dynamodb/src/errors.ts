import { DependencyUnavailableError, PermanentFailureError } from "@cargo-express/domain";

/** DynamoDB saying "too much, slow down" (per table, per partition or per account). */
const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "ThrottlingError",
  "TooManyRequestsException",
]);

/** DynamoDB failing on its side. */
const SERVER_FAULTS = new Set([
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalFailure",
]);

/** Socket-level failures Node reports by `code`. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * DynamoDB refusing a request by a limit it will apply again however often the request is sent: an item
 * over 400 KB ("Item size has exceeded ..." for a put, "Item size to update has exceeded ..." for an
 * update), an expression over 4 KB, a condition with too many operators. Any other ValidationException is
 * left alone: it is a bug in the request, fixed by a deployment, not by dead-lettering data.
 */
const PERMANENT_LIMITS = [
  /item size (to update )?has exceeded the maximum allowed size/i,
  /expression size has exceeded the maximum allowed size/i,
  /too many operators/i,
];

/** Transaction cancellation codes that say "slow down", not "never". */
const TRANSIENT_CANCELLATIONS = new Set(["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"]);

/** Cancellation codes a fresh attempt (with fresh reads) can get past. */
const RETRYABLE_CANCELLATIONS = new Set(["None", "ConditionalCheckFailed", ...TRANSIENT_CANCELLATIONS]);

/** Seconds a client should wait before trying again: throttling needs DynamoDB's capacity to catch up. */
export const RETRY_AFTER_SECONDS = { throttled: 2, unavailable: 1 } as const;

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Why an error means "DynamoDB is unavailable right now", or undefined if it means something else. */
function unavailabilityOf(error: unknown): { reason: string; retryAfterSeconds: number } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, code, $metadata } = error as SdkErrorShape;
  if (typeof name === "string" && THROTTLING.has(name))
    return { reason: `throttled (${name})`, retryAfterSeconds: RETRY_AFTER_SECONDS.throttled };
  if ($metadata?.httpStatusCode === 429)
    return { reason: "throttled (HTTP 429)", retryAfterSeconds: RETRY_AFTER_SECONDS.throttled };
  if (typeof name === "string" && SERVER_FAULTS.has(name))
    return { reason: `server error (${name})`, retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  const status = $metadata?.httpStatusCode;
  if (typeof status === "number" && status >= 500)
    return { reason: `server error (HTTP ${status})`, retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  if (name === "TimeoutError") return { reason: "timed out", retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  if (typeof code === "string" && NETWORK_CODES.has(code))
    return { reason: `network error (${code})`, retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  return undefined;
}

/** Why an error means "DynamoDB will refuse this request every time", or undefined if it means something else. */
function permanenceOf(error: unknown): { reason: string } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === "ItemCollectionSizeLimitExceededException") return { reason: `${name}: ${String(message)}` };
  if (name !== "ValidationException" || typeof message !== "string") return undefined;
  return PERMANENT_LIMITS.some((limit) => limit.test(message)) ? { reason: message } : undefined;
}

/**
 * Turns "DynamoDB is throttling, failing or unreachable" (after the SDK's own retries) into the
 * domain's DependencyUnavailableError, which the HTTP edge answers with 503 + Retry-After and the
 * stream handler with a retried batch; and "DynamoDB refuses this by one of its limits" into the domain's
 * PermanentFailureError, which the stream handler dead-letters instead of retrying. Anything else (a bug,
 * a missing table) passes through unchanged.
 */
export function translateError(error: unknown, operation: string): unknown {
  if (error instanceof DependencyUnavailableError || error instanceof PermanentFailureError) return error;
  const permanent = permanenceOf(error);
  if (permanent)
    return new PermanentFailureError(`DynamoDB refused ${operation}: ${permanent.reason}`, { cause: error });
  const unavailable = unavailabilityOf(error);
  if (!unavailable) return error;
  return new DependencyUnavailableError(
    `DynamoDB unavailable during ${operation}: ${unavailable.reason}`,
    unavailable.retryAfterSeconds,
    {
      cause: error,
    },
  );
}

/** One item's reason in a cancelled TransactWriteItems (in the order of its TransactItems). */
export interface CancellationReason {
  readonly code: string;
  readonly message?: string;
}

/** The per-item reasons of a cancelled transaction, or undefined if the error is something else. */
export function cancellationReasonsOf(error: unknown): CancellationReason[] | undefined {
  if (!isErrorNamed(error, "TransactionCanceledException")) return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string; Message?: string }[] }).CancellationReasons;
  if (!Array.isArray(reasons)) return [{ code: "Unknown" }];
  return reasons.map((reason) => ({
    code: reason.Code ?? "None",
    ...(reason.Message === undefined ? {} : { message: reason.Message }),
  }));
}

/**
 * What to do about a cancelled transaction (its item-0 watermark condition is the caller's business):
 * "retry" with fresh reads, or the error to throw. An item refused by a DynamoDB limit is permanent at
 * once. Conflicts, throttling and failed conditions on the other items (each is conditioned only on the
 * version read just before: it fails when another writer changed the item meanwhile, i.e. contention) are
 * retried, and still failing after `maxAttempts` they mean DynamoDB is busy or unavailable: transient.
 */
export function translateCancellation(
  error: unknown,
  reasons: readonly CancellationReason[],
  operation: string,
  attempt: { readonly number: number; readonly max: number },
): "retry" | Error {
  const codes = reasons.map((reason) => reason.code).join(", ");
  const refused = reasons.find(
    (reason) => reason.code === "ValidationError" && PERMANENT_LIMITS.some((limit) => limit.test(reason.message ?? "")),
  );
  if (refused) {
    return new PermanentFailureError(
      `DynamoDB refused ${operation}: item ${reasons.indexOf(refused)} of the transaction: ${refused.message}`,
      { cause: error },
    );
  }
  if (!reasons.every((reason) => RETRYABLE_CANCELLATIONS.has(reason.code)))
    return new Error(`${operation} cancelled: ${codes}`, { cause: error });
  if (attempt.number < attempt.max) return "retry";
  const throttled = reasons.some(
    (reason) => TRANSIENT_CANCELLATIONS.has(reason.code) && reason.code !== "TransactionConflict",
  );
  return new DependencyUnavailableError(
    `${operation} still cancelled after ${attempt.max} attempts (${codes})`,
    throttled ? RETRY_AFTER_SECONDS.throttled : RETRY_AFTER_SECONDS.unavailable,
    { cause: error },
  );
}

/** Runs one DynamoDB call, translating unavailability (see translateError). */
export async function dynamo<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateError(error, operation);
  }
}

/** True for an SDK error of this name (by name, so two copies of the SDK in one bundle still agree). */
export const isErrorNamed = (error: unknown, name: string): boolean =>
  typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;
