import { describe, expect, it } from "vitest";
import type { AuthTokens } from "../../src/cognito.js";
import { isExpired, renewalDelay, renewalDue, renewAt, SessionStore } from "../../src/session.js";

const tokens = (issuedAt: number, lifetimeSeconds: number, refreshToken = "r"): AuthTokens => ({
  accessToken: "a",
  refreshToken,
  issuedAt,
  expiresAt: issuedAt + lifetimeSeconds * 1000,
});

describe("when to renew the access token", () => {
  it("renews a Cognito hour-long token five minutes before it expires", () => {
    expect(renewAt(tokens(0, 3600))).toBe(55 * 60_000);
  });

  it("renews a short-lived token a quarter of its lifetime early", () => {
    expect(renewAt(tokens(1_000, 8))).toBe(1_000 + 6_000);
  });

  it("counts down to renewal and is due from then on", () => {
    const t = tokens(0, 3600);
    expect(renewalDelay(t, 50 * 60_000)).toBe(5 * 60_000);
    expect(renewalDue(t, 55 * 60_000 - 1)).toBe(false);
    expect(renewalDue(t, 55 * 60_000)).toBe(true);
    expect(renewalDelay(t, 59 * 60_000)).toBe(0);
  });

  it("knows an expired token", () => {
    expect(isExpired(tokens(0, 10), 9_999)).toBe(false);
    expect(isExpired(tokens(0, 10), 10_000)).toBe(true);
  });
});

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}

describe("SessionStore (sessionStorage)", () => {
  it("keeps a session for this tab and gives it back", () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    store.save({ username: "ana", tokens: tokens(0, 3600) });
    expect(store.load(1_000)).toEqual({ username: "ana", tokens: tokens(0, 3600) });
    store.clear();
    expect(store.load(1_000)).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it("gives back a session whose access token expired while it can still be renewed", () => {
    const store = new SessionStore(memoryStorage());
    store.save({ username: "ana", tokens: tokens(0, 10) });
    expect(store.load(60_000)?.username).toBe("ana");
  });

  it("ignores damaged or foreign content", () => {
    const storage = memoryStorage();
    storage.setItem("cargo-express.monitor.session", "{not json");
    expect(new SessionStore(storage).load(0)).toBeUndefined();
    storage.setItem("cargo-express.monitor.session", JSON.stringify({ username: "ana", tokens: { accessToken: 1 } }));
    expect(new SessionStore(storage).load(0)).toBeUndefined();
  });
});
