#!/usr/bin/env node
/**
 * `node tools/run-ts.mjs <entry.ts> [args...]`: runs a TypeScript entry point of this workspace with tsx and the
 * workspace's source condition (tools/source-condition.mjs). process.execve replaces this process with that Node,
 * so the entry point keeps this PID, receives Ctrl-C and other signals itself and its exit code is the command's.
 */
import { RUN_TS_NODE_ARGS } from "./source-condition.mjs";

process.execve(process.execPath, [process.execPath, ...RUN_TS_NODE_ARGS, ...process.argv.slice(2)], process.env);
