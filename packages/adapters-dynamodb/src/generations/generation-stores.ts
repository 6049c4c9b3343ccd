import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type {
  Clock,
  CommitOutcome,
  ProjectionCommit,
  ProjectionDelta,
  ProjectionStore,
  ProjectionStores,
} from "@cargo-express/domain";
import { DynamoDbProjectionStore, type ProjectionTableNames } from "../projection-store/projection-store.js";

/**
 * The watermark partition of a feed partition in one generation. Every generation has its own
 * watermarks, so a record is applied at most once to each generation, whichever generations a
 * projector happened to know about when it ran.
 */
export const generationPartition = (generation: number, partition: string): string => `G${generation}#${partition}`;

/** A store whose watermarks live in one generation's namespace (see generationPartition). */
export class GenerationScopedStore implements ProjectionStore {
  constructor(
    private readonly inner: ProjectionStore,
    readonly generation: number,
  ) {}

  fitsOneCommit(orders: readonly ProjectionDelta[]): boolean {
    return this.inner.fitsOneCommit(orders);
  }

  watermark(partition: string): Promise<string | undefined> {
    return this.inner.watermark(generationPartition(this.generation, partition));
  }

  commit(commit: ProjectionCommit): Promise<CommitOutcome> {
    return this.inner.commit({ ...commit, partition: generationPartition(this.generation, commit.partition) });
  }
}

export interface GenerationStoresOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tables: ProjectionTableNames;
  readonly clock?: Clock;
}

/** One DynamoDbProjectionStore per generation, pinned to it (never "whatever is active"). */
export class GenerationStores implements ProjectionStores {
  private readonly stores = new Map<number, GenerationScopedStore>();

  constructor(private readonly options: GenerationStoresOptions) {}

  storeFor(generation: number): GenerationScopedStore {
    let store = this.stores.get(generation);
    if (!store) {
      const inner = new DynamoDbProjectionStore({
        client: this.options.client,
        tables: this.options.tables,
        generation,
        ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
      });
      store = new GenerationScopedStore(inner, generation);
      this.stores.set(generation, store);
    }
    return store;
  }
}
