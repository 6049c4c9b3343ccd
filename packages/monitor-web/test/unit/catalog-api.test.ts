import { describe, expect, it } from "vitest";
import { fetchCatalog, fetchCatalogHistory, putCourier, putProduct } from "../../src/catalog-api.js";

type Call = { url: string; init: RequestInit };

function api(answer: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} });
    return answer();
  };
  return { api: { apiBaseUrl: "https://api.test", fetch: fetchImpl }, calls };
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status });

describe("the catalogue's calls", () => {
  it("reads the catalogue and the history with the access token", async () => {
    const catalog = { products: [], couriers: [{ id: "101", name: "María López", active: true }] };
    const reading = api(json(200, catalog));
    expect(await fetchCatalog(reading.api, "tok")).toEqual({ kind: "ok", value: catalog });
    expect(reading.calls[0]!.url).toBe("https://api.test/catalog");
    expect(reading.calls[0]!.init.method).toBe("GET");
    expect((reading.calls[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer tok");
    const history = api(json(200, { changes: [], nextBefore: null }));
    expect(await fetchCatalogHistory(history.api, "tok")).toEqual({
      kind: "ok",
      value: { changes: [], nextBefore: null },
    });
    expect(history.calls[0]!.url).toBe("https://api.test/catalog/history");
    const cursor = "2026-12-06T11:00:00.000Z#product#pk0001#0000000002";
    await fetchCatalogHistory(history.api, "tok", cursor);
    expect(new URL(history.calls[1]!.url).searchParams.get("before")).toBe(cursor);
  });

  it("puts an entry as JSON at its encoded id, the price as the text given", async () => {
    const { api: putting, calls } = api(json(200, {}));
    expect(await putProduct(putting, "tok", "pk 1/2", { name: "N", referencePrice: "0.10", active: true })).toEqual({
      kind: "ok",
      value: true,
    });
    expect(calls[0]!.url).toBe("https://api.test/catalog/products/pk%201%2F2");
    expect(calls[0]!.init.method).toBe("PUT");
    expect(calls[0]!.init.body).toBe('{"name":"N","referencePrice":"0.10","active":true}');
    expect((calls[0]!.init.headers as Record<string, string>)["content-type"]).toBe("application/json");
    await putCourier(putting, "tok", "101", { name: "M", active: false });
    expect(calls[1]!.url).toBe("https://api.test/catalog/couriers/101");
  });

  it("turns every answer into an outcome: refusals with their fields, statuses, the network away", async () => {
    const body = { name: "x", active: true };
    const refused = api(
      json(400, {
        status: 400,
        detail: "2 invalid fields; see errors",
        errors: [{ path: "name", message: "name must not be empty" }, { bad: 1 }],
      }),
    );
    expect(await putCourier(refused.api, "t", "1", body)).toEqual({
      kind: "invalid",
      detail: "2 invalid fields; see errors",
      errors: [{ path: "name", message: "name must not be empty" }],
    });
    expect(await putCourier(api(json(401, {})).api, "t", "1", body)).toEqual({ kind: "unauthenticated" });
    expect(await putCourier(api(json(403, {})).api, "t", "1", body)).toEqual({ kind: "forbidden" });
    expect(await putCourier(api(json(503, {})).api, "t", "1", body)).toEqual({ kind: "unreachable" });
    expect(await putCourier(api(json(500, { detail: "boom" })).api, "t", "1", body)).toEqual({
      kind: "failed",
      status: 500,
      detail: "boom",
    });
    const away = api(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(await fetchCatalog(away.api, "t")).toEqual({ kind: "unreachable" });
    expect(await fetchCatalog(api(json(200, { products: "no" })).api, "t")).toMatchObject({ kind: "failed" });
  });
});
