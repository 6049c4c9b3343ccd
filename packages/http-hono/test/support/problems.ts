import { expect } from "vitest";
import { ProblemSchema } from "../../src/index.js";

/** Asserts an RFC 9457 problem answer of the given status and kind and returns its body. */
export async function expectProblem(response: Response, status: number, kind: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = ProblemSchema.loose().parse(await response.json());
  expect(body).toMatchObject({ status, type: `urn:cargo-express:problem:${kind}` });
  return body;
}
