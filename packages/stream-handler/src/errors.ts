/** True for an SDK error of this name (by name, so two copies of the SDK in one bundle still agree). */
export const isErrorNamed = (error: unknown, name: string): boolean =>
  typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;

/** A short description of an error for logs: its name and message, never the objects it carries. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "NonError", message: String(error) };
}
