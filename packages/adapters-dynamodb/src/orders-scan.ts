import { ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { revisionStateOf, type OrdersScan, type OrdersScanSegment, type ScannedOrder } from "@cargo-express/domain";
import { dynamo } from "./errors.js";
import { storedOrderFromItem } from "./order-item.js";

export type { OrdersScanSegment, ScannedOrder } from "@cargo-express/domain";

/**
 * The Orders table read whole, for the projections rebuild: one segment of a parallel, strongly consistent
 * Scan, page by page (each page's items read as the order's current revision, with its status and when it was
 * written; the unreadable ones reported as malformed). Every call goes through dynamo() (one error translation).
 */
export class DynamoDbOrdersScan implements OrdersScan {
  constructor(private readonly options: { readonly client: DynamoDBDocumentClient; readonly ordersTable: string }) {}

  async *pages(scan: OrdersScanSegment): AsyncGenerator<ScannedOrder[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const exclusiveStartKey = start;
      const page = await dynamo("scan orders", () =>
        this.options.client.send(
          new ScanCommand({
            TableName: this.options.ordersTable,
            ConsistentRead: true,
            Segment: scan.segment,
            TotalSegments: scan.totalSegments,
            Limit: scan.pageSize,
            ExclusiveStartKey: exclusiveStartKey,
          }),
        ),
      );
      yield (page.Items ?? []).map((item): ScannedOrder => {
        try {
          return { kind: "order", state: revisionStateOf(storedOrderFromItem(item)) };
        } catch (error) {
          return {
            kind: "malformed",
            reason: error instanceof Error ? error.message : String(error),
            image: JSON.stringify(item),
          };
        }
      });
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
}
