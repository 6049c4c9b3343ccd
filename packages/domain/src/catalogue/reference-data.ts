import { parseMoney } from "../money.js";
import type { CatalogueEntry } from "./catalogue.js";

/**
 * Cargo Express's catalogue and fleet as the company gave them: what `npm start` and the operators' seeding
 * command store in an empty catalogue (never over an edit). Prices as decimal text, read like any price.
 */
const PRODUCTS: readonly (readonly [id: string, name: string, price: string])[] = [
  ["pk0001", "Moneda", "1.00"],
  ["pk0002", "Estuche para gafas", "8.00"],
  ["pk0003", "Pequeño espejo de bolsillo", "5.00"],
  ["pk0004", "Pendrive", "12.00"],
  ["pk0005", "Tarjeta SIM", "3.00"],
  ["pk0006", "Adaptador de corriente", "10.00"],
  ["pk0007", "Tijeras pequeñas", "4.00"],
  ["pk0008", "Pila de botón", "2.50"],
  ["pk0009", "Goma de borrar", "0.50"],
  ["pk0010", "Clip sujetapapeles", "0.20"],
];

const COURIERS: readonly (readonly [id: string, name: string])[] = [
  ["101", "María López"],
  ["102", "Carlos García"],
  ["103", "Ana Fernández"],
  ["104", "Juan Martínez"],
  ["105", "Laura Sánchez"],
  ["106", "Pedro Gómez"],
  ["107", "Elena Rodríguez"],
  ["108", "Jorge Pérez"],
  ["109", "Sofía Morales"],
  ["110", "Daniel Castillo"],
];

const cents = (text: string): number => {
  const parsed = parseMoney(text);
  if (!parsed.ok) throw new Error(`reference price ${text} does not read: ${parsed.reason}`);
  return parsed.cents;
};

/** The ten products and ten couriers, every one active. */
export const CARGO_EXPRESS_REFERENCE_DATA: readonly CatalogueEntry[] = [
  ...PRODUCTS.map(
    ([id, name, price]): CatalogueEntry => ({
      kind: "product",
      value: { id, name: name.normalize("NFC"), referencePrice: cents(price), active: true },
    }),
  ),
  ...COURIERS.map(
    ([id, name]): CatalogueEntry => ({ kind: "courier", value: { id, name: name.normalize("NFC"), active: true } }),
  ),
];

/** Who the history names as the author of seeded entries. */
export const REFERENCE_DATA_AUTHOR = "reference data (seed)";
