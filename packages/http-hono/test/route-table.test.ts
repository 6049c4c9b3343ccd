import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROUTE_TABLE } from "../src/contract/route-table.js";
import { openApiDocument } from "../src/openapi/document.js";

/** The plain route table the deployment reads (`@cargo-express/http-hono/routes`), against what the API serves. */
describe("route table", () => {
  const document = openApiDocument() as {
    paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
  };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );

  it("lists exactly the operations of the OpenAPI document, with their methods and paths", () => {
    expect(operations.map(({ path, method, operation }) => [operation.operationId, method, path])).toEqual(
      ROUTE_TABLE.map((route) => [route.operationId, route.method, route.path]),
    );
  });

  it("marks as signed-in exactly the operations the document secures with a Cognito token", () => {
    for (const { operation } of operations) {
      const entry = ROUTE_TABLE.find((route) => route.operationId === operation.operationId);
      expect((operation.security ?? []).length > 0, operation.operationId).toBe(entry?.signIn);
    }
  });

  it("imports nothing, so a reader of the table (the deployment) loads no Hono, zod or AWS code", () => {
    const source = readFileSync(fileURLToPath(new URL("../src/contract/route-table.ts", import.meta.url)), "utf8");
    expect(source).not.toMatch(/^\s*(import|export .* from)\s/m);
    expect(source).not.toMatch(/\bimport\(|\brequire\(/);
  });
});
