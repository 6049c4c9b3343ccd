import type { Logger } from "@aws-lambda-powertools/logger";
import type { BatchIncident, FeedRecord, ProjectOrderBatch, TargetCounts } from "@cargo-express/domain";
import type { DynamoDBBatchItemFailure, DynamoDBRecord } from "aws-lambda";
import { describeError } from "@cargo-express/platform";
import { decodeRecord, recordImageText, sequenceOf, type DecodedRecord } from "../stream/order-records.js";
import type { ProjectorEvent } from "../stream/stream-partitions.js";
import type { CorrectionsMetric } from "./corrections-metric.js";
import type { DeadLetterMetric } from "./dead-letter-metric.js";

export interface ProjectStreamBatchDeps {
  readonly partitions: { partitionOf(event: ProjectorEvent): Promise<string> };
  /**
   * The domain's use case over the projector's ports (generations, a store per generation, dead letters; over
   * DynamoDB by @cargo-express/adapters-dynamodb), built by the platform's useCasesModule.
   */
  readonly project: Pick<ProjectOrderBatch, "execute">;
  /** Counts stored dead letters where an alarm sees them. */
  readonly deadLetterMetric: Pick<DeadLetterMetric, "emit">;
  /** Counts the voids and corrections applied to the monitor's figures where an alarm sees them. */
  readonly correctionsMetric: Pick<CorrectionsMetric, "emit">;
  readonly logger: Logger;
}

/** What a batch did: the numbers logged per batch. */
interface BatchCounts {
  readonly records: number;
  inserts: number;
  modifies: number;
  removes: number;
  poison: number;
  /** Orders the store refused for good (item too large, ...): dead-lettered, not counted. */
  refused: number;
  /** Dead letters this batch stored (poison and refused; not those a redelivery found already stored). */
  deadLettered: number;
  /** Records reported back to Lambda for redelivery. */
  failed: number;
  targets: TargetCounts[];
}

export interface BatchOutcome {
  readonly batchItemFailures: DynamoDBBatchItemFailure[];
  readonly partition?: string;
  readonly counts: BatchCounts;
}

/**
 * One stream batch as Lambda delivers it: the records decoded into the domain's feed records (orders, ignored
 * changes, poison), applied by the domain's ProjectOrderBatch (exactly once per generation, refused orders and
 * poison dead-lettered, the watermark never passing an unapplied record), and its outcome turned into what
 * Lambda needs: `batchItemFailures` from the first unapplied record on (Lambda resumes from the lowest), the
 * log lines, and the dead-letter metric an alarm watches.
 */
export class ProjectStreamBatch {
  constructor(private readonly deps: ProjectStreamBatchDeps) {}

  async execute(event: ProjectorEvent): Promise<BatchOutcome> {
    const records = event.Records ?? [];
    const counts: BatchCounts = {
      records: records.length,
      inserts: 0,
      modifies: 0,
      removes: 0,
      poison: 0,
      refused: 0,
      deadLettered: 0,
      failed: 0,
      targets: [],
    };
    if (records.length === 0) return { batchItemFailures: [], counts };
    // Without sequence numbers nothing can be reported item by item: the whole batch fails (thrown).
    records.forEach(sequenceOf);

    const { logger } = this.deps;
    const failFrom = (index: number, partition?: string): BatchOutcome => {
      this.deps.deadLetterMetric.emit(counts.deadLettered, partition);
      const batchItemFailures = records.slice(index).map((record) => ({ itemIdentifier: sequenceOf(record) }));
      counts.failed = batchItemFailures.length;
      logger.warn("stream batch partly failed; Lambda will redeliver from the first failed record", {
        partition,
        firstFailedSequence: batchItemFailures[0]?.itemIdentifier,
        ...counts,
      });
      return { batchItemFailures, counts, ...(partition === undefined ? {} : { partition }) };
    };
    const unprepared = (error: unknown) => {
      logger.error("could not prepare the stream batch", { error: describeError(error) });
      return failFrom(0);
    };

    let partition: string;
    try {
      partition = await this.deps.partitions.partitionOf(event);
    } catch (error) {
      return unprepared(error);
    }
    const decoded = records.map((record) => decodeRecord(record, partition));
    const outcome = await this.deps.project.execute({
      partition,
      records: decoded.map((d, index) => feedRecordOf(d, records[index]!)),
    });
    const planError = outcome.incidents.find((incident) => incident.kind === "plan-unavailable");
    if (planError) return unprepared(planError.error);

    for (const record of decoded) count(counts, record);
    counts.targets = [...outcome.targets];
    // What the monitor's figures took, whether or not the rest of the batch follows (a redelivery adds nothing).
    const active = outcome.targets.find((target) => target.role === "active");
    this.deps.correctionsMetric.emit({ voided: active?.voided ?? 0, corrected: active?.corrected ?? 0 }, partition);
    counts.refused = outcome.refused;
    counts.deadLettered = outcome.deadLettered;
    for (const incident of outcome.incidents) this.log(partition, incident);
    if (outcome.firstUnapplied !== undefined) return failFrom(outcome.firstUnapplied, partition);

    this.deps.deadLetterMetric.emit(counts.deadLettered, partition);
    logger.info("stream batch projected", {
      partition,
      firstSequence: sequenceOf(records[0]!),
      lastSequence: sequenceOf(records.at(-1)!),
      ...counts,
    });
    return { batchItemFailures: [], partition, counts };
  }

