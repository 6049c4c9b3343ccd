import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The marker `npm start` leaves while it runs, so `npm run db:reset` never wipes a database in use. */
const PID_FILE = "stack.pid";

export function markRunning(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, PID_FILE);
  writeFileSync(path, String(process.pid));
  return () => rmSync(path, { force: true });
}

function runningPid(dataDir: string): number | undefined {
  const path = join(dataDir, PID_FILE);
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // a stale marker from a stack that was killed
  }
}

export type ResetOutcome =
  | { status: "wiped"; path: string }
  | { status: "nothing-to-wipe"; path: string }
  | { status: "refused"; pid: number };

/** Deletes the local DynamoDB data, unless a local stack is running on it. */
export function resetLocalData(dataDir: string): ResetOutcome {
  const pid = runningPid(dataDir);
  if (pid !== undefined) return { status: "refused", pid };
  const path = join(dataDir, "dynamodb");
  if (!existsSync(path)) return { status: "nothing-to-wipe", path };
  rmSync(path, { recursive: true, force: true });
  rmSync(join(dataDir, PID_FILE), { force: true });
  return { status: "wiped", path };
}
