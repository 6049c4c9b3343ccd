import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, isErrorNamed } from "./errors.js";
import { ledgerAttributes, orderFromItem } from "./order-item.js";

/** What a backfill did: orders given their ledger attributes, and items it could not read (left as they are). */
export interface LedgerBackfillSummary {
  readonly updated: number;
  readonly malformed: number;
}

/**
 * Gives the orders stored before the ledger's indexes existed the attributes those indexes key on (`ledger_month`,
 * `ledger_at`, `product_ids`, computed from the stored order as intake computes them now), so GET /orders lists
 * them. One Scan of the items without `ledger_at` (a filter: the scan reads the whole table once, page by page),
 * and one conditional UpdateItem per such order: an order that already has them is never touched, so the command
 * can be stopped and run again. The projector ignores these updates (a MODIFY changes no figure).
 */
export async function backfillLedger(
  client: DynamoDBDocumentClient,
  ordersTable: string,
  options: { readonly pageSize?: number; readonly onProgress?: (summary: LedgerBackfillSummary) => void } = {},
): Promise<LedgerBackfillSummary> {
  let updated = 0;
  let malformed = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo("scan orders for the ledger", () =>
      client.send(
        new ScanCommand({
          TableName: ordersTable,
          FilterExpression: "attribute_not_exists(ledger_at)",
          Limit: options.pageSize ?? 500,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      let attributes: ReturnType<typeof ledgerAttributes>;
      try {
        attributes = ledgerAttributes(orderFromItem(item));
      } catch {
        malformed += 1;
        continue;
      }
      try {
        await dynamo("add ledger attributes", () =>
          client.send(
            new UpdateCommand({
              TableName: ordersTable,
              Key: { order_id: item.order_id },
              UpdateExpression: "SET ledger_month = :month, ledger_at = :at, product_ids = :products",
              ConditionExpression: "attribute_exists(order_id) AND attribute_not_exists(ledger_at)",
              ExpressionAttributeValues: {
                ":month": attributes.ledger_month,
                ":at": attributes.ledger_at,
                ":products": attributes.product_ids,
              },
            }),
          ),
        );
        updated += 1;
      } catch (error) {
        // Already given them (a concurrent run): nothing to do.
        if (!isErrorNamed(error, "ConditionalCheckFailedException")) throw error;
      }
    }
    options.onProgress?.({ updated, malformed });
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return { updated, malformed };
}
