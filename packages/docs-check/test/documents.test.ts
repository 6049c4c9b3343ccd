import { beforeAll, describe, expect, it } from "vitest";
import { ASSUMPTIONS, STACK_INVENTORY } from "../../local-stack/bench/cost-model.js";
import { checkFigures, markedFigures, type Problem, updateFigures } from "../src/figure-markers.js";
import { mermaidBlocks, mermaidError } from "../src/mermaid-syntax.js";
import { plainSpanishProblems } from "../src/plain-spanish.js";
import { readDeploymentFacts, type DeploymentFacts } from "./support/deployment-facts.js";
import { figureDocuments, languageOf, managersDocuments, markdownDocuments, read, write } from "./support/documents.js";
import { figureTable } from "./support/figures.js";

const listed = (path: string, problems: readonly Problem[]) => problems.map((p) => `${path}:${p.line}: ${p.message}`);

let facts: DeploymentFacts;
let table: Map<string, number>;
beforeAll(async () => {
  facts = await readDeploymentFacts();
  table = figureTable(facts);
});

describe("the cost model prices what the Pulumi program deploys", () => {
  it("the same number of functions, alarms, web ACLs and WAF rules (CloudFront and regional)", () => {
    const { functions, alarms, cloudFrontWebAcls, cloudFrontWafRules, regionalWebAcls, regionalWafRules } =
      STACK_INVENTORY;
    expect({ functions, alarms, cloudFrontWebAcls, cloudFrontWafRules, regionalWebAcls, regionalWafRules }).toEqual({
      functions: facts.functions,
      alarms: facts.alarms,
      cloudFrontWebAcls: facts.webAcls.CLOUDFRONT.acls,
      cloudFrontWafRules: facts.webAcls.CLOUDFRONT.rules,
      regionalWebAcls: facts.webAcls.REGIONAL.acls,
      regionalWafRules: facts.webAcls.REGIONAL.rules,
    });
  });
});

describe("the cost model's token lifetimes are the deployed app clients'", () => {
  it("couriers' pool and staff pool", () => {
    const clients = [...facts.accessTokenMinutes];
    const staff = clients.filter(([name]) => name.startsWith("staff")).map(([, minutes]) => minutes);
    const couriers = clients.filter(([name]) => !name.startsWith("staff")).map(([, minutes]) => minutes);
    expect({ staff, couriers }).toEqual({
      staff: [ASSUMPTIONS.staffTokenMinutes],
      couriers: [ASSUMPTIONS.courierTokenMinutes],
    });
  });
});

describe.each(figureDocuments())("%s", (path) => {
  it("every marked figure agrees with its source, and every amount of money is marked", () => {
    // npm run docs:update: rewrite the figures from their source first (after a new bench run or price), then check.
    if (process.env.DOCS_UPDATE === "1") write(path, updateFigures(read(path), languageOf(path), table));
    expect(listed(path, checkFigures(read(path), languageOf(path), table))).toEqual([]);
  });

  it("marks its figures (a document cannot drop out of the check by losing its markers)", () => {
    expect(markedFigures(read(path), languageOf(path)).figures.length).toBeGreaterThan(5);
  });
});

describe.each(managersDocuments())("%s, for managers", (path) => {
  it("shows no tracker number, commit hash, file path, command or code", () => {
    expect(listed(path, plainSpanishProblems(read(path)))).toEqual([]);
  });
});

describe("mermaid diagrams", () => {
  const documents = markdownDocuments().filter((path) => mermaidBlocks(read(path)).length > 0);

  it("are found where the documents have them", () => {
    expect(documents).toEqual(expect.arrayContaining(["README.md", "docs/es/README.md", "docs/data-model.md"]));
  });

  it.each(documents)("%s: every diagram parses with mermaid", async (path) => {
    const errors: string[] = [];
    for (const block of mermaidBlocks(read(path))) {
      const error = await mermaidError(block.source);
      if (error !== undefined) errors.push(`${path}:${block.line}: ${error}`);
    }
    expect(errors).toEqual([]);
  });
});
