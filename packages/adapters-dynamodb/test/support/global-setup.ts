import type { TestProject } from "vitest/node";
import type {} from "./provided-context.js";
import { startDynamoDbLocal } from "../../src/local/dynamodb-local.js";

/**
 * Vitest global setup (declared in the root vitest.config.ts): one in-memory DynamoDB Local for the
 * whole run, on a free port, shared by every project through `inject("dynamodbEndpoint")`; each test
 * file creates its own tables. Stopped at teardown, so nothing is left running.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startDynamoDbLocal();
  project.provide("dynamodbEndpoint", local.endpoint);
  return () => local.stop();
}
