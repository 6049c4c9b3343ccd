import { join } from "node:path";
import { loadLocalStackConfig } from "./config.js";
import { markRunning } from "./local-data.js";
import { repositoryRoot, writeEnvFile } from "./env-file.js";
import { clientSettingsOf, startLocalStack, type LocalStackUser } from "./stack.js";
import { ensureWebBuilt } from "./web-app.js";

/** `npm start`: the whole system on this machine, until Ctrl-C. */
const config = loadLocalStackConfig(process.env);
// The web app is built from its sources when they changed since the last build (WEB_DIR: serve another build as is).
if (config.WEB_DIR === undefined)
  await ensureWebBuilt(join(repositoryRoot(), "packages", "monitor-web"), (line) => console.log(line));
const stack = await startLocalStack(config);
const unmark = markRunning(config.DATA_DIR ?? join(repositoryRoot(), ".local-data"));
const envPath = process.env.ENV_FILE ?? join(repositoryRoot(), ".env");
writeEnvFile(envPath, {
  ...clientSettingsOf(stack),
  WEB_URL: stack.webUrl,
  SUPERVISOR_USERNAME: stack.supervisor.username,
  SUPERVISOR_PASSWORD: stack.supervisor.password,
  SUPERVISOR_CLIENT_ID: stack.supervisor.clientId,
  SUPERVISOR_TOTP_SECRET: stack.supervisor.totpSecret,
  NEW_SUPERVISOR_USERNAME: stack.newSupervisor.username,
  NEW_SUPERVISOR_PASSWORD: stack.newSupervisor.password,
  COURIER_USERNAME: stack.courier.username,
  COURIER_PASSWORD: stack.courier.password,
  DISPATCHER_USERNAME: stack.dispatcher.username,
  DISPATCHER_PASSWORD: stack.dispatcher.password,
  ...stack.env,
});

/** One line per user, columns aligned. */
function usersTable(users: readonly LocalStackUser[]): string {
  const credentials = users.map((user) => `${user.username} / ${user.password}`);
  const groups = users.map((user) => user.groups.join(", "));
  const width = (column: string[]) => Math.max(...column.map((cell) => cell.length));
  const [w1, w2] = [width(credentials), width(groups)];
  return users
    .map((user, i) => `    ${credentials[i]!.padEnd(w1)}   ${groups[i]!.padEnd(w2)}   ${user.role}`)
    .join("\n");
}

for (const notice of stack.notices) console.log(notice);
console.log(`
Cargo Express orders: local stack is running
  Monitor web app        ${stack.webUrl}   sign in as ${stack.supervisor.username} / ${stack.supervisor.password}   (group: supervisors)
                         then the code of its authenticator: npm run totp (secret ${stack.supervisor.totpSecret}, in .env as SUPERVISOR_TOTP_SECRET)
  API                    ${stack.apiUrl}   (docs: ${stack.apiUrl}/docs)
  Storage                ${stack.storage}
  Sign in at             ${stack.cognito.endpoint}   (Cognito-compatible: InitiateAuth USER_PASSWORD_AUTH; TOTP in the staff pool)
  Region                 ${stack.cognito.region}
  User pool id           ${stack.cognito.userPoolId}   (couriers' pool: couriers, dispatchers, the demo user; password)
  App client id          ${stack.cognito.clientId}
  Staff user pool id     ${stack.cognito.staff.userPoolId}   (supervisors: password and an authenticator code, TOTP)
  Staff app client id    ${stack.cognito.staff.clientId}
  Written to             ${envPath}
  User / password, groups and what for, of every local user:
${usersTable(stack.users)}
Try it: open the monitor, then run npm run demo in a second terminal      Stop: Ctrl-C
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  await stack.stop();
  unmark();
  console.log("stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
