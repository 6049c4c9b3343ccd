export { describeOrderRepositoryContract, describeProjectionStoreContract, orderFrom, type ProjectionAdapters } from "./contracts.js";
export { OrderMother, nextOrderId, naiveBogotaTimestamp } from "./order-mother.js";
export { catalogue, fleet, sampleOrder, type CatalogueProduct, type FleetCourier } from "./catalogue.js";
