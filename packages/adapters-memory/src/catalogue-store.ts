import {
  type Catalogue,
  type CatalogueChange,
  type CatalogueEntry,
  type CatalogueStore,
  type ChangeAuthor,
  changeKeyOf,
  type HistoryPage,
  type HistoryPageRequest,
  type PutEntryOutcome,
  sameEntryValue,
  sortedCatalogue,
} from "@cargo-express/domain";

interface Stored {
  readonly entry: CatalogueEntry;
  readonly revision: number;
}

/**
 * The catalogue in Maps, its history in a list. A put and its history entry are one synchronous step, so no other
 * call can come between them (JavaScript runs it without interleaving): the in-memory form of the DynamoDB
 * adapter's one transaction.
 */
export class InMemoryCatalogueStore implements CatalogueStore {
  private readonly entries = new Map<string, Stored>();
  private readonly changes: { readonly key: string; readonly change: CatalogueChange }[] = [];

  async read(): Promise<Catalogue> {
    const values = [...this.entries.values()].map((stored) => structuredClone(stored.entry));
    return sortedCatalogue(
      values.flatMap((entry) => (entry.kind === "product" ? [entry.value] : [])),
      values.flatMap((entry) => (entry.kind === "courier" ? [entry.value] : [])),
    );
  }

  async put(entry: CatalogueEntry, author: ChangeAuthor): Promise<PutEntryOutcome> {
    const current = this.entries.get(keyOf(entry));
    if (current && sameEntryValue(current.entry.value, entry.value)) return { status: "unchanged" };
    this.store(entry, author, current);
    return current ? { status: "replaced", before: structuredClone(current.entry.value) } : { status: "created" };
  }

  async putIfAbsent(entry: CatalogueEntry, author: ChangeAuthor): Promise<boolean> {
    if (this.entries.has(keyOf(entry))) return false;
    this.store(entry, author, undefined);
    return true;
  }

  async history(page: HistoryPageRequest): Promise<HistoryPage> {
    const older = this.changes
      .filter(({ key }) => page.before === undefined || key < page.before)
      .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
    return {
      changes: older.slice(0, page.limit).map(({ change }) => structuredClone(change)),
      more: older.length > page.limit,
    };
  }

  private store(entry: CatalogueEntry, author: ChangeAuthor, current: Stored | undefined): void {
    const revision = (current?.revision ?? 0) + 1;
    const change = {
      kind: entry.kind,
      by: author.by,
      at: author.at,
      revision,
      before: current ? structuredClone(current.entry.value) : null,
      after: structuredClone(entry.value),
    } as CatalogueChange;
    this.entries.set(keyOf(entry), { entry: structuredClone(entry), revision });
    this.changes.push({ key: changeKeyOf(change), change });
  }
}

const keyOf = (entry: CatalogueEntry): string => `${entry.kind}#${entry.value.id}`;
