export { commandFromWire } from "./command-from-wire.js";
export { wireIssue, wireIssues } from "./wire-issues.js";
export { WIRE_NAMES, WIRE_NOT_AN_OBJECT, type WireOrder } from "./wire-names.js";
