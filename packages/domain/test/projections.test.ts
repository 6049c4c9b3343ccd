import { describe, expect, it } from "vitest";
import {
  NAME_STAMP_LENGTH,
  addOrderToDelta,
  compareCouriers,
  compareProducts,
  dayOfHour,
  deltaOf,
  emptyDayDelta,
  emptyDelta,
  fnv1a32,
  hourlyKey,
  mergeDelta,
  nameStampOf,
  periodFigures,
  projectOrders,
  projectionsFromDelta,
  type CourierStats,
  type ProductStats,
} from "../src/index.js";
import { anOrder } from "./support/orders.js";

const BOGOTA = "America/Bogota";
const HOUR_18 = "2024-09-11T18:00:00-05:00";

describe("name stamps", () => {
  it("are the receipt time in base 36 (9 digits) then the id's FNV-1a in base 36 (7 digits)", () => {
    // Published FNV-1a 32-bit vectors: "" = 0x811c9dc5, "a" = 0xe40c292c, "foobar" = 0xbf9cf968.
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    expect(nameStampOf(anOrder("a", { receivedAt: "2024-09-11T23:30:00.000Z" }))).toBe("0m0yhtps0" + "1r9wi7g");
    expect(nameStampOf(anOrder("", { receivedAt: "1970-01-01T00:00:00.000Z" }))).toBe("000000000" + "0ztntfp");
    expect(NAME_STAMP_LENGTH).toBe(16);
  });

  it("keep a fixed width, so text order is receipt order", () => {
    const early = nameStampOf(anOrder("zzz", { receivedAt: "1970-01-01T00:00:00.001Z" }));
    const late = nameStampOf(anOrder("a", { receivedAt: "5188-04-22T11:04:28.415Z" })); // 36^9 - 1 ms
    expect(early).toHaveLength(NAME_STAMP_LENGTH);
    expect(late).toHaveLength(NAME_STAMP_LENGTH);
    expect(late.slice(0, 9)).toBe("zzzzzzzzz");
    expect(early < late).toBe(true);
  });

  it("refuse an order without a usable receipt time", () => {
    expect(() => nameStampOf(anOrder("o-1", { receivedAt: "not a time" }))).toThrow(
      /order o-1 has no usable receipt time: not a time/,
    );
    expect(() => nameStampOf(anOrder("o-1", { receivedAt: "1969-12-31T23:59:59.999Z" }))).toThrow(RangeError);
  });
});

