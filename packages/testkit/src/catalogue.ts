import data from "../fixtures/cargo-express.json" with { type: "json" };

/** Cargo Express's reference data from the brief: 10 products, 10 couriers and an order as couriers send it. */
export interface CatalogueProduct {
  readonly IdProducto: string;
  readonly producto: string;
  readonly precio: number;
}
export interface FleetCourier {
  readonly IdRepartidor: number;
  readonly Nombre: string;
}

export const catalogue: readonly CatalogueProduct[] = data.products;
export const fleet: readonly FleetCourier[] = data.couriers;
/** An order exactly as the existing courier client sends it. */
export const sampleOrder = data.sampleOrder;
