import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ApplyOrderChanges,
  BuildExport,
  GetDailySeries,
  type Order,
  orderTotal,
  orderUnits,
  PlaceOrder,
  RequestExport,
  zonedIso,
} from "@cargo-express/domain";
import {
  FixedClock,
  InMemoryExportJobStore,
  InMemoryOrderChangeFeed,
  InMemoryOrderRepository,
  InMemoryProjectionStore,
} from "@cargo-express/adapters-memory";
import { commandFrom, OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalFileExports } from "../src/index.js";
import { cents, readCsv, readXlsx } from "./support/read-back.js";

const TZ = "America/Bogota";
const NOW = Date.parse("2026-12-06T15:00:00Z");
const DAY = 86_400_000;

/** A seeded random, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

let folder: string;
const orders = new InMemoryOrderRepository();
const figures = new InMemoryProjectionStore();
const jobs = new InMemoryExportJobStore();
/** Every order of the range as it stands at the end: its current content and status. */
const placed: (Order & { status: "active" | "voided"; revision: number })[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "export-adds-up-"));
  const clock = new FixedClock(NOW);
  // The feed hears of orders as they are stored, like a table's stream: it exists before the first.
  const feed = new InMemoryOrderChangeFeed(orders);
  const place = new PlaceOrder({ orders, clock, timeZone: TZ });
  const random = seeded(23);
  // 120 orders over 2026-11-28..12-03 (Bogota), some a second either side of midnight, one with names holding a
  // comma and quotes (the rules of names forbid line breaks; the file tests cover those).
  const instants = [
    ...Array.from({ length: 116 }, () => Date.parse("2026-11-28T05:00:00Z") + Math.floor(random() * 6 * DAY)),
    Date.parse("2026-11-30T04:59:59Z"), // 29th, 23:59:59 in Bogota (names with a comma and quotes)
    Date.parse("2026-11-30T05:00:00Z"), // 30th, 00:00:00
    Date.parse("2026-12-04T04:59:59Z"), // 3rd, 23:59:59: the last second of the range below
    Date.parse("2026-12-04T05:00:00Z"), // 4th: outside it
  ];
  for (const [index, ms] of instants.entries()) {
    const payload = OrderMother.random({ random, at: ms, id: `adds-up-${index}` });
    if (index === 116) Object.assign(payload, { repartidor: { IdRepartidor: 106, Nombre: 'Gómez, "el Rápido"' } });
    const result = await place.execute(commandFrom(payload));
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    placed.push({ ...result.value.order, status: "active", revision: 1 });
  }
  // Supervisors void 10 orders and correct 10 others (another quantity, and for half of them another courier),
  // so the export must leave the voided out, mark the corrected and still add up to the monitor.
  const author = { by: "supervisor", at: new Date(NOW).toISOString(), reason: "prueba de exportación" };
  for (let index = 0; index < 20; index += 1) {
    const target = placed[index * 5]!;
    if (index % 2 === 0) {
      const voided = await orders.void(target.id, author);
      if (!voided.ok) throw new Error(JSON.stringify(voided.error));
      placed[index * 5] = { ...target, status: "voided", revision: target.revision + 1 };
      continue;
    }
    const lines = target.lines.map((line, n) => (n === 0 ? { ...line, quantity: line.quantity + 3 } : line));
    const corrected: Order = {
      ...target,
      ...(index % 4 === 1 ? { courier: { id: "104", name: "Juan Martínez" } } : {}),
      lines,
      total: orderTotal(lines),
      units: orderUnits(lines),
    };
    const outcome = await orders.correct(target.id, corrected, author);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    placed[index * 5] = { ...corrected, status: "active", revision: target.revision + 1 };
  }
  const projector = new ApplyOrderChanges({ store: figures, timeZone: TZ });
  await feed.drain((batch) => projector.execute(batch).then(() => undefined));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function exportOf(format: "csv" | "xlsx", from: string, to: string) {
  const clock = new FixedClock(NOW);
  const files = new LocalFileExports(folder);
  const build = new BuildExport({ jobs, ledger: orders, files, clock, timeZone: TZ });
  const request = new RequestExport({
    jobs,
    clock,
    dispatcher: { dispatch: async () => undefined },
  });
  const job = await request.execute({ from, to, format }, "supervisor-sub");
  if (!job.ok) throw new Error(JSON.stringify(job.error));
  // A small page, so the range is read in many pages as a year would be.
  const outcome = await build.execute(job.value.id, { pageSize: 7 });
  if (outcome.status !== "ready") throw new Error(JSON.stringify(outcome));
  return { outcome, path: files.pathOf(outcome.objectKey) };
}

