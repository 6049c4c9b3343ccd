/**
 * Which documents are checked, and how. To check a new document, add it to FIGURE_DOCUMENTS (its figures and
 * amounts of money) or to the Markdown globs (its diagrams); a document under docs/es/ is read in Spanish and
 * held to the plain-language rules.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Language } from "../../src/figure-markers.js";

const REPOSITORY = resolve(import.meta.dirname, "../../../..");

const spanish = () =>
  readdirSync(join(REPOSITORY, "docs/es"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/es/${name}`);

/** The documents whose figures must agree with the cost model and the code. */
export function figureDocuments(): string[] {
  return ["README.md", "docs/growth.md", "docs/deploy.md", ...spanish()];
}

export function managersDocuments(): string[] {
  return spanish();
}

/** Every Markdown document of the repository that may hold a mermaid diagram. */
export function markdownDocuments(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(join(REPOSITORY, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? under(`${dir}/${entry.name}`) : entry.name.endsWith(".md") ? [`${dir}/${entry.name}`] : [],
    );
  const packages = readdirSync(join(REPOSITORY, "packages"))
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => existsSync(join(REPOSITORY, path)));
  return ["README.md", "bench/README.md", "infra-pulumi/README.md", ...under("docs"), ...packages];
}

export function languageOf(path: string): Language {
  return path.startsWith("docs/es/") ? "es" : "en";
}

export function read(path: string): string {
  return readFileSync(join(REPOSITORY, path), "utf8");
}

export function write(path: string, markdown: string): void {
  writeFileSync(join(REPOSITORY, path), markdown);
}
