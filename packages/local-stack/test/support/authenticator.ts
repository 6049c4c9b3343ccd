import { Secret, TOTP } from "otpauth";

/** What an authenticator app shows for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s), straight from otpauth. */
export function authenticatorCode(secretBase32: string, atMs = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: atMs,
  });
}

/** A six-digit code that is not the secret's code in the current step nor the steps either side. */
export function wrongCode(secretBase32: string): string {
  const now = Date.now();
  const valid = new Set([-2, -1, 0, 1, 2].map((step) => authenticatorCode(secretBase32, now + step * 30_000)));
  for (let n = 0; ; n += 1) {
    const code = String(n).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}

/** A fresh base32 secret (20 bytes), as AssociateSoftwareToken hands out. */
export function newSecret(): string {
  return new Secret({ size: 20 }).base32;
}
