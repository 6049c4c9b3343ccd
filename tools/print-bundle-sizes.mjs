// Prints the size of each bundle (raw and gzipped, which is roughly what a deployment zip holds or a
// browser downloads). Run by each Lambda package's `npm run build` with no arguments (dist/lambda/*.mjs: each
// handler's entry, then the chunks of its folder dist/lambda/<name>/ that its first invocation loads, and the total)
// and by the web app's as `print-bundle-sizes.mjs dist/assets --max-js-gzip-kib 200`, which also prints
// the JavaScript total and fails the build when it is over the budget.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const budgetFlag = args.indexOf("--max-js-gzip-kib");
const budgetKib = budgetFlag === -1 ? undefined : Number(args[budgetFlag + 1]);
const relative = args.find((arg, i) => !arg.startsWith("--") && i !== budgetFlag + 1) ?? "dist/lambda";
const extensions = relative === "dist/lambda" ? [".mjs"] : [".js", ".mjs", ".css", ".html", ".svg"];

const dir = join(process.cwd(), relative);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const bundles = readdirSync(dir).filter((name) => extensions.some((ext) => name.endsWith(ext)));
if (bundles.length === 0) {
  console.error(`no bundles in ${dir}`);
  process.exit(1);
}
let jsGzip = 0;
for (const name of bundles.sort()) {
  const file = join(dir, name);
  const gzip = gzipSync(readFileSync(file)).length;
  if (/\.m?js$/.test(name)) jsGzip += gzip;
  console.log(`${relative}/${name.padEnd(12)} ${kib(statSync(file).size).padStart(10)}  (gzip ${kib(gzip)})`);
  const chunks = join(dir, name.replace(/\.mjs$/, ""));
  if (relative === "dist/lambda" && existsSync(chunks)) {
    const files = readdirSync(chunks).filter((chunk) => chunk.endsWith(".mjs"));
    const raw = files.reduce((sum, chunk) => sum + statSync(join(chunks, chunk)).size, 0);
    const zipped = files.reduce((sum, chunk) => sum + gzipSync(readFileSync(join(chunks, chunk))).length, 0);
    const folder = `${relative}/${name.replace(/\.mjs$/, "")}/`;
    console.log(
      `${folder.padEnd(24)} ${kib(raw).padStart(10)}  (gzip ${kib(zipped)}; ${files.length} chunks, loaded as needed from the first invocation on)`,
    );
    console.log(`${"  total".padEnd(24)} ${kib(raw + statSync(file).size).padStart(10)}  (gzip ${kib(zipped + gzip)})`);
  }
}
if (budgetKib !== undefined) {
  console.log(`JavaScript total: ${kib(jsGzip)} gzipped (budget ${budgetKib} KiB)`);
  if (jsGzip > budgetKib * 1024) {
    console.error(`over budget: the app's JavaScript is ${kib(jsGzip)} gzipped, more than ${budgetKib} KiB`);
    process.exit(1);
  }
}
