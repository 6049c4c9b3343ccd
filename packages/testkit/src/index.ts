export {
  describeOrderRepositoryContract,
  describeProjectionStoreContract,
  orderFrom,
} from "./contracts.js";
export { describeDailyFiguresContract } from "./daily-contract.js";
export { describeOrderLedgerContract } from "./ledger-contract.js";
export { describeOrderRevisionContract } from "./revision-contract.js";
export { describeCatalogueStoreContract } from "./catalogue-contract.js";
export { describeExportJobStoreContract } from "./export-job-contract.js";
export { OrderMother } from "./order-mother.js";
export { commandFrom } from "./order-payload.js";
export {
  catalogue,
  fleet,
  sampleOrder,
} from "./catalogue.js";
