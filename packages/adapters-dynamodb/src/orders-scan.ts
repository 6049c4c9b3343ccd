import { ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Order } from "@cargo-express/domain";
import { dynamo } from "./errors.js";
import { orderFromItem } from "./order-item.js";

/** One item of the Orders table as the rebuild sees it: an order, or an item this code cannot read. */
export type ScannedOrder =
  | { readonly kind: "order"; readonly order: Order }
  /** `image`: the item as JSON text, for the dead letter. */
  | { readonly kind: "malformed"; readonly reason: string; readonly image: string };

export interface OrdersScanSegment {
  readonly segment: number;
  readonly totalSegments: number;
  /** Items read per Scan page. */
  readonly pageSize: number;
}

/**
 * The Orders table read whole, for the projections rebuild: one segment of a parallel, strongly consistent
 * Scan, page by page (each page's items parsed with orderFromItem, the unreadable ones reported as
 * malformed). Every call goes through dynamo() (one error translation).
 */
export class DynamoDbOrdersScan {
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
          return { kind: "order", order: orderFromItem(item) };
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
