import { describe, expect, it } from "vitest";
import { COURIER, META } from "../src/keys.js";
import { type EntityFigures, ItemUpdate } from "../src/projection-store/item-update.js";

const KEY = { delivery_id: "1#A#0" };
const courier = (id: string, orders: number, units: number): EntityFigures => ({
  kind: "courier",
  id,
  listedBy: { attribute: COURIER.orders, amount: orders },
  counters: [{ attribute: COURIER.units, amount: units }],
});

describe("ItemUpdate (one item's UpdateItem, decided against the item as read)", () => {
  it("builds the same request however often it is asked, and building changes nothing", () => {
    const update = new ItemUpdate({ stored: undefined, maxListed: 1 })
      .figures(courier("106", 1, 3))
      .figures(courier("107", 2, 0));
    const first = update.build("deliveries", KEY);
    expect(update.build("deliveries", KEY)).toEqual(first);
    expect(first).toEqual({
      Update: {
        TableName: "deliveries",
        Key: KEY,
        // 106 is listed (its orders and units, the listed count, the version); 107 finds no room: unlisted.
        UpdateExpression: "ADD #0 :0, #1 :1, #2 :2, #3 :3, #4 :4",
        ExpressionAttributeNames: { "#0": "O106", "#1": "U106", "#2": META.unlistedOrders, "#3": "_c", "#4": "_v" },
        ExpressionAttributeValues: { ":0": 1, ":1": 3, ":2": 2, ":3": 1, ":4": 1 },
        ConditionExpression: "attribute_not_exists(#4)",
      },
    });
  });

  it("writes a newcomer's listedBy counter even when it is zero, and leaves a listed entity's zero amounts out", () => {
    const stored = { O106: 4, U106: 9, _c: 1, _v: 7 };
    const update = new ItemUpdate({ stored, maxListed: 10 })
      .figures(courier("106", 0, 2))
      .figures({ ...courier("108", 0, 0), listedOnly: [{ attribute: "Hx108", amount: 1 }] });
    expect(update.build("deliveries", KEY)).toEqual({
      Update: {
        TableName: "deliveries",
        Key: KEY,
        UpdateExpression: "ADD #0 :0, #1 :1, #2 :2, #3 :3, #4 :4",
        ExpressionAttributeNames: { "#0": "U106", "#1": "O108", "#2": "Hx108", "#3": "_c", "#4": "_v" },
        ExpressionAttributeValues: { ":0": 2, ":1": 0, ":2": 1, ":3": 1, ":4": 1, ":5": 7 },
        ConditionExpression: "#4 = :5",
      },
    });
  });

  it("writes nothing when every amount of listed entities is zero", () => {
    const update = new ItemUpdate({ stored: { O106: 1, U106: 1 }, maxListed: 10 }).figures(courier("106", 0, 0));
    expect(update.build("deliveries", KEY)).toBeUndefined();
  });

  it("takes a retraction back from where it was added: the listed counters, or the unlisted ones of a full item", () => {
    // 106 is listed; 107 went to the unlisted counters when the item was full (an item stays full).
    const stored = { O106: 2, U106: 9, _c: 1, _v: 3, _O: 1, _U: 4 };
    const update = new ItemUpdate({ stored, maxListed: 1 })
      .figures({ ...courier("106", -1, -5), listedOnly: [{ attribute: "Hx106", amount: -1 }] })
      .figures(courier("107", -1, -4));
    expect(update.build("deliveries", KEY)).toEqual({
      Update: {
        TableName: "deliveries",
        Key: KEY,
        UpdateExpression: "ADD #0 :0, #1 :1, #2 :2, #3 :3, #4 :4",
        ExpressionAttributeNames: { "#0": "O106", "#1": "U106", "#2": "Hx106", "#3": META.unlistedOrders, "#4": "_U" },
        ExpressionAttributeValues: { ":0": -1, ":1": -5, ":2": -1, ":3": -1, ":4": -4 },
      },
    });
  });

  it("never lists an id by a negative amount, even with room (its figures can only be unlisted ones)", () => {
    const update = new ItemUpdate({ stored: { O106: 2, _c: 1, _v: 3, _O: 1, _U: 4 }, maxListed: 5 }).figures(
      courier("107", 0, -2),
    );
    expect(update.build("deliveries", KEY)).toEqual({
      Update: {
        TableName: "deliveries",
        Key: KEY,
        UpdateExpression: "ADD #0 :0",
        ExpressionAttributeNames: { "#0": "_U" },
        ExpressionAttributeValues: { ":0": -2 },
      },
    });
  });
});
