import {
  dayStartInstant,
  newStoredOrder,
  type Order,
  type OrderLedger,
  type OrderRepository,
  type RevisionAuthor,
  unknownCreatorOf,
} from "@cargo-express/domain";
import { describe, expect, it } from "vitest";
import { orderFrom } from "./contracts.js";
import { nextOrderId, OrderMother } from "./order-mother.js";

const TZ = "America/Bogota";

/** A store orders are saved to, voided and corrected in, and the ledger that lists them. */
export interface RevisionAdapters {
  readonly orders: OrderRepository;
  readonly ledger: OrderLedger;
}

const author = (reason: string, by = "supervisor"): RevisionAuthor => ({
  by,
  at: "2026-12-06T15:00:00.000Z",
  reason,
});

/** The sample order under `id`, delivered by courier 106 with one product; `quantity` tells revisions apart. */
const orderOf = (id: string, quantity: number, courier = 106, product = "pk0002"): Order =>
  orderFrom(
    {
      ...OrderMother.withProducts(
        [{ IdProducto: product, producto: "Estuche para gafas", precio: 8, cantidad: quantity }],
        id,
      ),
      repartidor: { IdRepartidor: courier, Nombre: `Repartidor ${courier}` },
    },
    Date.parse("2024-09-11T23:30:00Z"),
  );

/**
 * The behaviour every OrderRepository must have for voids and corrections (see `voidRevision` and `correctRevision`
 * for the rules; this suite checks that the adapter applies them atomically and stores what they say). `make`
 * returns adapters where the ids this suite generates are unused.
 */
