import type { IncomingMessage } from "node:http";
import { err, ok, type Result } from "@cargo-express/domain";
import { isLosslessNumber, isSafeNumber, parse as parseLossless } from "lossless-json";
import { nodeHeader } from "./headers.js";
import type { Problem } from "./problem.js";

/** Where a value sits in the body: `["productos", 1, "precio"]`. */
export type JsonPath = readonly (string | number)[];

export interface JsonBodyOptions {
  /**
   * Numbers at these paths reach the caller as their exact JSON text (`"8.499999999999999999"`), never as a
   * float, so a rule such as "at most two decimals" judges what the client sent, not what a double rounded
   * it to. Default: none.
   */
  readonly exactNumberAt?: (path: JsonPath) => boolean;
  /**
   * The Node request the Web `Request` stands for, when the app is served by @hono/node-server (its `env.incoming`):
   * the body is then read from it directly, with the same counting, instead of through a Web stream adapted from
   * it (a third of a request's CPU). Ignored once anything has started reading it.
   */
  readonly incoming?: IncomingMessage | undefined;
}

/** `application/json` or any `application/*+json`, with or without parameters such as charset. */
function isJsonMediaType(contentType: string | null | undefined): boolean {
  const essence = (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
  return essence === "application/json" || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(essence);
}

const tooLarge = (limitBytes: number): Problem => ({
  kind: "payload-too-large",
  detail: `The body must be at most ${limitBytes} bytes`,
});

const malformed = (detail: string): Problem => ({ kind: "malformed-json", detail });

/**
 * Reads a JSON body without trusting the client: the media type must be JSON, the body is counted as it
 * streams (a missing or understated Content-Length cannot smuggle more than the limit), and it must be
 * UTF-8 that parses as JSON. Works the same for a Node request stream and a Lambda event body.
 *
 * Numbers are parsed losslessly (lossless-json): one a double holds exactly (`12`, `0.2`, `18.5`) becomes a JS
 * number as with `JSON.parse`; one it would alter (`1.0000000000000001`, `9007199254740993`) stays its exact
 * text, so a schema expecting a number refuses it instead of accepting a rounded value. Numbers at
 * `exactNumberAt` paths are always their text. A key repeated with different values is refused as malformed
 * (JSON.parse would silently keep the last one).
 */
export async function readJsonBody(
  request: Request,
  limitBytes: number,
  options: JsonBodyOptions = {},
): Promise<Result<unknown, Problem>> {
  const incoming = options.incoming;
  const header = (name: string) => (incoming === undefined ? request.headers.get(name) : nodeHeader(incoming, name));
  if (!isJsonMediaType(header("content-type"))) {
    return err({
      kind: "unsupported-media-type",
      detail: "Send the body as JSON with Content-Type: application/json",
      headers: { "accept-post": "application/json" },
    });
  }
  const declared = header("content-length") ?? null;
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limitBytes)
    return err(tooLarge(limitBytes));

  const bytes =
    incoming !== undefined && !incoming.readableDidRead && !incoming.readableEnded
      ? await readNodeBodyAtMost(incoming, limitBytes)
      : await readAtMost(request.body, limitBytes);
  if (bytes === "too-large") return err(tooLarge(limitBytes));
  if (bytes.length === 0) return err(malformed("The body is empty; send the order as a JSON object"));

  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return err(malformed("The body is not valid UTF-8"));
  }
  if (nestingDepth(text) > MAX_NESTING) {
    return err(malformed(`The body is nested deeper than ${MAX_NESTING} levels; an order needs three`));
  }
  let parsed: unknown;
  try {
    parsed = parseLossless(text);
  } catch (error) {
    return err(malformed(`The body is not valid JSON: ${(error as Error).message}`));
  }
  return ok(withPlainNumbers(parsed, [], options.exactNumberAt ?? (() => false)));
}

/** Stateless between calls: without `stream: true`, each decode starts afresh. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Deeper bodies are refused before parsing: lossless-json (recursive, like the walk below) overflows the stack near 5,000. */
const MAX_NESTING = 64;

/** The deepest nesting of arrays and objects in JSON text, brackets inside strings ignored. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") deepest = Math.max(deepest, (depth += 1));
    else if (char === "]" || char === "}") depth -= 1;
  }
  return deepest;
}

/** Replaces lossless-json's number objects by JS numbers or, where a float would not be exact, their text. */
function withPlainNumbers(value: unknown, path: (string | number)[], exactAt: (path: JsonPath) => boolean): unknown {
  if (isLosslessNumber(value)) return exactAt(path) || !isSafeNumber(value.value) ? value.value : Number(value.value);
  if (Array.isArray(value)) return value.map((item, index) => withPlainNumbers(item, [...path, index], exactAt));
  if (typeof value === "object" && value !== null) {
    // fromEntries defines own properties, so a "__proto__" key stays data, as with JSON.parse.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withPlainNumbers(item, [...path, key], exactAt)]),
    );
  }
  return value;
}

async function readAtMost(
  body: ReadableStream<Uint8Array> | null,
  limitBytes: number,
): Promise<Uint8Array | "too-large"> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      return "too-large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body of a Node request, counted as it arrives; stops listening past the limit (@hono/node-server drains or
 * closes what is left once the answer is sent). Rejects when the client goes away before the end.
 */
function readNodeBodyAtMost(incoming: IncomingMessage, limitBytes: number): Promise<Uint8Array | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limitBytes) {
        done();
        incoming.pause();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      if (incoming.readableEnded) return;
      done();
      reject(new Error("the client closed the request before its body ended"));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
  });
}
