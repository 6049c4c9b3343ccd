import { ORDER_LIMITS } from "@cargo-express/domain";
import * as z from "zod";

/**
 * The catalogue's side of the public contract (English fields, like the monitor). Money as everywhere: an exact
 * decimal string with two places beside the same amount in integer cents.
 */

const productFields = {
  id: z.string().meta({ description: "The product id (IdProducto)", example: "pk0004" }),
  name: z.string().meta({ example: "Pendrive" }),
  referencePrice: z
    .string()
    .regex(/^\d+\.\d{2}$/)
    .meta({ description: 'The list price: exact decimal string with two places, e.g. "12.00"', example: "12.00" }),
  referencePriceCents: z.number().int().min(0).meta({ description: "The list price in integer cents", example: 1200 }),
  active: z.boolean().meta({ description: "Whether the product is still offered (inactive ones keep their name)" }),
};

export const CatalogueProductResponseSchema = z.object(productFields).meta({ id: "CatalogueProduct" });

export const FleetCourierResponseSchema = z
  .object({
    id: z.string().meta({ description: "Canonical courier id: the digits of IdRepartidor", example: "106" }),
    name: z.string().meta({ example: "Pedro Gómez" }),
    active: z.boolean().meta({ description: "Active couriers are listed on the monitor even with no delivery" }),
  })
  .meta({ id: "FleetCourier" });

export const CatalogueResponseSchema = z
  .object({
    products: z.array(CatalogueProductResponseSchema).meta({ description: "By id" }),
    couriers: z.array(FleetCourierResponseSchema).meta({ description: "By id, as numbers" }),
  })
  .meta({ id: "Catalogue", description: "Cargo Express's products and fleet" });

const nameInput = z.string().meta({
  description: `NFC-normalised and trimmed; 1-${ORDER_LIMITS.maxNameLength} characters, at most ${ORDER_LIMITS.maxNameBytes} bytes of UTF-8, no control or invisible format characters (the rules of names in orders)`,
});
const activeInput = z.boolean().optional().meta({ description: "Default true" });

export const CatalogueProductInputSchema = z
  .object({
    name: nameInput,
    referencePrice: z.union([z.string(), z.number()]).meta({
      description:
        "Decimal text or a JSON number, at least 0, at most two decimals, judged on the exact text sent (like an order's precio); at most 10000.00",
      example: "12.00",
    }),
    active: activeInput,
  })
  .meta({ id: "CatalogueProductInput", description: "A product to create or replace" });

export const FleetCourierInputSchema = z
  .object({ name: nameInput, active: activeInput })
  .meta({ id: "FleetCourierInput", description: "A courier to create or replace" });

const productChangeValue = CatalogueProductResponseSchema;
const courierChangeValue = FleetCourierResponseSchema;
const changeCommon = {
  id: z.string().meta({ description: "The product's or courier's id" }),
  by: z.string().meta({ description: "Who made the change (the user name)" }),
  at: z.string().meta({ description: "When: ISO 8601 UTC", example: "2026-12-06T15:04:05.123Z" }),
  revision: z.number().int().min(1).meta({ description: "The entry's revision after the change: 1 when created" }),
};

export const CatalogueChangeResponseSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("product"),
      ...changeCommon,
      before: productChangeValue.nullable().meta({ description: "null when the change created the product" }),
      after: productChangeValue,
    }),
    z.object({
      kind: z.literal("courier"),
      ...changeCommon,
      before: courierChangeValue.nullable().meta({ description: "null when the change created the courier" }),
      after: courierChangeValue,
    }),
  ])
  .meta({ id: "CatalogueChange", description: "One recorded change of the catalogue" });

export const CatalogueHistoryResponseSchema = z
  .object({
    changes: z.array(CatalogueChangeResponseSchema).meta({ description: "Newest first" }),
    nextBefore: z.string().nullable().meta({
      description: "Pass as `before` to get the next (older) page; null on the page with the oldest change",
    }),
  })
  .meta({ id: "CatalogueHistory" });

export type CatalogueProductResponse = z.output<typeof CatalogueProductResponseSchema>;
export type FleetCourierResponse = z.output<typeof FleetCourierResponseSchema>;
export type CatalogueResponse = z.output<typeof CatalogueResponseSchema>;
export type CatalogueHistoryResponse = z.output<typeof CatalogueHistoryResponseSchema>;
