import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from "node:crypto";

const base64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");

/**
 * One user pool's RS256 signing key, generated at start and never written anywhere: a token minted here is
 * worthless after a restart and can never be accepted by a deployed stack.
 */
export class SigningKey {
  readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    this.privateKey = createPrivateKey(privateKey);
    this.publicKey = createPublicKey(this.privateKey);
  }

  /** The JWKS served at `<issuer>/.well-known/jwks.json`. */
  jwks(): { keys: JsonWebKey[] } {
    return { keys: [{ ...this.publicKey.export({ format: "jwk" }), kid: this.kid, alg: "RS256", use: "sig" }] };
  }

  sign(claims: Record<string, unknown>): string {
    const header = base64url(JSON.stringify({ kid: this.kid, alg: "RS256" }));
    const payload = base64url(JSON.stringify(claims));
    const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), this.privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }

  /**
   * The claims of a token this key signed, or undefined when the signature (or the shape) is not this key's.
   * Used by the calls Cognito authorises with an access token; the expiry is the caller's to check.
   */
  claimsOf(token: string): Record<string, unknown> | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    try {
      const head = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { kid?: unknown; alg?: unknown };
      if (head.kid !== this.kid || head.alg !== "RS256") return undefined;
      const valid = verify(
        "RSA-SHA256",
        Buffer.from(`${header}.${payload}`),
        this.publicKey,
        Buffer.from(signature, "base64url"),
      );
      if (!valid) return undefined;
      const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}
