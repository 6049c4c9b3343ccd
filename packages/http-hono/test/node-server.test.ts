import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";

// Served by @hono/node-server (as the local stack serves it), bodies are read from the Node request directly
// (src/http/json-body.ts, `incoming`), not through a Web stream: the same rules must hold on that path.

let ids: LocalIdentities;
let harness: ReturnType<typeof buildApp>;
let server: ServerType;
let port: number;
beforeAll(async () => {
  ids = await startLocalIdentities();
  harness = buildApp({ verifier: ids.verifier, bodyLimitBytes: 4096 });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: harness.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await ids.server.close();
});

/** A raw HTTP/1.1 POST; `chunks` are written one by one (chunked encoding when no content-length is given). */
function post(
  path: string,
  chunks: (string | Buffer)[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: { authorization: `Bearer ${ids.courier}`, "content-type": "application/json", ...headers },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (part: Buffer) => parts.push(part));
        res.on("end", () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString("utf8"), headers: res.headers }),
        );
      },
    );
    req.on("error", (error) =>
      (error as NodeJS.ErrnoException).code === "ECONNRESET" || (error as NodeJS.ErrnoException).code === "EPIPE"
        ? undefined
        : reject(error),
    );
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("the app served by @hono/node-server", () => {
  it("accepts an order sent in several chunks, with X-Request-Id on the answer", async () => {
    const text = JSON.stringify(OrderMother.random());
    const answer = await post("/orders", [text.slice(0, 10), text.slice(10, 50), text.slice(50)]);
    expect(answer.status).toBe(201);
    expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ id: JSON.parse(text).pedido_id });
  });

  it("refuses a chunked body past the limit with 413 (counted as it arrives, no Content-Length to trust)", async () => {
    const answer = await post("/orders", ['{"padding":"', "x".repeat(3000), "x".repeat(3000), '"}']);
    expect(answer.status).toBe(413);
    expect(answer.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(answer.headers["x-request-id"]).toBeDefined();
    expect(JSON.parse(answer.body)).toMatchObject({ type: "urn:cargo-express:problem:payload-too-large" });
  });

  it("refuses bytes that are not UTF-8 and an empty body with 400 malformed-json", async () => {
    const bad = await post("/orders", [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({
      type: "urn:cargo-express:problem:malformed-json",
      detail: "The body is not valid UTF-8",
    });
    const empty = await post("/orders", [], { "content-length": "0" });
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body)).toMatchObject({ type: "urn:cargo-express:problem:malformed-json" });
  });

  it("keeps the connection usable after a refused body (keep-alive: the next request is answered)", async () => {
    const big = await post("/orders", ['{"padding":"', "x".repeat(5000), '"}']);
    expect(big.status).toBe(413);
    const ok = await post("/orders", [JSON.stringify(OrderMother.random())]);
    expect(ok.status).toBe(201);
  });
});
