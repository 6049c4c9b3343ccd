import { invalid, type InvalidInput, type ValidationIssue } from "../errors.js";
import type { Clock } from "../ports.js";
import { err, ok, type Result } from "../result.js";
import { issuesFromZod } from "../validation-issues.js";
import type { Catalogue, CatalogueEntry, CatalogueProduct, FleetCourier } from "./catalogue.js";
import type { CatalogueStore, PutEntryOutcome } from "./catalogue-store.js";
import { courierBodySchema, courierIdParamSchema, productBodySchema, productIdParamSchema } from "./catalogue-rules.js";

/** What a put did, with the entry as stored. */
export type EditedEntry<T> = { readonly entry: T; readonly outcome: PutEntryOutcome["status"] };

/** Every product and courier of the catalogue. */
export class GetCatalogue {
  constructor(private readonly deps: { readonly catalogue: CatalogueStore }) {}

  execute(): Promise<Catalogue> {
    return this.deps.catalogue.read();
  }
}

/** Milliseconds are what the history shows; a clock's finer digits would only make equal times look different. */
const isoMillis = (epochMs: number): string => new Date(Math.floor(epochMs)).toISOString();

/**
 * Creates or replaces a product or a fleet courier (who may is the caller's rule: supervisors). Every field is
 * judged first and every problem named at once; on a refusal nothing changes. Each change is recorded with its
 * author and time by the store, in the same write; a put of identical content changes and records nothing.
 */
export class EditCatalogue {
  constructor(private readonly deps: { readonly catalogue: CatalogueStore; readonly clock: Clock }) {}

  async putProduct(
    id: string,
    body: unknown,
    by: string,
  ): Promise<Result<EditedEntry<CatalogueProduct>, InvalidInput>> {
    const parsedId = productIdParamSchema.safeParse(id);
    const parsedBody = productBodySchema.safeParse(body);
    if (!parsedId.success || !parsedBody.success)
      return err(invalid([...idIssues(parsedId), ...(parsedBody.success ? [] : issuesFromZod(parsedBody.error))]));
    const { name, referencePrice, active } = parsedBody.data;
    const value: CatalogueProduct = { id: parsedId.data, name, referencePrice, active };
    return ok({ entry: value, outcome: await this.put({ kind: "product", value }, by) });
  }

  async putCourier(id: string, body: unknown, by: string): Promise<Result<EditedEntry<FleetCourier>, InvalidInput>> {
    const parsedId = courierIdParamSchema.safeParse(id);
    const parsedBody = courierBodySchema.safeParse(body);
    if (!parsedId.success || !parsedBody.success)
      return err(invalid([...idIssues(parsedId), ...(parsedBody.success ? [] : issuesFromZod(parsedBody.error))]));
    const value: FleetCourier = { id: parsedId.data, ...parsedBody.data };
    return ok({ entry: value, outcome: await this.put({ kind: "courier", value }, by) });
  }

  private async put(entry: CatalogueEntry, by: string): Promise<PutEntryOutcome["status"]> {
    const outcome = await this.deps.catalogue.put(entry, { by, at: isoMillis(this.deps.clock.now()) });
    return outcome.status;
  }
}

/** An id refused in the path is named `id`, whatever zod called it. */
function idIssues(parsed: { success: true } | { success: false; error: Parameters<typeof issuesFromZod>[0] }) {
  return parsed.success
    ? []
    : issuesFromZod(parsed.error).map((issue): ValidationIssue => ({ path: "id", message: issue.message }));
}

/** What seeding did: entries stored, and entries left as they were because their id was already known. */
export interface SeedSummary {
  readonly stored: number;
  readonly kept: number;
}

/**
 * Stores reference data where the catalogue does not know an id yet, and never overwrites an entry (an edit made
 * since seeding stays). Each stored entry is recorded as created by `by`.
 */
export class SeedCatalogue {
  constructor(private readonly deps: { readonly catalogue: CatalogueStore; readonly clock: Clock }) {}

  async execute(entries: readonly CatalogueEntry[], by: string): Promise<SeedSummary> {
    let stored = 0;
    for (const entry of entries) {
      const at = isoMillis(this.deps.clock.now());
      if (await this.deps.catalogue.putIfAbsent(entry, { by, at })) stored += 1;
    }
    return { stored, kept: entries.length - stored };
  }
}
