import { err, ok, type Result } from "@cargo-express/domain";
import type { Problem } from "./problem.js";

/** `application/json` or any `application/*+json`, with or without parameters such as charset. */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
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
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<Result<unknown, Problem>> {
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    return err({
      kind: "unsupported-media-type",
      detail: "Send the body as JSON with Content-Type: application/json",
      headers: { "accept-post": "application/json" },
    });
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limitBytes) return err(tooLarge(limitBytes));

  const bytes = await readAtMost(request.body, limitBytes);
  if (bytes === "too-large") return err(tooLarge(limitBytes));
  if (bytes.length === 0) return err(malformed("The body is empty; send the order as a JSON object"));

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return err(malformed("The body is not valid UTF-8"));
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return err(malformed(`The body is not valid JSON: ${(error as Error).message}`));
  }
}

async function readAtMost(body: ReadableStream<Uint8Array> | null, limitBytes: number): Promise<Uint8Array | "too-large"> {
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