describe("one order's contribution (addOrderToDelta)", () => {
  const order = anOrder("o-1", {
    courier: ["106", "Pedro"],
    lines: [
      ["pk1", "Estuche", 800, 2],
      ["pk2", "Goma", 50, 1],
      ["pk1", "Estuche", 800, 1],
    ],
  });
  const stamp = nameStampOf(order);

  it("adds units, money, one delivery per hour and totals, all time and for the business day", () => {
    const delta = addOrderToDelta(emptyDelta(), order, BOGOTA);
    expect(delta.products).toEqual(
      new Map([
        ["pk1", { units: 3, revenue: 2400, name: "Estuche", nameStamp: stamp }],
        ["pk2", { units: 1, revenue: 50, name: "Goma", nameStamp: stamp }],
      ]),
    );
    expect(delta.couriers).toEqual(
      new Map([["106", { productsDelivered: 4, ordersDelivered: 1, revenue: 2450, name: "Pedro", nameStamp: stamp }]]),
    );
    expect(delta.hourly).toEqual(new Map([[`106|${HOUR_18}`, { courierId: "106", hour: HOUR_18, deliveries: 1 }]]));
    expect(delta.totals).toEqual({ orders: 1, units: 4, revenue: 2450 });
    expect(delta.days).toEqual(
      new Map([
        [
          "2024-09-11",
          {
            products: new Map([
              ["pk1", { units: 3, revenue: 2400 }],
              ["pk2", { units: 1, revenue: 50 }],
            ]),
            couriers: new Map([["106", { productsDelivered: 4, ordersDelivered: 1, revenue: 2450 }]]),
            totals: { orders: 1, units: 4, revenue: 2450 },
          },
        ],
      ]),
    );
  });

  it("mutates and returns the delta it is given, accumulating a second order", () => {
    const delta = emptyDelta();
    const second = anOrder("o-2", {
      courier: ["106", "Pedro"],
      lines: [["pk2", "Goma", 50, 4]],
      deliveredAt: "2024-09-11T23:59:00.000000Z",
    });
    expect(addOrderToDelta(delta, order, BOGOTA)).toBe(delta);
    addOrderToDelta(delta, second, BOGOTA);
    expect(delta.products.get("pk2")).toMatchObject({ units: 5, revenue: 250 });
    expect(delta.couriers.get("106")).toMatchObject({ productsDelivered: 8, ordersDelivered: 2, revenue: 2650 });
    expect(delta.hourly.get(`106|${HOUR_18}`)?.deliveries).toBe(2);
    expect(delta.totals).toEqual({ orders: 2, units: 8, revenue: 2650 });
    const day = delta.days.get("2024-09-11")!;
    expect(day.products.get("pk2")).toEqual({ units: 5, revenue: 250 });
    expect(day.couriers.get("106")).toEqual({ productsDelivered: 8, ordersDelivered: 2, revenue: 2650 });
    expect(day.totals).toEqual({ orders: 2, units: 8, revenue: 2650 });
  });

  it("files a delivery by its business-zone hour and day, not UTC's", () => {
    // 04:30 UTC on the 12th is 23:30 on the 11th in Bogota, and 06:30 on the 12th in Madrid.
    const late = anOrder("o-3", { deliveredAt: "2024-09-12T04:30:00.000000Z" });
    const bogota = addOrderToDelta(emptyDelta(), late, BOGOTA);
    expect([...bogota.hourly.keys()]).toEqual(["106|2024-09-11T23:00:00-05:00"]);
    expect([...bogota.days.keys()]).toEqual(["2024-09-11"]);
    const madrid = addOrderToDelta(emptyDelta(), late, "Europe/Madrid");
    expect([...madrid.hourly.keys()]).toEqual(["106|2024-09-12T06:00:00+02:00"]);
    expect([...madrid.days.keys()]).toEqual(["2024-09-12"]);
  });

  it("keeps the name of the most recently received order, whatever the order of arrival", () => {
    const older = anOrder("o-old", {
      courier: ["106", "Pedro Old"],
      lines: [["pk1", "Old name", 100, 1]],
      receivedAt: "2024-09-11T10:00:00.000Z",
    });
    const newer = anOrder("o-new", {
      courier: ["106", "Pedro New"],
      lines: [["pk1", "New name", 100, 1]],
      receivedAt: "2024-09-11T11:00:00.000Z",
    });
    for (const sequence of [
      [older, newer],
      [newer, older],
    ]) {
      const delta = deltaOf(sequence, BOGOTA);
      expect(delta.products.get("pk1")).toEqual({
        units: 2,
        revenue: 200,
        name: "New name",
        nameStamp: nameStampOf(newer),
      });
      expect(delta.couriers.get("106")).toMatchObject({ name: "Pedro New", nameStamp: nameStampOf(newer) });
    }
  });

  it("keeps the first name written when two names carry the same stamp", () => {
    const delta = addOrderToDelta(
      emptyDelta(),
      anOrder("o-1", {
        lines: [
          ["pk1", "First", 100, 1],
          ["pk1", "Second", 100, 1],
        ],
      }),
      BOGOTA,
    );
    expect(delta.products.get("pk1")?.name).toBe("First");
  });

  it("starts from nothing", () => {
    expect(emptyDelta()).toEqual({
      products: new Map(),
      couriers: new Map(),
      hourly: new Map(),
      days: new Map(),
      totals: { orders: 0, units: 0, revenue: 0 },
    });
    expect(emptyDayDelta()).toEqual({
      products: new Map(),
      couriers: new Map(),
      totals: { orders: 0, units: 0, revenue: 0 },
    });
    expect(deltaOf([], BOGOTA)).toEqual(emptyDelta());
    expect(dayOfHour(HOUR_18)).toBe("2024-09-11");
    expect(hourlyKey("106", HOUR_18)).toBe(`106|${HOUR_18}`);
  });
});

