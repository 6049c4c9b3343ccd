import { WIRE_NAMES } from "./wire-names.js";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The fields of `value` under the command's names (only the fields `names` knows; values untouched). */
function renamed(value: unknown, names: Readonly<Record<string, string>>): unknown {
  if (!isObject(value)) return value;
  const fields: Record<string, unknown> = {};
  for (const [commandName, wireName] of Object.entries(names))
    if (Object.hasOwn(value, wireName)) fields[commandName] = value[wireName];
  return fields;
}

/**
 * A body in the wire vocabulary with the command's field names (`pedido_id` -> `orderId`, each `productos[i].precio`
 * -> `lines[i].unitPrice`, ...), judging nothing: values, and whatever is not an object where one is expected, pass
 * through as sent, for the domain's rules to judge. Fields the vocabulary does not know are left out (the rules
 * ignore unknown fields anyway).
 */
export function commandFromWire(body: unknown): unknown {
  const order = renamed(body, WIRE_NAMES.order);
  if (!isObject(order)) return order;
  const { courier, lines } = order;
  return {
    ...order,
    ...("courier" in order ? { courier: renamed(courier, WIRE_NAMES.courier) } : {}),
    ...("lines" in order
      ? { lines: Array.isArray(lines) ? lines.map((line) => renamed(line, WIRE_NAMES.line)) : lines }
      : {}),
  };
}
