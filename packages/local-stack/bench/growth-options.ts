/**
 * The growth simulation's options (`npm run bench:growth -- --help`), read from the command line into one
 * plain object, and the figures derived from them (today's busiest hour in orders per second).
 */
import { parseArgs } from "node:util";

export const GROWTH_HELP = `npm run bench:growth [-- options]

  --levels LIST          multiples of today's busiest hour to run, in order (default 12,120)
  --seconds N            how long each level runs at its rate (default 60)
  --couriers N           couriers delivering: the fleet's 10, then synthetic ones (default 120, the fleet at x12)
  --orders-per-day N     today's orders a day (default 400, from the brief)
  --peak-share F         share of a day's orders in its busiest hour (default 0.15)
  --max-in-flight N      most orders in flight at once (default 64)
  --help                 this text`;

export interface GrowthOptions {
  /** Multiples of today's busiest hour, run in this order. */
  readonly levels: readonly number[];
  /** How long each level runs at its rate. */
  readonly seconds: number;
  readonly courierCount: number;
  readonly ordersPerDay: number;
  /** Share of a day's orders in its busiest hour. */
  readonly peakShare: number;
  readonly maxInFlight: number;
  /** Today's busiest hour, in orders per second. */
  readonly peakPerSecond: number;
}

/** What the command line asks for: the options, the help text, or a refusal (print the help, exit 2). */
export type GrowthArguments =
  | { readonly kind: "run"; readonly options: GrowthOptions }
  | { readonly kind: "help" }
  | { readonly kind: "invalid" };

/** Orders the bench will post at most, over all levels: the bound on its work. */
export const MAX_ORDERS = 20_000;

/** Reads the command line (`process.argv.slice(2)`); nothing happens at import. */
export function parseGrowthArguments(args: readonly string[]): GrowthArguments {
  const { values } = parseArgs({
    args: [...args],
    options: {
      levels: { type: "string", default: "12,120" },
      seconds: { type: "string", default: "60" },
      couriers: { type: "string", default: "120" },
      "orders-per-day": { type: "string", default: "400" },
      "peak-share": { type: "string", default: "0.15" },
      "max-in-flight": { type: "string", default: "64" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return { kind: "help" };
  const levels = values.levels.split(",").map(Number);
  const seconds = Number(values.seconds);
  const courierCount = Number(values.couriers);
  const ordersPerDay = Number(values["orders-per-day"]);
  const peakShare = Number(values["peak-share"]);
  const maxInFlight = Number(values["max-in-flight"]);
  if (
    levels.some((l) => !(l > 0)) ||
    !(seconds > 0 && seconds <= 600) ||
    !Number.isInteger(courierCount) ||
    courierCount < 1 ||
    !(peakShare > 0 && peakShare <= 1)
  )
    return { kind: "invalid" };
  return {
    kind: "run",
    options: {
      levels,
      seconds,
      courierCount,
      ordersPerDay,
      peakShare,
      maxInFlight,
      peakPerSecond: (ordersPerDay * peakShare) / 3600,
    },
  };
}

/** Orders a run posts: the warm-up (one per courier) and each level's rate times its duration. */
export const ordersToPost = (options: GrowthOptions): number =>
  options.levels.reduce(
    (sum, level) => sum + Math.round(options.peakPerSecond * level * options.seconds),
    options.courierCount,
  );