describe("merging deltas", () => {
  const a = anOrder("o-a", {
    courier: ["1", "Ana"],
    lines: [["pk1", "Uno", 100, 2]],
    receivedAt: "2024-09-11T10:00:00.000Z",
  });
  const b = anOrder("o-b", {
    courier: ["1", "Ana B"],
    lines: [
      ["pk1", "Uno B", 100, 1],
      ["pk2", "Dos", 250, 3],
    ],
    deliveredAt: "2024-09-12T15:00:00.000000Z",
    receivedAt: "2024-09-12T15:00:00.000Z",
  });
  const c = anOrder("o-c", {
    courier: ["2", "Beto"],
    lines: [["pk2", "Dos", 250, 1]],
    receivedAt: "2024-09-11T09:00:00.000Z",
  });

  it("gives what one delta of all the orders gives, in any grouping and order", () => {
    const whole = deltaOf([a, b, c], BOGOTA);
    expect(mergeDelta(deltaOf([a], BOGOTA), deltaOf([b, c], BOGOTA))).toEqual(whole);
    expect(mergeDelta(deltaOf([c, b], BOGOTA), deltaOf([a], BOGOTA))).toEqual(whole);
    expect(mergeDelta(emptyDelta(), whole)).toEqual(whole);
    expect(mergeDelta(deltaOf([a, b, c], BOGOTA), emptyDelta())).toEqual(whole);
  });

  it("adds every figure and keeps the newer name", () => {
    const target = deltaOf([a, c], BOGOTA);
    const merged = mergeDelta(target, deltaOf([b], BOGOTA));
    expect(merged).toBe(target);
    expect(merged.products.get("pk1")).toEqual({ units: 3, revenue: 300, name: "Uno B", nameStamp: nameStampOf(b) });
    expect(merged.products.get("pk2")).toEqual({ units: 4, revenue: 1000, name: "Dos", nameStamp: nameStampOf(b) });
    expect(merged.couriers.get("1")).toEqual({
      productsDelivered: 6,
      ordersDelivered: 2,
      revenue: 1050,
      name: "Ana B",
      nameStamp: nameStampOf(b),
    });
    expect(merged.couriers.get("2")).toEqual({
      productsDelivered: 1,
      ordersDelivered: 1,
      revenue: 250,
      name: "Beto",
      nameStamp: nameStampOf(c),
    });
    expect(merged.totals).toEqual({ orders: 3, units: 7, revenue: 1300 });
    expect(merged.hourly).toEqual(
      new Map([
        [`1|${HOUR_18}`, { courierId: "1", hour: HOUR_18, deliveries: 1 }],
        [`2|${HOUR_18}`, { courierId: "2", hour: HOUR_18, deliveries: 1 }],
        ["1|2024-09-12T10:00:00-05:00", { courierId: "1", hour: "2024-09-12T10:00:00-05:00", deliveries: 1 }],
      ]),
    );
    expect(merged.days.get("2024-09-11")).toEqual({
      products: new Map([
        ["pk1", { units: 2, revenue: 200 }],
        ["pk2", { units: 1, revenue: 250 }],
      ]),
      couriers: new Map([
        ["1", { productsDelivered: 2, ordersDelivered: 1, revenue: 200 }],
        ["2", { productsDelivered: 1, ordersDelivered: 1, revenue: 250 }],
      ]),
      totals: { orders: 2, units: 3, revenue: 450 },
    });
    expect(merged.days.get("2024-09-12")).toEqual({
      products: new Map([
        ["pk1", { units: 1, revenue: 100 }],
        ["pk2", { units: 3, revenue: 750 }],
      ]),
      couriers: new Map([["1", { productsDelivered: 4, ordersDelivered: 1, revenue: 850 }]]),
      totals: { orders: 1, units: 4, revenue: 850 },
    });
  });

  it("keeps the target's name when the source's is older, and sums hours and days already present", () => {
    const target = deltaOf([b], BOGOTA);
    mergeDelta(
      target,
      deltaOf(
        [
          a,
          anOrder("o-d", {
            courier: ["1", "Ana D"],
            deliveredAt: "2024-09-12T15:10:00.000000Z",
            receivedAt: "2024-09-12T09:00:00.000Z",
          }),
        ],
        BOGOTA,
      ),
    );
    expect(target.couriers.get("1")).toMatchObject({ name: "Ana B", ordersDelivered: 3 });
    expect(target.products.get("pk1")).toMatchObject({ name: "Uno B", units: 4 });
    expect(target.hourly.get("1|2024-09-12T10:00:00-05:00")?.deliveries).toBe(2);
    expect(target.days.get("2024-09-12")?.totals).toEqual({ orders: 2, units: 5, revenue: 1650 });
    expect(target.days.get("2024-09-12")?.couriers.get("1")).toEqual({
      productsDelivered: 5,
      ordersDelivered: 2,
      revenue: 1650,
    });
    expect(target.days.get("2024-09-12")?.products.get("pk1")).toEqual({ units: 2, revenue: 900 });
  });
});

