import { invalid, type InvalidInput } from "../errors.js";
import { err, ok, type Result } from "../result.js";
import { issuesFromZod } from "../validation-issues.js";
import { type CatalogueChange, changeKeyOf } from "./catalogue.js";
import type { CatalogueStore } from "./catalogue-store.js";
import { type HistoryQuery, historyQuerySchema } from "./catalogue-rules.js";

export interface CatalogueHistory {
  /** Newest first. */
  readonly changes: CatalogueChange[];
  /** The cursor of the next (older) page, or null when this page holds the oldest change. */
  readonly nextBefore: string | null;
}

/** The recorded changes of the catalogue, newest first, a page at a time. */
export class GetCatalogueHistory {
  constructor(private readonly deps: { readonly catalogue: CatalogueStore }) {}

  async execute(query: HistoryQuery = {}): Promise<Result<CatalogueHistory, InvalidInput>> {
    const parsed = historyQuerySchema.safeParse(query);
    if (!parsed.success) return err(invalid(issuesFromZod(parsed.error)));
    const { limit, before } = parsed.data;
    const page = await this.deps.catalogue.history({ limit, ...(before === undefined ? {} : { before }) });
    const last = page.changes.at(-1);
    return ok({ changes: page.changes, nextBefore: page.more && last ? changeKeyOf(last) : null });
  }
}
