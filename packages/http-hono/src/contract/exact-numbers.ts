import { WIRE_NAMES } from "@cargo-express/courier-wire";
import type { JsonPath } from "../http/json-body.js";

/**
 * The order fields whose JSON numbers the domain reads from their exact text: every `productos[i].precio`.
 * The domain accepts a price as a decimal string, so it sees `8.499999999999999999` as sent (and refuses it)
 * where `JSON.parse` would have handed it 8.5.
 */
export const isOrderPricePath = (path: JsonPath): boolean =>
  path.length === 3 &&
  path[0] === WIRE_NAMES.order.lines &&
  typeof path[1] === "number" &&
  path[2] === WIRE_NAMES.line.unitPrice;
