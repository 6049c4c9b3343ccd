// Prints the size of the Lambda bundle (raw and gzipped, which is roughly what the deployment zip holds).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = new URL("../dist/lambda/", import.meta.url).pathname;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const bundles = readdirSync(dir).filter((name) => name.endsWith(".mjs"));
if (bundles.length === 0) {
  console.error(`no bundles in ${dir}`);
  process.exit(1);
}
for (const name of bundles.sort()) {
  const file = join(dir, name);
  console.log(`dist/lambda/${name.padEnd(14)} ${kib(statSync(file).size).padStart(10)}  (gzip ${kib(gzipSync(readFileSync(file)).length)})`);
}
