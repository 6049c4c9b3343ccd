import { describe, expect, it } from "vitest";
import { fetchMonitor } from "../../src/api.js";
import { reportWith } from "./report-mother.js";

function apiAnswering(
  response: () => Response,
  seen: { url: string; headers: Record<string, string> }[] = [],
): typeof fetch {
  return async (url, init) => {
    seen.push({ url: String(url), headers: (init?.headers ?? {}) as Record<string, string> });
    return response();
  };
}

const problem = (status: number) => () =>
  new Response(JSON.stringify({ type: "urn:x", title: "t", status, detail: `detail ${status}` }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

describe("GET /monitor from the page", () => {
  it("asks for the period with the token and the last ETag, and returns the report with its ETag", async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const report = reportWith({ orders: 3 });
    const outcome = await fetchMonitor(
      { apiBaseUrl: "", period: "7d", accessToken: "tok", etag: '"v1"' },
      apiAnswering(() => new Response(JSON.stringify(report), { status: 200, headers: { etag: '"v2"' } }), seen),
    );
    expect(outcome).toEqual({ kind: "ok", report, etag: '"v2"' });
    expect(seen[0]).toEqual({
      url: "/monitor?period=7d",
      headers: { authorization: "Bearer tok", accept: "application/json", "if-none-match": '"v1"' },
    });
  });

  it("sends no If-None-Match without an ETag", async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    await fetchMonitor(
      { apiBaseUrl: "https://api.example", period: "all", accessToken: "tok" },
      apiAnswering(() => new Response(null, { status: 304 }), seen),
    );
    expect(seen[0]!.url).toBe("https://api.example/monitor?period=all");
    expect(seen[0]!.headers["if-none-match"]).toBeUndefined();
  });

  it.each([
    [304, { kind: "not-modified" }],
    [401, { kind: "unauthenticated" }],
    [403, { kind: "forbidden" }],
    [503, { kind: "unreachable" }],
    [400, { kind: "failed", status: 400, detail: "detail 400" }],
    [500, { kind: "failed", status: 500, detail: "detail 500" }],
  ])("turns status %i into %j", async (status, expected) => {
    const answer = status === 304 ? () => new Response(null, { status }) : problem(status);
    expect(await fetchMonitor({ apiBaseUrl: "", period: "all", accessToken: "t" }, apiAnswering(answer))).toEqual(
      expected,
    );
  });

  it("reports a network failure as unreachable", async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    expect(await fetchMonitor({ apiBaseUrl: "", period: "all", accessToken: "t" }, offline)).toEqual({
      kind: "unreachable",
    });
  });

  it("refuses a 200 that is not a monitor report", async () => {
    const outcome = await fetchMonitor(
      { apiBaseUrl: "", period: "all", accessToken: "t" },
      apiAnswering(() => new Response("<html>", { status: 200 })),
    );
    expect(outcome).toMatchObject({ kind: "failed", status: 200 });
  });
});
