/**
 * src/api-types.ts is generated from the API's OpenAPI document and checked in; this fails as soon as the document
 * changes without the file being generated again.
 */
import { openApiDocument } from "@cargo-express/http-hono";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, apiTypesSource } from "../../scripts/api-types.js";

describe("the web app's API types", () => {
  it("are what openapi-typescript makes of the API's OpenAPI document today", async () => {
    const checkedIn = readFileSync(API_TYPES_FILE, "utf8");
    expect(checkedIn, "src/api-types.ts is stale: npm run generate:api-types -w @cargo-express/monitor-web").toBe(
      await apiTypesSource(),
    );
  });

  it("would differ if the API's monitor report changed (so the comparison above can fail)", async () => {
    const document = structuredClone(openApiDocument()) as {
      components: { schemas: { MonitorReport: { properties: Record<string, unknown>; required: string[] } } };
    };
    const report = document.components.schemas.MonitorReport;
    report.properties.currency = { type: "string" };
    report.required.push("currency");
    const changed = await apiTypesSource(document);
    expect(changed).not.toBe(await apiTypesSource());
    expect(changed).toContain("readonly currency: string;");
  });
});