const product = (productId: string, units: number, revenue: number): ProductStats => ({
  productId,
  productName: productId,
  units,
  revenue,
});
const courier = (courierId: string, revenue: number, productsDelivered: number): CourierStats => ({
  courierId,
  courierName: courierId,
  productsDelivered,
  ordersDelivered: 1,
  revenue,
});

describe("rankings", () => {
  it("rank products by units, then revenue, then id", () => {
    expect(Math.sign(compareProducts(product("b", 5, 1), product("a", 3, 900)))).toBe(-1);
    expect(Math.sign(compareProducts(product("a", 3, 900), product("b", 5, 1)))).toBe(1);
    expect(Math.sign(compareProducts(product("b", 3, 500), product("a", 3, 400)))).toBe(-1);
    expect(Math.sign(compareProducts(product("a", 3, 400), product("b", 3, 500)))).toBe(1);
    expect(Math.sign(compareProducts(product("a", 3, 400), product("b", 3, 400)))).toBe(-1);
    expect(Math.sign(compareProducts(product("b", 3, 400), product("a", 3, 400)))).toBe(1);
    expect(compareProducts(product("a", 3, 400), product("a", 3, 400))).toBe(0);
  });

  it("rank couriers by money, then products delivered, then id", () => {
    expect(Math.sign(compareCouriers(courier("b", 900, 1), courier("a", 100, 50)))).toBe(-1);
    expect(Math.sign(compareCouriers(courier("a", 100, 50), courier("b", 900, 1)))).toBe(1);
    expect(Math.sign(compareCouriers(courier("b", 100, 5), courier("a", 100, 4)))).toBe(-1);
    expect(Math.sign(compareCouriers(courier("a", 100, 4), courier("b", 100, 5)))).toBe(1);
    expect(Math.sign(compareCouriers(courier("a", 100, 4), courier("b", 100, 4)))).toBe(-1);
    expect(Math.sign(compareCouriers(courier("b", 100, 4), courier("a", 100, 4)))).toBe(1);
    expect(compareCouriers(courier("a", 100, 4), courier("a", 100, 4))).toBe(0);
  });
});

describe("period figures", () => {
  it("sum the days given, name things from the all-time names and rank them", () => {
    const d1 = deltaOf(
      [
        anOrder("o-1", { courier: ["1", "x"], lines: [["pk1", "x", 100, 1]] }),
        anOrder("o-2", { courier: ["2", "x"], lines: [["pk2", "x", 500, 2]] }),
      ],
      BOGOTA,
    ).days.get("2024-09-11")!;
    const d2 = deltaOf(
      [
        anOrder("o-3", {
          courier: ["1", "x"],
          lines: [["pk1", "x", 100, 4]],
          deliveredAt: "2024-09-12T15:00:00.000000Z",
        }),
      ],
      BOGOTA,
    ).days.get("2024-09-12")!;
    const names = { product: (id: string) => `product ${id}`, courier: (id: string) => `courier ${id}` };
    expect(periodFigures([d1, d2], names)).toEqual({
      products: [
        { productId: "pk1", productName: "product pk1", units: 5, revenue: 500 },
        { productId: "pk2", productName: "product pk2", units: 2, revenue: 1000 },
      ],
      couriers: [
        { courierId: "2", courierName: "courier 2", productsDelivered: 2, ordersDelivered: 1, revenue: 1000 },
        { courierId: "1", courierName: "courier 1", productsDelivered: 5, ordersDelivered: 2, revenue: 500 },
      ],
      totals: { orders: 3, units: 7, revenue: 1500 },
    });
    // Ranked, not in the order the days list them.
    const ranked = periodFigures([d2, d1], names);
    expect(ranked.products.map((p) => p.productId)).toEqual(["pk1", "pk2"]);
    expect(periodFigures([d1], names).products.map((p) => p.productId)).toEqual(["pk2", "pk1"]);
    expect(periodFigures([d2, d1], names).couriers.map((c) => c.courierId)).toEqual(["2", "1"]);
    expect(periodFigures([], names)).toEqual({
      products: [],
      couriers: [],
      totals: { orders: 0, units: 0, revenue: 0 },
    });
  });
});

