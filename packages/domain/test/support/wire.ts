import { commandFromWire, wireIssues } from "@cargo-express/courier-wire";
import { err, type OrderParsingOptions, type PlaceOrderCommand, parseOrderInput } from "../../src/index.js";

/**
 * The domain's order rules over a payload in the couriers' vocabulary (the HTTP API's wire names, one table in
 * @cargo-express/courier-wire), renamed on the way in and out as http-hono does: these tests pin every message a
 * client reads, field names included.
 */
export function parseOrderPayload(input: unknown, options: OrderParsingOptions = {}) {
  const parsed = parseOrderInput(commandFromWire(input), options);
  return parsed.ok ? parsed : err(wireIssues(parsed.error));
}

/** A wire payload as the command it stands for, field for field (no validation: that is the use case's). */
export const commandFrom = (payload: unknown): PlaceOrderCommand => commandFromWire(payload) as PlaceOrderCommand;
