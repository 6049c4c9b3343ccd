import { LRUCache } from "lru-cache";

/**
 * A short-lived, bounded cache of built answers with single flight: requests for the same key while an answer
 * is being built wait for that one build, and a built answer is reused for `ttlMs` from when its build started
 * (so it is at most `ttlMs` plus one build older than the data it was built from). A build that fails is never
 * kept: the next request builds again. At most `maxEntries` keys; the least recently used goes first.
 *
 * The bound and the lifetime are lru-cache's (on `now`): it holds the answer's promise from the moment its
 * build starts, which is what makes concurrent requests share one build.
 */
export class AnswerCache<T> {
  private readonly answers: LRUCache<string, Promise<T>> | undefined;

  constructor(
    readonly ttlMs: number,
    maxEntries = 64,
    now: () => number = () => performance.now(),
  ) {
    this.answers =
      ttlMs <= 0
        ? undefined
        : new LRUCache({
            max: maxEntries,
            ttl: ttlMs,
            // Look at the clock on every check (lru-cache otherwise reuses a reading for 1 ms with a timer).
            ttlResolution: 0,
            // lru-cache takes a start time of 0 for "never expires"; counting from 1 keeps a clock at 0 exact.
            perf: { now: () => now() + 1 },
          });
  }

  get size(): number {
    return this.answers?.size ?? 0;
  }

  get(key: string, build: () => Promise<T>): Promise<T> {
    const answers = this.answers;
    if (answers === undefined) return build();
    // lru-cache keeps an entry until it is older than its ttl; an answer is reused only while younger.
    const cached = answers.getRemainingTTL(key) > 0 ? answers.get(key) : undefined;
    if (cached !== undefined) return cached;
    const answer = build();
    answers.set(key, answer);
    answer.catch(() => {
      if (answers.peek(key, { allowStale: true }) === answer) answers.delete(key);
    });
    return answer;
  }
}
