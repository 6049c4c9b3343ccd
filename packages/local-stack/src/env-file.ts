import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The repository root: the nearest folder up from here whose package.json declares workspaces. */
export function repositoryRoot(start = import.meta.dirname): string {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && "workspaces" in (JSON.parse(readFileSync(manifest, "utf8")) as object)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("could not find the repository root (a package.json with workspaces)");
    dir = parent;
  }
}

/** What a client needs to talk to a stack: the keys `npm run demo` reads. */
export interface ClientSettings {
  readonly API: string;
  readonly CLIENT_ID: string;
  readonly USERNAME: string;
  readonly PASSWORD: string;
  readonly AWS_REGION: string;
  /** Only for the local stack: where to sign in instead of Cognito. Both AWS SDKs honour this variable. */
  readonly AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER?: string;
  /** Anything else for operator tools (DYNAMODB_ENDPOINT, table names). */
  readonly [extra: string]: string | undefined;
}

const KEYS = [
  "API",
  "CLIENT_ID",
  "USERNAME",
  "PASSWORD",
  "AWS_REGION",
  "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
] as const;

/**
 * Writes `.env` readable by its owner only (mode 600), on every write: `writeFileSync`'s mode applies only when
 * it creates the file, so an existing file is narrowed before the passwords go in, and again after (a umask).
 */
export function writeEnvFile(path: string, settings: ClientSettings): void {
  const keys = [...KEYS, ...Object.keys(settings).filter((key) => !(KEYS as readonly string[]).includes(key))];
  const lines = [
    "# Written by `npm start` (local stack). Git-ignored: it holds a password.",
    ...keys.flatMap((key) => (settings[key] === undefined ? [] : [`${key}=${settings[key]}`])),
  ];
  if (existsSync(path)) chmodSync(path, 0o600);
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Reads KEY=VALUE lines (no interpolation); blank lines and # comments are skipped. */
export function readEnvFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of readFileSync(path, "utf8").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    values[line.slice(0, eq).trim()] = value;
  }
  return values;
}
