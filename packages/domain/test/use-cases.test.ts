import { commandFromWire, wireIssues } from "@cargo-express/courier-wire";
import { describe, expect, it } from "vitest";
import { GetOrder, PlaceOrder, type Order, type PlaceOrderCommand } from "../src/index.js";
import { MapRepository } from "./support/map-repository.js";
import { anOrder } from "./support/orders.js";

describe("GetOrder", () => {
  it("returns a stored order", async () => {
    const orders = new MapRepository();
    const order = anOrder("o-1");
    orders.orders.set("o-1", order);
    expect(await new GetOrder({ orders }).execute("o-1")).toEqual({
      ok: true,
      value: {
        order,
        status: "active",
        revision: 1,
        history: [{ revision: 1, action: "created", at: order.receivedAt, by: "courier 106" }],
      },
    });
  });

  it("says which order it did not find", async () => {
    expect(await new GetOrder({ orders: new MapRepository() }).execute("o-2")).toEqual({
      ok: false,
      error: { kind: "not-found", what: "order", id: "o-2" },
    });
  });

  it("refuses an id no order can have, in the words of the id, without reading", async () => {
    const orders = new MapRepository();
    const getOrder = new GetOrder({ orders });
    expect(await getOrder.execute("")).toEqual({
      ok: false,
      error: { kind: "invalid", issues: [{ path: "id", message: "the order id must not be empty" }] },
    });
    expect(await getOrder.execute("x".repeat(65))).toEqual({
      ok: false,
      error: { kind: "invalid", issues: [{ path: "id", message: "the order id must be at most 64 characters" }] },
    });
    expect(await getOrder.execute("-bad")).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        issues: [
          {
            path: "id",
            message: "the order id may contain only letters, digits and . _ : - (starting with a letter or digit)",
          },
        ],
      },
    });
    expect(orders.asked).toEqual([]);
  });
});

