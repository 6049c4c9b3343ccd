import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../src/index.js";
import { eventOf, ProjectorFixture } from "./support/fixture.js";

// No personal data in logs. Courier names (people) and the order images that hold them go to the
// dead letters (readable by operators only), never to the projector's log lines, which name orders by id.

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the projector's logs carry no personal data (DynamoDB Local, real stream records)", () => {
  it("logs a malformed order by id, shard and reason: neither the courier's name nor product names", async () => {
    const f = await ProjectorFixture.create("log-privacy");
    // An order edited by hand: its stored total disagrees with its lines, and it carries names.
    await f.client.send(
      new PutCommand({
        TableName: f.tables.orders,
        Item: {
          order_id: "privacy-1",
          courier_id: "106",
          courier_name: "Nombre Secreto Pérez",
          lines: [{ product_id: "pk0001", product_name: "Producto Secreto", unit_price_cents: 100, quantity: 1 }],
          total_cents: 999,
          units: 1,
          delivered_at: "2024-09-11T23:00:00.000000Z",
          received_at: "2024-09-11T23:01:00.000000Z",
          fingerprint: "0".repeat(64),
        },
      }),
    );
    const records = await f.streamRecords(1);
    const written: string[] = [];
    // The logger writes warnings and errors to stderr, the rest (and metrics) to stdout.
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    }
    const result = await f.handler({
      logger: createLogger({ serviceName: "cargo-express-stream-projector", level: "DEBUG" }),
    })(eventOf(records));
    vi.restoreAllMocks();

    expect(result).toEqual({ batchItemFailures: [], state: {} });
    const logs = written.join("");
    // The line is there and useful: which order, and why.
    expect(logs).toContain("privacy-1");
    expect(logs).toContain("total_cents is 999, lines add up to 100");
    expect(logs).not.toMatch(/Secreto/);
    expect(logs).not.toMatch(/Pérez/);
  });
});
