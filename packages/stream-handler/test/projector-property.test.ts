import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { testClient, ACTIVE_GENERATION_KEY } from "@cargo-express/adapters-dynamodb/testing";
import type { DynamoDBRecord } from "aws-lambda";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectorHandler } from "../src/index.js";
import { eventOf, ProjectorFixture, sequencesOf } from "./support/fixture.js";
import { armableFault } from "./support/faults.js";
import { asProjections, expectedProjections, orderFrom } from "./support/orders.js";

/** What Lambda's event source mapping may do with the next batch of a shard. */
type Step =
  | { readonly kind: "deliver"; readonly size: number }
  /** The response is lost: the same batch is delivered again. */
  | { readonly kind: "duplicate"; readonly size: number }
  /** A function error after the writes; BisectBatchOnFunctionError then delivers the halves in order. */
  | { readonly kind: "bisect"; readonly size: number }
  /** Older records are delivered again (at-least-once). */
  | { readonly kind: "replay"; readonly size: number }
  /** A commit fails (DynamoDB unavailable) before or after writing: batchItemFailures decide the restart. */
  | { readonly kind: "fail-commit"; readonly size: number; readonly when: "before" | "after" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("deliver" as const), size: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), size: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("bisect" as const), size: fc.integer({ min: 2, max: 8 }) }),
  fc.record({ kind: fc.constant("replay" as const), size: fc.integer({ min: 1, max: 6 }) }),
  fc.record({
    kind: fc.constant("fail-commit" as const),
    size: fc.integer({ min: 1, max: 8 }),
    when: fc.constantFrom("before" as const, "after" as const),
  }),
);

const orderSpecArb = fc.record({
  courier: fc.nat(9),
  products: fc.array(fc.nat(9), { minLength: 1, maxLength: 4 }),
  hour: fc.nat(30),
  minute: fc.nat(59),
});

/** Index in `batch` of the lowest reported record, or the batch length when none failed. */
function resumeIndex(batch: readonly DynamoDBRecord[], failures: readonly { itemIdentifier: string }[]): number {
  if (failures.length === 0) return batch.length;
  // biome-ignore lint/complexity/useMathMinMax: BigInt sequence numbers; Math.min throws on a BigInt.
  const lowest = failures.map((f) => BigInt(f.itemIdentifier)).reduce((a, b) => (b < a ? b : a));
  const index = sequencesOf(batch).findIndex((sequence) => BigInt(sequence) === lowest);
  expect(index).toBeGreaterThanOrEqual(0);
  // The report is a suffix: the first failing record and every later one.
  expect(failures.map((f) => f.itemIdentifier)).toEqual(sequencesOf(batch).slice(index));
  return index;
}

/** Plays the steps like Lambda's event source mapping (one batch at a time, restarts from the lowest failure), then drains the rest. */
async function deliverLikeLambda(
  records: readonly DynamoDBRecord[],
  steps: readonly Step[],
  handler: ProjectorHandler,
  faulty: ProjectorHandler,
  fault: ReturnType<typeof armableFault>,
) {
  let position = 0;
  // Lambda never invokes with an empty batch of records (only a window's final invocation has none).
  const run = async (h: ProjectorHandler, batch: readonly DynamoDBRecord[]) =>
    batch.length === 0 ? 0 : resumeIndex(batch, (await h(eventOf(batch))).batchItemFailures);
  for (const step of steps) {
    if (position >= records.length) break;
    const batch = records.slice(position, position + step.size);
    switch (step.kind) {
      case "deliver":
        position += await run(handler, batch);
        break;
      case "duplicate":
        await run(handler, batch);
        position += await run(handler, batch);
        break;
      case "bisect": {
        await handler(eventOf(batch)); // its writes commit, then the function "errors"
        const half = Math.ceil(batch.length / 2);
        const first = await run(handler, batch.slice(0, half));
        position += first < half ? first : half + (await run(handler, batch.slice(half)));
        break;
      }
      case "replay":
        await run(handler, records.slice(Math.max(0, position - step.size), position));
        break;
      case "fail-commit":
        fault.arm(step.when);
        position += await run(faulty, batch);
        fault.disarm();
        break;
    }
  }
  while (position < records.length) position += await run(handler, records.slice(position, position + 10));
}

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
