import { join } from "node:path";
import { readEnvFile, repositoryRoot } from "./env-file.js";
import { totpCode, totpSecondsLeft } from "./local-cognito/totp.js";

/**
 * `npm run totp`: the code the local supervisor's authenticator would show now, from `SUPERVISOR_TOTP_SECRET` in
 * `.env` (written by `npm start`; `ENV_FILE` names another). LOCAL ONLY: a deployed supervisor's secret lives in
 * their own authenticator app and nowhere else.
 */
const path = process.env.ENV_FILE ?? join(repositoryRoot(), ".env");
let secret: string | undefined;
try {
  secret = readEnvFile(path).SUPERVISOR_TOTP_SECRET;
} catch {
  secret = undefined;
}
if (secret === undefined || secret === "") {
  console.error(`No SUPERVISOR_TOTP_SECRET in ${path}: start the local stack first (npm start), which writes it.`);
  process.exit(1);
}
console.log(`${totpCode(secret)}   (valid ${totpSecondsLeft()} s more; the next one is accepted too)`);
