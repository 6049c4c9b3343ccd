import { vi } from "vitest";
import { createLogger } from "../../src/index.js";

/**
 * A real Powertools logger whose JSON lines (INFO and below on stdout, WARN and above on stderr, where
 * Lambda's runtime reads both) are captured instead of printed.
 */
export function capturingLogger() {
  const lines: string[] = [];
  const capture = (stream: NodeJS.WriteStream) => {
    const original = stream.write.bind(stream);
    return vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      if (!text.startsWith("{")) return original(chunk, ...(rest as []));
      lines.push(...text.trim().split("\n"));
      return true;
    }) as typeof stream.write);
  };
  const spies = [capture(process.stdout), capture(process.stderr)];
  return {
    logger: createLogger({ serviceName: "cargo-express-api", level: "DEBUG" }),
    raw: () => lines.join("\n"),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
