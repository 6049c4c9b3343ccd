/**
 * One call to the API with the access token, shared by the catalogue's, the ledger's and the exports' calls. Every
 * answer becomes a value the caller must handle; nothing throws. A refusal keeps the problem document's `errors`
 * (`{ path, message }` per field), so a form shows each next to the field it names.
 */

export interface FieldProblem {
  /** The field the API names (`name`, `to`, `reason`, ...), or `(body)`. */
  readonly path: string;
  readonly message: string;
}

export type ApiOutcome<T> =
  | { readonly kind: "ok"; readonly value: T; readonly etag?: string | undefined }
  | { readonly kind: "unauthenticated" }
  | { readonly kind: "forbidden" }
  | { readonly kind: "invalid"; readonly detail: string; readonly errors: readonly FieldProblem[] }
  | { readonly kind: "failed"; readonly status: number; readonly detail: string }
  | { readonly kind: "unreachable" };

export interface ApiClient {
  /** "" for the page's own origin. */
  readonly apiBaseUrl: string;
  readonly fetch: typeof fetch;
}

export interface CallOptions {
  readonly method?: "GET" | "PUT" | "POST";
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Runs a call with the session's access token; undefined when the session ended instead (403, expiry, sign-out). */
export type Authorized = <T extends { readonly kind: string }>(
  call: (accessToken: string) => Promise<T>,
) => Promise<T | undefined>;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

function fieldProblems(body: unknown): FieldProblem[] {
  if (!isObject(body) || !Array.isArray(body.errors)) return [];
  return body.errors.flatMap((issue: unknown) =>
    isObject(issue) && typeof issue.path === "string" && typeof issue.message === "string"
      ? [{ path: issue.path, message: issue.message }]
      : [],
  );
}

/** `read` checks the body's shape: a surprising answer becomes a failure said in the page, not a broken page. */
export async function apiCall<T>(
  api: ApiClient,
  accessToken: string,
  path: string,
  read: (body: unknown) => T | undefined,
  options: CallOptions = {},
): Promise<ApiOutcome<T>> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${accessToken}`,
    accept: "application/json",
    ...options.headers,
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await api.fetch(`${api.apiBaseUrl}${path}`, {
      method: options.method ?? "GET",
      headers,
      cache: "no-store",
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    return { kind: "unreachable" };
  }
  if (response.status === 401) return { kind: "unauthenticated" };
  if (response.status === 403) return { kind: "forbidden" };
  // A gateway with nothing behind it (502/503/504) is the API being away, as is a network failure.
  if (response.status === 502 || response.status === 503 || response.status === 504) return { kind: "unreachable" };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const detail = isObject(body) && typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`;
  if (response.status === 400) return { kind: "invalid", detail, errors: fieldProblems(body) };
  if (!response.ok) return { kind: "failed", status: response.status, detail };
  const value = read(body);
  if (value === undefined)
    return { kind: "failed", status: response.status, detail: "the answer is not what the API documents" };
  const etag = response.headers.get("etag") ?? undefined;
  return etag === undefined ? { kind: "ok", value } : { kind: "ok", value, etag };
}
