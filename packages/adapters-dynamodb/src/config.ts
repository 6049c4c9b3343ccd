import * as z from "zod";
import type { TableKey, TableNames } from "./tables.js";

/** DynamoDB's rule for table names. */
const TableNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "must be 3-255 characters of letters, digits, _ . -" });

export const TableNamesSchema = z
  .object({
    orders: TableNameSchema,
    deliveries: TableNameSchema,
    projectorState: TableNameSchema,
  })
  .strict() satisfies z.ZodType<TableNames>;

/** The environment variable naming each table (set by the Pulumi program on every Lambda). */
export const TABLE_ENV_VARS: Readonly<Record<TableKey, string>> = {
  orders: "ORDERS_TABLE",
  deliveries: "DELIVERIES_TABLE",
  projectorState: "PROJECTOR_STATE_TABLE",
};

/**
 * Reads and validates the table names once, at start (composition roots only). Throws one error that
 * names every missing or invalid variable.
 */
export function tableNamesFromEnv(env: Readonly<Record<string, string | undefined>>): TableNames {
  const entries = Object.entries(TABLE_ENV_VARS) as [TableKey, string][];
  const missing = entries.filter(([, variable]) => !env[variable]).map(([, variable]) => variable);
  if (missing.length > 0) throw new Error(`missing DynamoDB table name: set ${missing.join(", ")}`);
  const parsed = TableNamesSchema.safeParse(Object.fromEntries(entries.map(([key, variable]) => [key, env[variable]])));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${TABLE_ENV_VARS[issue.path[0] as TableKey]} ${issue.message}`,
    );
    throw new Error(`invalid DynamoDB table name: ${problems.join("; ")}`);
  }
  return parsed.data;
}
