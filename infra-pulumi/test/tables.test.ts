import { beforeAll, describe, expect, it } from "vitest";
import {
  CATALOG_TABLE_DEFINITION,
  EXPORTS_TABLE_DEFINITION,
  TABLE_DEFINITIONS,
  tableNamesFor,
  type TableDefinition,
} from "@cargo-express/adapters-dynamodb/tables";
import { deployUnderMocks, type MockedDeployment, type RecordedResource } from "./support/mocked-deployment.js";

const TABLE = "aws:dynamodb/table:Table";

/**
 * Reads a deployed table back into the adapters' own vocabulary, so the comparison with TABLE_DEFINITIONS
 * checks keys, attributes, indexes, stream and TTL together, and any drift shows as a diff.
 */
function asDefinition(table: RecordedResource, key: TableDefinition["key"]): Omit<TableDefinition, "purpose"> {
  const inputs = table.inputs;
  return {
    key,
    hashKey: inputs.hashKey,
    ...(inputs.rangeKey === undefined ? {} : { rangeKey: inputs.rangeKey }),
    attributes: inputs.attributes,
    globalSecondaryIndexes: (inputs.globalSecondaryIndexes ?? []).map((index: any) => ({
      name: index.name,
      hashKey: index.keySchemas.find((k: any) => k.keyType === "HASH").attributeName,
      rangeKey: index.keySchemas.find((k: any) => k.keyType === "RANGE").attributeName,
      projection: index.projectionType,
    })),
    ...(inputs.streamEnabled ? { stream: inputs.streamViewType } : {}),
    ...(inputs.ttl?.enabled ? { ttlAttribute: inputs.ttl.attributeName } : {}),
  };
}

describe("DynamoDB tables (dev stage)", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({ stage: "dev" });
  });

  it("creates exactly the tables TABLE_DEFINITIONS defines, named by tableNamesFor, the catalogue's and the export jobs'", () => {
    const names = tableNamesFor("cargo-express-dev");
    expect(
      deployment
        .ofType(TABLE)
        .map((table) => table.inputs.name)
        .sort(),
    ).toEqual([...Object.values(names), "cargo-express-dev-catalog", "cargo-express-dev-exports"].sort());
  });

  it.each(TABLE_DEFINITIONS.map((definition) => [definition.key, definition] as const))(
    "deploys the %s table exactly as defined",
    (key, definition) => {
      const table = deployment.named(TABLE, `${key}-table`);
      const { purpose: _purpose, ...expected } = definition;
      expect(asDefinition(table, key)).toEqual(expected);
      expect(table.inputs.name).toBe(tableNamesFor("cargo-express-dev")[key]);
    },
  );

  it("deploys the catalogue table exactly as defined, under the stage's name", () => {
    const table = deployment.named(TABLE, "catalog-table");
    const { purpose: _purpose, key: _key, ...expected } = CATALOG_TABLE_DEFINITION;
    const { key: _asKey, ...deployed } = asDefinition(table, "orders");
    expect(deployed).toEqual(expected);
    expect(table.inputs.name).toBe("cargo-express-dev-catalog");
  });

  it("deploys the export jobs' table exactly as defined, under the stage's name, with its TTL", () => {
    const table = deployment.named(TABLE, "exports-table");
    const { purpose: _purpose, key: _key, ...expected } = EXPORTS_TABLE_DEFINITION;
    const { key: _asKey, ...deployed } = asDefinition(table, "orders");
    expect(deployed).toEqual(expected);
    expect(table.inputs.name).toBe("cargo-express-dev-exports");
  });

  it("bills on demand, with point-in-time recovery and KMS encryption on every table", () => {
    for (const table of deployment.ofType(TABLE)) {
      expect(table.inputs, table.name).toMatchObject({
        billingMode: "PAY_PER_REQUEST",
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      });
      expect(table.inputs.readCapacity, table.name).toBeUndefined();
    }
  });

  it("streams new and old images from Orders, and from no other table", () => {
    const streaming = deployment.ofType(TABLE).filter((table) => table.inputs.streamEnabled);
    expect(streaming.map((table) => table.inputs.name)).toEqual(["cargo-express-dev-orders"]);
    expect(streaming[0]?.inputs.streamViewType).toBe("NEW_AND_OLD_IMAGES");
  });

  it("turns TTL on where the design uses it and nowhere else", () => {
    const withTtl = Object.fromEntries(
      deployment
        .ofType(TABLE)
        .filter((table) => table.inputs.ttl?.enabled)
        .map((table) => [table.name, table.inputs.ttl.attributeName]),
    );
    expect(withTtl).toEqual(
      Object.fromEntries(
        [...TABLE_DEFINITIONS, EXPORTS_TABLE_DEFINITION]
          .filter((d) => d.ttlAttribute)
          .map((d) => [`${d.key}-table`, d.ttlAttribute]),
      ),
    );
    expect(Object.keys(withTtl).length).toBeGreaterThan(0);
  });

  it("leaves deletion protection off outside prod, so a dev stack can be torn down", () => {
    expect(deployment.ofType(TABLE).map((table) => table.inputs.deletionProtectionEnabled)).toEqual(
      [...TABLE_DEFINITIONS, CATALOG_TABLE_DEFINITION, EXPORTS_TABLE_DEFINITION].map(() => false),
    );
    expect(deployment.named("aws:cognito/userPool:UserPool", "users").inputs.deletionProtection).toBe("INACTIVE");
  });
});

describe("DynamoDB table replacement", () => {
  let tableResourceOptions: typeof import("../src/tables.js").tableResourceOptions;
  beforeAll(async () => {
    await deployUnderMocks();
    // Imported after setMocks, like the program itself.
    ({ tableResourceOptions } = await import("../src/tables.js"));
  });

  it("lets Pulumi replace only the rebuildable read models (delete first, as their names are fixed), never Orders or ProjectorState", () => {
    const opts = { protect: false };
    const replaceable = TABLE_DEFINITIONS.filter(
      (d) => tableResourceOptions(d.key, opts).deleteBeforeReplace === true,
    ).map((d) => d.key);
    expect(replaceable).toEqual(["deliveries"]);
    expect(tableResourceOptions("orders", opts)).toEqual(opts);
    expect(tableResourceOptions("projectorState", opts)).toEqual(opts);
  });

  it("defines neither HourlyDeliveries nor Products (issue 11): the whole read model lives in Deliveries, without an index", () => {
    expect(TABLE_DEFINITIONS.map((d) => d.key)).toEqual(["orders", "deliveries", "projectorState"]);
    expect(TABLE_DEFINITIONS.find((d) => d.key === "deliveries")).toMatchObject({
      hashKey: "delivery_id",
      globalSecondaryIndexes: [],
      ttlAttribute: "expires_at",
    });
    expect(TABLE_DEFINITIONS.find((d) => d.key === "deliveries")?.rangeKey).toBeUndefined();
  });
});

describe("DynamoDB tables (prod stage)", () => {
  it("protects every table and the user pool from deletion", async () => {
    const deployment = await deployUnderMocks({ stage: "prod" });
    const tables = deployment.ofType(TABLE);
    expect(tables).toHaveLength(TABLE_DEFINITIONS.length + 2);
    for (const table of tables) expect(table.inputs.deletionProtectionEnabled, table.name).toBe(true);
    expect(tables.map((table) => table.inputs.name)).toContain("cargo-express-prod-orders");
    expect(deployment.named("aws:cognito/userPool:UserPool", "users").inputs.deletionProtection).toBe("ACTIVE");
  });
});
