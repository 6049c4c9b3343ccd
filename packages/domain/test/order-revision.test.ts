import { describe, expect, it } from "vitest";
import {
  correctRevision,
  counts,
  newStoredOrder,
  ORDER_REVISION_LIMITS,
  reasonSchema,
  revisionTag,
  type RevisionAuthor,
  type StoredOrder,
  stateOf,
  unknownCreatorOf,
  voidRevision,
} from "../src/index.js";
import { anOrder } from "./support/orders.js";

const original = anOrder("o-1", { lines: [["pk1", "Estuche", 800, 50]], receivedAt: "2024-09-11T23:30:00.000Z" });
const fixed = anOrder("o-1", { lines: [["pk1", "Estuche", 800, 5]], receivedAt: "2026-12-06T15:00:00.000Z" });
const created = newStoredOrder(original, "repartidor-106");
const supervisor = (reason: string, at = "2026-12-06T15:00:00.000Z"): RevisionAuthor => ({ by: "ana", at, reason });

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe("a new order", () => {
  it("is active at revision 1 with one created entry at its receipt, by whoever placed it, with no reason", () => {
    expect(created).toEqual({
      order: original,
      status: "active",
      revision: 1,
      history: [{ revision: 1, action: "created", at: "2024-09-11T23:30:00.000Z", by: "repartidor-106" }],
    });
    expect(stateOf(created)).toEqual({ order: original, status: "active", revision: 1 });
    expect(counts(created)).toBe(true);
  });

  it("of unknown author (stored before orders had a history) is recorded as its courier's", () => {
    expect(unknownCreatorOf(original)).toBe("courier 106");
  });
});

describe("voiding", () => {
  it("takes the order out of the figures at the next revision, keeping its lines, and records who and why", () => {
    const { stored, changed } = unwrap(voidRevision(created, supervisor("pedido de prueba")));
    expect(changed).toBe(true);
    expect(stored.order).toBe(original);
    expect(stored.status).toBe("voided");
    expect(stored.revision).toBe(2);
    expect(counts(stored)).toBe(false);
    expect(stored.history.at(-1)).toEqual({
      revision: 2,
      action: "voided",
      at: "2026-12-06T15:00:00.000Z",
      by: "ana",
      reason: "pedido de prueba",
    });
  });

  it("is idempotent: voiding again changes nothing, whatever the reason", () => {
    const voided = unwrap(voidRevision(created, supervisor("pedido de prueba"))).stored;
    const again = unwrap(voidRevision(voided, supervisor("otra razón", "2026-12-07T00:00:00.000Z")));
    expect(again).toEqual({ stored: voided, changed: false });
  });

  it("of the expected (current) revision voids it; without an expected revision voids whatever is current", () => {
    const corrected = unwrap(correctRevision(created, fixed, supervisor("cantidad"))).stored;
    const expected = unwrap(voidRevision(corrected, supervisor("duplicado"), 2));
    expect(expected.changed).toBe(true);
    expect(expected.stored).toMatchObject({ status: "voided", revision: 3, order: corrected.order });
    expect(unwrap(voidRevision(corrected, supervisor("duplicado")))).toEqual(expected);
  });

  it("of a stale revision is a precondition failure naming both, and changes nothing", () => {
    const corrected = unwrap(correctRevision(created, fixed, supervisor("cantidad"))).stored;
    expect(voidRevision(corrected, supervisor("duplicado"), 1)).toEqual({
      ok: false,
      error: {
        kind: "precondition-failed",
        orderId: "o-1",
        expectedRevision: 1,
        currentRevision: 2,
        message: "order o-1 is at revision 2, not 1: read it again before voiding it",
      },
    });
    expect(corrected.status).toBe("active");
  });

  it("of a stale revision of an order voided since is a precondition failure, not the idempotent answer", () => {
    const voided = unwrap(voidRevision(created, supervisor("pedido de prueba"))).stored;
    const stale = voidRevision(voided, supervisor("duplicado", "2026-12-07T00:00:00.000Z"), 1);
    expect(stale).toMatchObject({ ok: false, error: { kind: "precondition-failed", currentRevision: 2 } });
    // Naming the voided revision itself (the one the second supervisor sees) is the idempotent answer.
    expect(unwrap(voidRevision(voided, supervisor("duplicado"), 2))).toEqual({ stored: voided, changed: false });
  });
});

