import { issuesFromZod } from "@cargo-express/domain";
import type { Context } from "hono";
import type * as z from "zod";
import type { AppEnv } from "../app-env.js";
import { invalidInput, problemResponse } from "./problem.js";

/**
 * The hook every route's request validation (path parameters, query, headers) reports to: a refusal is the same
 * RFC 9457 `invalid-input` document the domain's refusals produce (every field, in the order zod found them),
 * never the validator's own JSON. Used as OpenAPIHono's `defaultHook`.
 */
export function validationProblem(
  result: { success: true } | { success: false; error: z.ZodError },
  c: Context<AppEnv>,
): Response | undefined {
  if (result.success) return undefined;
  return problemResponse(c, invalidInput(issuesFromZod(result.error)));
}
