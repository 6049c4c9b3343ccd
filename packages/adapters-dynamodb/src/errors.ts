import { DependencyUnavailableError } from "@cargo-express/domain";

/** DynamoDB saying "too much, slow down" (per table, per partition or per account). */
const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "ThrottlingError",
  "TooManyRequestsException",
]);

/** DynamoDB failing on its side. */
const SERVER_FAULTS = new Set(["InternalServerError", "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure"]);

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

/** Seconds a client should wait before trying again: throttling needs DynamoDB's capacity to catch up. */
export const RETRY_AFTER_SECONDS = { throttled: 2, unavailable: 1 } as const;

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Why an error means "DynamoDB is unavailable right now", or undefined if it means something else. */
export function unavailabilityOf(error: unknown): { reason: string; retryAfterSeconds: number } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, code, $metadata } = error as SdkErrorShape;
  if (typeof name === "string" && THROTTLING.has(name)) return { reason: `throttled (${name})`, retryAfterSeconds: RETRY_AFTER_SECONDS.throttled };
  if ($metadata?.httpStatusCode === 429) return { reason: "throttled (HTTP 429)", retryAfterSeconds: RETRY_AFTER_SECONDS.throttled };
  if (typeof name === "string" && SERVER_FAULTS.has(name)) return { reason: `server error (${name})`, retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  const status = $metadata?.httpStatusCode;
  if (typeof status === "number" && status >= 500) return { reason: `server error (HTTP ${status})`, retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  if (name === "TimeoutError") return { reason: "timed out", retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  if (typeof code === "string" && NETWORK_CODES.has(code)) return { reason: `network error (${code})`, retryAfterSeconds: RETRY_AFTER_SECONDS.unavailable };
  return undefined;
}

/**
 * Turns "DynamoDB is throttling, failing or unreachable" (after the SDK's own retries) into the
 * domain's DependencyUnavailableError, which the HTTP edge answers with 503 + Retry-After and the
 * stream handler with a retried batch. Anything else (a bug, a missing table) passes through unchanged.
 */
export function translateError(error: unknown, operation: string): unknown {
  if (error instanceof DependencyUnavailableError) return error;
  const unavailable = unavailabilityOf(error);
  if (!unavailable) return error;
  return new DependencyUnavailableError(`DynamoDB unavailable during ${operation}: ${unavailable.reason}`, unavailable.retryAfterSeconds, {
    cause: error,
  });
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
