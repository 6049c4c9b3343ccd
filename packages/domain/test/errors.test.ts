import { describe, expect, it } from "vitest";
import { DependencyUnavailableError, PermanentFailureError } from "../src/index.js";

describe("typed errors adapters throw", () => {
  it("PermanentFailureError is recognisable by class and name, keeps its cause, and is not an unavailability", () => {
    const cause = new Error("Item size to update has exceeded the maximum allowed size");
    const error = new PermanentFailureError("DynamoDB refused commit projections: item too large", { cause });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("PermanentFailureError");
    expect(error.message).toBe("DynamoDB refused commit projections: item too large");
    expect(error.cause).toBe(cause);
    expect(error).not.toBeInstanceOf(DependencyUnavailableError);
    expect(new DependencyUnavailableError("throttled", 2)).not.toBeInstanceOf(PermanentFailureError);
  });
});
