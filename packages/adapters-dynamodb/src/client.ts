import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** The client every adapter takes (so callers need not import the SDK to name its type). */
export type DocumentClient = DynamoDBDocumentClient;

export interface DocumentClientOptions {
  /** AWS region; omitted = the SDK's default chain (AWS_REGION in Lambda). */
  readonly region?: string;
  /** Endpoint override, e.g. DynamoDB Local's `http://127.0.0.1:8000`. */
  readonly endpoint?: string;
  /** Omitted = the SDK's default credential chain (the Lambda role). */
  readonly credentials?: DynamoDBClientConfig["credentials"];
  /** Attempts per request, first one included. Default 3. */
  readonly maxAttempts?: number;
  /** Longest wait for one attempt's response, ms. Default 3,000. */
  readonly requestTimeoutMs?: number;
  /** Longest wait for a TCP/TLS connection, ms. Default 1,000. */
  readonly connectionTimeoutMs?: number;
}

/**
 * Defaults, chosen against the budgets around the adapters: API Gateway gives a request 30 s and the
 * monitor must show a delivery within 10 s. A DynamoDB call normally answers in single-digit ms, so
 * 3 s per attempt only cuts off a stuck connection; 3 attempts with the SDK's standard jittered
 * backoff ride out a brief throttle or 5xx, and the worst case (3 x (1 s + 3 s) + backoff, about
 * 13 s) still ends well before API Gateway gives up, so the caller answers 503 rather than timing out.
 */
const DOCUMENT_CLIENT_DEFAULTS = {
  maxAttempts: 3,
  requestTimeoutMs: 3_000,
  connectionTimeoutMs: 1_000,
} as const;

/**
 * The one way to build a DynamoDB client for the adapters. Create it once per process (at the
 * composition root, outside a Lambda handler) and pass it in: it keeps its connections alive across
 * invocations.
 */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts: options.maxAttempts ?? DOCUMENT_CLIENT_DEFAULTS.maxAttempts,
    retryMode: "standard",
    // The options form of NodeHttpHandler, so the handler package need not be a direct dependency.
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? DOCUMENT_CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? DOCUMENT_CLIENT_DEFAULTS.requestTimeoutMs,
      // Without this a request timeout is only logged as a warning and the call keeps waiting.
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: true },
      httpsAgent: { keepAlive: true },
    },
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: readStoredNumber },
  });
}

/**
 * How every number read from DynamoDB reaches the adapters, stated here rather than left to the SDK's default
 * (which has changed between versions, from throwing to returning a BigInt): a number a double holds exactly is a
 * JS number; a whole number beyond Number.MAX_SAFE_INTEGER (a counter past 2^53 cents) is a bigint with every digit
 * kept, for the reader to present; anything else (a fraction, which no adapter stores) is the nearest double.
 */
export function readStoredNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) {
    const value = BigInt(text);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  return Number(text);
}
