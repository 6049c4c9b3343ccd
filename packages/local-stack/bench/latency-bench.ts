/**
 * `npm run bench:latency`: how long an order takes from POST /orders to GET /monitor on the local
 * stack (DynamoDB Local -> stream -> local event source mapping -> projector -> monitor tables).
 * Targets: within 1 s locally; the brief's hard limit in AWS is 10 s. A benchmark, not a test: it prints
 * a table and the verdict, and the numbers depend on the machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadLocalStackConfig } from "../src/config.js";
import { randomOrder, signIn, table, type DemoSettings } from "../src/demo.js";
import { clientSettingsOf, startLocalStack } from "../src/stack.js";

const { values } = parseArgs({
  options: { orders: { type: "string", default: "50" }, storage: { type: "string", default: "dynamodb" } },
});
const count = Number(values.orders);
const dataDir = mkdtempSync(join(tmpdir(), "cargo-express-latency-"));
const stack = await startLocalStack(
  loadLocalStackConfig({
    PORT: "0",
    COGNITO_PORT: "0",
    DYNAMODB_PORT: "0",
    DATA_DIR: dataDir,
    STORAGE: values.storage,
    LOG_LEVEL: "ERROR",
  }),
);
try {
  const token = await signIn(clientSettingsOf(stack) as DemoSettings);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const ordersShown = async () =>
    ((await (await fetch(`${stack.apiUrl}/monitor?hours=1`, { headers })).json()) as { totals: { orders: number } })
      .totals.orders;

  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const before = await ordersShown();
    const started = performance.now();
    const response = await fetch(`${stack.apiUrl}/orders`, {
      method: "POST",
      headers,
      body: JSON.stringify(randomOrder()),
    });
    if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}`);
    while ((await ordersShown()) <= before) {
      if (performance.now() - started > 10_000) throw new Error("an order was not visible within the brief's 10 s");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const ms = (value: number) => value.toFixed(0);
  console.log(
    `\nPOST /orders -> visible in GET /monitor, local stack (${stack.storage.split(",")[0]}), ${count} orders one after another\n`,
  );
  console.log(
    table(
      ["orders", "min ms", "p50 ms", "p95 ms", "max ms", "target (local)", "met"],
      [
        [
          count,
          ms(latencies[0]!),
          ms(at(0.5)),
          ms(at(0.95)),
          ms(latencies.at(-1)!),
          "< 1000 ms",
          latencies.at(-1)! < 1000 ? "yes" : "no",
        ],
      ],
    ),
  );
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