  /** The log line of each incident. */
  private log(partition: string, incident: BatchIncident): void {
    const line = logLineOf(partition, incident);
    if (line) this.deps.logger[line.level](line.message, line.fields);
  }
}

/** What is logged of an incident: ids, sequences and reasons only (no order contents, no names). */
function logLineOf(
  partition: string,
  incident: BatchIncident,
): { level: "warn" | "error"; message: string; fields: Record<string, unknown> } | undefined {
  switch (incident.kind) {
    case "commit-refused":
      return {
        level: "warn",
        message: "the store refused a commit for good; applying the run one order at a time",
        fields: { partition, generation: incident.generation, error: describeError(incident.error) },
      };
    case "apply-failed":
      return {
        level: "error",
        message: "applying stream records failed",
        fields: { partition, generation: incident.generation, error: describeError(incident.error) },
      };
    case "watermarks-unreadable":
      return {
        level: "warn",
        message: "could not read watermarks after a failure; reporting the whole run",
        fields: { partition, error: describeError(incident.error) },
      };
    case "order-refused": {
      const { generation, sequence, orderId, eventId, reason } = incident;
      return {
        level: "error",
        message: "order refused by the store for good: dead-lettered, not counted",
        fields: { partition, generation, sequence, orderId, eventId, reason },
      };
    }
    case "poison-dead-lettered":
      return {
        level: "warn",
        message: "poison stream record dead-lettered and skipped",
        fields: { partition, sequence: incident.sequence, eventId: incident.eventId, reason: incident.reason },
      };
    case "dead-letter-failed":
      return {
        level: "error",
        message: "could not record a dead letter",
        fields: { partition, sequence: incident.sequence, error: describeError(incident.error) },
      };
    case "plan-unavailable":
      return undefined;
  }
}

/** The domain's view of a decoded record, with what its dead letter keeps of the stream record. */
function feedRecordOf(decoded: DecodedRecord, record: DynamoDBRecord): FeedRecord {
  const image = recordImageText(record);
  const source = {
    sequence: decoded.sequence,
    ...(record.eventID === undefined ? {} : { eventId: record.eventID }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
    ...(image === undefined ? {} : { image }),
  };
  if (decoded.kind === "order") return { ...source, kind: "order", change: decoded.change };
  if (decoded.kind === "poison") return { ...source, kind: "poison", reason: decoded.reason };
  return { ...source, kind: "ignored" };
}

function count(counts: BatchCounts, record: DecodedRecord): void {
  if (record.kind === "poison") counts.poison += 1;
  else if (record.eventName === "INSERT") counts.inserts += 1;
  else if (record.eventName === "MODIFY") counts.modifies += 1;
  else counts.removes += 1;
}
