import type { ProjectionCommit } from "@cargo-express/domain";
import {
  allTimeKey,
  COURIER,
  dailyExpiresAt,
  dayKey,
  hourAttribute,
  PRODUCT,
  WATERMARK_PK,
  WATERMARK_RETENTION_HOURS,
} from "../keys.js";
import type { AllTimeChange, CommitPlan, DayChange } from "./commit-plan.js";
import { ItemUpdate, type StoredItem, type TransactItem } from "./item-update.js";

export interface CommitTransactionInput {
  readonly tables: { readonly deliveries: string; readonly projectorState: string };
  readonly generation: number;
  readonly commit: ProjectionCommit;
  readonly plan: CommitPlan;
  /** The plan's items as read just before, by `delivery_id` (absent items missing). */
  readonly stored: ReadonlyMap<string, StoredItem>;
  readonly maxListed: number;
  /** Now, in epoch milliseconds: the expiry times count from it. */
  readonly nowMs: number;
}

/**
 * The TransactWriteItems of one commit: first the watermark (moved from below `from` to `to`, conditioned, so
 * a replayed batch writes nothing; item 0, which is how a cancelled transaction tells a stale commit), then
 * one UpdateItem per all-time item and per day item of the plan, in the plan's key order. Items with nothing
 * to write are left out.
 */
export function commitTransactItems(input: CommitTransactionInput): TransactItem[] {
  const { tables, commit, nowMs } = input;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tables.projectorState,
        Key: { pk: WATERMARK_PK, sk: commit.partition },
        UpdateExpression: "SET #position = :to, #expires = :expires",
        // Positions are fixed-width digit text (encodePosition), so text order is numeric order.
        ConditionExpression: "attribute_not_exists(pk) OR #position < :from",
        ExpressionAttributeNames: { "#position": "position", "#expires": "expires_at" },
        ExpressionAttributeValues: {
          ":to": commit.to,
          ":from": commit.from,
          ":expires": Math.floor(nowMs / 1000) + WATERMARK_RETENTION_HOURS * 3600,
        },
      },
    },
  ];
  for (const change of input.plan.allTime) {
    const key = allTimeKey(input.generation, change.shard);
    const item = allTimeUpdate(change, updateOf(input, key.delivery_id)).build(tables.deliveries, key);
    if (item !== undefined) items.push(item);
  }
  for (const change of input.plan.days) {
    const key = dayKey(input.generation, change.day, change.shard);
    const update = updateOf(input, key.delivery_id)
      .set("day", change.day)
      .set("expires_at", dailyExpiresAt(change.day, nowMs));
    const item = dayUpdate(change, update).build(tables.deliveries, key);
    if (item !== undefined) items.push(item);
  }
  return items;
}

const updateOf = (input: CommitTransactionInput, deliveryId: string): ItemUpdate =>
  new ItemUpdate({ stored: input.stored.get(deliveryId), maxListed: input.maxListed });

/** The all-time item: each courier's and product's counters, with its display name. */
function allTimeUpdate(change: AllTimeChange, update: ItemUpdate): ItemUpdate {
  for (const [id, c] of change.couriers) {
    update.figures({
      kind: "courier",
      id,
      listedBy: { attribute: COURIER.orders, amount: c.ordersDelivered },
      counters: [
        { attribute: COURIER.units, amount: c.productsDelivered },
        { attribute: COURIER.revenue, amount: c.revenue },
      ],
      name: { attribute: COURIER.name, name: c.name, stamp: c.nameStamp },
    });
  }
  for (const [id, p] of change.products) {
    update.figures({
      kind: "product",
      id,
      listedBy: { attribute: PRODUCT.units, amount: p.units },
      counters: [{ attribute: PRODUCT.revenue, amount: p.revenue }],
      name: { attribute: PRODUCT.name, name: p.name, stamp: p.nameStamp },
    });
  }
  return update;
}

/** A day item: the same counters without names (they live in the all-time item), and each courier's hours. */
function dayUpdate(change: DayChange, update: ItemUpdate): ItemUpdate {
  const couriers = new Set([...change.couriers.keys(), ...change.hours.map((h) => h.courierId)]);
  for (const id of couriers) {
    const c = change.couriers.get(id);
    update.figures({
      kind: "courier",
      id,
      listedBy: { attribute: COURIER.orders, amount: c?.ordersDelivered ?? 0 },
      counters: [
        { attribute: COURIER.units, amount: c?.productsDelivered ?? 0 },
        { attribute: COURIER.revenue, amount: c?.revenue ?? 0 },
      ],
      listedOnly: change.hours
        .filter((h) => h.courierId === id)
        .map((h) => ({ attribute: hourAttribute(h.hour, id), amount: h.deliveries })),
    });
  }
  for (const [id, p] of change.products) {
    update.figures({
      kind: "product",
      id,
      listedBy: { attribute: PRODUCT.units, amount: p.units },
      counters: [{ attribute: PRODUCT.revenue, amount: p.revenue }],
    });
  }
  return update;
}
