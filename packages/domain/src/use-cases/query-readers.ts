import * as z from "zod";

/** How an adapter reads a query's fields: `wholeNumber` (a URL's query string passes a coercing reader) and `fieldMeta`. */
export interface QuerySchemaOptions<Field extends string> {
  readonly wholeNumber?: (message: string) => z.ZodType<number, unknown>;
  readonly fieldMeta?: Partial<Record<Field, Record<string, unknown>>>;
}

/** The readers every query schema builds its fields with: numbers as the adapter reads them, and annotations. */
export function queryReaders<Field extends string>(options: QuerySchemaOptions<Field>) {
  return {
    number: options.wholeNumber ?? ((message: string) => z.number({ error: message })),
    annotate: <T extends z.ZodType>(schema: T, field: Field): T => {
      const meta = options.fieldMeta?.[field];
      return meta === undefined ? schema : schema.meta(meta);
    },
  };
}
