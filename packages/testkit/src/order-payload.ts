import { commandFromWire, type WireOrder } from "@cargo-express/courier-wire";
import type { PlaceOrderCommand } from "@cargo-express/domain";

/** An order as couriers' clients send it: the command in the couriers' wire vocabulary (@cargo-express/courier-wire). */
export type OrderPayload = WireOrder<PlaceOrderCommand>;

/**
 * A wire payload as the command it stands for, field for field, without judging it (PlaceOrder does): test data
 * written in the couriers' format, handed to the use cases. Whatever is missing or malformed stays so.
 */
export const commandFrom = (payload: unknown): PlaceOrderCommand => commandFromWire(payload) as PlaceOrderCommand;
