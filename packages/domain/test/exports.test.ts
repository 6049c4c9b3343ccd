import { describe, expect, it } from "vitest";
import {
  BuildExport,
  type ExportFile,
  type ExportJob,
  type ExportJobStore,
  type ExportRequest,
  type ExportRow,
  exportRowsOf,
  exportStateOf,
  GetExport,
  type LedgerEntry,
  type LedgerPageRequest,
  ledgerPositionOf,
  type Order,
  type OrderLedger,
  RequestExport,
  zonedIso,
} from "../src/index.js";
import { anOrder } from "./support/orders.js";

const TZ = "America/Bogota";
const NOW = Date.parse("2026-12-06T15:00:00.000Z");
const clockAt = (ms = NOW) => ({ now: () => ms });

/** A job store in a Map, with the port's status rules (the adapters' contract suite proves theirs). */
class Jobs implements ExportJobStore {
  readonly jobs = new Map<string, ExportJob>();
  async create(request: ExportRequest): Promise<ExportJob> {
    if (this.jobs.has(request.id)) throw new Error("exists");
    this.jobs.set(request.id, { ...request, status: "pending" });
    return { ...request, status: "pending" };
  }
  async get(id: string) {
    return this.jobs.get(id);
  }
  async claim(id: string, at: string) {
    const job = this.jobs.get(id);
    if (job?.status !== "pending") return undefined;
    const running: ExportJob = { ...job, status: "running", startedAt: at };
    this.jobs.set(id, running);
    return running;
  }
  async complete(id: string, result: { rows: number; objectKey: string; at: string }) {
    const job = this.jobs.get(id);
    if (job?.status !== "running") return false;
    this.jobs.set(id, {
      ...job,
      status: "ready",
      rows: result.rows,
      objectKey: result.objectKey,
      finishedAt: result.at,
    });
    return true;
  }
  async fail(id: string, failure: { reason: string; at: string }) {
    const job = this.jobs.get(id);
    if (job?.status !== "pending" && job?.status !== "running") return false;
    this.jobs.set(id, { ...job, status: "failed", failure: failure.reason, finishedAt: failure.at });
    return true;
  }
}

/** A ledger over a list, newest first, paged by position, recording each request. */
class Ledger implements OrderLedger {
  readonly requests: LedgerPageRequest[] = [];
  private readonly orders: LedgerEntry[];
  constructor(orders: Order[]) {
    // Listed as the ledger lists an order never corrected or voided.
    this.orders = orders.map((order) => ({ ...order, status: "active", revision: 1 }));
  }
  async page(request: LedgerPageRequest) {
    this.requests.push(request);
    const upper = request.after ?? request.toInstant;
    const inRange = this.orders
      .filter((o) => o.deliveredAt >= request.fromInstant && ledgerPositionOf(o) < upper)
      .sort((a, b) => (ledgerPositionOf(a) < ledgerPositionOf(b) ? 1 : -1));
    const page = inRange.slice(0, request.limit);
    return inRange.length > request.limit ? { orders: page, next: ledgerPositionOf(page.at(-1)!) } : { orders: page };
  }
}

/** A file that keeps its rows, and what happened to it. */
function files(options: { failOnAppend?: number } = {}) {
  const appended: ExportRow[][] = [];
  const state = { finished: false, aborted: false, opened: 0 };
  return {
    appended,
    state,
    writer: {
      async open(job: ExportJob): Promise<ExportFile> {
        state.opened += 1;
        return {
          async append(rows) {
            if (appended.length === options.failOnAppend) throw new Error("disk full");
            appended.push([...rows]);
          },
          async finish() {
            state.finished = true;
            return { objectKey: `exports/${job.id}/f.${job.format}` };
          },
          async abort() {
            state.aborted = true;
          },
        };
      },
    },
  };
}

