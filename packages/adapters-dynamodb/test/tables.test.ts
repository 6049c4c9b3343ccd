import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
} from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { testClient } from "@cargo-express/adapters-dynamodb/testing";
import { describe, expect, it } from "vitest";
import {
  deleteTables,
  ensureTables,
  TABLE_DEFINITIONS,
  tableNamesFor,
  tableNamesFromEnv,
  TableNamesSchema,
} from "../src/index.js";

const uniqueNames = (label: string) => tableNamesFor(`${label}-${randomUUID().slice(0, 8)}`);

describe("ensureTables", () => {
  it("creates every table on demand with its keys, indexes, stream and TTL, and is safe to run again", async () => {
    const client = testClient();
    const names = uniqueNames("ensure");
    await ensureTables(client, names);
    await ensureTables(client, names);

    for (const definition of TABLE_DEFINITIONS) {
      const { Table: table } = await client.send(new DescribeTableCommand({ TableName: names[definition.key] }));
      expect(table?.TableStatus).toBe("ACTIVE");
      expect(table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
      expect(table?.KeySchema?.map((k) => k.AttributeName)).toEqual([
        definition.hashKey,
        ...(definition.rangeKey ? [definition.rangeKey] : []),
      ]);
      // DynamoDB lists a table's indexes in no particular order.
      expect((table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
        definition.globalSecondaryIndexes.map((i) => i.name).sort(),
      );
      expect(table?.StreamSpecification?.StreamViewType).toBe(definition.stream);
      const { TimeToLiveDescription: ttl } = await client.send(
        new DescribeTimeToLiveCommand({ TableName: names[definition.key] }),
      );
      expect(ttl?.TimeToLiveStatus === "ENABLED" ? ttl.AttributeName : undefined).toBe(definition.ttlAttribute);
    }
  });

  it("refuses to use an existing table whose key differs from its definition", async () => {
    const client = testClient();
    const names = uniqueNames("mismatch");
    await client.send(
      new CreateTableCommand({
        TableName: names.projectorState,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
    await expect(ensureTables(client, names)).rejects.toThrow(
      /does not match its definition \(projectorState\): key is id:HASH, expected pk:HASH,sk:RANGE/,
    );
  });

  it("refuses a Deliveries table of the earlier layout (courier id + generation, by_revenue index) and says why", async () => {
    const client = testClient();
    const names = uniqueNames("old-deliveries");
    await client.send(
      new CreateTableCommand({
        TableName: names.deliveries,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "delivery_id", AttributeType: "S" },
          { AttributeName: "generation", AttributeType: "N" },
        ],
        KeySchema: [
          { AttributeName: "delivery_id", KeyType: "HASH" },
          { AttributeName: "generation", KeyType: "RANGE" },
        ],
      }),
    );
    await expect(ensureTables(client, names)).rejects.toThrow(
      /\(deliveries\): key is delivery_id:HASH,generation:RANGE, expected delivery_id:HASH\. Tables are created, never migrated/,
    );
  });

  it("deleteTables removes every table and tolerates missing ones", async () => {
    const client = testClient();
    const names = uniqueNames("delete");
    await ensureTables(client, names);
    await deleteTables(client, names);
    await deleteTables(client, names);
    const { TableNames: left = [] } = await client.send(new ListTablesCommand({}));
    expect(left.filter((name) => Object.values(names).includes(name))).toEqual([]);
  });
});

describe("tableNamesFromEnv", () => {
  const env = {
    ORDERS_TABLE: "ce-dev-orders",
    DELIVERIES_TABLE: "ce-dev-deliveries",
    PROJECTOR_STATE_TABLE: "ce-dev-projector-state",
  };

  it("reads every table name", () => {
    expect(tableNamesFromEnv(env)).toEqual({
      orders: "ce-dev-orders",
      deliveries: "ce-dev-deliveries",
      projectorState: "ce-dev-projector-state",
    });
  });

  it("names every missing variable", () => {
    expect(() => tableNamesFromEnv({ ...env, DELIVERIES_TABLE: undefined, ORDERS_TABLE: "" })).toThrow(
      "missing DynamoDB table name: set ORDERS_TABLE, DELIVERIES_TABLE",
    );
  });

  it("names the variable holding an invalid table name", () => {
    expect(() => tableNamesFromEnv({ ...env, DELIVERIES_TABLE: "no spaces allowed" })).toThrow(
      /DELIVERIES_TABLE must be a DynamoDB table name \(3-255 letters, digits, _ . -\)/,
    );
  });

  it("TableNamesSchema accepts the names tableNamesFor builds", () => {
    expect(TableNamesSchema.parse(tableNamesFor("cargo-express-prod"))).toEqual(tableNamesFor("cargo-express-prod"));
  });
});
