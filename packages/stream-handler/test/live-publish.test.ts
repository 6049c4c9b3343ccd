import { describe, expect, it } from "vitest";
import type { Logger } from "@aws-lambda-powertools/logger";
import { FiguresChangedNotice, LIVE_PUBLISH_FAILURE_METRIC, type LivePublisher } from "../src/index.js";
import { eventOf, ProjectorFixture } from "./support/fixture.js";
import { asProjections, expectedProjections, someOrders } from "./support/orders.js";
import { silentLogger } from "../src/index.js";

/** A logger that keeps its warnings (the notice logs a failed publish as one). */
function warningsLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger = silentLogger();
  logger.warn = ((message: string) => void warnings.push(message)) as Logger["warn"];
  return { logger, warnings };
}

describe("the projector tells the web apps after each commit (DynamoDB Local, real stream records)", () => {
  it("publishes once per batch that changed the figures, after its commit: what the monitor reads then counts the batch", async () => {
    const f = await ProjectorFixture.create("live-after");
    const orders = someOrders(3);
    await f.place(orders);
    const records = await f.streamRecords(3);
    const seen: unknown[] = [];
    const publisher: LivePublisher = {
      async publish(event) {
        // At publish time the batch is committed: the monitor already counts every order of it.
        seen.push({ event: event.kind, figures: asProjections(await f.monitor(orders)) });
      },
    };
    const handler = f.handler({
      liveNotice: () => new FiguresChangedNotice({ publisher, timeoutMs: 2000, logger: silentLogger() }),
    });

    expect(await handler(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });
    expect(seen).toEqual([{ event: "figures-changed", figures: expectedProjections(orders) }]);

    // The same batch again changes nothing: nobody is told.
    expect(await handler(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });
    expect(seen).toHaveLength(1);
  });

  it("a publish that fails is logged and counted, and the batch still succeeds", async () => {
    const f = await ProjectorFixture.create("live-fails");
    const orders = someOrders(2);
    await f.place(orders);
    const records = await f.streamRecords(2);
    const { logger, warnings } = warningsLogger();
    const lines: string[] = [];
    const publisher: LivePublisher = {
      publish: async () => {
        throw new Error("the Event API answered 401");
      },
    };
    const notice = new FiguresChangedNotice({
      publisher,
      timeoutMs: 2000,
      logger,
      functionName: "cargo-express-dev-stream-projector",
      write: (line) => void lines.push(line),
    });

    expect(await f.handler({ liveNotice: () => notice })(eventOf(records))).toEqual({
      batchItemFailures: [],
      state: {},
    });
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
    expect(warnings).toEqual(["live publish failed: open web apps learn of the change by polling"]);
    expect(lines).toHaveLength(1);
    const metric = JSON.parse(lines[0]!) as Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } };
    expect(metric._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: LIVE_PUBLISH_FAILURE_METRIC.namespace,
        Dimensions: [[LIVE_PUBLISH_FAILURE_METRIC.dimension]],
        Metrics: [{ Name: LIVE_PUBLISH_FAILURE_METRIC.name, Unit: "Count" }],
      },
    ]);
    expect(metric[LIVE_PUBLISH_FAILURE_METRIC.name]).toBe(1);
  });

  it("a publish that hangs is abandoned at its time bound: the batch answers, the publish is counted as failed", async () => {
    const f = await ProjectorFixture.create("live-hangs");
    const orders = someOrders(1);
    await f.place(orders);
    const records = await f.streamRecords(1);
    let aborted = false;
    const publisher: LivePublisher = {
      publish: (_event, signal) =>
        new Promise<void>(() => {
          signal.addEventListener("abort", () => (aborted = true));
        }),
    };
    const { logger, warnings } = warningsLogger();
    const lines: string[] = [];
    const notice = new FiguresChangedNotice({ publisher, timeoutMs: 200, logger, write: (l) => void lines.push(l) });

    const started = performance.now();
    expect(await f.handler({ liveNotice: () => notice })(eventOf(records))).toEqual({
      batchItemFailures: [],
      state: {},
    });
    const publishMs = performance.now() - started;
    expect(aborted).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(lines).toHaveLength(1);
    // The whole invocation, DynamoDB included, is far under a hung publish's "forever".
    expect(publishMs).toBeLessThan(10_000);
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });
});
