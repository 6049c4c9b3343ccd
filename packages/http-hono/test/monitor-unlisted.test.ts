import { createDynamoDbAdapters } from "@cargo-express/adapters-dynamodb";
import { createTestTables, testClient, allTimeKey, META } from "@cargo-express/adapters-dynamodb/testing";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { MonitorReportResponseSchema } from "../src/contract/schemas.js";
import { composeMonitor } from "../src/lambda/compose-monitor.js";
import { GROUPS, silentLogger } from "./support/harness.js";
import { httpApiEvent, lambdaContext } from "./support/http-api-events.js";
import { dynamoDbCatalogueOf, lambdaConfigOn } from "./support/lambda-config.js";
import { accessTokenClaims, createSigningKey, jwksFetcherOf, signRs256 } from "./support/tokens.js";

// Bounded read model: figures beyond the read model's listing caps are counted in the totals and reported as `unlisted`,
// so what the lists show plus what they do not adds up to the totals.

const USER_POOL_ID = "us-east-1_Unlisted";
const CLIENT_ID = "unlisted-client";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const key = createSigningKey("unlisted-key");
const claims = accessTokenClaims({ issuer: ISSUER, clientId: CLIENT_ID, groups: [GROUPS.supervisors] });
const token = signRs256(claims, key);

let tables: Awaited<ReturnType<typeof createTestTables>>;
beforeAll(async () => {
  tables = await createTestTables("unlisted");
  // An all-time item as the projector leaves it once full: one listed courier and product, the rest unlisted.
  await testClient().send(
    new PutCommand({
      TableName: tables.deliveries,
      Item: {
        ...allTimeKey(1, 0),
        O106: 2,
        U106: 3,
        R106: 1_850,
        N106: "0m0yhtps01r9wi7 Pedro Gómez",
        upk0006: 3,
        rpk0006: 1_850,
        npk0006: "0m0yhtps01r9wi7 Adaptador de corriente",
        [META.listedCouriers]: 1,
        [META.listedProducts]: 1,
        [META.version]: 4,
        [META.unlistedOrders]: 5,
        [META.unlistedCourierUnits]: 7,
        [META.unlistedCourierRevenue]: 10_001,
        [META.unlistedProductUnits]: 7,
        [META.unlistedProductRevenue]: 10_001,
      },
    }),
  );
});

describe("GET /monitor with figures beyond the listing caps (DynamoDB Local)", () => {
  it("answers the totals with them, and an unlisted object saying what no list shows", async () => {
    const config = lambdaConfigOn(tables, { userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
    const adapters = createDynamoDbAdapters({ client: testClient(), tables: config.tables });
    const handler = await composeMonitor(config, {
      monitor: adapters.monitor,
      catalogue: await dynamoDbCatalogueOf(config),
      logger: silentLogger(),
      jwksFetcher: jwksFetcherOf(key),
    });
    const response = await handler(
      httpApiEvent({ method: "GET", path: "/monitor", token, claims }),
      lambdaContext("monitor"),
    );
    expect(response.statusCode).toBe(200);
    const body = MonitorReportResponseSchema.parse(JSON.parse(String(response.body)));
    expect(body.totals).toEqual({ orders: 7, units: 10, revenue: "118.51", revenueCents: 11_851 });
    expect(body.unlisted).toEqual({
      couriers: { orders: 5, units: 7, revenue: "100.01", revenueCents: 10_001 },
      products: { units: 7, revenue: "100.01", revenueCents: 10_001 },
    });
    expect(body.couriers.map((c) => c.courierId)).toEqual(["106"]);
    expect(body.products.map((p) => p.productId)).toEqual(["pk0006"]);
  });
});
