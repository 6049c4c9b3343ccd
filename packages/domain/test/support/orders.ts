import type { Order } from "../../src/index.js";

/** `[productId, productName, unitPrice in cents, quantity]` */
export type LineSpec = readonly [string, string, number, number];

/**
 * A domain order built by hand (total and units summed here, not by the code under test), so that a test's
 * expected figures do not come from the functions it checks.
 */
export function anOrder(
  id: string,
  spec: {
    courier?: readonly [string, string];
    lines?: readonly LineSpec[];
    deliveredAt?: string;
    receivedAt?: string;
  } = {},
): Order {
  const [courierId, courierName] = spec.courier ?? ["106", "Pedro Gómez"];
  const lines = (spec.lines ?? [["pk1", "Estuche", 800, 1]]).map(([productId, productName, unitPrice, quantity]) => ({
    productId,
    productName,
    unitPrice,
    quantity,
  }));
  let total = 0;
  let units = 0;
  for (const line of lines) {
    total += line.unitPrice * line.quantity;
    units += line.quantity;
  }
  const deliveredAt = spec.deliveredAt ?? "2024-09-11T23:27:09.039464Z";
  return {
    id,
    courier: { id: courierId, name: courierName },
    lines,
    total,
    units,
    deliveredAt,
    receivedAt: spec.receivedAt ?? deliveredAt,
  };
}
