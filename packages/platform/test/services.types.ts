/**
 * Type-level tests of the typed wiring, checked by `npm run typecheck` (never run). Each `@ts-expect-error`
 * marks a binding that must NOT compile; if the identifiers ever stop carrying their types, the binding
 * compiles, the directive is unused, and typecheck fails.
 */
import { type Clock, type OrderRepository, PlaceOrder } from "@cargo-express/domain";
import { Container } from "inversify";
import { SERVICES } from "../src/services.js";

const container = new Container();

// The factory's parameter types are inferred from the identifiers.
container
  .bind(SERVICES.PlaceOrder)
  .toResolvedValue(
    (orders, clock, timeZone) => new PlaceOrder({ orders, clock, timeZone }),
    [SERVICES.OrderRepository, SERVICES.Clock, SERVICES.TimeZone],
  );

// Annotated parameters agree with the identifiers.
container
  .bind(SERVICES.PlaceOrder)
  .toResolvedValue(
    (orders: OrderRepository, clock: Clock, timeZone: string) => new PlaceOrder({ orders, clock, timeZone }),
    [SERVICES.OrderRepository, SERVICES.Clock, SERVICES.TimeZone],
  );

container.bind(SERVICES.PlaceOrder).toResolvedValue(
  (orders: OrderRepository, clock: Clock, timeZone: string) => new PlaceOrder({ orders, clock, timeZone }),
  // @ts-expect-error two identifiers swapped: a Clock where the repository goes
  [SERVICES.Clock, SERVICES.OrderRepository, SERVICES.TimeZone],
);

container.bind(SERVICES.PlaceOrder).toResolvedValue(
  (orders, clock, timeZone) => {
    // @ts-expect-error two identifiers swapped: the factory's parameters, inferred from them, do not fit
    return new PlaceOrder({ orders, clock, timeZone });
  },
  [SERVICES.Clock, SERVICES.OrderRepository, SERVICES.TimeZone],
);

container.bind(SERVICES.GetOrder).toResolvedValue(
  // @ts-expect-error a binding must produce what its identifier names
  (orders, clock, timeZone) => new PlaceOrder({ orders, clock, timeZone }),
  [SERVICES.OrderRepository, SERVICES.Clock, SERVICES.TimeZone],
);

// What the container answers has the identifier's type.
const _clock: Clock = container.get(SERVICES.Clock);
// @ts-expect-error a Clock is not a repository
const _orders: OrderRepository = container.get(SERVICES.Clock);
