/**
 * A process's configuration (its environment) is missing or invalid: raised once, at start, with a message
 * that names every bad variable, so an operator can fix them all at once.
 */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

/** A short description of an error for logs: its name and message, never the objects it carries. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "NonError", message: String(error) };
}
