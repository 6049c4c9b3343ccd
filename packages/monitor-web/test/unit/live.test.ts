import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LivePoller, type Visibility } from "../../src/live.js";

function fakeVisibility(initiallyVisible = true) {
  let visible = initiallyVisible;
  const listeners = new Set<() => void>();
  const visibility: Visibility = {
    isVisible: () => visible,
    onChange: (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
  };
  return {
    visibility,
    set(value: boolean) {
      visible = value;
      for (const listener of listeners) listener();
    },
    listeners,
  };
}

const timers = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("LivePoller: refresh while visible, pause while hidden", () => {
  it("polls at once, then every interval", async () => {
    const poll = vi.fn(async () => undefined);
    const poller = new LivePoller(poll, 4_000, timers, fakeVisibility().visibility);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(poll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(poll).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(poll).toHaveBeenCalledTimes(4);
    poller.stop();
  });

  it("makes no request while the tab is hidden and polls as soon as it shows again", async () => {
    const poll = vi.fn(async () => undefined);
    const page = fakeVisibility();
    const poller = new LivePoller(poll, 4_000, timers, page.visibility);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    page.set(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).toHaveBeenCalledTimes(1);
    page.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it("does not start polling in a tab opened in the background until it is shown", async () => {
    const poll = vi.fn(async () => undefined);
    const page = fakeVisibility(false);
    const poller = new LivePoller(poll, 4_000, timers, page.visibility);
    poller.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(poll).not.toHaveBeenCalled();
    page.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(1);
    poller.stop();
  });

  it("never overlaps polls: the next waits for a slow answer", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const poll = vi.fn(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 10_000));
      inFlight -= 1;
    });
    const poller = new LivePoller(poll, 4_000, timers, fakeVisibility().visibility);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    poller.pollNow();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(maxInFlight).toBe(1);
    expect(poll).toHaveBeenCalledTimes(3); // 0-10 s, 14-24 s, 28-38 s
    poller.stop();
  });

  it("keeps polling after a failed poll, so it recovers by itself", async () => {
    let calls = 0;
    const poll = vi.fn(async () => {
      calls += 1;
      if (calls <= 2) throw new Error("API away");
    });
    const poller = new LivePoller(poll, 4_000, timers, fakeVisibility().visibility);
    poller.start();
    await vi.advanceTimersByTimeAsync(8_000);
    expect(poll).toHaveBeenCalledTimes(3);
    poller.stop();
  });

  it("stops for good: no timer and no visibility listener left", async () => {
    const poll = vi.fn(async () => undefined);
    const page = fakeVisibility();
    const poller = new LivePoller(poll, 4_000, timers, page.visibility);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    poller.stop();
    expect(page.listeners.size).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("LivePoller: a change announced while a poll is under way", () => {
  it("polls once more right after the running poll, so the change is not missed", async () => {
    let release: (() => void) | undefined;
    const started: number[] = [];
    const poller = new LivePoller(
      () =>
        new Promise<void>((resolve) => {
          started.push(Date.now());
          release = resolve;
        }),
      undefined,
      timers,
      fakeVisibility().visibility,
    );
    poller.start();
    expect(started).toHaveLength(1);
    poller.pollNow();
    poller.pollNow();
    expect(started).toHaveLength(1);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(2);
    release!();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(started).toHaveLength(2);
    poller.stop();
  });
});
