import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

/** Every source file an entry point reaches through relative imports (static, re-exports and dynamic). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(resolve(dirname(file), match[1]!.replace(/\.js$/, ".ts")));
    }
  };
  visit(entry);
  return seen;
}

describe("the Lambda entry points", () => {
  it.each(["lambda/orders.ts", "lambda/monitor.ts"])("%s cannot reach the local token issuer", (entry) => {
    const files = [...reachable(resolve(src, entry))].map((file) => file.slice(src.length + 1));
    expect(files).toContain("auth/cognito-verifier.ts");
    expect(files).toContain("app.ts");
    expect(files).not.toContain("auth/local-issuer-verifier.ts");
    expect(files).not.toContain("auth/fetch-jwks-fetcher.ts");
    expect(files).not.toContain("index.ts");
  });
});
