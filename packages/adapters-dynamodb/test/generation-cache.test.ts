import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { DependencyUnavailableError } from "@cargo-express/domain";
import { createTestTables, injectFault, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { describe, expect, it } from "vitest";
import { GenerationCache } from "../src/generations/generation-cache.js";
import { ACTIVE_GENERATION_KEY } from "../src/keys.js";

describe("GenerationCache (the one cache of what a process knows about the generations)", () => {
  it("shares one read between concurrent callers, reuses it while younger than its lifetime, and reads again at it", async () => {
    const tables = await createTestTables("generation-cache-unit");
    const client = testClient({});
    const clock = { at: 0, now: () => clock.at }; // a clock starting at 0 counts like any other
    const cache = new GenerationCache({
      client,
      projectorStateTable: tables.projectorState,
      reads: "active",
      clock,
      cacheMs: 1_000,
    });
    const recorder = recordRequests(client);
    const known = await Promise.all([cache.known(), cache.known(), cache.known()]);
    expect(known.map((k) => k.active.generation)).toEqual([1, 1, 1]);
    expect(recorder.requests.map((r) => r.command)).toEqual(["GetItemCommand"]);

    await client.send(
      new PutCommand({ TableName: tables.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation: 2 } }),
    );
    clock.at = 999;
    expect((await cache.known()).active.generation).toBe(1);
    clock.at = 1_000;
    expect((await cache.known()).active.generation).toBe(2);
    expect(recorder.requests.filter((r) => r.command === "GetItemCommand")).toHaveLength(2);
  });

  it("does not keep a failed read: the next call reads again", async () => {
    const tables = await createTestTables("generation-cache-failure");
    const client = testClient({ maxAttempts: 1 });
    const cache = new GenerationCache({ client, projectorStateTable: tables.projectorState, reads: "all" });
    const fault = injectFault(client, { commands: ["QueryCommand"], fault: "server-error" });
    await expect(cache.known()).rejects.toBeInstanceOf(DependencyUnavailableError);
    fault.restore();
    expect(await cache.known()).toEqual({ active: { generation: 1 }, activeStored: false, lastAllocated: 1 });
  });
});
