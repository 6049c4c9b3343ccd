import type { Clock } from "@cargo-express/domain";

/** A clock tests set by hand. */
export class FixedClock implements Clock {
  constructor(private epochMs: number) {}
  now(): number {
    return this.epochMs;
  }
  set(epochMs: number): void {
    this.epochMs = epochMs;
  }
  advance(ms: number): void {
    this.epochMs += ms;
  }
}
