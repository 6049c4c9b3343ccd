/**
 * The orders page's export, without the DOM: a range of business days and a format are checked, then asked for
 * (POST /exports); the job is followed (GET /exports/{id}, every second, then every two) until its file is ready,
 * whose link is then offered, or it failed. Every refusal and failure is said; one export at a time.
 */
import type { ApiClient, ApiOutcome, Authorized } from "./api-call.js";
import { daysInRange } from "./business-days.js";
import { type ExportFormat, type ExportStatus, fetchExport, requestExport } from "./export-api.js";
import type { MessageKey } from "./i18n.js";
import type { Scheduler } from "./live.js";

/** The longest range an export covers (the API's limit, a 400 beyond). */
const EXPORT_MAX_DAYS = 366;
/** How long the page follows a job before saying it gave up (a month at 12 times today's volume takes under one). */
const FOLLOW_FOR_MS = 10 * 60_000;

export interface ExportState {
  readonly stage: "idle" | "asking" | "pending" | "running" | "ready" | "failed";
  /** What was asked: the range and the format. */
  readonly asked?: { readonly from: string; readonly to: string; readonly format: ExportFormat } | undefined;
  /** When it was asked (ms), for the seconds it has taken. */
  readonly since?: number | undefined;
  /** Once ready: the link, when it stops working, and the rows written. */
  readonly file?: { readonly url: string; readonly expiresAt: string | null; readonly rows: number | null } | undefined;
  readonly problem?: { readonly key: MessageKey } | { readonly server: string } | undefined;
}

const IDLE: ExportState = { stage: "idle" };

export interface ExportDependencies {
  readonly api: ApiClient;
  /** Runs a call with the session's access token; undefined when the session ended instead. */
  readonly authorized: Authorized;
  readonly now: () => number;
  /** Times the follow-ups. */
  readonly scheduler: Scheduler;
  readonly onChange: (state: ExportState) => void;
}

export class ExportController {
  private current: ExportState = IDLE;
  private timer: unknown;
  /** Bumped by every export and by a reset, so a job no longer on screen is not followed. */
  private run = 0;

  constructor(private readonly deps: ExportDependencies) {}

  get state(): ExportState {
    return this.current;
  }

  reset(): void {
    this.run += 1;
    this.stopTimer();
    this.current = IDLE;
  }

  async start(from: string, to: string, format: ExportFormat): Promise<void> {
    if (this.current.stage === "asking" || this.current.stage === "pending" || this.current.stage === "running") return;
    const run = ++this.run;
    const asked = { from, to, format };
    const refused =
      from === "" || to === ""
        ? "exportDays"
        : to < from
          ? "rangeBackwards"
          : daysInRange(from, to) > EXPORT_MAX_DAYS
            ? "exportTooLong"
            : undefined;
    if (refused) return this.update({ stage: "failed", asked, problem: { key: refused }, file: undefined });
    const since = this.deps.now();
    this.update({ stage: "asking", asked, since, problem: undefined, file: undefined });
    const outcome = await this.deps.authorized((token) => requestExport(this.deps.api, token, asked));
    if (outcome === undefined || run !== this.run) return;
    if (outcome.kind !== "ok") return this.fail(outcome);
    this.show(run, { ...outcome.value, rows: null, url: null, expiresAt: null }, since);
  }

  private show(run: number, job: Pick<ExportStatus, "id" | "status" | "rows" | "url" | "expiresAt">, since: number) {
    if (job.status === "ready" && job.url !== null) {
      this.update({ stage: "ready", file: { url: job.url, expiresAt: job.expiresAt, rows: job.rows } });
      return;
    }
    if (job.status === "failed" || job.status === "ready")
      return this.update({ stage: "failed", problem: { key: "exportFailed" } });
    this.update({ stage: job.status });
    const waited = this.deps.now() - since;
    if (waited > FOLLOW_FOR_MS) return this.update({ stage: "failed", problem: { key: "exportTooSlow" } });
    this.timer = this.deps.scheduler.setTimeout(
      () => {
        this.timer = undefined;
        void this.follow(run, job.id, since);
      },
      waited < 10_000 ? 1000 : 2000,
    );
  }

  private async follow(run: number, id: string, since: number): Promise<void> {
    const outcome = await this.deps.authorized((token) => fetchExport(this.deps.api, token, id));
    if (outcome === undefined || run !== this.run) return;
    if (outcome.kind !== "ok") return this.fail(outcome);
    this.show(run, outcome.value, since);
  }

  private fail(outcome: Exclude<ApiOutcome<unknown>, { kind: "ok" }>): void {
    const problem =
      outcome.kind === "invalid"
        ? { server: [...outcome.errors.map((e) => `${e.path}: ${e.message}`), outcome.detail].join(" ") }
        : outcome.kind === "failed"
          ? { server: outcome.detail }
          : { key: "exportUnreachable" as const };
    this.update({ stage: "failed", problem });
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.deps.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private update(patch: Partial<ExportState>): void {
    this.current = { ...this.current, ...patch };
    this.deps.onChange(this.current);
  }
}
