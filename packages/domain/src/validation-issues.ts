import type * as z from "zod";
import type { ValidationIssue } from "./errors.js";

/** `["lines", 1, "unitPrice"]` -> `lines[1].unitPrice`; the empty path (the input itself) is `(body)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text === "" ? "(body)" : text;
}

/** Every zod issue as `{ path, message }`, in the order zod found them. */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: formatIssuePath([...issue.path, key]),
          message: `${key} is not a known parameter`,
        }))
      : [{ path: formatIssuePath(issue.path), message: issue.message }],
  );
}
