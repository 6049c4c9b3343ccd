export {
  describeOrderRepositoryContract,
  describeProjectionStoreContract,
  orderFrom,
} from "./contracts.js";
export { OrderMother } from "./order-mother.js";
export { commandFrom } from "./wire.js";
export {
  catalogue,
  fleet,
  sampleOrder,
} from "./catalogue.js";
