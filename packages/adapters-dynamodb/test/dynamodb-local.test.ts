import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  startDynamoDbLocal,
} from "../test-support/dynamodb-local.js";

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const tablesAt = async (endpoint: string): Promise<string[]> => {
  const client = new DynamoDBClient({
    endpoint,
    region: DYNAMODB_LOCAL_REGION,
    credentials: DYNAMODB_LOCAL_CREDENTIALS,
  });
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    client.destroy();
  }
};

describe("startDynamoDbLocal", () => {
  it("keeps data in dbPath across a restart, on a free port each time, and leaves no JVM behind", async () => {
    const dbPath = mkdtempSync(join(tmpdir(), "ddb-local-"));
    try {
      const first = await startDynamoDbLocal({ dbPath });
      const client = new DynamoDBClient({
        endpoint: first.endpoint,
        region: DYNAMODB_LOCAL_REGION,
        credentials: DYNAMODB_LOCAL_CREDENTIALS,
      });
      await client.send(
        new CreateTableCommand({
          TableName: "kept",
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        }),
      );
      client.destroy();
      await first.stop();
      expect(isRunning(first.pid)).toBe(false);

      const second = await startDynamoDbLocal({ dbPath });
      try {
        expect(await tablesAt(second.endpoint)).toEqual(["kept"]);
      } finally {
        await second.stop();
      }
      expect(isRunning(second.pid)).toBe(false);
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  }, 90_000);
});
