/**
 * The managers' documents (docs/es) are for people who do not read code: no tracker numbers, commit hashes, file
 * paths or commands in what they read. Link targets are not read (a link may point at the engineers' documents);
 * mermaid diagrams are read like text.
 */
import type { Problem } from "./figure-markers.js";

const RULES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\b(?:issue|issues|PR)\s*#?\d+|#\d{1,5}\b/i, what: "a tracker number" },
  { pattern: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b/, what: "a commit hash" },
  {
    pattern:
      /(?:^|[\s(])(?:\.{0,2}\/)?[\w.-]+\/[\w./-]*\.(?:ts|js|mjs|json|ya?ml|md|tsx|sh)\b|\b(?:packages|infra-pulumi|src)\//,
    what: "a file path",
  },
  { pattern: /\b(?:npm|npx|pulumi|aws|git|curl|node)\s+[a-z-]+/, what: "a command" },
  { pattern: /`/, what: "code (a command, a key or a field name in code type)" },
];

/** What a manager's document must not show, line by line; link targets and image sources are left out. */
export function plainSpanishProblems(markdown: string): Problem[] {
  const problems: Problem[] = [];
  let inFence = false;
  let fenceIsDiagram = false;
  markdown.split("\n").forEach((raw, index) => {
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      if (!inFence) fenceIsDiagram = fence[1] === "mermaid";
      else if (!fenceIsDiagram) problems.push({ line: index + 1, message: "a code block" });
      inFence = !inFence;
      return;
    }
    const text = raw
      .replace(/\]\([^)]*\)/g, "]")
      .replace(/<img\b[^>]*>/g, "")
      .replace(/<!--.*?-->/g, "");
    for (const rule of RULES) {
      const found = rule.pattern.exec(text);
      if (found) problems.push({ line: index + 1, message: `${rule.what}: "${found[0].trim()}"` });
    }
  });
  return problems;
}
