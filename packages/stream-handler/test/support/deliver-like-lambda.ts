import type { DynamoDBRecord } from "aws-lambda";
import fc from "fast-check";
import { expect } from "vitest";
import type { ProjectorHandler } from "../../src/index.js";
import { eventOf, sequencesOf } from "./fixture.js";

/** Lambda's event source mapping played by the property tests: its schedules of one shard's batches. */

/** What Lambda's event source mapping may do with the next batch of a shard. */
export type Step =
  | { readonly kind: "deliver"; readonly size: number }
  /** The response is lost: the same batch is delivered again. */
  | { readonly kind: "duplicate"; readonly size: number }
  /** A function error after the writes; BisectBatchOnFunctionError then delivers the halves in order. */
  | { readonly kind: "bisect"; readonly size: number }
  /** Older records are delivered again (at-least-once). */
  | { readonly kind: "replay"; readonly size: number }
  /** A commit fails (DynamoDB unavailable) before or after writing: batchItemFailures decide the restart. */
  | { readonly kind: "fail-commit"; readonly size: number; readonly when: "before" | "after" };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
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

export const orderSpecArb = fc.record({
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
export async function deliverLikeLambda(
  records: readonly DynamoDBRecord[],
  steps: readonly Step[],
  handler: ProjectorHandler,
  faulty: ProjectorHandler,
  fault: { arm(when: "before" | "after"): void; disarm(): void },
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
