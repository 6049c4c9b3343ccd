import { invalid, type InvalidInput, type NotFound } from "../errors.js";
import type { Order } from "../order.js";
import { OrderPayloadSchema } from "../order-payload.js";
import type { OrderRepository } from "../ports.js";
import { err, ok, type Result } from "../result.js";

const OrderIdSchema = OrderPayloadSchema.shape.pedido_id;

export class GetOrder {
  constructor(private readonly deps: { readonly orders: OrderRepository }) {}

  async execute(id: string): Promise<Result<Order, InvalidInput | NotFound>> {
    const parsed = OrderIdSchema.safeParse(id);
    if (!parsed.success) {
      return err(
        invalid(
          parsed.error.issues.map((issue) => ({
            path: "id",
            message: issue.message.replace("pedido_id", "the order id"),
          })),
        ),
      );
    }
    const order = await this.deps.orders.getById(parsed.data);
    return order ? ok(order) : err({ kind: "not-found", what: "order", id: parsed.data });
  }
}
