import { join } from "node:path";
import { repositoryRoot } from "./env-file.js";
import { resetLocalData } from "./local-data.js";

/** `npm run db:reset`: wipes the local stack's DynamoDB Local data (orders and projections). */
const dataDir = process.env.DATA_DIR ?? join(repositoryRoot(), ".local-data");
const outcome = resetLocalData(dataDir);
if (outcome.status === "refused") {
  console.error(
    `The local stack is running (pid ${outcome.pid}): stop it with Ctrl-C first, then run npm run db:reset again.`,
  );
  process.exit(1);
}
console.log(
  outcome.status === "wiped" ? `Wiped local data: ${outcome.path}` : `Nothing to wipe: ${outcome.path} does not exist.`,
);
