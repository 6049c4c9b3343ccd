import { describe, expect, it } from "vitest";
import { canonicalOrderText, isSameOrder, orderTotal, orderUnits } from "../src/index.js";
import { anOrder } from "./support/orders.js";

describe("Order", () => {
  const lines = [
    { productId: "pk2", productName: "Dos", unitPrice: 250, quantity: 3 },
    { productId: "pk1", productName: "Uno", unitPrice: 100, quantity: 1 },
  ];

  it("totals price x quantity over the lines, and counts units", () => {
    expect(orderTotal(lines)).toBe(850);
    expect(orderUnits(lines)).toBe(4);
    expect(orderTotal([])).toBe(0);
    expect(orderUnits([])).toBe(0);
  });

  it("reduces an order to its id, courier, delivery instant and merged, sorted lines", () => {
    const order = anOrder("o-1", {
      courier: ["106", "Pedro"],
      lines: [
        ["pk2", "Dos", 250, 1],
        ["pk1", "Uno", 100, 1],
        ["pk2", "Dos", 250, 2],
      ],
    });
    expect(canonicalOrderText(order)).toBe(
      JSON.stringify([
        "o-1",
        "106",
        "Pedro",
        "2024-09-11T23:27:09.039464Z",
        [
          ["pk1", "Uno", 100, 1],
          ["pk2", "Dos", 250, 3],
        ],
      ]),
    );
  });

  it("tells a replay (same meaning) from a conflict (anything meaningful differs)", () => {
    const base = anOrder("o-1", {
      lines: [
        ["pk1", "Uno", 100, 1],
        ["pk2", "Dos", 250, 2],
      ],
    });
    const reordered = anOrder("o-1", {
      lines: [
        ["pk2", "Dos", 250, 1],
        ["pk1", "Uno", 100, 1],
        ["pk2", "Dos", 250, 1],
      ],
      receivedAt: "2030-01-01T00:00:00.000Z",
    });
    expect(isSameOrder(base, reordered)).toBe(true);
    expect(
      isSameOrder(
        base,
        anOrder("o-2", {
          lines: [
            ["pk1", "Uno", 100, 1],
            ["pk2", "Dos", 250, 2],
          ],
        }),
      ),
    ).toBe(false);
    expect(
      isSameOrder(
        base,
        anOrder("o-1", {
          lines: [
            ["pk1", "Uno", 100, 1],
            ["pk2", "Dos", 251, 2],
          ],
        }),
      ),
    ).toBe(false);
    expect(
      isSameOrder(
        base,
        anOrder("o-1", {
          lines: [
            ["pk1", "Uno", 100, 1],
            ["pk2", "Dos", 250, 3],
          ],
        }),
      ),
    ).toBe(false);
    expect(
      isSameOrder(
        base,
        anOrder("o-1", {
          courier: ["107", "Pedro Gómez"],
          lines: [
            ["pk1", "Uno", 100, 1],
            ["pk2", "Dos", 250, 2],
          ],
        }),
      ),
    ).toBe(false);
    expect(
      isSameOrder(
        base,
        anOrder("o-1", {
          lines: [
            ["pk1", "Uno", 100, 1],
            ["pk2", "Dos", 250, 2],
          ],
          deliveredAt: "2024-09-11T23:27:09.039465Z",
        }),
      ),
    ).toBe(false);
  });
});
