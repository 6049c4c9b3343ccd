import { DependencyUnavailableError, type MonitorQueries } from "@cargo-express/domain";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AnswerCache } from "../src/http/answer-cache.js";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

const totalOrders = async (response: Response) =>
  ((await response.json()) as { totals: { orders: number } }).totals.orders;

async function post(app: ReturnType<typeof buildApp>["app"]) {
  const response = await app.request("/orders", {
    method: "POST",
    headers: jsonHeaders(ids.courier),
    body: JSON.stringify(OrderMother.random()),
  });
  expect(response.status).toBe(201);
}

describe("GET /monitor's shared answers (monitorCacheMs)", () => {
  it("builds one report for concurrent polls of the same query, and a new one after monitorCacheMs", async () => {
    // The cache's clock is performance.now(): faked, so a slow machine cannot stretch the lifetime under test.
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      let reads = 0;
      const harness = buildApp({
        verifier: ids.verifier,
        monitorCacheMs: 150,
        monitor: (store): MonitorQueries => ({
          read: (q) => {
            reads += 1;
            return store.read(q);
          },
        }),
      });
      await post(harness.app);
      await harness.project();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => harness.app.request("/monitor", { headers: bearer(ids.supervisor) })),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(reads).toBe(1);
      expect(new Set(answers.map((a) => a.headers.get("etag"))).size).toBe(1);

      // Within the lifetime the answer may be behind the projections by at most monitorCacheMs ...
      await post(harness.app);
      await harness.project();
      vi.advanceTimersByTime(149);
      expect(await totalOrders(await harness.app.request("/monitor", { headers: bearer(ids.supervisor) }))).toBe(1);
      // ... and no more.
      vi.advanceTimersByTime(1);
      expect(await totalOrders(await harness.app.request("/monitor", { headers: bearer(ids.supervisor) }))).toBe(2);
      expect(reads).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps answers per query, checks sign-in and group on every request, and answers 304 from a shared answer", async () => {
    const harness = buildApp({ verifier: ids.verifier, monitorCacheMs: 60_000 });
    await post(harness.app);
    await harness.project();
    const all = await harness.app.request("/monitor", { headers: bearer(ids.supervisor) });
    const today = await harness.app.request("/monitor?period=today", { headers: bearer(ids.supervisor) });
    expect(((await today.json()) as { period: { name: string } }).period.name).toBe("today");
    expect(((await all.json()) as { period: { name: string } }).period.name).toBe("all");

    await expectProblem(await harness.app.request("/monitor"), 401, "unauthenticated");
    await expectProblem(await harness.app.request("/monitor", { headers: bearer(ids.dispatcher) }), 403, "forbidden");
    await expectProblem(
      await harness.app.request("/monitor", {
        headers: { ...bearer(ids.dispatcher), "if-none-match": all.headers.get("etag")! },
      }),
      403,
      "forbidden",
    );

    const notModified = await harness.app.request("/monitor", {
      headers: { ...bearer(ids.supervisor), "if-none-match": all.headers.get("etag")! },
    });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect(notModified.headers.get("cache-control")).toBe("private, no-cache");
    // An invalid query is a 400 whatever is cached.
    await expectProblem(
      await harness.app.request("/monitor?top=0", { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
  });

  it("does not keep a failure: the next request reads again", async () => {
    let fail = true;
    const harness = buildApp({
      verifier: ids.verifier,
      monitorCacheMs: 60_000,
      monitor: (store): MonitorQueries => ({
        read: async (q) => {
          if (fail) throw new DependencyUnavailableError("down", 1);
          return store.read(q);
        },
      }),
    });
    await expectProblem(
      await harness.app.request("/monitor", { headers: bearer(ids.supervisor) }),
      503,
      "dependency-unavailable",
    );
    fail = false;
    expect((await harness.app.request("/monitor", { headers: bearer(ids.supervisor) })).status).toBe(200);
  });
});

describe("AnswerCache", () => {
  it("is bounded, oldest key first", async () => {
    const cache = new AnswerCache<number>(60_000, 2);
    const build = vi.fn(async () => 1);
    await cache.get("a", build);
    await cache.get("b", build);
    await cache.get("c", build);
    expect(cache.size).toBe(2);
    await cache.get("a", build);
    expect(build).toHaveBeenCalledTimes(4);
  });
});
