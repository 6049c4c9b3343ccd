/**
 * The checks can fail: each is shown a document that breaks its rule, and one that keeps it.
 */
import { describe, expect, it } from "vitest";
import { checkFigures, updateFigures } from "../src/figure-markers.js";
import { mermaidError } from "../src/mermaid-syntax.js";
import { plainSpanishProblems } from "../src/plain-spanish.js";

const table = new Map([
  ["bill.total", 11.78],
  ["pesos", 43_443],
  ["rate", 3],
]);
const messages = (markdown: string, language: "en" | "es" = "en") =>
  checkFigures(markdown, language, table).map((p) => `${p.line}: ${p.message}`);

describe("figures", () => {
  it("accepts a figure written as its source rounds it", () => {
    expect(
      messages("About $11.78<!-- fig:bill.total --> a month, $12<!-- fig:bill.total --> in round figures."),
    ).toEqual([]);
    expect(messages("Unos 11,78 dólares<!-- fig:bill.total -->, 43.000 pesos <!-- fig:pesos sig=2 -->.", "es")).toEqual(
      [],
    );
  });

  it("refuses a figure that drifted from its source", () => {
    expect(messages("intro\nAbout $11.87<!-- fig:bill.total --> a month")).toEqual([
      "2: fig:bill.total says 11.87, the source says 11.78 (11.78 as written)",
    ]);
    expect(messages("refresca cada 4 segundos <!-- fig:rate -->", "es")).toEqual([
      "1: fig:rate says 4, the source says 3 (3 as written)",
    ]);
  });

  it("reads each language's separators (a Spanish 43.443 is forty-three thousand)", () => {
    expect(messages("43.443 pesos<!-- fig:pesos -->", "es")).toEqual([]);
    expect(messages("43.443 pesos<!-- fig:pesos -->", "en")).toHaveLength(1);
  });

  it("refuses an unknown key, a marker with no number, and an amount of money with no marker", () => {
    expect(messages("$5<!-- fig:nothing -->; <!-- fig:rate -->; WAF costs $6.43 a month")).toEqual([
      "1: fig:rate has no number before it",
      "1: fig:nothing is not a known figure",
      '1: "$6.43" is an amount of money without a fig: marker',
    ]);
    expect(messages("cuesta 6,43 dólares al mes", "es")).toEqual([
      '1: "6,43 dólares" is an amount of money without a fig: marker',
    ]);
  });

  it("rewrites drifted figures as they were written (npm run docs:update), and leaves the rest alone", () => {
    const table2 = new Map([
      ["a", 1234.5],
      ["b", 3],
      ["c", 43_443],
    ]);
    expect(updateFigures("$1,000.00<!-- fig:a --> and 4<!-- fig:b -->, 3<!-- fig:b --> as before", "en", table2)).toBe(
      "$1,234.50<!-- fig:a --> and 3<!-- fig:b -->, 3<!-- fig:b --> as before",
    );
    expect(updateFigures("unos 27.800 pesos<!-- fig:c sig=3 -->, 9,5 s<!-- fig:b -->", "es", table2)).toBe(
      "unos 43.400 pesos<!-- fig:c sig=3 -->, 3,0 s<!-- fig:b -->",
    );
  });

  it("does not read code, where a marker would show as text", () => {
    expect(messages("```bash\necho $5\n```\nand `$5` inline")).toEqual([]);
  });
});

describe("mermaid", () => {
  it("parses a flowchart and an entity-relationship diagram", async () => {
    expect(await mermaidError("flowchart LR\n  a[Phone] -- sign in --> b[(Cognito)]")).toBeUndefined();
    expect(await mermaidError("erDiagram\n  ORDER ||--o{ DAY_ITEM : counts")).toBeUndefined();
  });

  it("refuses a diagram that does not parse", async () => {
    expect(await mermaidError("erDiagram\n  ORDER ||--|| : counts")).toMatch(/Parse error/);
    expect(await mermaidError("flowchart LR\n  a[Phone --> b")).toMatch(/Parse error/);
  });
});

describe("plain Spanish", () => {
  it("refuses tracker numbers, hashes, paths, commands and code", () => {
    const problems = plainSpanishProblems(
      [
        "Ese riesgo ya no existe (issue 11).",
        "sobre la versión 09613fb",
        "borrando la regla de infra-pulumi/src/web.ts",
        "ejecute npm run bench:growth",
        "los campos `pedido_id`",
        "[la guía](../deploy.md) explica todo",
      ].join("\n"),
    );
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
  });
});
