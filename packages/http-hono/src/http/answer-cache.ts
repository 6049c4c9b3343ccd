/**
 * A short-lived, bounded cache of built answers with single flight: requests for the same key while an answer
 * is being built wait for that one build, and a built answer is reused for `ttlMs` from when its build started
 * (so it is at most `ttlMs` plus one build older than the data it was built from). A build that fails is never
 * kept: the next request builds again. At most `maxEntries` keys; the oldest goes first.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { readonly startedAt: number; readonly answer: Promise<T> }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 64,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, build: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return build();
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && now - entry.startedAt < this.ttlMs) return entry.answer;
    const answer = build();
    const fresh = { startedAt: now, answer };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    answer.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    return answer;
  }
}