const ids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, "0")}`;
};

describe("an export's rows", () => {
  it("write the delivery in the business zone with its offset, keeping the microseconds", () => {
    expect(zonedIso("2024-09-11T23:27:09.039464Z", TZ)).toBe("2024-09-11T18:27:09.039464-05:00");
    expect(zonedIso("2024-09-12T02:00:00.000000Z", TZ)).toBe("2024-09-11T21:00:00.000000-05:00");
    expect(zonedIso("2024-07-01T10:00:00.5Z", "Europe/Madrid")).toBe("2024-07-01T12:00:00.5+02:00");
    expect(zonedIso("2024-01-01T10:00:00Z", "Europe/Madrid")).toBe("2024-01-01T11:00:00+01:00");
  });

  it("write each side of a daylight-saving change with its own offset, and half-hour zones too", () => {
    // Madrid springs forward at 01:00 UTC on 2024-03-31 and falls back at 01:00 UTC on 2024-10-27.
    expect(zonedIso("2024-03-31T00:59:59.999999Z", "Europe/Madrid")).toBe("2024-03-31T01:59:59.999999+01:00");
    expect(zonedIso("2024-03-31T01:00:00.000000Z", "Europe/Madrid")).toBe("2024-03-31T03:00:00.000000+02:00");
    expect(zonedIso("2024-10-27T00:59:59Z", "Europe/Madrid")).toBe("2024-10-27T02:59:59+02:00");
    expect(zonedIso("2024-10-27T01:00:00Z", "Europe/Madrid")).toBe("2024-10-27T02:00:00+01:00");
    expect(zonedIso("2024-09-11T23:27:09.5Z", "Asia/Kolkata")).toBe("2024-09-12T04:57:09.5+05:30");
    // Lord Howe Island moves by half an hour, at 02:00 local (15:30 UTC) on 2024-10-05.
    expect(zonedIso("2024-10-05T15:29:59Z", "Australia/Lord_Howe")).toBe("2024-10-06T01:59:59+10:30");
    expect(zonedIso("2024-10-05T15:30:00Z", "Australia/Lord_Howe")).toBe("2024-10-06T02:30:00+11:00");
  });

  it("are one per order line, with the line's total in cents", () => {
    const order = anOrder("A1", {
      courier: ["106", 'Pedro, "el rápido"'],
      lines: [
        ["pk1", "Estuche", 800, 3],
        ["pk4", "Pendrive\nUSB", 1205, 1],
      ],
    });
    expect(exportRowsOf(order, TZ, "activo")).toEqual([
      {
        orderId: "A1",
        deliveredAt: "2024-09-11T18:27:09.039464-05:00",
        courierId: "106",
        courierName: 'Pedro, "el rápido"',
        productId: "pk1",
        productName: "Estuche",
        quantity: 3,
        unitPrice: 800,
        lineTotal: 2400,
        state: "activo",
      },
      expect.objectContaining({ productId: "pk4", productName: "Pendrive\nUSB", quantity: 1, lineTotal: 1205 }),
    ]);
  });
});

describe("RequestExport", () => {
  const setup = (dispatch: (job: ExportJob) => Promise<void> = async () => undefined) => {
    const jobs = new Jobs();
    const dispatched: ExportJob[] = [];
    const use = new RequestExport({
      jobs,
      clock: clockAt(),
      newId: ids(),
      dispatcher: {
        dispatch: async (job) => {
          dispatched.push(job);
          await dispatch(job);
        },
      },
    });
    return { jobs, dispatched, use };
  };

  it("stores a pending job for the supervisor who asked, kept a day, and starts it", async () => {
    const { jobs, dispatched, use } = setup();
    const result = await use.execute({ from: "2026-11-01", to: "2026-11-30", format: "xlsx" }, "sub-1");
    const expected: ExportJob = {
      id: "00000000-0000-4000-8000-000000000001",
      requestedBy: "sub-1",
      from: "2026-11-01",
      to: "2026-11-30",
      format: "xlsx",
      requestedAt: "2026-12-06T15:00:00.000Z",
      keepUntil: "2026-12-07T15:00:00.000Z",
      status: "pending",
    };
    expect(result).toEqual({ ok: true, value: expected });
    expect(dispatched).toEqual([expected]);
    expect(jobs.jobs.get(expected.id)).toEqual(expected);
  });

  it("takes up to 366 days and refuses 367, naming to", async () => {
    const { use } = setup();
    expect((await use.execute({ from: "2024-01-01", to: "2024-12-31", format: "csv" }, "s")).ok).toBe(true);
    expect(await use.execute({ from: "2024-01-01", to: "2025-01-01", format: "csv" }, "s")).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        issues: [{ path: "to", message: "the range may hold at most 366 days; from 2024-01-01 to 2025-01-01 is 367" }],
      },
    });
  });

  it("names every wrong field and stores nothing", async () => {
    const { jobs, dispatched, use } = setup();
    const result = await use.execute({ from: "2026-02-30", to: "x", format: "pdf", extra: 1 }, "s");
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["from", "to", "format"]));
    expect((await use.execute({ from: "2026-11-02", to: "2026-11-01", format: "csv" }, "s")).ok).toBe(false);
    expect((await use.execute(null, "s")).ok).toBe(false);
    expect(jobs.jobs.size).toBe(0);
    expect(dispatched).toEqual([]);
  });

  it("records the job failed when it cannot be started, and lets the error through", async () => {
    const { jobs, use } = setup(async () => {
      throw new Error("invoke refused");
    });
    await expect(use.execute({ from: "2026-11-01", to: "2026-11-01", format: "csv" }, "s")).rejects.toThrow(
      "invoke refused",
    );
    expect([...jobs.jobs.values()]).toEqual([
      expect.objectContaining({ status: "failed", failure: "the export could not be started" }),
    ]);
  });
});

describe("GetExport", () => {
  const id = "0f8a3c1e-5b7d-4e2a-9c6b-1d2e3f4a5b6c";
  const job: ExportJob = {
    id,
    requestedBy: "sub-1",
    from: "2026-11-01",
    to: "2026-11-30",
    format: "csv",
    requestedAt: "2026-12-06T15:00:00.000Z",
    keepUntil: "2026-12-07T15:00:00.000Z",
    status: "pending",
  };
  const links = {
    linkFor: async (j: ExportJob & { objectKey: string }) => ({
      url: `https://files.example/${j.objectKey}`,
      expiresAt: "2026-12-06T15:15:00.000Z",
    }),
  };
  const setup = async (stored: ExportJob, now = NOW) => {
    const jobs = new Jobs();
    jobs.jobs.set(stored.id, stored);
    return new GetExport({ jobs, links, clock: clockAt(now) });
  };

  it("shows a pending job without a link", async () => {
    expect(await (await setup(job)).execute(id, "sub-1")).toEqual({ ok: true, value: { job } });
  });

  it("gives a ready job a fresh link to its file", async () => {
    const ready: ExportJob = { ...job, status: "ready", rows: 3, objectKey: `exports/${id}/a.csv` };
    expect(await (await setup(ready)).execute(id, "sub-1")).toEqual({
      ok: true,
      value: {
        job: ready,
        link: { url: `https://files.example/exports/${id}/a.csv`, expiresAt: "2026-12-06T15:15:00.000Z" },
      },
    });
  });

  it("does not exist for another supervisor, an unknown or malformed id, or after a day", async () => {
    const missing = (which: string) => ({ ok: false, error: { kind: "not-found", what: "export", id: which } });
    const use = await setup(job);
    expect(await use.execute(id, "sub-2")).toEqual(missing(id));
    expect(await use.execute("0f8a3c1e-5b7d-4e2a-9c6b-000000000000", "sub-1")).toEqual(
      missing("0f8a3c1e-5b7d-4e2a-9c6b-000000000000"),
    );
    expect(await use.execute("../etc/passwd", "sub-1")).toEqual(missing("../etc/passwd"));
    const late = await setup(job, Date.parse(job.keepUntil));
    expect(await late.execute(id, "sub-1")).toEqual(missing(id));
  });
});

