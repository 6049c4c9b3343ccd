import type { ExportRow } from "@cargo-express/domain";

/** One export file being written to a path on disk, rows appended in order. */
export interface RowFile {
  write(rows: readonly ExportRow[]): Promise<void>;
  /** Flushes and closes the file: complete once this resolves. */
  close(): Promise<void>;
  /** Closes without completing (the caller deletes the path). */
  destroy(): Promise<void>;
}
