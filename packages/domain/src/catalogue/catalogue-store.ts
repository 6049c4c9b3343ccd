import type { Catalogue, CatalogueChange, CatalogueEntry, CatalogueProduct, FleetCourier } from "./catalogue.js";

/** Who makes a change and when (ISO 8601 UTC, milliseconds). */
export interface ChangeAuthor {
  readonly by: string;
  readonly at: string;
}

/** What a put did: stored a new entry, replaced one (recording both), or nothing (identical content). */
export type PutEntryOutcome =
  | { readonly status: "created" }
  | { readonly status: "replaced"; readonly before: CatalogueProduct | FleetCourier }
  | { readonly status: "unchanged" };

export interface HistoryPageRequest {
  readonly limit: number;
  /** The key of the last change of the previous page (`changeKey`): only older changes follow. */
  readonly before?: string;
}

export interface HistoryPage {
  /** Newest first. */
  readonly changes: CatalogueChange[];
  /** Whether older changes remain (ask again with the last change's key). */
  readonly more: boolean;
}

/**
 * The catalogue and fleet, with the history of their changes. Every change is recorded in the same atomic write as
 * the change itself, and two concurrent changes of one entry never lose a history entry (each is written under a
 * condition on the revision it replaces).
 */
export interface CatalogueStore {
  /** Every product and courier, sorted (`sortedCatalogue`). */
  read(): Promise<Catalogue>;
  /** Creates or replaces the entry and records the change, atomically; identical content writes nothing. */
  put(entry: CatalogueEntry, author: ChangeAuthor): Promise<PutEntryOutcome>;
  /** Stores the entry, recording its creation, only if no entry of its kind has its id; never overwrites. */
  putIfAbsent(entry: CatalogueEntry, author: ChangeAuthor): Promise<boolean>;
  /** Recorded changes, newest first, a page at a time. */
  history(page: HistoryPageRequest): Promise<HistoryPage>;
}
