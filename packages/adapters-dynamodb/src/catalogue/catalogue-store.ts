import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  type Catalogue,
  type CatalogueChange,
  type CatalogueEntry,
  type CatalogueStore,
  type ChangeAuthor,
  DependencyUnavailableError,
  type HistoryPage,
  type HistoryPageRequest,
  type PutEntryOutcome,
  sameEntryValue,
  sortedCatalogue,
} from "@cargo-express/domain";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { sleep } from "../batch.js";
import { cancellationReasonsOf, dynamo, RETRY_AFTER_SECONDS, translateError } from "../errors.js";
import {
  changeFromItem,
  changeToItem,
  ENTRY_PARTITION,
  entryFromItem,
  entrySortKey,
  entryToItem,
  HISTORY_PARTITION,
} from "./catalogue-items.js";

export interface DynamoDbCatalogueStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** Physical name of the catalogue table. */
  readonly tableName: string;
}

/** Writers racing on one entry each get a fresh read and another try; past this many, DynamoDB is too busy. */
const MAX_ATTEMPTS = 8;

type Stored = { readonly entry: CatalogueEntry; readonly revision: number };

/**
 * The catalogue in DynamoDB (the table of CATALOG_TABLE_DEFINITION). Every change is one TransactWriteItems of two
 * puts: the entry, under a condition on the revision read just before (absent, for a new one), and its history
 * item. Two supervisors editing one entry at once both succeed one after the other, each recording what it
 * replaced: the loser of the race reads again and writes on top, never over a change it has not seen.
 */
export class DynamoDbCatalogueStore implements CatalogueStore {
  constructor(private readonly options: DynamoDbCatalogueStoreOptions) {}

  async read(): Promise<Catalogue> {
    const entries: CatalogueEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo("read catalogue", () =>
        this.options.client.send(
          new QueryCommand({
            TableName: this.options.tableName,
            KeyConditionExpression: "pk = :entries",
            ExpressionAttributeValues: { ":entries": ENTRY_PARTITION },
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        ),
      );
      for (const item of page.Items ?? []) entries.push(entryFromItem(item).entry);
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return sortedCatalogue(
      entries.flatMap((entry) => (entry.kind === "product" ? [entry.value] : [])),
      entries.flatMap((entry) => (entry.kind === "courier" ? [entry.value] : [])),
    );
  }

  async put(entry: CatalogueEntry, author: ChangeAuthor): Promise<PutEntryOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.current(entry);
      if (current && sameEntryValue(current.entry.value, entry.value)) return { status: "unchanged" };
      const written = await this.write(entry, author, current);
      if (written === "written")
        return current ? { status: "replaced", before: current.entry.value } : { status: "created" };
      await this.backOff(attempt, "edit catalogue");
    }
  }

  async putIfAbsent(entry: CatalogueEntry, author: ChangeAuthor): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      const written = await this.write(entry, author, undefined);
      if (written === "written") return true;
      if (written === "condition-failed") return false;
      await this.backOff(attempt, "seed catalogue");
    }
  }

  async history(page: HistoryPageRequest): Promise<HistoryPage> {
    const result = await dynamo("read catalogue history", () =>
      this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: page.before === undefined ? "pk = :history" : "pk = :history AND sk < :before",
          ExpressionAttributeValues: {
            ":history": HISTORY_PARTITION,
            ...(page.before === undefined ? {} : { ":before": page.before }),
          },
          ScanIndexForward: false,
          // One more than asked: whether older changes remain, without a second request.
          Limit: page.limit + 1,
        }),
      ),
    );
    const changes = (result.Items ?? []).map(changeFromItem);
    return { changes: changes.slice(0, page.limit), more: changes.length > page.limit };
  }

  private async current(entry: CatalogueEntry): Promise<Stored | undefined> {
    const result = await dynamo("read catalogue entry", () =>
      this.options.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { pk: ENTRY_PARTITION, sk: entrySortKey(entry.kind, entry.value.id) },
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item ? entryFromItem(result.Item) : undefined;
  }

  /**
   * The entry and its history item in one transaction. "condition-failed": the entry is not at the revision read
   * (another writer got there first, or it exists already for a put-if-absent); "conflict": DynamoDB cancelled it
   * for a concurrent transaction on the same items.
   */
  private async write(
    entry: CatalogueEntry,
    author: ChangeAuthor,
    current: Stored | undefined,
  ): Promise<"written" | "condition-failed" | "conflict"> {
    const revision = (current?.revision ?? 0) + 1;
    const change = {
      kind: entry.kind,
      ...author,
      revision,
      before: current?.entry.value ?? null,
      after: entry.value,
    } as CatalogueChange;
    try {
      await this.options.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.options.tableName,
                Item: entryToItem(entry, revision),
                ...(current === undefined
                  ? { ConditionExpression: "attribute_not_exists(pk)" }
                  : {
                      ConditionExpression: "revision = :read",
                      ExpressionAttributeValues: { ":read": current.revision },
                    }),
              },
            },
            {
              Put: {
                TableName: this.options.tableName,
                Item: changeToItem(change),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return "written";
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (reasons === undefined) throw translateError(error, "edit catalogue");
      if (reasons[0]?.code === "ConditionalCheckFailed") return "condition-failed";
      // The history key is unique per revision, so its condition fails only when the entry's does too.
      if (reasons.every((reason) => ["None", "TransactionConflict", "ConditionalCheckFailed"].includes(reason.code)))
        return "conflict";
      throw translateError(error, "edit catalogue");
    }
  }

  private async backOff(attempt: number, operation: string): Promise<void> {
    if (attempt >= MAX_ATTEMPTS)
      throw new DependencyUnavailableError(
        `${operation}: still racing other writers after ${MAX_ATTEMPTS} attempts`,
        RETRY_AFTER_SECONDS.unavailable,
      );
    // Jittered, growing: racing writers spread out instead of colliding again.
    await sleep(Math.random() * 20 * attempt);
  }
}
