import { WIRE_NAMES } from "@cargo-express/courier-wire";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { OrderPayloadSchema } from "../src/contract/order-payload.js";

type Json = {
  description?: string;
  required?: string[];
  minItems?: number;
  maxItems?: number;
  properties: Record<string, Json & { items?: Json }>;
};

/** The document's OrderPayload: the domain's field rules under the couriers' names, with their descriptions. */
describe("OrderPayloadSchema", () => {
  const json = z.toJSONSchema(OrderPayloadSchema, { io: "input", unrepresentable: "any" }) as unknown as {
    $defs: { OrderPayload: Json };
  };
  const payload = json.$defs.OrderPayload;

  it("names every field as WIRE_NAMES does, in the command's order", () => {
    expect(Object.keys(payload.properties)).toEqual(Object.values(WIRE_NAMES.order));
    expect(Object.keys(payload.properties.repartidor!.properties)).toEqual(Object.values(WIRE_NAMES.courier));
    expect(Object.keys(payload.properties.productos!.items!.properties)).toEqual(Object.values(WIRE_NAMES.line));
    expect(payload.required).toEqual(["pedido_id", "repartidor", "productos", "timestamp"]);
    expect(payload.properties.productos!.items!.required).toEqual(["IdProducto", "producto", "precio"]);
  });

  it("carries the domain's bounds and its own descriptions on the fields it documents, and only those", () => {
    expect(payload.description).toBe("An order as couriers' clients send it");
    expect(payload.properties.pedido_id).toMatchObject({
      minLength: 1,
      maxLength: 64,
      description: expect.any(String),
    });
    expect(payload.properties.productos).toMatchObject({ minItems: 1, maxItems: 100 });
    expect(payload.properties.timestamp).toMatchObject({ maxLength: 40, example: "2024-09-11 18:27:09.039464" });
    expect(payload.properties.repartidor!.properties.IdRepartidor).toMatchObject({ example: 106 });
    const line = payload.properties.productos!.items!.properties;
    expect(line.precio).toMatchObject({ example: 8.5, description: expect.stringContaining("at most two decimals") });
    expect(line.producto!.description).toContain("NFC-normalised");
    expect(line.cantidad).toMatchObject({ type: "integer", minimum: 1, maximum: 1000 });
    expect(line.IdProducto).not.toHaveProperty("description");
  });
});
