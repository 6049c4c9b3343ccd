import { invalid, type InvalidInput, type NotFound } from "../errors.js";
import { idSchema } from "../order-fields.js";
import type { StoredOrder } from "../order-revision.js";
import { issuesFromZod } from "../validation-issues.js";
import type { OrderRepository } from "../ports.js";
import { err, ok, type Result } from "../result.js";

/** The rules of an order id, named as a reader asks for it. */
const OrderIdSchema = idSchema("the order id");

/** An order as it now is: its current revision, status and history. */
export class GetOrder {
  constructor(private readonly deps: { readonly orders: OrderRepository }) {}

  async execute(id: string): Promise<Result<StoredOrder, InvalidInput | NotFound>> {
    const parsed = OrderIdSchema.safeParse(id);
    if (!parsed.success) {
      return err(invalid(issuesFromZod(parsed.error).map((issue) => ({ ...issue, path: "id" }))));
    }
    const order = await this.deps.orders.getStored(parsed.data);
    return order ? ok(order) : err({ kind: "not-found", what: "order", id: parsed.data });
  }
}
