import {
  PermanentFailureError,
  type CommitOutcome,
  type ProjectionCommit,
  type ProjectionDelta,
  type ProjectionStore,
} from "../../src/index.js";

/**
 * The smallest store that keeps the port's promises: a watermark per partition, a commit refused as stale
 * when the watermark is not below `from`, a monotone `fitsOneCommit` (here: at most `maxOrders` orders), and
 * a run that does not fit refused (a single order for good). It records what it is asked.
 */
export class FakeProjectionStore implements ProjectionStore {
  readonly watermarks = new Map<string, string>();
  readonly commits: ProjectionCommit[] = [];
  readonly fitsAsked: number[] = [];
  readonly fitsAskedWith: (readonly ProjectionDelta[])[] = [];
  commitCalls = 0;
  /** Runs before each commit is judged: lets a test play another writer. */
  beforeCommit: (commit: ProjectionCommit) => void = () => {};
  /** Answers "stale" without writing when true: a watermark read that lags behind another writer. */
  answerStale: (commit: ProjectionCommit) => boolean = () => false;

  constructor(private readonly maxOrders = Number.POSITIVE_INFINITY) {}

  fitsOneCommit(orders: readonly ProjectionDelta[]): boolean {
    this.fitsAsked.push(orders.length);
    this.fitsAskedWith.push(orders);
    return orders.length <= this.maxOrders;
  }

  async watermark(partition: string): Promise<string | undefined> {
    return this.watermarks.get(partition);
  }

  async commit(commit: ProjectionCommit): Promise<CommitOutcome> {
    this.commitCalls += 1;
    this.beforeCommit(commit);
    if (commit.orders.length > this.maxOrders) {
      if (commit.orders.length === 1) throw new PermanentFailureError("one order too large for one write");
      throw new Error(`asked to commit ${commit.orders.length} orders, more than fit`);
    }
    if (this.answerStale(commit)) return "stale";
    const current = this.watermarks.get(commit.partition);
    if (current !== undefined && current >= commit.from) return "stale";
    this.watermarks.set(commit.partition, commit.to);
    this.commits.push(commit);
    return "committed";
  }
}
