import { describe, expect, it } from "vitest";
import { DependencyUnavailableError, systemClock } from "../src/index.js";

describe("the system clock", () => {
  it("reads the machine's time in epoch milliseconds", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("DependencyUnavailableError", () => {
  it("is recognisable by name and says when to retry (1 second unless told)", () => {
    const cause = new Error("throttled");
    const error = new DependencyUnavailableError("orders table unavailable", undefined, { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DependencyUnavailableError");
    expect(error.message).toBe("orders table unavailable");
    expect(error.retryAfterSeconds).toBe(1);
    expect(error.cause).toBe(cause);
    expect(new DependencyUnavailableError("x", 7).retryAfterSeconds).toBe(7);
  });
});
