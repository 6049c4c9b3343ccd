export {
  describeOrderRepositoryContract,
  describeProjectionStoreContract,
  orderFrom,
  type ProjectionAdapters,
} from "./contracts.js";
export { OrderMother, nextOrderId } from "./order-mother.js";
export { commandFrom, type OrderPayload } from "./wire.js";
export {
  catalogue,
  fleet,
  sampleOrder,
  naiveBogotaTimestamp,
  randomOrderPayload,
  type CatalogueProduct,
  type FleetCourier,
} from "./catalogue.js";
