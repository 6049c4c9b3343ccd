/**
 * Figures in Markdown, tied to their source by a marker right after them:
 *
 *     about $7.53<!-- fig:bill.today.total.afterFree --> a month
 *     unos 27.800 pesos <!-- fig:bill.today.total.cop sig=3 -->
 *
 * The marker names a key of the figure table; the figure is the last number before the marker on its line (after
 * any earlier marker). It must equal the key's value rounded to the decimals it is written with, or, with `sig=N`,
 * to N significant digits. Numbers are read in the document's language: English `12,345.67`, Spanish `12.345,67`.
 * Amounts of money must carry a marker (`$12` in English; a number followed by dólares, pesos, USD or COP, or
 * `US$ 12`, in Spanish), so a new amount cannot slip in unchecked. Code (fenced blocks and inline spans) is not
 * read: markers there would show as text.
 */

export type Language = "en" | "es";

export interface Problem {
  readonly line: number;
  readonly message: string;
}

export interface MarkedFigure {
  readonly line: number;
  /** Where the number starts in its line, 0-based. */
  readonly column: number;
  readonly key: string;
  readonly written: string;
  readonly value: number;
  readonly significant: number | undefined;
}

const MARKER = /<!--\s*fig:([A-Za-z0-9_.-]+)(?:\s+sig=(\d+))?\s*-->/g;
const NUMBER: Record<Language, RegExp> = {
  en: /(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])/g,
  es: /(?<![\d,.])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\d])/g,
};
const MONEY: Record<Language, RegExp> = {
  en: /\$\s?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)/g,
  es: /(?:US\$\s?)((?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)|((?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)\s*(?:dólar(?:es)?|pesos|USD|COP)\b/g,
};

/** The document's text with code blanked out (same lines, same columns), so nothing in code is read. */
function withoutCode(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return "";
      }
      if (inFence) return "";
      return line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
    })
    .join("\n");
}

function parseNumber(written: string, language: Language): number {
  const plain = language === "en" ? written.replaceAll(",", "") : written.replaceAll(".", "").replace(",", ".");
  return Number(plain);
}

function decimalsOf(written: string, language: Language): number {
  const separator = language === "en" ? "." : ",";
  const at = written.indexOf(separator);
  return at < 0 ? 0 : written.length - at - 1;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function roundSignificant(value: number, digits: number): number {
  if (value === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value))) + 1;
  return roundTo(value, digits - magnitude);
}

/** Every marked figure of a document, and the markers that have no number before them. */
export function markedFigures(markdown: string, language: Language): { figures: MarkedFigure[]; problems: Problem[] } {
  const figures: MarkedFigure[] = [];
  const problems: Problem[] = [];
  withoutCode(markdown)
    .split("\n")
    .forEach((text, index) => {
      let from = 0;
      for (const marker of text.matchAll(MARKER)) {
        const before = text.slice(from, marker.index);
        const numbers = [...before.matchAll(NUMBER[language])];
        const last = numbers.at(-1);
        if (last === undefined) problems.push({ line: index + 1, message: `fig:${marker[1]} has no number before it` });
        else
          figures.push({
            line: index + 1,
            column: from + last.index,
            key: marker[1]!,
            written: last[0],
            value: parseNumber(last[0], language),
            significant: marker[2] === undefined ? undefined : Number(marker[2]),
          });
        from = marker.index + marker[0].length;
      }
    });
  return { figures, problems };
}

/** Amounts of money with no marker after them (before the next number on the line). */
function unmarkedMoney(markdown: string, language: Language): Problem[] {
  const problems: Problem[] = [];
  withoutCode(markdown)
    .split("\n")
    .forEach((text, index) => {
      for (const money of text.matchAll(MONEY[language])) {
        const amount = money[1] ?? money[2]!;
        const end = money.index + money[0].indexOf(amount) + amount.length;
        const rest = text.slice(end);
        const marker = rest.search(/<!--\s*fig:/);
        const nextNumber = rest.search(/\d/);
        if (marker < 0 || (nextNumber >= 0 && nextNumber < marker))
          problems.push({
            line: index + 1,
            message: `"${money[0].trim()}" is an amount of money without a fig: marker`,
          });
      }
    });
  return problems;
}

function expectedAsWritten(expected: number, figure: MarkedFigure, language: Language): number {
  return figure.significant === undefined
    ? roundTo(expected, decimalsOf(figure.written, language))
    : roundSignificant(expected, figure.significant);
}

/** A number written as the original was: same decimals, thousands grouped where it had them or now needs them. */
function writeLike(value: number, original: string, language: Language, significant: number | undefined): string {
  const decimals =
    significant === undefined
      ? decimalsOf(original, language)
      : Math.max(0, significant - (Math.floor(Math.log10(Math.abs(value) || 1)) + 1));
  const [thousands, point] = language === "en" ? [",", "."] : [".", ","];
  const plainOriginal = !original.includes(thousands) && original.split(point)[0]!.length >= 4;
  const [whole, fraction] = value.toFixed(decimals).split(".");
  const grouped = plainOriginal ? whole! : whole!.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return fraction === undefined ? grouped : `${grouped}${point}${fraction}`;
}

/**
 * The document with every marked figure rewritten from the figure table (`npm run docs:update`): for a change of
 * source (a new bench run, a new price), not to silence the check. Unknown keys are left for the check to name.
 */
export function updateFigures(markdown: string, language: Language, figureTable: ReadonlyMap<string, number>): string {
  const lines = markdown.split("\n");
  const { figures } = markedFigures(markdown, language);
  // From the end, so that rewriting one figure leaves the columns of those before it on its line valid.
  for (const figure of [...figures].reverse()) {
    const expected = figureTable.get(figure.key);
    if (expected === undefined) continue;
    const rounded = expectedAsWritten(expected, figure, language);
    if (Math.abs(rounded - figure.value) <= 1e-9) continue;
    const line = lines[figure.line - 1]!;
    lines[figure.line - 1] =
      line.slice(0, figure.column) +
      writeLike(rounded, figure.written, language, figure.significant) +
      line.slice(figure.column + figure.written.length);
  }
  return lines.join("\n");
}

/** Checks a document's figures against the figure table; returns what disagrees. */
export function checkFigures(
  markdown: string,
  language: Language,
  figureTable: ReadonlyMap<string, number>,
): Problem[] {
  const { figures, problems } = markedFigures(markdown, language);
  for (const figure of figures) {
    const expected = figureTable.get(figure.key);
    if (expected === undefined) {
      problems.push({ line: figure.line, message: `fig:${figure.key} is not a known figure` });
      continue;
    }
    const rounded = expectedAsWritten(expected, figure, language);
    if (Math.abs(rounded - figure.value) > 1e-9)
      problems.push({
        line: figure.line,
        message: `fig:${figure.key} says ${figure.written}, the source says ${expected} (${rounded} as written)`,
      });
  }
  return [...problems, ...unmarkedMoney(markdown, language)].sort((a, b) => a.line - b.line);
}