describe("PlaceOrder", () => {
  const RECEIVED = Date.parse("2024-09-11T23:30:00Z");
  const payload: PlaceOrderCommand = {
    orderId: "o-1",
    courier: { id: "106", name: "Pedro" },
    lines: [{ productId: "pk1", productName: "Uno", unitPrice: "1.50", quantity: 2 }],
    deliveredAt: "2024-09-11 18:27:09.039464",
  };
  const setUp = () => {
    const orders = new MapRepository();
    return {
      orders,
      placeOrder: new PlaceOrder({ orders, clock: { now: () => RECEIVED }, timeZone: "America/Bogota" }),
    };
  };

  it("stores a new order, stamped with the receipt time", async () => {
    const { orders, placeOrder } = setUp();
    const expected: Order = {
      id: "o-1",
      courier: { id: "106", name: "Pedro" },
      lines: [{ productId: "pk1", productName: "Uno", unitPrice: 150, quantity: 2 }],
      total: 300,
      units: 2,
      deliveredAt: "2024-09-11T23:27:09.039464Z",
      receivedAt: "2024-09-11T23:30:00.000000Z",
    };
    expect(await placeOrder.execute(payload)).toEqual({
      ok: true,
      value: { order: expected, state: { status: "active", revision: 1 }, created: true },
    });
    expect(orders.orders.get("o-1")).toEqual(expected);
  });

  it("answers a replay with the stored order, and a different order under the same id with a conflict", async () => {
    const { orders, placeOrder } = setUp();
    await placeOrder.execute(payload);
    const stored = orders.orders.get("o-1")!;
    const replay = await placeOrder.execute({ ...payload, deliveredAt: "2024-09-11T18:27:09.039464-05:00" });
    expect(replay.ok && replay.value.created).toBe(false);
    expect(replay.ok && replay.value.order).toBe(stored);
    expect(
      await placeOrder.execute({ ...payload, lines: [{ productId: "pk1", productName: "Uno", unitPrice: "1.50" }] }),
    ).toEqual({
      ok: false,
      error: {
        kind: "conflict",
        orderId: "o-1",
        message: "order o-1 already exists with different content; an order is never overwritten",
      },
    });
    expect(orders.orders.get("o-1")).toBe(stored);
  });

  it("refuses an invalid order without storing it", async () => {
    const { orders, placeOrder } = setUp();
    expect(await placeOrder.execute({ ...payload, orderId: "" })).toEqual({
      ok: false,
      error: { kind: "invalid", issues: [{ path: "orderId", message: "orderId must not be empty" }] },
    });
    expect(
      await placeOrder.execute({
        ...payload,
        courier: { id: "1.5", name: " " },
        lines: [{ productId: "pk1", productName: "Uno", unitPrice: "1.505", quantity: 0 }],
      }),
    ).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        issues: [
          { path: "courier.id", message: "id must be digits only (at most 15)" },
          { path: "courier.name", message: "name must not be empty" },
          { path: "lines[0].unitPrice", message: "unitPrice must have at most two decimals" },
          { path: "lines[0].quantity", message: "quantity must be at least 1" },
        ],
      },
    });
    expect(orders.orders.size).toBe(0);
  });

  it("checks an order in another vocabulary, naming its fields, and returns the order it stands for", () => {
    const { placeOrder } = setUp();
    const wire = {
      pedido_id: "o-1",
      repartidor: { IdRepartidor: "0106", Nombre: " Pedro " },
      productos: [{ IdProducto: "pk1", producto: "Uno", precio: 1.5 }],
      timestamp: "2024-09-11 18:27:09.039464",
    };
    // Renamed on the way in and out as the HTTP adapter does, from the couriers' one table.
    const inWire = (input: unknown) => {
      const checked = placeOrder.check(commandFromWire(input));
      return checked.ok ? checked : { ok: false, error: wireIssues(checked.error) };
    };
    expect(inWire(wire)).toEqual({
      ok: true,
      value: {
        id: "o-1",
        courier: { id: "106", name: "Pedro" },
        lines: [{ productId: "pk1", productName: "Uno", unitPrice: 150, quantity: 1 }],
        total: 150,
        units: 1,
        deliveredAt: "2024-09-11T23:27:09.039464Z",
        receivedAt: "2024-09-11T23:30:00.000000Z",
      },
    });
    expect(inWire({ ...wire, productos: [{ ...wire.productos[0], precio: "1.505" }] })).toEqual({
      ok: false,
      error: [{ path: "productos[0].precio", message: "precio must have at most two decimals" }],
    });
    expect(placeOrder.check(wire)).toEqual({
      ok: false,
      error: [
        { path: "orderId", message: "orderId must be a string" },
        { path: "courier", message: "courier must be an object with id and name" },
        { path: "lines", message: "lines must be a list" },
        { path: "deliveredAt", message: "deliveredAt must be a string" },
      ],
    });
    expect(placeOrder.check("nope").ok).toBe(false);
  });

  it("places the order it checked as it is, reading it no more; another use case's checked order is read as a command", async () => {
    const { orders, placeOrder } = setUp();
    const checked = placeOrder.check(payload);
    if (!checked.ok) throw new Error("expected the order to pass");
    expect(Object.isFrozen(checked.value) && Object.isFrozen(checked.value.lines[0])).toBe(true);
    const placed = await placeOrder.execute(checked.value);
    expect(placed.ok && placed.value.order).toBe(checked.value);
    expect(orders.orders.get("o-1")).toBe(checked.value);
    const other = setUp().placeOrder.check({ ...payload, orderId: "o-2" });
    if (!other.ok) throw new Error("expected the order to pass");
    const foreign = await placeOrder.execute(other.value);
    expect(foreign.ok ? "placed" : foreign.error.kind).toBe("invalid");
    expect(orders.orders.has("o-2")).toBe(false);
  });

  it("takes its limits from options, each defaulting on its own", async () => {
    const orders = new MapRepository();
    const strict = new PlaceOrder({
      orders,
      clock: { now: () => RECEIVED },
      timeZone: "America/Bogota",
      options: { maxUnitPriceCents: 100 },
    });
    const refused = await strict.execute(payload);
    expect(refused).toEqual({
      ok: false,
      error: { kind: "invalid", issues: [{ path: "lines[0].unitPrice", message: "unitPrice must be at most 1.00" }] },
    });
    const total = new PlaceOrder({
      orders,
      clock: { now: () => RECEIVED },
      timeZone: "America/Bogota",
      options: { maxOrderTotalCents: 299 },
    });
    expect((await total.execute(payload)).ok).toBe(false);
    const early = new PlaceOrder({
      orders,
      clock: { now: () => RECEIVED - 10 * 60_000 },
      timeZone: "America/Bogota",
      options: { maxClockSkewMs: 0 },
    });
    const skew = await early.execute(payload);
    expect(!skew.ok && skew.error.kind === "invalid" && skew.error.issues.map((i) => i.path)).toEqual(["deliveredAt"]);
    const generous = new PlaceOrder({
      orders,
      clock: { now: () => RECEIVED - 10 * 60_000 },
      timeZone: "America/Bogota",
      options: { maxClockSkewMs: 3_600_000 },
    });
    expect((await generous.execute(payload)).ok).toBe(true);
  });

  it("refuses limits that are not whole numbers from 0", () => {
    const orders = new MapRepository();
    const make = (options: object) => () =>
      new PlaceOrder({ orders, clock: { now: () => RECEIVED }, timeZone: "America/Bogota", options });
    expect(make({ maxUnitPriceCents: -1 })).toThrow(
      new RangeError("PlaceOrder option maxUnitPriceCents must be a whole number from 0, got -1"),
    );
    expect(make({ maxOrderTotalCents: 1.5 })).toThrow(RangeError);
    expect(make({ maxClockSkewMs: Number.NaN })).toThrow(RangeError);
    expect(make({ maxUnitPriceCents: 0, maxOrderTotalCents: 0, maxClockSkewMs: 0 })).not.toThrow();
  });
});
