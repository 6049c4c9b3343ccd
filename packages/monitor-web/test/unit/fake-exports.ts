/**
 * The exports' routes as the fake API answers them (unit tests only; the Chromium tests use the real API and download
 * the real file): POST /exports records what was asked and answers 202 pending; each GET /exports/{id} then answers
 * the next status a test lined up (by default running, then ready with a link).
 */
type Answer = { status: number; body?: unknown };

export class FakeExports {
  /** Every POST body, as sent. */
  readonly asked: unknown[] = [];
  readonly reads: string[] = [];
  /** The statuses the next GETs answer, in order; the last one stays. */
  statuses: string[] = ["running", "ready"];
  /** Answered to the next POST instead of accepting it. */
  refuseNextPost: Answer | undefined;

  answer(method: string, path: string, body: string | undefined): Answer {
    if (method === "POST" && path === "/exports") {
      this.asked.push(JSON.parse(body ?? "null"));
      const refusal = this.refuseNextPost;
      this.refuseNextPost = undefined;
      return refusal ?? { status: 202, body: { id: `job-${this.asked.length}`, status: "pending" } };
    }
    const read = /^\/exports\/([^/]+)$/.exec(path);
    if (method !== "GET" || !read) return { status: 404, body: { status: 404, detail: "no such route" } };
    const id = decodeURIComponent(read[1]!);
    this.reads.push(id);
    const status = this.statuses.length > 1 ? this.statuses.shift()! : this.statuses[0]!;
    const ready = status === "ready";
    return {
      status: 200,
      body: {
        id,
        status,
        rows: ready ? 42 : null,
        url: ready ? `http://files.test/${id}.csv?signature=abc` : null,
        expiresAt: ready ? "2026-12-06T15:15:00.000Z" : null,
        from: "2026-12-01",
        to: "2026-12-06",
        format: "csv",
      },
    };
  }
}
