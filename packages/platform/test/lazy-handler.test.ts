import { describe, expect, it } from "vitest";
import { lazyHandler } from "../src/lazy-handler.js";

describe("lazyHandler", () => {
  it("builds nothing until the first invocation, then builds once and passes every invocation on", async () => {
    const calls: string[] = [];
    let builds = 0;
    const handler = lazyHandler(async () => {
      builds += 1;
      return async (event: string, context: { id: number }) => {
        calls.push(`${event}#${context.id}`);
        return event.length;
      };
    });
    expect(builds).toBe(0);
    expect(await handler("first", { id: 1 })).toBe(5);
    expect(await handler("second", { id: 2 })).toBe(6);
    expect(builds).toBe(1);
    expect(calls).toEqual(["first#1", "second#2"]);
  });

  it("lets invocations that arrive during the build wait for that same build", async () => {
    let builds = 0;
    let finish: (() => void) | undefined;
    const handler = lazyHandler(async () => {
      builds += 1;
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return async (n: number) => n * 2;
    });
    const pending = [handler(1), handler(2), handler(3)];
    await Promise.resolve();
    expect(builds).toBe(1);
    finish?.();
    expect(await Promise.all(pending)).toEqual([2, 4, 6]);
    expect(builds).toBe(1);
  });

  it("fails every invocation with the error of a failed build, without building again", async () => {
    let builds = 0;
    const handler = lazyHandler<[], string>(() => {
      builds += 1;
      // Thrown before any await: still the build's failure, kept like an asynchronous one.
      throw new Error("invalid Lambda configuration: ORDERS_TABLE: ORDERS_TABLE is required");
    });
    await expect(handler()).rejects.toThrow(/ORDERS_TABLE is required/);
    await expect(handler()).rejects.toThrow(/ORDERS_TABLE is required/);
    expect(builds).toBe(1);
  });
});
