import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { testClient, ACTIVE_GENERATION_KEY } from "@cargo-express/adapters-dynamodb/testing";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { deliverLikeLambda, orderSpecArb, stepArb } from "./support/deliver-like-lambda.js";
import { ProjectorFixture } from "./support/fixture.js";
import { armableFault } from "./support/faults.js";
import { asProjections, expectedProjections, orderFrom } from "./support/orders.js";

describe("exactly-once projection under random redelivery (property)", () => {
  let f: ProjectorFixture;
  let generation = 0;
  beforeAll(async () => {
    f = await ProjectorFixture.create("property");
  });

  it("ends with the projections of the unique orders, whatever the delivery schedule", async () => {
    const faultyClient = testClient({ maxAttempts: 1 });
    const fault = armableFault(faultyClient, "TransactWriteItemsCommand");
    const handler = f.handler();
    const faulty = f.handler({ client: faultyClient });
    const base = Date.UTC(2024, 8, 11, 5);
    let run = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.array(orderSpecArb, { minLength: 1, maxLength: 12 }),
        fc.array(stepArb, { maxLength: 10 }),
        async (specs, steps) => {
          run += 1;
          // Each run projects into a generation of its own, so runs share tables but not state.
          generation += 1;
          await f.client.send(
            new PutCommand({ TableName: f.tables.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation } }),
          );
          const orders = specs.map((spec, i) =>
            orderFrom({
              id: `run${run}-${i}`,
              courier: spec.courier,
              products: spec.products,
              deliveredAtMs: base + spec.hour * 3_600_000 + spec.minute * 60_000,
            }),
          );
          const before = (await f.streamRecords(0)).length;
          await f.place(orders);
          const records = (await f.streamRecords(before + orders.length)).slice(before);

          await deliverLikeLambda(records, steps, handler, faulty, fault);

          expect(asProjections(await f.monitor(orders, generation))).toEqual(expectedProjections(orders));
        },
      ),
      { numRuns: 25, endOnFailure: true },
    );
  }, 180_000);
});
