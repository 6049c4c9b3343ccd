import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDbRebuildPorts, orderToItem } from "@cargo-express/adapters-dynamodb";
import { testClient } from "@cargo-express/adapters-dynamodb/testing";
import {
  InMemoryDeadLetters,
  InMemoryGenerations,
  InMemoryMonitorQueries,
  InMemoryProjectionStores,
} from "@cargo-express/adapters-memory";
import {
  type DailyFigures,
  dayOfHour,
  hourBucket,
  type MonitorQueries,
  type Order,
  type OrdersScan,
  type ProjectionStores,
  projectOrders,
  RebuildProjections,
  type RebuildPorts,
  revisionStateOf,
  type StoredOrder,
} from "@cargo-express/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createProjectorHandlerOver, type ProjectorHandler, silentLogger } from "../src/index.js";
import { deliverLikeLambda, orderSpecArb, stepArb } from "./support/deliver-like-lambda.js";
import { armableFault } from "./support/faults.js";
import { ProjectorFixture } from "./support/fixture.js";
import { asProjections, hoursOf, orderFrom, TIME_ZONE } from "./support/orders.js";

/**
 * Voids and corrections through the projector Lambda's handler, on both stores: orders are written to the Orders
 * table of DynamoDB Local (intake's item, then the item of each void or correction, as the write side stores it),
 * the table's stream records (INSERT, and MODIFY with both images) are delivered like Lambda's event source mapping
 * (duplicated, redelivered, bisected, replayed, commits failing before or after they write) to the handler over
 * DynamoDB and to the same handler over the in-memory ports. Whatever the schedule, every figure equals the
 * projection of the orders' final revisions (voided ones left out), to the cent, for every period: all time with
 * its hourly rows, each business day, all the days together, each day's totals; then again after a rebuild from
 * the Orders table, and after everything is delivered once more.
 */

const BASE = Date.UTC(2024, 8, 11, 5);
const deliveredAt = (spec: { hour: number; minute: number }) => BASE + spec.hour * 3_600_000 + spec.minute * 60_000;

/** What a supervisor does next: void an order, correct it, or void it again (answered 200, nothing written). */
const opArb = fc.record({
  kind: fc.constantFrom("void" as const, "correct" as const, "correct" as const, "void-again" as const),
  target: fc.nat(),
  spec: orderSpecArb,
});

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** The write side's model of one run: every order's current revision, and every revision ever stored. */
class Revisions {
  readonly current = new Map<string, StoredOrder>();
  readonly every: Order[] = [];

  created(order: Order): void {
    this.current.set(order.id, {
      order,
      status: "active",
      revision: 1,
      history: [{ revision: 1, action: "created", at: order.receivedAt, by: "courier" }],
    });
    this.every.push(order);
  }

  /** The next revision, or undefined when the write side would change nothing (a voided order stays voided). */
  next(id: string, op: Op, run: number): StoredOrder | undefined {
    const now = this.current.get(id)!;
    if (now.status === "voided") return undefined; // void again: 200, unchanged; correct: 409
    if (op.kind === "void-again") return undefined;
    const revision = now.revision + 1;
    const at = new Date().toISOString();
    const order =
      op.kind === "void"
        ? now.order
        : {
            ...orderFrom({
              id,
              courier: op.spec.courier,
              products: op.spec.products,
              deliveredAtMs: deliveredAt(op.spec),
            }),
            receivedAt: now.order.receivedAt,
          };
    const action = op.kind === "void" ? ("voided" as const) : ("corrected" as const);
    const next: StoredOrder = {
      order,
      status: op.kind === "void" ? "voided" : "active",
      revision,
      history: [...now.history, { revision, action, at, by: "supervisor", reason: `run ${run}: ${action}` }],
    };
    this.current.set(id, next);
    this.every.push(order);
    return next;
  }

  finalActive(): Order[] {
    return [...this.current.values()].filter((s) => s.status === "active").map((s) => s.order);
  }
}

/** The handler over the in-memory ports, one over the same ports whose commits can be made to fail, and the monitor. */
function memoryProjector() {
  const generations = new InMemoryGenerations();
  const stores = new InMemoryProjectionStores();
  const deadLetters = new InMemoryDeadLetters();
  let armed: "before" | "after" | undefined;
  const failing: ProjectionStores = {
    storeFor(generation) {
      const inner = stores.storeFor(generation);
      return {
        fitsOneCommit: (orders) => inner.fitsOneCommit(orders),
        watermark: (partition) => inner.watermark(partition),
        async commit(commit) {
          const when = armed;
          armed = undefined;
          if (when === "before") throw new Error("injected failure before the commit");
          const outcome = await inner.commit(commit);
          if (when === "after") throw new Error("injected failure after the commit (its answer lost)");
          return outcome;
        },
      };
    },
  };
  const settings = { timeZone: TIME_ZONE, logger: silentLogger() };
  return {
    handler: createProjectorHandlerOver({ plan: generations, stores, deadLetters }, settings),
    faulty: createProjectorHandlerOver({ plan: generations, stores: failing, deadLetters }, settings),
    fault: {
      arm: (when: "before" | "after") => {
        armed = when;
      },
      disarm: () => {
        armed = undefined;
      },
    },
    queries: new InMemoryMonitorQueries(generations, stores),
    rebuildPorts: (orders: OrdersScan): RebuildPorts => ({ generations, orders, stores, deadLetters }),
  };
}

