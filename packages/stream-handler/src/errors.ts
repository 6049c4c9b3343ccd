/**
 * Kept for the files that still import from here while they move out of this package (issue 12): the one
 * describeError is the platform's, the one isErrorNamed the DynamoDB adapter's.
 */
export { isErrorNamed } from "@cargo-express/adapters-dynamodb";
export { describeError } from "@cargo-express/platform";
