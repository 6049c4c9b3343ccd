import { WIRE_NAMES, WIRE_NOT_AN_OBJECT } from "./wire-names.js";

/** A refused field as the domain names it: `{ path: "lines[1].unitPrice", message: "unitPrice must ..." }`. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

type Level = keyof typeof WIRE_NAMES;
/** The object a field's value is, when it is one: `courier` holds a courier, each entry of `lines` a line. */
const BELOW: Readonly<Record<string, Level>> = { courier: "courier", lines: "line" };

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;
const escaped = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * An issue the domain reported with the command's field names, named as the client sent them:
 * `lines[1].unitPrice: unitPrice must have at most two decimals` -> `productos[1].precio: precio must have at most
 * two decimals`. The path is renamed segment by segment; in the message, each command name of the objects the path
 * passes through (and of the object the field holds, as in `courier must be an object with id and name`) is
 * renamed as a whole word. The domain's messages name fields only by those names.
 */
export function wireIssue(issue: Issue): Issue {
  if (issue.path === "(body)") return { path: issue.path, message: WIRE_NOT_AN_OBJECT };
  const words = new Map<string, string>();
  const learn = (level: Level) => {
    for (const [commandName, wireName] of Object.entries(WIRE_NAMES[level])) words.set(commandName, wireName);
  };
  let level: Level | undefined = "order";
  learn(level);
  let path = "";
  for (const [, name, index] of issue.path.matchAll(SEGMENT)) {
    if (index !== undefined) {
      path += `[${index}]`;
      continue;
    }
    const names: Readonly<Record<string, string>> | undefined = level === undefined ? undefined : WIRE_NAMES[level];
    const wireName = names?.[name!] ?? name!;
    path += path === "" ? wireName : `.${wireName}`;
    level = BELOW[name!];
    if (level !== undefined) learn(level);
  }
  let message = issue.message;
  for (const [commandName, wireName] of words)
    message = message.replace(new RegExp(`\\b${escaped(commandName)}\\b`, "g"), wireName);
  return { path, message };
}

/** Every issue named as the client sent it, in the same order. */
export const wireIssues = (issues: readonly Issue[]): Issue[] => issues.map(wireIssue);
