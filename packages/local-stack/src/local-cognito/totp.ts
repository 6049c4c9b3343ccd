import { Secret, TOTP } from "otpauth";

/**
 * RFC 6238 time-based one-time codes as Cognito's software token MFA and the authenticator apps use them: SHA-1,
 * 6 digits, 30-second steps, base32 secrets. By otpauth (a small, maintained, dependency-free implementation)
 * rather than by hand: the HMAC truncation and base32 details are easy to get subtly wrong.
 */
const PERIOD_SECONDS = 30;
const totpFor = (secretBase32: string) =>
  new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS });

/** A new secret as Cognito's AssociateSoftwareToken hands it out: 20 random bytes, base32 (32 characters). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** True for a base32 secret of at least 16 bytes (what `LOCAL_SUPERVISOR_TOTP_SECRET` may be set to). */
export function isTotpSecret(text: string): boolean {
  return /^[A-Z2-7]{26,}=*$/.test(text);
}

/** The code an authenticator shows at `atMs` (default now). */
export function totpCode(secretBase32: string, atMs = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: atMs });
}

/** Seconds until the code shown at `atMs` changes. */
export function totpSecondsLeft(atMs = Date.now()): number {
  return Math.ceil(TOTP.remaining({ period: PERIOD_SECONDS, timestamp: atMs }) / 1000);
}

/**
 * Whether `code` is the secret's code now or one step either side (a phone's clock a little off, a code typed
 * as it changed), as Cognito accepts them.
 */
export function totpCodeMatches(secretBase32: string, code: string, atMs = Date.now()): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secretBase32).validate({ token: code, timestamp: atMs, window: 1 }) !== null;
}