describe("projectOrders, the reference projection", () => {
  it("counts an order id once (the first seen), ranks and sorts hours then couriers", () => {
    const first = anOrder("o-1", {
      courier: ["2", "Beto"],
      lines: [["pk1", "Uno", 100, 1]],
      deliveredAt: "2024-09-11T23:10:00.000000Z",
    });
    const sameIdOtherContent = anOrder("o-1", { courier: ["9", "Nadie"], lines: [["pk9", "Nueve", 9900, 9]] });
    const second = anOrder("o-2", {
      courier: ["1", "Ana"],
      lines: [["pk2", "Dos", 300, 2]],
      deliveredAt: "2024-09-11T23:20:00.000000Z",
    });
    const earlier = anOrder("o-3", {
      courier: ["3", "Ceci"],
      lines: [["pk2", "Dos", 300, 1]],
      deliveredAt: "2024-09-11T20:00:00.000000Z",
    });
    const projections = projectOrders([first, second, sameIdOtherContent, earlier, second], BOGOTA);
    expect(projections).toEqual({
      products: [
        { productId: "pk2", productName: "Dos", units: 3, revenue: 900 },
        { productId: "pk1", productName: "Uno", units: 1, revenue: 100 },
      ],
      couriers: [
        { courierId: "1", courierName: "Ana", productsDelivered: 2, ordersDelivered: 1, revenue: 600 },
        { courierId: "3", courierName: "Ceci", productsDelivered: 1, ordersDelivered: 1, revenue: 300 },
        { courierId: "2", courierName: "Beto", productsDelivered: 1, ordersDelivered: 1, revenue: 100 },
      ],
      hourly: [
        { courierId: "3", hour: "2024-09-11T15:00:00-05:00", deliveries: 1 },
        { courierId: "1", hour: HOUR_18, deliveries: 1 },
        { courierId: "2", hour: HOUR_18, deliveries: 1 },
      ],
      totals: { orders: 3, units: 4, revenue: 1000 },
    });
  });

  it("sorts hourly rows by hour, then courier, whatever the delta's insertion order", () => {
    const delta = emptyDelta();
    const rows = [
      { courierId: "2", hour: HOUR_18, deliveries: 1 },
      { courierId: "1", hour: "2024-09-11T19:00:00-05:00", deliveries: 1 },
      { courierId: "1", hour: HOUR_18, deliveries: 1 },
      { courierId: "3", hour: "2024-09-11T17:00:00-05:00", deliveries: 1 },
    ];
    for (const row of rows) delta.hourly.set(hourlyKey(row.courierId, row.hour), row);
    expect(projectionsFromDelta(delta).hourly.map((h) => `${h.hour} ${h.courierId}`)).toEqual([
      "2024-09-11T17:00:00-05:00 3",
      `${HOUR_18} 1`,
      `${HOUR_18} 2`,
      "2024-09-11T19:00:00-05:00 1",
    ]);
    delta.hourly.clear();
    for (const row of [...rows].reverse()) delta.hourly.set(hourlyKey(row.courierId, row.hour), row);
    expect(projectionsFromDelta(delta).hourly.map((h) => `${h.hour} ${h.courierId}`)).toEqual([
      "2024-09-11T17:00:00-05:00 3",
      `${HOUR_18} 1`,
      `${HOUR_18} 2`,
      "2024-09-11T19:00:00-05:00 1",
    ]);
  });
});