const dayOf = (order: Order) => dayOfHour(hourBucket(Date.parse(order.deliveredAt), TIME_ZONE));
const ALL = { topProducts: 1_000, maxCouriers: 1_000 } as const;

/** Every figure the monitor and the daily series read, against the projection of the final revisions. */
async function expectExact(queries: MonitorQueries & DailyFigures, revisions: Revisions, label: string): Promise<void> {
  const active = revisions.finalActive();
  const hours = hoursOf(revisions.every);
  const days = [...new Set(revisions.every.map(dayOf))].sort();
  const expected = projectOrders(active, TIME_ZONE);
  expect(asProjections(await queries.read({ ...ALL, hours })), `${label}: all time`).toEqual(expected);
  const period = await queries.read({ ...ALL, hours: [], days });
  expect({ products: period.products, couriers: period.couriers, totals: period.totals }, `${label}: the days`).toEqual(
    {
      products: expected.products,
      couriers: expected.couriers,
      totals: expected.totals,
    },
  );
  const daily = await queries.totalsByDay(days);
  for (const day of days) {
    const ofDay = projectOrders(
      active.filter((order) => dayOf(order) === day),
      TIME_ZONE,
    );
    const read = await queries.read({ ...ALL, hours: [], days: [day] });
    expect({ products: read.products, couriers: read.couriers, totals: read.totals }, `${label}: ${day}`).toEqual({
      products: ofDay.products,
      couriers: ofDay.couriers,
      totals: ofDay.totals,
    });
    expect(daily.get(day) ?? { orders: 0, units: 0, revenue: 0 }, `${label}: totals of ${day}`).toEqual(ofDay.totals);
  }
}

const rebuild = (ports: RebuildPorts) =>
  new RebuildProjections({
    ports,
    timeZone: TIME_ZONE,
    cutoffMarginMs: 0,
    settleMs: 0,
    segments: 2,
    pageSize: 3,
  }).run();

describe("figures follow voids and corrections exactly (property, DynamoDB Local and memory, through the handler)", () => {
  it("equal the projection of the final revisions for every period, before and after a rebuild", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderSpecArb, { minLength: 1, maxLength: 8 }),
        fc.array(opArb, { maxLength: 10 }),
        fc.array(stepArb, { maxLength: 10 }),
        async (specs, ops, steps) => {
          run += 1;
          const f = await ProjectorFixture.create(`revisions${run}`);
          const revisions = new Revisions();
          const orders = specs.map((spec, i) =>
            orderFrom({
              id: `r${run}-${i}`,
              courier: spec.courier,
              products: spec.products,
              deliveredAtMs: deliveredAt(spec),
            }),
          );
          await f.place(orders);
          for (const order of orders) revisions.created(order);
          let writes = orders.length;
          for (const op of ops) {
            const next = revisions.next(orders[op.target % orders.length]!.id, op, run);
            if (next === undefined) continue;
            await f.client.send(
              new PutCommand({
                TableName: f.tables.orders,
                Item: {
                  ...orderToItem(next.order),
                  status: next.status,
                  revision: next.revision,
                  history: next.history,
                },
              }),
            );
            writes += 1;
          }
          const records = await f.streamRecords(writes);
          expect(records).toHaveLength(writes);

          const faultyClient = testClient({ maxAttempts: 1 });
          const fault = armableFault(faultyClient, "TransactWriteItemsCommand");
          await deliverLikeLambda(records, steps, f.handler(), f.handler({ client: faultyClient }), fault);
          const memory = memoryProjector();
          await deliverLikeLambda(records, steps, memory.handler, memory.faulty, memory.fault);

          await expectExact(f.monitorQueries(), revisions, "DynamoDB");
          await expectExact(memory.queries, revisions, "memory");

          await rebuild(dynamoDbRebuildPorts(f.client, f.tables));
          const scanned: OrdersScan = {
            async *pages(scan) {
              const states = [...revisions.current.values()].filter((_, i) => i % scan.totalSegments === scan.segment);
              yield states.map((stored) => ({ kind: "order" as const, state: revisionStateOf(stored) }));
            },
          };
          await rebuild(memory.rebuildPorts(scanned));
          await expectExact(f.monitorQueries(), revisions, "DynamoDB after a rebuild");
          await expectExact(memory.queries, revisions, "memory after a rebuild");

          // Everything delivered once more after the rebuild: the new generation's cutoff leaves it all out.
          const again = async (handler: ProjectorHandler) => {
            for (let i = 0; i < records.length; i += 5)
              await deliverLikeLambda(records.slice(i, i + 5), [], handler, handler, fault);
          };
          await again(f.handler());
          await again(memory.handler);
          await expectExact(f.monitorQueries(), revisions, "DynamoDB after a redelivery");
          await expectExact(memory.queries, revisions, "memory after a redelivery");
        },
      ),
      { numRuns: 20, endOnFailure: true },
    );
  }, 300_000);
});