describe("correcting", () => {
  it("replaces the content at the next revision and keeps the receipt time", () => {
    const { stored, changed } = unwrap(correctRevision(created, fixed, supervisor("cantidad 50 por 5")));
    expect(changed).toBe(true);
    expect(stored.order).toEqual({ ...fixed, receivedAt: original.receivedAt });
    expect(stored.status).toBe("active");
    expect(stored.revision).toBe(2);
    expect(stored.history).toEqual([
      created.history[0],
      { revision: 2, action: "corrected", at: "2026-12-06T15:00:00.000Z", by: "ana", reason: "cantidad 50 por 5" },
    ]);
  });

  it("with the expected revision succeeds; with a stale one is a precondition failure naming both", () => {
    const second = unwrap(correctRevision(created, fixed, supervisor("cantidad"), 1)).stored;
    const stale = correctRevision(second, original, supervisor("otra vez"), 1);
    expect(stale).toEqual({
      ok: false,
      error: {
        kind: "precondition-failed",
        orderId: "o-1",
        expectedRevision: 1,
        currentRevision: 2,
        message: "order o-1 is at revision 2, not 1: read it again before correcting it",
      },
    });
    expect(unwrap(correctRevision(second, original, supervisor("otra vez"), 2)).stored.revision).toBe(3);
  });

  it("of a voided order is a conflict", () => {
    const voided = unwrap(voidRevision(created, supervisor("duplicado"))).stored;
    const result = correctRevision(voided, fixed, supervisor("cantidad"));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ kind: "conflict", orderId: "o-1" });
    expect(!result.ok && result.error.kind === "conflict" && result.error.message).toMatch(/voided/);
  });

  it("answers a stale expected revision before the conflict of a voided order", () => {
    const voided = unwrap(voidRevision(created, supervisor("duplicado"))).stored;
    const result = correctRevision(voided, fixed, supervisor("cantidad"), 1);
    expect(!result.ok && result.error.kind).toBe("precondition-failed");
  });

  it("under another id is invalid, naming the id", () => {
    const moved = anOrder("o-2", { lines: [["pk1", "Estuche", 800, 5]] });
    expect(correctRevision(created, moved, supervisor("cantidad"))).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        issues: [{ path: "orderId", message: "orderId must be the order's id in the path (o-1), not o-2" }],
      },
    });
  });

  it("to the same content (lines merged or reordered, another receipt time) is no revision", () => {
    const same = anOrder("o-1", {
      lines: [
        ["pk1", "Estuche", 800, 20],
        ["pk1", "Estuche", 800, 30],
      ],
      receivedAt: "2030-01-01T00:00:00.000Z",
    });
    expect(unwrap(correctRevision(created, same, supervisor("nada")))).toEqual({ stored: created, changed: false });
  });
});

describe("the history's length", () => {
  /** An order corrected until its history holds `entries` entries, alternating between two contents. */
  function correctedUntil(entries: number): StoredOrder {
    let stored = created;
    while (stored.history.length < entries) {
      const next = stored.order.lines[0]?.quantity === 50 ? fixed : original;
      stored = unwrap(correctRevision(stored, next, supervisor(`corrección ${stored.revision}`))).stored;
    }
    return stored;
  }

  it("stops corrections one short of the cap, with a clear error, and still lets the order be voided", () => {
    const max = ORDER_REVISION_LIMITS.maxHistoryEntries;
    const full = correctedUntil(max - 1);
    expect(full.revision).toBe(max - 1);
    const refused = correctRevision(full, full.order === fixed ? original : fixed, supervisor("una más"));
    expect(refused).toEqual({
      ok: false,
      error: {
        kind: "conflict",
        orderId: "o-1",
        message: `order o-1 has ${max - 1} history entries, the most before a void; it can only be voided now (report the right order under a new id)`,
      },
    });
    const voided = unwrap(voidRevision(full, supervisor("demasiadas correcciones"))).stored;
    expect(voided.history).toHaveLength(max);
    expect(voided.revision).toBe(max);
  });

  it("refuses a void that would exceed the cap (a history some other writer filled)", () => {
    const max = ORDER_REVISION_LIMITS.maxHistoryEntries;
    const overfull: StoredOrder = {
      ...created,
      history: Array.from({ length: max }, (_, i) => ({ ...created.history[0]!, revision: i + 1 })),
    };
    const result = voidRevision(overfull, supervisor("fuera"));
    expect(!result.ok && result.error).toEqual({
      kind: "conflict",
      orderId: "o-1",
      message: `order o-1 has ${max} history entries, the most an order keeps; it cannot change again`,
    });
  });
});

describe("a reason", () => {
  const parse = (value: unknown) => reasonSchema("reason").safeParse(value);

  it("is 3-500 characters, trimmed and normalised, with the text rules of a name", () => {
    expect(parse("  duplicado  ").data).toBe("duplicado");
    expect(parse("e\u0301se").data).toBe("\u00e9se");
    expect(parse("ab").error?.issues.map((issue) => issue.message)).toEqual(["reason must be at least 3 characters"]);
    expect(parse("   ").error?.issues.map((issue) => issue.message)).toEqual(["reason must not be empty"]);
    expect(parse("x".repeat(500)).success).toBe(true);
    expect(parse("x".repeat(501)).error?.issues.map((issue) => issue.message)).toEqual([
      "reason must be at most 500 characters",
    ]);
    expect(parse("borrar\u202eesto").error?.issues[0]?.message).toMatch(/invisible format characters/);
    expect(parse("línea\nnueva").error?.issues[0]?.message).toBe("reason must not contain control characters");
    expect(parse(42).error?.issues[0]?.message).toBe("reason must be a string");
  });

  it("of 500 four-byte characters stays within its byte bound", () => {
    expect(parse("😀".repeat(500)).success).toBe(true);
  });
});

describe("an order's entity tag", () => {
  it("is strong and names the revision", () => {
    expect(revisionTag("o-1", 3)).toBe('"o-1.r3"');
  });
});
