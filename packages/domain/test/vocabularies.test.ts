import * as z from "zod";
import { describe, expect, it } from "vitest";
import {
  GetMonitorReport,
  issuesFromZod,
  monitorQuerySchema,
  parseOrderInput,
  placeOrderCommandSchema,
  type MonitorData,
  type PlaceOrderCommand,
} from "../src/index.js";
import { readOnlyCatalogue } from "./support/catalogues.js";

/**
 * The order's rules as one typed schema in the command's own names: what an adapter with another vocabulary
 * (http-hono's couriers' wire names) renames to, and documents its own fields with.
 */
describe("placeOrderCommandSchema", () => {
  it("has the command's field names", () => {
    expect(Object.keys(placeOrderCommandSchema.shape)).toEqual(["orderId", "courier", "lines", "deliveredAt"]);
    expect(Object.keys(placeOrderCommandSchema.shape.courier.shape)).toEqual(["id", "name"]);
    expect(Object.keys(placeOrderCommandSchema.shape.lines.element.shape)).toEqual([
      "productId",
      "productName",
      "unitPrice",
      "quantity",
    ]);
  });

  it("reads each field once: prices into cents, the courier id canonical, names normalised", () => {
    const command: PlaceOrderCommand = {
      orderId: "o-1",
      courier: { id: "0106", name: " Go\u0301mez " },
      lines: [
        { productId: "pk1", productName: "Uno", unitPrice: "8.50000" },
        { productId: "pk2", productName: "Dos", unitPrice: 0.2, quantity: 3 },
      ],
      deliveredAt: "2024-09-11 18:27:09.039464",
    };
    expect(placeOrderCommandSchema.parse(command)).toEqual({
      orderId: "o-1",
      courier: { id: "106", name: "Gómez" },
      lines: [
        { productId: "pk1", productName: "Uno", unitPrice: 850 },
        { productId: "pk2", productName: "Dos", unitPrice: 20, quantity: 3 },
      ],
      deliveredAt: "2024-09-11 18:27:09.039464",
    });
  });

  it("is the schema parseOrderInput applies: the same verdict, the same issues", () => {
    const input = { orderId: "", courier: { id: -1, name: "" }, lines: [], deliveredAt: 1 };
    const viaSchema = placeOrderCommandSchema.safeParse(input);
    const viaParse = parseOrderInput(input);
    expect(viaSchema.success).toBe(false);
    expect(viaParse.ok).toBe(false);
    expect(!viaParse.ok && viaParse.error.map((issue) => issue.path)).toEqual([
      "orderId",
      "courier.id",
      "courier.name",
      "lines",
      "deliveredAt",
    ]);
    expect(!viaParse.ok && viaParse.error).toEqual(!viaSchema.success && issuesFromZod(viaSchema.error));
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
      catalogue: readOnlyCatalogue(),
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
