import type { OrdersPage } from "@cargo-express/domain";
import type { OrdersPageResponse } from "../contract/orders-list-schemas.js";
import { presentOrder } from "./order.js";

export function presentOrdersPage(page: OrdersPage): OrdersPageResponse {
  return { orders: page.orders.map((entry) => presentOrder(entry, entry)), nextCursor: page.nextCursor };
}
