import { createDynamoDbAdapters, readStoredNumber } from "@cargo-express/adapters-dynamodb";
import { createTestTables, testClient, allTimeKey, courierShardOf } from "@cargo-express/adapters-dynamodb/testing";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { composeMonitor } from "../src/lambda/compose-monitor.js";
import { GROUPS, silentLogger } from "./support/harness.js";
import { httpApiEvent, lambdaContext } from "./support/http-api-events.js";
import { dynamoDbCatalogueOf, lambdaConfigOn } from "./support/lambda-config.js";
import { accessTokenClaims, createSigningKey, jwksFetcherOf, signRs256 } from "./support/tokens.js";

// Exact money at any size: a counter stored beyond 2^53 cents (the old uncapped intake let ~9,000 orders get there) must not
// make the monitor answer 500, as it did when the adapter refused the SDK's BigInt.

const USER_POOL_ID = "us-east-1_BigPool";
const CLIENT_ID = "big-client";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const key = createSigningKey("big-key");
const jwksFetcher = jwksFetcherOf(key);
const claims = accessTokenClaims({ issuer: ISSUER, clientId: CLIENT_ID, groups: [GROUPS.supervisors] });
const token = signRs256(claims, key);

/** 2^53 + 1 cents: the first whole number a double cannot hold; the nearest double is 2^53. */
const PAST_2_53 = 9_007_199_254_740_993n;

let tables: Awaited<ReturnType<typeof createTestTables>>;
beforeAll(async () => {
  tables = await createTestTables("big-counters");
  // The courier's all-time item (docs/data-model.md) as the projector would have left it after such orders.
  await testClient().send(
    new PutCommand({
      TableName: tables.deliveries,
      Item: {
        ...allTimeKey(1, courierShardOf("106")),
        O106: 9_000,
        U106: 9_000,
        R106: PAST_2_53,
        N106: "0m0yhtps01r9wi7 Pedro Gómez",
        _c: 1,
        _v: 1,
      },
    }),
  );
});

async function monitor() {
  const config = lambdaConfigOn(tables, { userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
  const adapters = createDynamoDbAdapters({ client: testClient(), tables: config.tables });
  const catalogue = await dynamoDbCatalogueOf(config);
  return composeMonitor(config, { monitor: adapters.monitor, catalogue, logger: silentLogger(), jwksFetcher });
}

describe("a counter beyond 2^53 cents in DynamoDB (Local)", () => {
  it("is read digit for digit by the adapters' client", () => {
    expect(readStoredNumber("9007199254740993")).toBe(PAST_2_53);
    expect(readStoredNumber("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(readStoredNumber("1850")).toBe(1850);
  });

  it("leaves the monitor answering 200, the revenue string the counter's nearest double written out in full", async () => {
    const handler = await monitor();
    const response = await handler(
      httpApiEvent({ method: "GET", path: "/monitor", token, claims }),
      lambdaContext("monitor"),
    );
    expect(response.statusCode).toBe(200);
    // Not MonitorReportResponseSchema: revenueCents is past the safe-integer range the schema promises.
    const body = JSON.parse(String(response.body)) as {
      totals: { revenue: string; revenueCents: number };
      couriers: unknown[];
    };
    // 2^53 = 9,007,199,254,740,992 cents: one cent from the stored 2^53 + 1 (see the adapters-dynamodb README).
    expect(body.totals.revenue).toBe("90071992547409.92");
    expect(body.couriers).toEqual([
      {
        courierId: "106",
        courierName: "Pedro Gómez",
        productsDelivered: 9_000,
        ordersDelivered: 9_000,
        revenue: "90071992547409.92",
        revenueCents: 2 ** 53,
        // The catalogue is empty here; the stamp beside the name says when the latest order was received.
        inCatalog: false,
        lastDeliveryAt: "2024-09-11T23:30:00.000Z",
      },
    ]);
  });
});
