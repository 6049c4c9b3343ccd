/**
 * How this workspace runs its TypeScript with Node: tsx loads it, and the "@cargo-express/source" export condition
 * resolves workspace packages to their TypeScript sources, so nothing needs building first. The one place the Node
 * flags are spelled: npm scripts run entry points through tools/run-ts.mjs, and tests that start an entry point
 * spawn Node with RUN_TS_NODE_ARGS.
 */
export const SOURCE_CONDITION = "@cargo-express/source";

export const RUN_TS_NODE_ARGS = ["--import", "tsx", `--conditions=${SOURCE_CONDITION}`];
