/**
 * The app's runtime settings, read once from /config.json on its own origin (written by the local stack,
 * uploaded by the deployment), so one build runs against any stack.
 */
import type { LiveSettings } from "./live-push.js";
import { parseLiveSettings } from "./live-settings.js";
import { DEFAULT_REFRESH_SECONDS, MAX_REFRESH_SECONDS } from "./refresh.js";

export interface AppConfig {
  /** Where the API is; "" (the default) means the page's own origin. */
  readonly apiBase: string;
  /** Cognito's endpoint for InitiateAuth; defaults to https://cognito-idp.<region>.amazonaws.com/. */
  readonly cognitoEndpoint: string;
  readonly region: string;
  /** The user pool's app client (no secret). */
  readonly userPoolClientId: string;
  /** Seconds between refreshes while the page is visible, 1 to 5 (default 3: with the projector's lag well under a second, an order shows within about 4 s). */
  readonly refreshSeconds: number;
  /** The live channel (AppSync Events, or the local stand-in); absent: the page polls every refreshSeconds. */
  readonly live?: LiveSettings;
}

export type ConfigOutcome =
  | { readonly ok: true; readonly config: AppConfig }
  | { readonly ok: false; readonly problem: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Validates the parsed /config.json, naming the first wrong field. */
export function parseConfig(raw: unknown): ConfigOutcome {
  if (!isObject(raw)) return { ok: false, problem: "config.json must be a JSON object" };
  if (!nonEmpty(raw.userPoolClientId))
    return { ok: false, problem: "userPoolClientId: required (the Cognito app client id)" };
  if (!nonEmpty(raw.region) || !/^[a-z0-9-]+$/.test(raw.region))
    return { ok: false, problem: "region: required, e.g. us-east-1" };
  let cognitoEndpoint = `https://cognito-idp.${raw.region}.amazonaws.com/`;
  if (raw.cognitoEndpoint !== undefined) {
    if (!nonEmpty(raw.cognitoEndpoint) || !isHttpUrl(raw.cognitoEndpoint))
      return { ok: false, problem: "cognitoEndpoint: must be an http(s) URL" };
    cognitoEndpoint = raw.cognitoEndpoint;
  }
  let apiBase = "";
  if (raw.apiBase !== undefined && raw.apiBase !== "") {
    if (typeof raw.apiBase !== "string" || !isHttpUrl(raw.apiBase))
      return { ok: false, problem: "apiBase: must be an http(s) URL, or empty for the page's own origin" };
    apiBase = raw.apiBase.replace(/\/+$/, "");
  }
  let refreshSeconds = DEFAULT_REFRESH_SECONDS;
  if (raw.refreshSeconds !== undefined) {
    const value = raw.refreshSeconds;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > MAX_REFRESH_SECONDS) {
      return { ok: false, problem: `refreshSeconds: a number from 1 to ${MAX_REFRESH_SECONDS}` };
    }
    refreshSeconds = value;
  }
  const live = parseLiveSettings(raw.live);
  if (typeof live === "string") return { ok: false, problem: live };
  return {
    ok: true,
    config: {
      apiBase,
      cognitoEndpoint,
      region: raw.region,
      userPoolClientId: raw.userPoolClientId,
      refreshSeconds,
      ...(live === undefined ? {} : { live }),
    },
  };
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<ConfigOutcome> {
  try {
    const response = await fetchImpl("/config.json", { cache: "no-store", headers: { accept: "application/json" } });
    if (!response.ok) return { ok: false, problem: `GET /config.json answered ${response.status}` };
    return parseConfig(await response.json());
  } catch (error) {
    return { ok: false, problem: `GET /config.json failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
