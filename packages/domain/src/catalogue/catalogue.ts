import type { Cents } from "../money.js";
import type { CourierId, ProductId } from "../order.js";

/**
 * Cargo Express's reference data: the products it sells (with a reference price) and the couriers of its fleet.
 * Orders naming ids outside it are still accepted and counted; the monitor flags them and shows the catalogue's
 * names for the ids it knows.
 */
export interface CatalogueProduct {
  readonly id: ProductId;
  readonly name: string;
  /** The list price, in integer cents. */
  readonly referencePrice: Cents;
  /** An inactive product stays known (its name still shows on past figures) but is no longer offered. */
  readonly active: boolean;
}

export interface FleetCourier {
  /** Canonical courier id: digits without leading zeros (`"106"`). */
  readonly id: CourierId;
  readonly name: string;
  /** Inactive couriers are not listed as idle; their deliveries still count and show. */
  readonly active: boolean;
}

export interface Catalogue {
  /** By id. */
  readonly products: CatalogueProduct[];
  /** By id, as numbers. */
  readonly couriers: FleetCourier[];
}

/** One entry of the catalogue: a product or a fleet courier. */
export type CatalogueEntry =
  | { readonly kind: "product"; readonly value: CatalogueProduct }
  | { readonly kind: "courier"; readonly value: FleetCourier };

export type CatalogueEntryKind = CatalogueEntry["kind"];

/** One recorded change: who made it, when, the entry before (null when created) and after. */
export type CatalogueChange = {
  /** Who: the signed-in user's name (or subject), or the seeding command's name. */
  readonly by: string;
  /** When: ISO 8601 UTC with milliseconds. */
  readonly at: string;
  /** The entry's revision after this change: 1 when created, one more at each change. */
  readonly revision: number;
} & (
  | { readonly kind: "product"; readonly before: CatalogueProduct | null; readonly after: CatalogueProduct }
  | { readonly kind: "courier"; readonly before: FleetCourier | null; readonly after: FleetCourier }
);

/** Whether two entries hold the same content (a PUT of identical content changes and records nothing). */
export function sameEntryValue(a: CatalogueProduct | FleetCourier, b: CatalogueProduct | FleetCourier): boolean {
  const price = (v: CatalogueProduct | FleetCourier) => ("referencePrice" in v ? v.referencePrice : undefined);
  return a.id === b.id && a.name === b.name && a.active === b.active && price(a) === price(b);
}

const REVISION_DIGITS = 10;

/**
 * The position of a change in the history, newest last in text order: its time, then the entry and its revision
 * (`2026-12-06T11:00:00.000Z#product#pk0001#0000000002`). Unique per change (an entry's revision is written under a
 * condition on the previous one), so it is also the history's page cursor.
 */
function changeKey(change: Pick<CatalogueChange, "at" | "kind" | "revision"> & { readonly id: string }): string {
  return `${change.at}#${change.kind}#${change.id}#${String(change.revision).padStart(REVISION_DIGITS, "0")}`;
}

export const changeKeyOf = (change: CatalogueChange): string => changeKey({ ...change, id: change.after.id });

/** Couriers in numeric order of their ids (canonical digits: shorter is smaller), products by id. */
const compareCourierIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
const compareProductIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts a catalogue's lists the way every adapter returns them. */
export function sortedCatalogue(products: Iterable<CatalogueProduct>, couriers: Iterable<FleetCourier>): Catalogue {
  return {
    products: [...products].sort((a, b) => compareProductIds(a.id, b.id)),
    couriers: [...couriers].sort((a, b) => compareCourierIds(a.id, b.id)),
  };
}
