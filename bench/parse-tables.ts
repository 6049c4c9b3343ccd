/** Reading other benches' printed tables, by header name, so a moved column is still found and a renamed one is "n/a". */

/** The first markdown table whose header's first cell is `firstHeader`. */
export function markdownTableRows(
  output: string,
  firstHeader: string,
): { header: string[]; rows: string[][] } | undefined {
  const lines = output.split("\n");
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\|/, "")
      .replace(/\|$/, "")
      .split("|")
      .map((cell) => cell.trim());
  const at = lines.findIndex((line) => line.trim().startsWith("|") && cells(line)[0] === firstHeader);
  if (at < 0) return undefined;
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.trim().startsWith("|")) break;
    rows.push(cells(line));
  }
  return { header: cells(lines[at]!), rows };
}

/** Index of each wanted column, found by a pattern over the header; undefined when any is missing. */
export function columnsOf<K extends string>(
  header: string[],
  wanted: Record<K, RegExp>,
): Record<K, number> | undefined {
  const found = {} as Record<K, number>;
  for (const [key, pattern] of Object.entries(wanted) as [K, RegExp][]) {
    const index = header.findIndex((name) => pattern.test(name));
    if (index < 0) return undefined;
    found[key] = index;
  }
  return found;
}
