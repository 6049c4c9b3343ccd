import type { Logger } from "@aws-lambda-powertools/logger";
import {
  dynamoDbRebuildPorts,
  GENERATION_CACHE_MS,
  type DocumentClient,
  type TableNames,
} from "@cargo-express/adapters-dynamodb";
import {
  RebuildProjections,
  type RebuildPorts,
  type RebuildProjectionsOptions,
  type RebuildSummary,
} from "@cargo-express/domain";
import { createLogger } from "@cargo-express/platform";

export interface ProjectionsRebuildOptions extends Omit<RebuildProjectionsOptions, "ports"> {
  /** From createDocumentClient; the rebuild's ports are built over it (dynamoDbRebuildPorts) unless `ports` is given. */
  readonly client: DocumentClient;
  readonly tables: TableNames;
  readonly logger?: Logger;
  /** Replaces the DynamoDB ports. */
  readonly ports?: RebuildPorts;
}

/**
 * `npm run projections:rebuild` as a function: the domain's RebuildProjections over the DynamoDB tables, with
 * the two log lines an operator reads afterwards ("rebuild started", "rebuild activated").
 */
export class ProjectionsRebuild {
  private readonly rebuild: RebuildProjections;
  private readonly logger: Logger;

  constructor(options: ProjectionsRebuildOptions) {
    const { client, tables, logger, ports, onProgress, ...rest } = options;
    this.logger = logger ?? createLogger({ serviceName: "cargo-express-projections-rebuild" });
    this.rebuild = new RebuildProjections({
      ...rest,
      ports: ports ?? dynamoDbRebuildPorts(client, tables, options.clock),
      onProgress: (progress) => {
        if (progress.phase === "started") {
          const { phase: _, ...started } = progress;
          this.logger.info("rebuild started", started);
        }
        onProgress?.(progress);
      },
    });
  }

  async run(): Promise<RebuildSummary> {
    const summary = await this.rebuild.run();
    this.logger.info("rebuild activated", { ...summary });
    return summary;
  }
}

/** Ensures a rebuild's cutoff margin covers the live projectors' plan cache. */
export const minimumCutoffMarginMs = (planCacheMs: number = GENERATION_CACHE_MS): number => planCacheMs + 1_000;
