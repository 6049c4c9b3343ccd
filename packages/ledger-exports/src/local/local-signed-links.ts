import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock, ExportJob, ExportLink, ExportLinks } from "@cargo-express/domain";

/** The path the local stack serves export files under: `/local-exports/<object key>?expires=...&signature=...`. */
export const LOCAL_EXPORTS_PATH = "/local-exports/";

/** Longest a link may live (what S3's presigned links promise on AWS: 15 minutes). */
const MAX_SECONDS = 900;

export type LocalLinkCheck =
  | { readonly ok: true; readonly objectKey: string }
  | { readonly ok: false; readonly reason: "tampered" | "expired" };

/**
 * THE LOCAL STAND-IN for S3's presigned links, used by the local stack only (never part of a deployed function:
 * the export function and the API function on AWS sign with S3, see ../aws): a link to an export file served by
 * the local stack, `<origin>/local-exports/<key>?expires=<epoch s>&signature=<hex>`, the signature an HMAC-SHA256
 * of the key and the expiry under a secret the stack draws at start. No bearer token is needed to download; a
 * link whose key or expiry was altered fails the signature, and one past its expiry is refused.
 */
export class LocalSignedExportLinks implements ExportLinks {
  private readonly seconds: number;

  constructor(
    private readonly options: {
      /** The stack's origin, e.g. http://127.0.0.1:3000. */
      readonly origin: string;
      /** At least 32 bytes, drawn at each start (links do not survive a restart). */
      readonly secret: Buffer;
      readonly clock: Clock;
      /** Default and most 900 (15 minutes). */
      readonly seconds?: number;
    },
  ) {
    if (options.secret.length < 32) throw new RangeError("the local link secret must be at least 32 bytes");
    this.seconds = Math.min(options.seconds ?? MAX_SECONDS, MAX_SECONDS);
  }

  async linkFor(job: ExportJob & { readonly objectKey: string }): Promise<ExportLink> {
    const expiresMs = this.options.clock.now() + this.seconds * 1000;
    const expires = Math.floor(expiresMs / 1000);
    const url = new URL(`${LOCAL_EXPORTS_PATH}${job.objectKey}`, this.options.origin);
    url.searchParams.set("expires", String(expires));
    url.searchParams.set("signature", this.signature(job.objectKey, expires));
    return { url: url.toString(), expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** Checks a request for `/local-exports/<key>` with its query: the key it may serve, or why not. */
  check(objectKey: string, query: URLSearchParams): LocalLinkCheck {
    const expiresText = query.get("expires") ?? "";
    const signature = query.get("signature") ?? "";
    if (!/^\d{1,12}$/.test(expiresText) || !/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "tampered" };
    const expected = Buffer.from(this.signature(objectKey, Number(expiresText)), "hex");
    if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) return { ok: false, reason: "tampered" };
    if (Number(expiresText) * 1000 <= this.options.clock.now()) return { ok: false, reason: "expired" };
    return { ok: true, objectKey };
  }

  private signature(objectKey: string, expires: number): string {
    return createHmac("sha256", this.options.secret).update(`${objectKey}\n${expires}`).digest("hex");
  }
}