/** The business day of a row's `entregado` (its own date: it is written in the business zone). */
const dayOf = (entregado: string) => entregado.slice(0, 10);

describe("an export", () => {
  it("holds every line of every order of the range that counts, newest first, as it now stands (CSV)", async () => {
    const { outcome, path } = await exportOf("csv", "2026-11-29", "2026-12-03");
    const inRange = placed
      .filter((o) => o.deliveredAt >= "2026-11-29T05:00:00" && o.deliveredAt < "2026-12-04T05:00:00")
      .filter((o) => o.status === "active")
      .sort((a, b) => (`${a.deliveredAt}#${a.id}` < `${b.deliveredAt}#${b.id}` ? 1 : -1));
    const expected = inRange.flatMap((o) =>
      o.lines.map((line) => [
        o.id,
        zonedIso(o.deliveredAt, TZ),
        o.courier.id,
        o.courier.name,
        line.productId,
        line.productName,
        String(line.quantity),
        (line.unitPrice / 100).toFixed(2),
        ((line.unitPrice * line.quantity) / 100).toFixed(2),
        o.revision > 1 ? "corregido" : "activo",
      ]),
    );
    const { records } = await readCsv(path);
    expect(records).toEqual(expected);
    const voidedIds = new Set(placed.filter((o) => o.status === "voided").map((o) => o.id));
    expect(voidedIds.size).toBe(10);
    expect(records.some((r) => voidedIds.has(r[0]!))).toBe(false);
    expect(records.some((r) => r[9] === "corregido")).toBe(true);
    expect(outcome).toMatchObject({ rows: expected.length, orders: inRange.length });
    expect(records.some((r) => r[3] === 'Gómez, "el Rápido"')).toBe(true);
  });

  it("adds up to the monitor's figures of each day, to the cent (CSV and XLSX)", async () => {
    const series = await new GetDailySeries({ daily: figures, timeZone: TZ }).execute({
      from: "2026-11-28",
      to: "2026-12-04",
    });
    if (!series.ok) throw new Error("series refused");
    const monitor = new Map(
      series.value.days.map((d) => [d.day, { orders: d.orders, units: d.units, revenue: d.revenue }]),
    );
    // The monitor no longer counts the voided orders.
    expect([...monitor.values()].reduce((sum, d) => sum + d.orders, 0)).toBe(
      placed.filter((o) => o.status === "active").length,
    );

    const sums = (rows: { id: string; day: string; quantity: number; total: number }[]) => {
      const byDay = new Map<string, { ids: Set<string>; units: number; revenue: number }>();
      for (const row of rows) {
        const day = byDay.get(row.day) ?? { ids: new Set(), units: 0, revenue: 0 };
        day.ids.add(row.id);
        day.units += row.quantity;
        day.revenue += row.total;
        byDay.set(row.day, day);
      }
      return new Map([...byDay].map(([day, d]) => [day, { orders: d.ids.size, units: d.units, revenue: d.revenue }]));
    };

    const csv = await readCsv((await exportOf("csv", "2026-11-28", "2026-12-04")).path);
    const fromCsv = sums(
      csv.records.map((r) => ({ id: r[0]!, day: dayOf(r[1]!), quantity: Number(r[6]), total: cents(r[8]!) })),
    );
    const xlsx = await readXlsx((await exportOf("xlsx", "2026-11-28", "2026-12-04")).path);
    const fromXlsx = sums(
      xlsx.rows.map((r) => ({
        id: r[0] as string,
        day: dayOf(r[1] as string),
        quantity: r[6] as number,
        total: cents(r[8] as number),
      })),
    );
    for (const [day, figure] of monitor) {
      const expected = figure.orders === 0 ? undefined : figure;
      expect(fromCsv.get(day), `CSV ${day}`).toEqual(expected);
      expect(fromXlsx.get(day), `XLSX ${day}`).toEqual(expected);
    }
    expect(fromCsv.size).toBe([...monitor.values()].filter((d) => d.orders > 0).length);
  });

  it("of a range without orders is a header alone, ready with 0 rows", async () => {
    const { outcome, path } = await exportOf("csv", "2025-01-01", "2025-12-31");
    expect(outcome).toMatchObject({ rows: 0, orders: 0 });
    expect((await readCsv(path)).records).toEqual([]);
  });
});
