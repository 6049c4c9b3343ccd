import { readFile } from "node:fs/promises";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/index.js";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { CLIENT_ID, startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";
import { accessTokenClaims, signRs256 } from "./support/tokens.js";

let ids: LocalIdentities;
let otherSupervisor: string;
beforeAll(async () => {
  ids = await startLocalIdentities();
  otherSupervisor = signRs256(
    accessTokenClaims({
      issuer: ids.server.issuer,
      clientId: CLIENT_ID,
      groups: ["supervisors"],
      subject: "9f3c1e2a-0000-4000-8000-000000000002",
    }),
    ids.key,
  );
});
afterAll(() => ids.server.close());

type Harness = ReturnType<typeof buildApp>;

const post = (h: Harness, body: unknown, token = ids.supervisor) =>
  h.app.request("/exports", {
    method: "POST",
    headers: jsonHeaders(token),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const status = (h: Harness, id: string, token = ids.supervisor) =>
  h.app.request(`/exports/${id}`, { headers: bearer(token) });

describe("POST /exports and GET /exports/{id}", () => {
  it("accepts a range (202, Location), is pending until the worker runs, then ready with rows and a signed link", async () => {
    const h = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random({ lines: 3 });
    expect(
      (
        await h.app.request("/orders", {
          method: "POST",
          headers: jsonHeaders(ids.courier),
          body: JSON.stringify(order),
        })
      ).status,
    ).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const accepted = await post(h, { from: yesterday, to: tomorrow, format: "csv" });
    expect(accepted.status).toBe(202);
    const body = (await accepted.json()) as { id: string; status: string };
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "pending" });
    expect(accepted.headers.get("location")).toBe(`/exports/${body.id}`);
    expect(h.dispatched.map((job) => job.id)).toEqual([body.id]);

    const pending = await status(h, body.id);
    expect(pending.status).toBe(200);
    expect(pending.headers.get("cache-control")).toBe("no-store");
    expect(await pending.json()).toEqual({
      id: body.id,
      status: "pending",
      rows: null,
      url: null,
      expiresAt: null,
      from: yesterday,
      to: tomorrow,
      format: "csv",
    });

    await h.runExports();
    const ready = (await (await status(h, body.id)).json()) as {
      status: string;
      rows: number;
      url: string;
      expiresAt: string;
    };
    expect(ready).toMatchObject({ status: "ready", rows: 3 });
    const url = new URL(ready.url);
    expect(url.pathname).toBe(`/local-exports/exports/${body.id}/pedidos_${yesterday}_${tomorrow}.csv`);
    expect(Date.parse(ready.expiresAt) - h.clock.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(h.links.check(url.pathname.replace("/local-exports/", ""), url.searchParams)).toEqual({
      ok: true,
      objectKey: `exports/${body.id}/pedidos_${yesterday}_${tomorrow}.csv`,
    });
    const text = await readFile(h.files.pathOf(`exports/${body.id}/pedidos_${yesterday}_${tomorrow}.csv`), "utf8");
    expect(text.split("\r\n").filter((line) => line.includes(order.pedido_id))).toHaveLength(3);
    expect(today >= yesterday).toBe(true);
  });

  it("is for supervisors only: couriers and dispatchers get 403, no token 401", async () => {
    const h = buildApp({ verifier: ids.verifier });
    const range = { from: "2026-11-01", to: "2026-11-30", format: "xlsx" };
    await expectProblem(await post(h, range, ids.courier), 403, "forbidden");
    await expectProblem(await post(h, range, ids.dispatcher), 403, "forbidden");
    await expectProblem(
      await h.app.request("/exports", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(range),
      }),
      401,
      "unauthenticated",
    );
    const id = ((await (await post(h, range)).json()) as { id: string }).id;
    await expectProblem(await status(h, id, ids.courier), 403, "forbidden");
    expect(h.dispatched).toHaveLength(1);
  });

  it("shows a job to the supervisor who asked only: to another, and for an unknown id, 404", async () => {
    const h = buildApp({ verifier: ids.verifier });
    const id = (
      (await (await post(h, { from: "2026-11-01", to: "2026-11-01", format: "csv" })).json()) as { id: string }
    ).id;
    await expectProblem(await status(h, id, otherSupervisor), 404, "not-found");
    await expectProblem(await status(h, "0f8a3c1e-5b7d-4e2a-9c6b-1d2e3f4a5b6c"), 404, "not-found");
    await expectProblem(await status(h, "not-an-id"), 404, "not-found");
    expect((await status(h, id)).status).toBe(200);
  });

  it("names every wrong field (400) and starts nothing", async () => {
    const h = buildApp({ verifier: ids.verifier });
    const refused = await expectProblem(
      await post(h, { from: "2026-02-30", to: "2027-12-31", format: "pdf" }),
      400,
      "invalid-input",
    );
    expect((refused.errors ?? []).map((e) => e.path).sort()).toEqual(["format", "from"]);
    const tooLong = await expectProblem(
      await post(h, { from: "2025-01-01", to: "2026-01-02", format: "csv" }),
      400,
      "invalid-input",
    );
    expect(tooLong.errors).toEqual([
      { path: "to", message: "the range may hold at most 366 days; from 2025-01-01 to 2026-01-02 is 367" },
    ]);
    await expectProblem(await post(h, "{not json"), 400, "malformed-json");
    await expectProblem(
      await h.app.request("/exports", {
        method: "POST",
        headers: { ...bearer(ids.supervisor), "content-type": "text/plain" },
        body: "x",
      }),
      415,
      "unsupported-media-type",
    );
    expect(h.dispatched).toEqual([]);
  });

  it("is in the OpenAPI document, with its shapes", () => {
    const document = openApiDocument() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(Object.keys(document.paths["/exports"]!)).toEqual(["post"]);
    expect(Object.keys(document.paths["/exports"]!.post!.responses)).toEqual(
      expect.arrayContaining(["202", "400", "401", "403"]),
    );
    expect(Object.keys(document.paths["/exports/{id}"]!.get!.responses)).toEqual(
      expect.arrayContaining(["200", "401", "403", "404"]),
    );
    expect(document.components.schemas.ExportStatus!.required).toEqual(
      expect.arrayContaining(["id", "status", "rows", "url", "expiresAt"]),
    );
    expect(document.components.schemas.ExportAccepted!.required).toEqual(["id", "status"]);
  });
});
