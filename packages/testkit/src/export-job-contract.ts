import { randomUUID } from "node:crypto";
import type { ExportJobStore, ExportRequest } from "@cargo-express/domain";
import { describe, expect, it } from "vitest";

const request = (overrides: Partial<ExportRequest> = {}): ExportRequest => ({
  id: randomUUID(),
  requestedBy: "3f1c-supervisor-sub",
  from: "2026-11-01",
  to: "2026-11-30",
  format: "csv",
  requestedAt: "2026-12-06T10:00:00.000Z",
  keepUntil: "2026-12-07T10:00:00.000Z",
  ...overrides,
});

/**
 * The behaviour every ExportJobStore must have: a job moves pending -> running -> ready, or to failed, each step
 * once, and a finished job never moves again. Job ids are random, so one store may serve the whole suite.
 */
export function describeExportJobStoreContract(
  name: string,
  make: () => Promise<ExportJobStore> | ExportJobStore,
): void {
  describe(`ExportJobStore contract: ${name}`, () => {
    it("creates a pending job and reads it back as asked", async () => {
      const store = await make();
      const asked = request({ format: "xlsx" });
      const created = await store.create(asked);
      expect(created).toEqual({ ...asked, status: "pending" });
      expect(await store.get(asked.id)).toEqual({ ...asked, status: "pending" });
    });

    it("returns undefined for an unknown id", async () => {
      const store = await make();
      expect(await store.get(randomUUID())).toBeUndefined();
    });

    it("refuses a second job under an id already used, keeping the first", async () => {
      const store = await make();
      const first = request();
      await store.create(first);
      await expect(store.create({ ...first, from: "2026-10-01" })).rejects.toThrow();
      expect((await store.get(first.id))?.from).toBe("2026-11-01");
    });

    it("lets exactly one of two concurrent claims run a pending job", async () => {
      const store = await make();
      const job = request();
      await store.create(job);
      const claims = await Promise.all([
        store.claim(job.id, "2026-12-06T10:00:01.000Z"),
        store.claim(job.id, "2026-12-06T10:00:01.500Z"),
      ]);
      const won = claims.filter((claim) => claim !== undefined);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ id: job.id, status: "running" });
      expect((await store.get(job.id))?.status).toBe("running");
      expect(await store.claim(job.id, "2026-12-06T10:00:02.000Z")).toBeUndefined();
    });

    it("does not claim an unknown job (and creates nothing)", async () => {
      const store = await make();
      const id = randomUUID();
      expect(await store.claim(id, "2026-12-06T10:00:01.000Z")).toBeUndefined();
      expect(await store.get(id)).toBeUndefined();
    });

    it("completes a running job with its rows and file, once", async () => {
      const store = await make();
      const job = request();
      await store.create(job);
      await store.claim(job.id, "2026-12-06T10:00:01.000Z");
      const objectKey = `exports/${job.id}/pedidos_2026-11-01_2026-11-30.csv`;
      expect(await store.complete(job.id, { rows: 12345, objectKey, at: "2026-12-06T10:00:09.000Z" })).toBe(true);
      expect(await store.get(job.id)).toEqual({
        ...job,
        status: "ready",
        startedAt: "2026-12-06T10:00:01.000Z",
        finishedAt: "2026-12-06T10:00:09.000Z",
        rows: 12345,
        objectKey,
      });
      expect(await store.complete(job.id, { rows: 1, objectKey: "other", at: "2026-12-06T10:00:10.000Z" })).toBe(false);
      expect(await store.fail(job.id, { reason: "late", at: "2026-12-06T10:00:10.000Z" })).toBe(false);
      expect((await store.get(job.id))?.rows).toBe(12345);
    });

    it("does not complete a job nobody claimed", async () => {
      const store = await make();
      const job = request();
      await store.create(job);
      expect(await store.complete(job.id, { rows: 0, objectKey: "k", at: "2026-12-06T10:00:09.000Z" })).toBe(false);
      expect((await store.get(job.id))?.status).toBe("pending");
      expect(await store.complete(randomUUID(), { rows: 0, objectKey: "k", at: "2026-12-06T10:00:09.000Z" })).toBe(
        false,
      );
    });

    it("fails a pending or running job with its reason, and a failed job stays failed", async () => {
      const store = await make();
      const pending = request();
      const running = request();
      await store.create(pending);
      await store.create(running);
      await store.claim(running.id, "2026-12-06T10:00:01.000Z");
      expect(await store.fail(pending.id, { reason: "could not start", at: "2026-12-06T10:00:02.000Z" })).toBe(true);
      expect(await store.fail(running.id, { reason: "could not write", at: "2026-12-06T10:00:03.000Z" })).toBe(true);
      expect(await store.get(pending.id)).toEqual({
        ...pending,
        status: "failed",
        failure: "could not start",
        finishedAt: "2026-12-06T10:00:02.000Z",
      });
      expect(await store.get(running.id)).toMatchObject({ status: "failed", failure: "could not write" });
      expect(await store.claim(pending.id, "2026-12-06T10:00:04.000Z")).toBeUndefined();
      expect(await store.complete(running.id, { rows: 1, objectKey: "k", at: "2026-12-06T10:00:05.000Z" })).toBe(false);
      expect(await store.fail(running.id, { reason: "again", at: "2026-12-06T10:00:06.000Z" })).toBe(false);
      expect((await store.get(running.id))?.failure).toBe("could not write");
      expect(await store.fail(randomUUID(), { reason: "unknown", at: "2026-12-06T10:00:06.000Z" })).toBe(false);
    });

    it("keeps names and ids as given (accents, a requester id with symbols)", async () => {
      const store = await make();
      const job = request({ requestedBy: "user:Ñandú@example|x" });
      await store.create(job);
      expect((await store.get(job.id))?.requestedBy).toBe("user:Ñandú@example|x");
    });
  });
}
