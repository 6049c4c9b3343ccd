import {
  compareCouriers,
  compareProducts,
  emptyDelta,
  mergeDelta,
  periodFigures,
  projectionsFromDelta,
  receivedAtOfStamp,
  type CommitOutcome,
  type DailyFigures,
  type MonitorData,
  type MonitorQueries,
  type MonitorQuery,
  type ProjectionCommit,
  type ProjectionDelta,
  type ProjectionStore,
  type Totals,
} from "@cargo-express/domain";

/**
 * Projections held in memory: one accumulated delta plus a watermark per partition. A commit
 * applies atomically (no await between the check and the write), like DynamoDB's transaction. Deltas are signed
 * (a void or a correction takes figures back): they add up all the same, and the figures read leave out what
 * came back to zero.
 */
export class InMemoryProjectionStore implements ProjectionStore, MonitorQueries, DailyFigures {
  private state: ProjectionDelta = emptyDelta();
  private readonly watermarks = new Map<string, string>();
  /** Commits made, for tests that count writes. */
  commits = 0;

  /** @param maxOrdersPerCommit orders one commit may take (tests use a small one to exercise chunking). */
  constructor(private readonly maxOrdersPerCommit = Number.POSITIVE_INFINITY) {}

  fitsOneCommit(orders: readonly ProjectionDelta[]): boolean {
    return orders.length <= this.maxOrdersPerCommit;
  }

  async watermark(partition: string): Promise<string | undefined> {
    return this.watermarks.get(partition);
  }

  async commit(commit: ProjectionCommit): Promise<CommitOutcome> {
    const current = this.watermarks.get(commit.partition);
    if (current !== undefined && current >= commit.from) return "stale";
    for (const delta of commit.orders) mergeDelta(this.state, delta);
    this.watermarks.set(commit.partition, commit.to);
    this.commits += 1;
    return "committed";
  }

  async read(query: MonitorQuery): Promise<MonitorData> {
    const all = projectionsFromDelta(this.state);
    const hours = new Set(query.hours);
    const figures =
      query.days === undefined
        ? all
        : periodFigures(
            query.days.flatMap((day) => this.state.days.get(day) ?? []),
            {
              product: (id) => this.state.products.get(id)?.name ?? id,
              courier: (id) => this.state.couriers.get(id)?.name ?? id,
            },
          );
    // A void or a correction can take a courier's or a product's figures back to zero: then it counts nothing.
    return {
      products: figures.products
        .filter((p) => p.units !== 0 || p.revenue !== 0)
        .sort(compareProducts)
        .slice(0, query.topProducts),
      couriers: figures.couriers
        .filter((c) => c.ordersDelivered !== 0 || c.productsDelivered !== 0 || c.revenue !== 0)
        .sort(compareCouriers)
        .slice(0, query.maxCouriers),
      hourly: all.hourly
        .filter((bucket) => hours.has(bucket.hour) && bucket.deliveries !== 0)
        .map((bucket) => ({
          ...bucket,
          courierName: this.state.couriers.get(bucket.courierId)?.name ?? bucket.courierId,
        })),
      totals: { ...figures.totals },
      lastDeliveries: new Map(
        [...this.state.couriers].map(([id, courier]) => [id, receivedAtOfStamp(courier.nameStamp)]),
      ),
    };
  }

  async totalsByDay(days: readonly string[]): Promise<ReadonlyMap<string, Totals>> {
    const found = new Map<string, Totals>();
    for (const day of days) {
      const totals = this.state.days.get(day)?.totals;
      if (totals !== undefined) found.set(day, { ...totals });
    }
    return found;
  }

  /** Replaces everything at once (used by a rebuild): readers see the old or the new state, never a mix. */
  replaceAll(delta: ProjectionDelta): void {
    this.state = mergeDelta(emptyDelta(), delta);
  }
}
