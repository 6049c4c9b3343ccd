// Prints the size of each Lambda bundle in the current package's dist/lambda (raw and gzipped, which is
// roughly what the deployment zip holds). Run by each Lambda package's `npm run build`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = join(process.cwd(), "dist/lambda");
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const bundles = readdirSync(dir).filter((name) => name.endsWith(".mjs"));
if (bundles.length === 0) {
  console.error(`no bundles in ${dir}`);
  process.exit(1);
}
for (const name of bundles.sort()) {
  const file = join(dir, name);
  console.log(`dist/lambda/${name.padEnd(12)} ${kib(statSync(file).size).padStart(10)}  (gzip ${kib(gzipSync(readFileSync(file)).length)})`);
}
