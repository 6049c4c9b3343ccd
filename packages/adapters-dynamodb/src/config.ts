import * as z from "zod";
import type { TableKey, TableNames } from "./tables.js";

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const TableNameSchema = z.string().regex(TABLE_NAME, { error: "must be 3-255 characters of letters, digits, _ . -" });

export const TableNamesSchema = z
  .object({
    orders: TableNameSchema,
    deliveries: TableNameSchema,
    projectorState: TableNameSchema,
  })
  .strict() satisfies z.ZodType<TableNames>;

/** The environment variable naming each table (set by the Pulumi program on every Lambda). */
export const TABLE_ENV_VARS = {
  orders: "ORDERS_TABLE",
  deliveries: "DELIVERIES_TABLE",
  projectorState: "PROJECTOR_STATE_TABLE",
} as const satisfies Readonly<Record<TableKey, string>>;

/** One table-name variable of an environment schema: required, trimmed, a valid DynamoDB table name. */
const tableNameSetting = (variable: string) =>
  z
    .string({ error: `${variable} is required` })
    .trim()
    .min(1, { error: `${variable} is required` })
    .regex(TABLE_NAME, { error: `${variable} must be a DynamoDB table name (3-255 letters, digits, _ . -)` });

/**
 * The table-name variables as a zod shape, for a process's environment schema (`z.object({ ...TABLE_NAME_SETTINGS,
 * ... })`): every composition root reads the table names with this one parser, so each problem is reported the
 * same way, under the variable's name, together with the environment's other problems.
 */
export const TABLE_NAME_SETTINGS = {
  ORDERS_TABLE: tableNameSetting(TABLE_ENV_VARS.orders),
  DELIVERIES_TABLE: tableNameSetting(TABLE_ENV_VARS.deliveries),
  PROJECTOR_STATE_TABLE: tableNameSetting(TABLE_ENV_VARS.projectorState),
} as const;

/** The table names out of an environment parsed with TABLE_NAME_SETTINGS. */
export const tableNamesOf = (env: Readonly<Record<(typeof TABLE_ENV_VARS)[TableKey], string>>): TableNames => ({
  orders: env.ORDERS_TABLE,
  deliveries: env.DELIVERIES_TABLE,
  projectorState: env.PROJECTOR_STATE_TABLE,
});

const TableNameSettingsSchema = z.object(TABLE_NAME_SETTINGS);

/**
 * Reads and validates the table names alone, at start (composition roots that read nothing else). Throws one
 * error that names every missing or invalid variable.
 */
export function tableNamesFromEnv(env: Readonly<Record<string, string | undefined>>): TableNames {
  const variables = Object.values(TABLE_ENV_VARS);
  const missing = variables.filter((variable) => !env[variable]);
  if (missing.length > 0) throw new Error(`missing DynamoDB table name: set ${missing.join(", ")}`);
  const parsed = TableNameSettingsSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(`invalid DynamoDB table name: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  return tableNamesOf(parsed.data);
}

/** The catalogue table's variable, for the environment schema of the functions that read or edit it. */
export const CATALOG_TABLE_SETTING = { CATALOG_TABLE: tableNameSetting("CATALOG_TABLE") } as const;

/** The export jobs' table variable, for the functions that create, read or build exports. */
export const EXPORTS_TABLE_SETTING = { EXPORTS_TABLE: tableNameSetting("EXPORTS_TABLE") } as const;