describe("BuildExport", () => {
  // Orders on 2024-09-10..12 in Bogota; the range asked is the 11th only.
  const orders = [
    anOrder("D10", { deliveredAt: "2024-09-11T04:59:59.999999Z" }), // 10th, 23:59:59 Bogota: outside
    anOrder("D11a", { deliveredAt: "2024-09-11T05:00:00.000000Z", lines: [["pk1", "Estuche", 800, 2]] }),
    anOrder("D11b", {
      deliveredAt: "2024-09-11T15:00:00.000000Z",
      lines: [
        ["pk1", "Estuche", 800, 1],
        ["pk2", "Moneda", 1, 5],
      ],
    }),
    anOrder("D11c", { deliveredAt: "2024-09-12T04:59:59.999999Z" }), // 11th, 23:59:59 Bogota: inside
    anOrder("D12", { deliveredAt: "2024-09-12T05:00:00.000000Z" }), // 12th: outside
  ];
  const setup = async (options: { failOnAppend?: number; now?: () => number } = {}) => {
    const jobs = new Jobs();
    const job: ExportJob = {
      id: "j1",
      requestedBy: "s",
      from: "2024-09-11",
      to: "2024-09-11",
      format: "csv",
      requestedAt: "2026-12-06T15:00:00.000Z",
      keepUntil: "2026-12-07T15:00:00.000Z",
      status: "pending",
    };
    jobs.jobs.set(job.id, job);
    const ledger = new Ledger(orders);
    const file = files(options);
    const use = new BuildExport({
      jobs,
      ledger,
      files: file.writer,
      clock: { now: options.now ?? (() => NOW) },
      timeZone: TZ,
    });
    return { jobs, ledger, file, use };
  };

  it("writes the range's orders page by page, newest first, one row per line, and records the job ready", async () => {
    const { jobs, ledger, file, use } = await setup();
    expect(await use.execute("j1", { pageSize: 2 })).toEqual({
      status: "ready",
      rows: 4,
      orders: 3,
      objectKey: "exports/j1/f.csv",
    });
    expect(file.appended.map((rows) => rows.map((row) => `${row.orderId}:${row.productId}`))).toEqual([
      ["D11c:pk1", "D11b:pk1", "D11b:pk2"],
      ["D11a:pk1"],
    ]);
    expect(ledger.requests.map((r) => [r.fromInstant, r.toInstant, r.limit])).toEqual([
      ["2024-09-11T05:00:00.000000Z", "2024-09-12T05:00:00.000000Z", 2],
      ["2024-09-11T05:00:00.000000Z", "2024-09-12T05:00:00.000000Z", 2],
    ]);
    expect(file.state).toEqual({ finished: true, aborted: false, opened: 1 });
    expect(jobs.jobs.get("j1")).toMatchObject({ status: "ready", rows: 4, objectKey: "exports/j1/f.csv" });
  });

  it("builds a job once: a second worker given it does nothing", async () => {
    const { file, use } = await setup();
    await use.execute("j1");
    expect(await use.execute("j1")).toEqual({ status: "skipped" });
    expect(await use.execute("unknown")).toEqual({ status: "skipped" });
    expect(file.state.opened).toBe(1);
  });

  it("records the job failed, with a reason and no personal data, when the file cannot be written", async () => {
    const { jobs, file, use } = await setup({ failOnAppend: 1 });
    const outcome = await use.execute("j1", { pageSize: 2 });
    expect(outcome).toMatchObject({
      status: "failed",
      reason: "the file could not be written; ask for the export again",
    });
    expect(file.state).toMatchObject({ finished: false, aborted: true });
    expect(jobs.jobs.get("j1")).toMatchObject({
      status: "failed",
      failure: "the file could not be written; ask for the export again",
    });
  });

  it("fails, saying why, rather than running past its deadline", async () => {
    let now = NOW;
    const { jobs, use } = await setup({
      now: () => {
        now += 1000;
        return now;
      },
    });
    const outcome = await use.execute("j1", { pageSize: 1, deadlineMs: NOW + 2500 });
    expect(outcome).toMatchObject({ status: "failed" });
    expect(jobs.jobs.get("j1")?.failure).toBe(
      "the range took longer than the worker may run; ask for fewer days at a time",
    );
  });

  it("leave a voided order out and mark a corrected one", () => {
    expect(exportStateOf({ status: "active", revision: 1 })).toBe("activo");
    expect(exportStateOf({ status: "active", revision: 3 })).toBe("corregido");
    expect(exportStateOf({ status: "voided", revision: 2 })).toBe("left-out");
    expect(exportStateOf({ status: "voided", revision: 4 })).toBe("left-out");
  });
});
