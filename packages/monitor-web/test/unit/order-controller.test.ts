/**
 * The order page's controller where the real API cannot be made to answer so (the Chromium tests drive the rest
 * against the local stack): the network gone while a change is saved, another supervisor's void arriving first, and
 * an answer for an order no longer on screen. The API is a function from request to response.
 */
import { describe, expect, it } from "vitest";
import type { Authorized } from "../../src/api-call.js";
import { BusinessZone } from "../../src/business-zone.js";
import type { OrderRecord } from "../../src/order-api.js";
import { OrderController, type OrderPageState } from "../../src/order-controller.js";
import { orderOf } from "./fake-ledger.js";

const NOW = Date.parse("2026-12-06T15:00:00Z");

const record = (revision: number, status: "active" | "voided" = "active"): OrderRecord => ({
  ...orderOf("o-1", "2026-12-06T14:30:05.123456Z", ["101", "María López"], [["pk0001", "Moneda", 100, 2]]),
  status,
  revision,
  history: [{ revision: 1, action: "created", at: "2026-12-06T14:31:00.000Z", by: "dispatcher" }],
});

/** The order voided at revision 2 by `by`, for `reason`. */
const voidedBy = (by: string, reason: string): OrderRecord => ({
  ...record(2, "voided"),
  history: [...record(1).history, { revision: 2, action: "voided", at: "2026-12-06T14:59:00.000Z", by, reason }],
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

type Handler = (method: string, path: string, init: RequestInit | undefined) => Response | Promise<Response>;

function controllerWith(handle: Handler) {
  const sent: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://app.test");
    const method = init?.method ?? "GET";
    sent.push(`${method} ${url.pathname}`);
    if (url.pathname === "/monitor/daily")
      return json(200, { timeZone: "America/Bogota", from: "2026-12-05", to: "2026-12-07", days: [] });
    if (url.pathname === "/catalog") return json(200, { products: [], couriers: [] });
    return handle(method, url.pathname, init);
  }) as typeof globalThis.fetch;
  const api = { apiBaseUrl: "", fetch };
  const authorized: Authorized = (call) => call("token");
  const states: OrderPageState[] = [];
  const controller = new OrderController({
    api,
    authorized,
    zone: new BusinessZone({ api, authorized, now: () => NOW }),
    now: () => NOW,
    onChange: (state) => states.push(state),
  });
  return { controller, sent, states };
}

describe("an order's page", () => {
  it("keeps the confirmation when the API is away while saving, says nothing was saved, and sends again on confirm", async () => {
    let away = true;
    const { controller, sent } = controllerWith((method) => {
      if (method === "GET") return json(200, record(1), { etag: '"o-1.r1"' });
      if (away) throw new TypeError("Failed to fetch");
      return json(200, voidedBy("ana", "Pedido de prueba"), { etag: '"o-1.r2"' });
    });
    await controller.open("o-1");
    controller.startVoid();
    controller.setReason("Pedido de prueba");
    controller.review();
    await controller.confirm();
    expect(controller.state.editor).toMatchObject({ stage: "confirming", problem: { key: "saveUnreachable" } });
    expect(controller.state.record?.revision).toBe(1);
    away = false;
    await controller.confirm();
    expect(controller.state.editor).toBeUndefined();
    expect(controller.state.saved).toEqual({ action: "voided", revision: 2 });
    expect(sent.filter((request) => request.startsWith("POST"))).toEqual([
      "POST /orders/o-1/void",
      "POST /orders/o-1/void",
    ]);
  });

  it("says so when the void it sent met a void made meanwhile (the API answers the order as it is): no reason lost silently", async () => {
    const theirs = voidedBy("otro", "Duplicado");
    const { controller } = controllerWith((method) =>
      method === "GET" ? json(200, record(1), { etag: '"o-1.r1"' }) : json(200, theirs, { etag: '"o-1.r2"' }),
    );
    await controller.open("o-1");
    controller.startVoid();
    controller.setReason("Pedido de prueba");
    controller.review();
    await controller.confirm();
    expect(controller.state.saved).toBeUndefined();
    expect(controller.state.problem).toEqual({ key: "orderVoidedMeanwhile" });
    expect(controller.state.record?.history.at(-1)?.by).toBe("otro");
  });

  it("puts each of the API's refusals under the field it names, and the rest above the form", async () => {
    const { controller } = controllerWith((method) =>
      method === "GET"
        ? json(200, record(1), { etag: '"o-1.r1"' })
        : json(400, {
            status: 400,
            detail: "The request is invalid.",
            errors: [
              { path: "order.productos[0].precio", message: "precio must be at most 10000.00" },
              { path: "order.timestamp", message: "timestamp is after the time of receipt" },
              { path: "order.pedido_id", message: "pedido_id must be the order's id" },
            ],
          }),
    );
    await controller.open("o-1");
    controller.startCorrection();
    controller.setLine(0, "quantity", "3");
    controller.setReason("Eran tres");
    controller.review();
    await controller.confirm();
    expect(controller.state.editor).toMatchObject({
      stage: "editing",
      errors: {
        "line.0.price": { server: "precio must be at most 10000.00" },
        deliveredAt: { server: "timestamp is after the time of receipt" },
      },
      problem: { server: "order.pedido_id: pedido_id must be the order's id The request is invalid." },
    });
    expect(controller.state.editor?.kind === "correct" && controller.state.editor.draft.lines[0]?.quantity).toBe("3");
  });

  it("reads the order again when a correction meets a void made meanwhile (409), and says why nothing was saved", async () => {
    let voided = false;
    const { controller } = controllerWith((method, _path, init) => {
      if (method === "GET")
        return voided
          ? json(200, record(2, "voided"), { etag: '"o-1.r2"' })
          : json(200, record(1), { etag: '"o-1.r1"' });
      expect(new Headers(init?.headers).get("if-match")).toBe('"o-1.r1"');
      voided = true;
      return json(409, { status: 409, detail: "order o-1 is voided; a voided order cannot be corrected" });
    });
    await controller.open("o-1");
    controller.startCorrection();
    controller.setLine(0, "quantity", "5");
    controller.setReason("Eran cinco");
    controller.review();
    expect(controller.state.editor?.stage).toBe("confirming");
    await controller.confirm();
    expect(controller.state.editor).toBeUndefined();
    expect(controller.state.record).toMatchObject({ status: "voided", revision: 2 });
    expect(controller.state.problem).toEqual({ key: "orderVoidedMeanwhile" });
    // A voided order offers no change.
    controller.startCorrection();
    controller.startVoid();
    expect(controller.state.editor).toBeUndefined();
  });

  it("drops an answer about an order no longer on screen, and says a malformed id without asking", async () => {
    let release: (response: Response) => void = () => undefined;
    const { controller, sent } = controllerWith((_method, path) =>
      path === "/orders/slow"
        ? new Promise<Response>((done) => (release = done))
        : json(404, { status: 404, detail: "no" }),
    );
    const slow = controller.open("slow");
    await new Promise((resolve) => setTimeout(resolve, 0));
    await controller.open("o-404");
    release(json(200, record(1), { etag: '"o-1.r1"' }));
    await slow;
    expect(controller.state).toMatchObject({ id: "o-404", status: "not-found", record: undefined });
    await controller.open("no valid id!");
    expect(controller.state).toMatchObject({ status: "malformed", problem: { key: "productIdChars" } });
    expect(sent).not.toContain("GET /orders/no%20valid%20id!");
  });
});
