/**
 * Mermaid diagrams in Markdown, parsed by mermaid itself: the renderer GitHub uses, so a diagram that parses here
 * is one it can draw. Mermaid's flowchart parser sanitises labels with DOMPurify, which needs a DOM; linkedom gives
 * it one (the lightest that works: measured in packages/docs-check/README.md). @mermaid-js/parser alone was not
 * enough: it has no flowchart, erDiagram or sequenceDiagram grammar.
 */
import { parseHTML } from "linkedom";

export interface MermaidBlock {
  /** Line of the block's first diagram line, 1-based. */
  readonly line: number;
  readonly source: string;
}

export function mermaidBlocks(markdown: string): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^\s*```mermaid\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end += 1;
    blocks.push({ line: start + 1, source: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

type Mermaid = { parse(text: string): Promise<unknown> };
let loaded: Promise<Mermaid> | undefined;

async function loadMermaid(): Promise<Mermaid> {
  const scope = globalThis as { window?: unknown; document?: unknown };
  if (scope.window === undefined) {
    const { window, document } = parseHTML("<!doctype html><html><head></head><body></body></html>");
    scope.window = window;
    scope.document = document;
  }
  return (await import("mermaid")).default as Mermaid;
}

/** The parser's message when the diagram does not parse, undefined when it does. */
export async function mermaidError(source: string): Promise<string | undefined> {
  loaded ??= loadMermaid();
  const mermaid = await loaded;
  try {
    await mermaid.parse(source);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
