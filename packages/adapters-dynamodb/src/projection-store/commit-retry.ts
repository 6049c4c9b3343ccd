import { TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CommitOutcome } from "@cargo-express/domain";
import { jitteredDelayMs, sleep } from "../batch.js";
import { cancellationReasonsOf, translateCancellation, translateError } from "../errors.js";
import type { TransactItem } from "./item-update.js";

/** Attempts of one commit when transactions conflict or an item changed meanwhile. */
export const DEFAULT_TRANSACTION_ATTEMPTS = 8;

export interface CommitRetryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly maxAttempts: number;
  /**
   * One attempt's transaction, built from fresh reads. Its item 0 must be the watermark: that condition
   * failing means the records were already applied.
   */
  readonly transaction: () => Promise<TransactItem[]>;
}

/**
 * Sends a commit's transaction until it holds: "committed", or "stale" when the watermark shows the records
 * were applied before. A conflicting transaction, an item changed meanwhile (its version moved) or throttling
 * builds the transaction again from fresh reads after a jittered pause, up to `maxAttempts`; what
 * `translateCancellation` says is permanent or unexpected is thrown at once.
 */
export async function commitWithRetries(options: CommitRetryOptions): Promise<CommitOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const items = await options.transaction();
    try {
      await options.client.send(new TransactWriteCommand({ TransactItems: items }));
      return "committed";
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (reasons === undefined) throw translateError(error, "commit projections");
      if (reasons[0]?.code === "ConditionalCheckFailed") return "stale";
      const verdict = translateCancellation(error, reasons, "projection commit", {
        number: attempt,
        max: options.maxAttempts,
      });
      if (verdict !== "retry") throw verdict;
      await sleep(jitteredDelayMs(attempt));
    }
  }
}
