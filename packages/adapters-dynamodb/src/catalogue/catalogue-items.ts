import {
  type CatalogueChange,
  type CatalogueEntry,
  type CatalogueProduct,
  changeKeyOf,
  type FleetCourier,
} from "@cargo-express/domain";
import * as z from "zod";

/** The catalogue table's partitions: the entries, and the history of their changes. */
export const ENTRY_PARTITION = "ENTRY";
export const HISTORY_PARTITION = "HISTORY";

export const entrySortKey = (kind: CatalogueEntry["kind"], id: string): string => `${kind}#${id}`;

const ProductValueSchema = z.object({
  id: z.string(),
  name: z.string(),
  reference_price_cents: z.number().int().min(0),
  active: z.boolean(),
});
const CourierValueSchema = z.object({ id: z.string(), name: z.string(), active: z.boolean() });

const EntryItemSchema = z.discriminatedUnion("kind", [
  ProductValueSchema.extend({ kind: z.literal("product"), revision: z.number().int().min(1) }),
  CourierValueSchema.extend({ kind: z.literal("courier"), revision: z.number().int().min(1) }),
]);

const HistoryItemSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("product"),
    by: z.string(),
    at: z.string(),
    revision: z.number().int().min(1),
    before: ProductValueSchema.nullable(),
    after: ProductValueSchema,
  }),
  z.object({
    kind: z.literal("courier"),
    by: z.string(),
    at: z.string(),
    revision: z.number().int().min(1),
    before: CourierValueSchema.nullable(),
    after: CourierValueSchema,
  }),
]);

/** A stored item this code cannot read: a bug or a hand edit, never silently skipped. */
class MalformedCatalogueItemError extends Error {
  override readonly name = "MalformedCatalogueItemError";
}

type StoredValue = Record<string, unknown>;

/** A product or courier as stored: snake_case attributes, the price in cents. */
const valueToItem = (entry: CatalogueEntry): StoredValue =>
  entry.kind === "product"
    ? {
        id: entry.value.id,
        name: entry.value.name,
        reference_price_cents: entry.value.referencePrice,
        active: entry.value.active,
      }
    : { id: entry.value.id, name: entry.value.name, active: entry.value.active };

const productFrom = (item: z.output<typeof ProductValueSchema>): CatalogueProduct => ({
  id: item.id,
  name: item.name,
  referencePrice: item.reference_price_cents,
  active: item.active,
});
const courierFrom = (item: z.output<typeof CourierValueSchema>): FleetCourier => ({
  id: item.id,
  name: item.name,
  active: item.active,
});

export function entryToItem(entry: CatalogueEntry, revision: number): StoredValue {
  return {
    pk: ENTRY_PARTITION,
    sk: entrySortKey(entry.kind, entry.value.id),
    kind: entry.kind,
    revision,
    ...valueToItem(entry),
  };
}

export function entryFromItem(item: Record<string, unknown>): { entry: CatalogueEntry; revision: number } {
  const parsed = EntryItemSchema.safeParse(item);
  if (!parsed.success) throw new MalformedCatalogueItemError(`catalogue item ${String(item.sk)} cannot be read`);
  const stored = parsed.data;
  return stored.kind === "product"
    ? { entry: { kind: "product", value: productFrom(stored) }, revision: stored.revision }
    : { entry: { kind: "courier", value: courierFrom(stored) }, revision: stored.revision };
}

export function changeToItem(change: CatalogueChange): StoredValue {
  const value = (v: CatalogueProduct | FleetCourier) =>
    valueToItem(
      change.kind === "product" ? { kind: "product", value: v as CatalogueProduct } : { kind: "courier", value: v },
    );
  return {
    pk: HISTORY_PARTITION,
    sk: changeKeyOf(change),
    kind: change.kind,
    by: change.by,
    at: change.at,
    revision: change.revision,
    before: change.before === null ? null : value(change.before),
    after: value(change.after),
  };
}

export function changeFromItem(item: Record<string, unknown>): CatalogueChange {
  const parsed = HistoryItemSchema.safeParse(item);
  if (!parsed.success)
    throw new MalformedCatalogueItemError(`catalogue history item ${String(item.sk)} cannot be read`);
  const h = parsed.data;
  const common = { by: h.by, at: h.at, revision: h.revision };
  return h.kind === "product"
    ? { ...common, kind: "product", before: h.before && productFrom(h.before), after: productFrom(h.after) }
    : { ...common, kind: "courier", before: h.before && courierFrom(h.before), after: courierFrom(h.after) };
}
