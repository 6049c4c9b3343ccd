import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MonitorController, type AppState } from "../../src/controller.js";
import type { Visibility } from "../../src/live.js";
import { SessionStore } from "../../src/session.js";
import { FakeBackend, memoryStorage } from "./fake-backend.js";
import { controllerDependencies } from "./mounted-app.js";

let backend: FakeBackend;
let storage: ReturnType<typeof memoryStorage>;
let states: AppState[];
let controller: MonitorController;
let visible: boolean;
let visibilityListeners: Set<() => void>;

function newController(): MonitorController {
  const visibility: Visibility = {
    isVisible: () => visible,
    onChange: (callback) => {
      visibilityListeners.add(callback);
      return () => visibilityListeners.delete(callback);
    },
  };
  return new MonitorController(
    controllerDependencies({
      store: new SessionStore(storage),
      visibility,
      fetch: backend.fetch,
      onChange: (state) => states.push(state),
    }),
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  backend = new FakeBackend();
  storage = memoryStorage();
  states = [];
  visible = true;
  visibilityListeners = new Set();
  controller = newController();
});
afterEach(() => {
  controller.dispose();
  vi.useRealTimers();
});

const screen = () => controller.state.screen;
const shownOrders = () =>
  screen().name === "dashboard" && screen().name === "dashboard"
    ? (screen() as { report?: { totals: { orders: number } } }).report?.totals.orders
    : undefined;
const everShowedData = () => states.some((s) => s.screen.name === "dashboard" && s.screen.report !== undefined);

describe("MonitorController: signing in", () => {
  it("shows the dashboard with the API's figures after a supervisor signs in, and keeps the session in this tab", async () => {
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(0);
    expect(screen()).toMatchObject({ name: "dashboard", username: "ana", connection: { kind: "ok" } });
    expect(shownOrders()).toBe(1);
    expect(storage.items.size).toBe(1);
  });

  it("answers a wrong password with its message and never shows data", async () => {
    controller.start();
    await controller.signIn("ana", "nope");
    expect(screen()).toEqual({ name: "sign-in", busy: false, notice: "wrongCredentials" });
    expect(everShowedData()).toBe(false);
  });

  it("asks for both fields before calling Cognito", async () => {
    controller.start();
    await controller.signIn("  ", "pw");
    expect(screen()).toEqual({ name: "sign-in", busy: false, notice: "missingFields" });
  });

  it("refuses a user who is not a supervisor, forgets the session and never shows data", async () => {
    controller.start();
    await controller.signIn("pedro", "pw");
    await vi.advanceTimersByTimeAsync(0);
    expect(screen()).toEqual({ name: "sign-in", busy: false, notice: "notSupervisor" });
    expect(everShowedData()).toBe(false);
    expect(storage.items.size).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.monitorRequests).toHaveLength(1);
  });

  it("resumes the session kept in the tab after a reload", async () => {
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(0);
    controller.dispose();
    controller = newController();
    controller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(screen()).toMatchObject({ name: "dashboard", username: "ana" });
    expect(shownOrders()).toBe(1);
  });

  it("signs out: data gone, session forgotten, polling stopped", async () => {
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(0);
    controller.signOut();
    expect(screen()).toEqual({ name: "sign-in", busy: false, notice: "signedOut" });
    expect(storage.items.size).toBe(0);
    const requests = backend.monitorRequests.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.monitorRequests).toHaveLength(requests);
  });
});

describe("MonitorController: live refresh", () => {
  beforeEach(async () => {
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(0);
  });

  it("asks again every 4 s with If-None-Match and counts a 304 as confirmed figures", async () => {
    const firstUpdate = (screen() as { updatedAt: number }).updatedAt;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(backend.monitorRequests.at(-1)).toEqual({ period: "all", ifNoneMatch: '"all-1"', status: 304 });
    expect((screen() as { updatedAt: number }).updatedAt).toBe(firstUpdate + 4_000);
  });

  it("shows new figures at the next refresh", async () => {
    backend.orders = 5;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(shownOrders()).toBe(5);
  });

  it("keeps the last figures and says so while the API is away, and recovers by itself", async () => {
    backend.apiUp = false;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(screen()).toMatchObject({ connection: { kind: "unreachable" } });
    expect(shownOrders()).toBe(1);
    backend.apiUp = true;
    backend.orders = 2;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(screen()).toMatchObject({ connection: { kind: "ok" } });
    expect(shownOrders()).toBe(2);
  });

  it("pauses while the tab is hidden", async () => {
    const before = backend.monitorRequests.length;
    visible = false;
    for (const listener of visibilityListeners) listener();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.monitorRequests).toHaveLength(before);
  });

  it("on a new period drops the old figures at once and asks for the new period without an ETag", async () => {
    controller.setPeriod("today");
    expect(screen()).toMatchObject({ report: undefined, updatedAt: undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.monitorRequests.at(-1)).toEqual({ period: "today", ifNoneMatch: undefined, status: 200 });
    expect(shownOrders()).toBe(1);
  });
});

describe("MonitorController: token renewal and expiry", () => {
  it("renews the access token before it expires, so the API never answers 401", async () => {
    backend.lifetimeSeconds = 20;
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(90_000);
    expect(backend.refreshes.length).toBeGreaterThanOrEqual(5);
    expect(backend.monitorRequests.every((r) => r.status !== 401)).toBe(true);
    expect(screen()).toMatchObject({ name: "dashboard", connection: { kind: "ok" } });
  });

  it("ends the session with a message when the refresh token is refused, dropping the figures", async () => {
    backend.lifetimeSeconds = 20;
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(0);
    backend.refreshAllowed = false;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(screen()).toEqual({ name: "sign-in", busy: false, notice: "sessionExpired" });
    expect(storage.items.size).toBe(0);
  });

  it("renews first when the tab slept past renewal time (timers held back), then reads", async () => {
    backend.lifetimeSeconds = 20;
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(0);
    visible = false;
    for (const listener of visibilityListeners) listener();
    // The clock moves past expiry without the renewal timer having run (a suspended laptop).
    vi.setSystemTime(Date.now() + 120_000);
    visible = true;
    for (const listener of visibilityListeners) listener();
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.monitorRequests.at(-1)?.status).not.toBe(401);
    expect(screen()).toMatchObject({ name: "dashboard", connection: { kind: "ok" } });
  });
});
