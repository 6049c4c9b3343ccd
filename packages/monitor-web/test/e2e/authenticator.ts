import { Secret, TOTP } from "otpauth";

/** What the supervisor's authenticator app shows now for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s). */
export function authenticatorCode(secretBase32: string, atMs = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: atMs,
  });
}