export function describeOrderRevisionContract(
  name: string,
  make: () => Promise<RevisionAdapters> | RevisionAdapters,
): void {
  describe(`OrderRepository revisions contract: ${name}`, () => {
    it("reads an order as intake stored it: active, revision 1, created by who placed it", async () => {
      const { orders } = await make();
      const placed = orderOf(nextOrderId("rev"), 1);
      const anonymous = orderOf(nextOrderId("rev"), 1);
      await orders.saveIfAbsent(placed, "repartidor-106");
      await orders.saveIfAbsent(anonymous);
      expect(await orders.getStored(placed.id)).toEqual(newStoredOrder(placed, "repartidor-106"));
      expect(await orders.getStored(anonymous.id)).toEqual(newStoredOrder(anonymous, unknownCreatorOf(anonymous)));
      expect(await orders.getStored(nextOrderId("missing"))).toBeUndefined();
    });

    it("voids an order at the next revision, keeping its content; voiding again changes nothing", async () => {
      const { orders } = await make();
      const order = orderOf(nextOrderId("void"), 2);
      await orders.saveIfAbsent(order, "repartidor-106");
      const voided = await orders.void(order.id, author("pedido de prueba"));
      const expected = {
        order,
        status: "voided",
        revision: 2,
        history: [
          ...newStoredOrder(order, "repartidor-106").history,
          {
            revision: 2,
            action: "voided",
            at: "2026-12-06T15:00:00.000Z",
            by: "supervisor",
            reason: "pedido de prueba",
          },
        ],
      };
      expect(voided).toEqual({ ok: true, value: { stored: expected, changed: true } });
      expect(await orders.getStored(order.id)).toEqual(expected);
      expect(await orders.getById(order.id)).toEqual(order);
      expect(await orders.void(order.id, author("otra vez", "otro"))).toEqual({
        ok: true,
        value: { stored: expected, changed: false },
      });
      expect(await orders.getStored(order.id)).toEqual(expected);
    });

    it("answers not-found for a void or a correction of an unknown order, storing nothing", async () => {
      const { orders } = await make();
      const id = nextOrderId("missing");
      const notFound = { ok: false, error: { kind: "not-found", what: "order", id } };
      expect(await orders.void(id, author("no existe"))).toEqual(notFound);
      expect(await orders.correct(id, orderOf(id, 1), author("no existe"))).toEqual(notFound);
      expect(await orders.getStored(id)).toBeUndefined();
    });

    it("corrects an order at the next revision: new content, same receipt time, the ledger's keys moved", async () => {
      const { orders, ledger } = await make();
      const id = nextOrderId("fix");
      const original = orderOf(id, 50);
      await orders.saveIfAbsent(original, "repartidor-106");
      // Another courier, another product, delivered the day before, received "now" (a correction keeps receipt).
      const corrected = orderFrom(
        {
          ...OrderMother.withProducts([{ IdProducto: "pk0004", producto: "Pendrive", precio: 12, cantidad: 5 }], id),
          repartidor: { IdRepartidor: 107, Nombre: "Repartidor 107" },
          timestamp: "2024-09-10 10:00:00",
        },
        Date.parse("2026-12-06T15:00:00Z"),
      );
      const outcome = await orders.correct(id, corrected, author("cantidad 50 por 5"));
      const current = { ...corrected, receivedAt: original.receivedAt };
      expect(outcome).toEqual({
        ok: true,
        value: {
          changed: true,
          stored: {
            order: current,
            status: "active",
            revision: 2,
            history: [
              ...newStoredOrder(original, "repartidor-106").history,
              {
                revision: 2,
                action: "corrected",
                at: "2026-12-06T15:00:00.000Z",
                by: "supervisor",
                reason: "cantidad 50 por 5",
              },
            ],
          },
        },
      });
      expect(await orders.getById(id)).toEqual(current);
      const page = (request: { courierId?: string; productId?: string; from: string; to: string }) =>
        ledger.page({
          fromInstant: dayStartInstant(request.from, TZ),
          toInstant: dayStartInstant(request.to, TZ),
          limit: 10,
          ...(request.courierId === undefined ? {} : { courierId: request.courierId }),
          ...(request.productId === undefined ? {} : { productId: request.productId }),
        });
      const listed = { ...current, status: "active", revision: 2 };
      expect((await page({ from: "2024-09-10", to: "2024-09-11" })).orders).toEqual([listed]);
      expect((await page({ from: "2024-09-10", to: "2024-09-11", courierId: "107" })).orders).toEqual([listed]);
      expect((await page({ from: "2024-09-10", to: "2024-09-11", productId: "pk0004" })).orders).toEqual([listed]);
      expect((await page({ from: "2024-09-11", to: "2024-09-12" })).orders.map((o) => o.id)).not.toContain(id);
      expect(
        (await page({ from: "2024-09-10", to: "2024-09-12", courierId: "106" })).orders.map((o) => o.id),
      ).not.toContain(id);
      expect(
        (await page({ from: "2024-09-10", to: "2024-09-12", productId: "pk0002" })).orders.map((o) => o.id),
      ).not.toContain(id);
    });

    it("lists a voided order in the ledger with its status and revision", async () => {
      const { orders, ledger } = await make();
      const order = orderOf(nextOrderId("void-ledger"), 3, 108);
      await orders.saveIfAbsent(order);
      await orders.void(order.id, author("duplicado"));
      const page = await ledger.page({
        fromInstant: dayStartInstant("2024-09-11", TZ),
        toInstant: dayStartInstant("2024-09-12", TZ),
        courierId: "108",
        limit: 500,
      });
      expect(page.orders.find((entry) => entry.id === order.id)).toEqual({ ...order, status: "voided", revision: 2 });
    });

    it("refuses a stale expected revision and a correction of a voided order, changing nothing", async () => {
      const { orders } = await make();
      const id = nextOrderId("refuse");
      await orders.saveIfAbsent(orderOf(id, 1));
      expect((await orders.correct(id, orderOf(id, 2), author("dos"), 1)).ok).toBe(true);
      const second = await orders.getStored(id);
      expect(await orders.correct(id, orderOf(id, 3), author("tres"), 1)).toMatchObject({
        ok: false,
        error: { kind: "precondition-failed", orderId: id, expectedRevision: 1, currentRevision: 2 },
      });
      expect(await orders.getStored(id)).toEqual(second);
      await orders.void(id, author("anulado"));
      const voided = await orders.getStored(id);
      expect(await orders.correct(id, orderOf(id, 4), author("cuatro"))).toMatchObject({
        ok: false,
        error: { kind: "conflict", orderId: id },
      });
      expect(await orders.getStored(id)).toEqual(voided);
    });

    it("voids the expected revision, and refuses a stale one (voided since included), changing nothing", async () => {
      const { orders } = await make();
      const id = nextOrderId("void-stale");
      await orders.saveIfAbsent(orderOf(id, 1));
      expect((await orders.correct(id, orderOf(id, 100), author("cien"), 1)).ok).toBe(true);
      const corrected = await orders.getStored(id);
      expect(await orders.void(id, author("cuatro unidades"), 1)).toMatchObject({
        ok: false,
        error: { kind: "precondition-failed", orderId: id, expectedRevision: 1, currentRevision: 2 },
      });
      expect(await orders.getStored(id)).toEqual(corrected);
      const voided = await orders.void(id, author("duplicado", "ana"), 2);
      expect(voided).toMatchObject({ ok: true, value: { changed: true, stored: { status: "voided", revision: 3 } } });
      const stored = await orders.getStored(id);
      expect(await orders.void(id, author("otra razón", "luis"), 2)).toMatchObject({
        ok: false,
        error: { kind: "precondition-failed", expectedRevision: 2, currentRevision: 3 },
      });
      expect(await orders.getStored(id)).toEqual(stored);
      expect(await orders.void(id, author("otra razón", "luis"))).toEqual({
        ok: true,
        value: { stored, changed: false },
      });
    });

    it("lets exactly one of concurrent voids and corrections expecting the same revision win", async () => {
      const { orders } = await make();
      const id = nextOrderId("void-expect-race");
      await orders.saveIfAbsent(orderOf(id, 1));
      const outcomes = await Promise.all([
        ...Array.from({ length: 3 }, (_, i) => orders.void(id, author(`anulado ${i}`), 1)),
        ...Array.from({ length: 3 }, (_, i) => orders.correct(id, orderOf(id, 30 + i), author(`c ${i}`), 1)),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      for (const outcome of outcomes)
        if (!outcome.ok) expect(outcome.error).toMatchObject({ kind: "precondition-failed", currentRevision: 2 });
      const stored = await orders.getStored(id);
      expect(stored?.revision).toBe(2);
      expect(stored?.history).toHaveLength(2);
    });

    it("lets exactly one of concurrent corrections expecting the same revision win", async () => {
      const { orders } = await make();
      const id = nextOrderId("race");
      await orders.saveIfAbsent(orderOf(id, 1));
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => orders.correct(id, orderOf(id, 10 + i), author(`carrera ${i}`), 1)),
      );
      const won = outcomes.filter((outcome) => outcome.ok);
      expect(won).toHaveLength(1);
      for (const outcome of outcomes)
        if (!outcome.ok) expect(outcome.error).toMatchObject({ kind: "precondition-failed", currentRevision: 2 });
      const stored = await orders.getStored(id);
      expect(stored?.revision).toBe(2);
      expect(won[0]?.ok && won[0].value.stored).toEqual(stored);
    });

    it("writes concurrent corrections without an expected revision one revision each, losing none of the history", async () => {
      const { orders } = await make();
      const id = nextOrderId("queue");
      await orders.saveIfAbsent(orderOf(id, 1));
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, (_, i) => orders.correct(id, orderOf(id, 10 + i), author(`cola ${i}`))),
      );
      expect(outcomes.every((outcome) => outcome.ok && outcome.value.changed)).toBe(true);
      const stored = await orders.getStored(id);
      expect(stored?.revision).toBe(5);
      expect(stored?.history.map((entry) => entry.revision)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(stored?.history.slice(1).map((entry) => entry.reason))).toEqual(
        new Set(["cola 0", "cola 1", "cola 2", "cola 3"]),
      );
      // The last written is the content now.
      const last = stored?.history.at(-1)?.reason;
      expect(stored?.order.units).toBe(10 + Number(last?.slice(-1)));
    });

    it("lets a void racing corrections win once: afterwards nothing corrects the order", async () => {
      const { orders } = await make();
      const id = nextOrderId("void-race");
      await orders.saveIfAbsent(orderOf(id, 1));
      const [voided, ...corrections] = await Promise.all([
        orders.void(id, author("anulado")),
        ...Array.from({ length: 3 }, (_, i) => orders.correct(id, orderOf(id, 20 + i), author(`c ${i}`))),
      ]);
      expect(voided?.ok && voided.value.changed).toBe(true);
      const stored = await orders.getStored(id);
      expect(stored?.status).toBe("voided");
      const written = corrections.filter((outcome) => outcome.ok).length;
      expect(stored?.revision).toBe(2 + written);
      expect(stored?.history.at(-1)?.action).toBe("voided");
      for (const outcome of corrections) if (!outcome.ok) expect(outcome.error.kind).toBe("conflict");
    });

    it("tells a phone's retry of the original content from a different order, whatever was changed since", async () => {
      const { orders } = await make();
      const id = nextOrderId("retry");
      const original = orderOf(id, 1);
      await orders.saveIfAbsent(original, "repartidor-106");
      await orders.correct(id, orderOf(id, 7), author("cantidad"));
      const retried = await orders.saveIfAbsent({ ...original, receivedAt: "2026-12-06T16:00:00.000Z" });
      expect(retried).toMatchObject({ status: "exists", sameAsOriginal: true });
      expect(retried.status === "exists" && retried.existing).toEqual(await orders.getStored(id));
      expect(await orders.saveIfAbsent(orderOf(id, 7))).toMatchObject({ status: "exists", sameAsOriginal: false });
      expect(await orders.saveIfAbsent(orderOf(id, 2))).toMatchObject({ status: "exists", sameAsOriginal: false });
      await orders.void(id, author("anulado"));
      const afterVoid = await orders.saveIfAbsent(original);
      expect(afterVoid).toMatchObject({
        status: "exists",
        sameAsOriginal: true,
        existing: { status: "voided", revision: 3 },
      });
      expect((await orders.getStored(id))?.status).toBe("voided");
    });

    it("finds the stored order with whether content is the original, as saveIfAbsent would, writing nothing", async () => {
      const { orders } = await make();
      const id = nextOrderId("find");
      const original = orderOf(id, 1);
      expect(await orders.findExisting(original)).toBeUndefined();
      expect(await orders.getStored(id)).toBeUndefined();
      await orders.saveIfAbsent(original, "repartidor-106");
      expect(await orders.findExisting({ ...original, receivedAt: "2026-12-06T16:00:00.000Z" })).toEqual({
        existing: newStoredOrder(original, "repartidor-106"),
        sameAsOriginal: true,
      });
      await orders.correct(id, orderOf(id, 7, 107), author("repartidor"));
      const corrected = await orders.getStored(id);
      expect(await orders.findExisting(original)).toEqual({ existing: corrected, sameAsOriginal: true });
      expect(await orders.findExisting(orderOf(id, 7, 107))).toEqual({ existing: corrected, sameAsOriginal: false });
      expect(await orders.findExisting(orderOf(id, 2))).toEqual({ existing: corrected, sameAsOriginal: false });
      await orders.void(id, author("anulado"));
      const voided = await orders.getStored(id);
      expect(voided).toMatchObject({ status: "voided", revision: 3 });
      expect(await orders.findExisting(original)).toEqual({ existing: voided, sameAsOriginal: true });
      expect(await orders.getStored(id)).toEqual(voided);
    });
  });
}
