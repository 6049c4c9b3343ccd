import * as z from "zod";
import { describe, expect, it } from "vitest";
import {
  GetMonitorReport,
  ORDER_FIELD_NAMES,
  monitorQuerySchema,
  orderInputSchema,
  parseOrderInput,
  type MonitorData,
} from "../src/index.js";
import { WIRE_NAMES } from "./support/wire.js";

/**
 * The rules are the domain's, the names and the annotations the caller's: what an adapter (http-hono's contract)
 * relies on to read its own wire format and document it without the domain knowing either.
 */
describe("orderInputSchema", () => {
  it("has the vocabulary's field names, and the command's by default", () => {
    expect(Object.keys(orderInputSchema(WIRE_NAMES).shape)).toEqual([
      "pedido_id",
      "repartidor",
      "productos",
      "timestamp",
    ]);
    expect(Object.keys(orderInputSchema(ORDER_FIELD_NAMES).shape)).toEqual([
      "orderId",
      "courier",
      "lines",
      "deliveredAt",
    ]);
  });

  it("is built once per vocabulary, and afresh for annotations", () => {
    expect(orderInputSchema(WIRE_NAMES)).toBe(orderInputSchema(WIRE_NAMES));
    expect(orderInputSchema(ORDER_FIELD_NAMES)).toBe(orderInputSchema(ORDER_FIELD_NAMES));
    expect(orderInputSchema(WIRE_NAMES)).not.toBe(orderInputSchema(ORDER_FIELD_NAMES));
    const annotated = orderInputSchema(WIRE_NAMES, { orderId: { description: "the id" } });
    expect(annotated).not.toBe(orderInputSchema(WIRE_NAMES));
    expect(annotated).not.toBe(orderInputSchema(WIRE_NAMES, { orderId: { description: "the id" } }));
  });

  it("carries the caller's annotations on the fields they name, and only those", () => {
    const schema = orderInputSchema(WIRE_NAMES, {
      order: { description: "an order" },
      orderId: { description: "the id" },
      courierId: { example: 106 },
      courierName: { description: "who" },
      productName: { description: "what" },
      unitPrice: { description: "how much" },
      quantity: { description: "how many" },
      deliveredAt: { description: "when" },
    });
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
      description?: string;
      properties: Record<
        string,
        { description?: string; properties?: Record<string, object>; items?: { properties: Record<string, object> } }
      >;
    };
    expect(json.description).toBe("an order");
    expect(json.properties.pedido_id!.description).toBe("the id");
    expect(json.properties.timestamp!.description).toBe("when");
    expect(json.properties.repartidor!.properties).toMatchObject({
      IdRepartidor: { example: 106 },
      Nombre: { description: "who" },
    });
    expect(json.properties.productos!.items!.properties).toMatchObject({
      producto: { description: "what" },
      precio: { description: "how much" },
      cantidad: { description: "how many" },
    });
    expect(json.properties.productos!.items!.properties.IdProducto).not.toHaveProperty("description");
    const plain = z.toJSONSchema(orderInputSchema(WIRE_NAMES), { io: "input", unrepresentable: "any" }) as object;
    expect(JSON.stringify(plain)).not.toContain("description");
  });

  it("is the schema parseOrderInput applies: the same verdict, the same issues", () => {
    const input = { pedido_id: "", repartidor: { IdRepartidor: -1, Nombre: "" }, productos: [], timestamp: 1 };
    const schema = orderInputSchema(WIRE_NAMES);
    const viaSchema = schema.safeParse(input);
    const viaParse = parseOrderInput(input, { names: WIRE_NAMES });
    expect(viaSchema.success).toBe(false);
    expect(viaParse.ok).toBe(false);
    expect(!viaParse.ok && viaParse.error.map((issue) => issue.path)).toEqual([
      "pedido_id",
      "repartidor.IdRepartidor",
      "repartidor.Nombre",
      "productos",
      "timestamp",
    ]);
  });
});

describe("monitorQuerySchema", () => {
  const noData: MonitorData = {
    products: [],
    couriers: [],
    hourly: [],
    totals: { orders: 0, units: 0, revenue: 0 },
  };

  it("reads numbers the caller's way (text, for a URL) with the same bounds and messages", () => {
    const fromText = monitorQuerySchema({ wholeNumber: (message) => z.coerce.number({ error: message }) });
    expect(fromText.parse({ top: "5", hours: "3", couriers: "7" })).toEqual({
      period: "all",
      top: 5,
      hours: 3,
      couriers: 7,
    });
    expect(fromText.safeParse({ top: "0" }).error?.issues.map((issue) => issue.message)).toEqual([
      "top must be at least 1",
    ]);
    const typed = monitorQuerySchema();
    expect(typed.safeParse({ top: "5" }).error?.issues.map((issue) => issue.message)).toEqual([
      "top must be a whole number",
    ]);
    expect(typed.parse({})).toEqual({ period: "all", top: 10, couriers: 100 });
  });

  it("carries the caller's annotations", () => {
    const schema = monitorQuerySchema({
      fieldMeta: { period: { description: "which" }, hours: { description: "window" } },
    });
    const json = z.toJSONSchema(schema, { io: "input" }) as { properties: Record<string, { description?: string }> };
    expect(json.properties.period!.description).toBe("which");
    expect(json.properties.hours!.description).toBe("window");
    expect(json.properties.top).not.toHaveProperty("description");
  });

  it("is what GetMonitorReport applies to a typed query", async () => {
    const report = new GetMonitorReport({
      queries: { read: async () => noData },
      clock: { now: () => Date.parse("2024-09-11T23:30:00Z") },
      timeZone: "America/Bogota",
    });
    expect(await report.execute({ top: 0 })).toEqual({
      ok: false,
      error: { kind: "invalid", issues: [{ path: "top", message: "top must be at least 1" }] },
    });
    expect((await report.execute()).ok).toBe(true);
  });
});
