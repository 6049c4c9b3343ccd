import { mkdir, rename, rm, rmdir } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { type ExportFile, type ExportFileWriter, type ExportJob, exportObjectKey } from "@cargo-express/domain";
import { openCsvFile } from "./csv-file.js";
import type { RowFile } from "./row-file.js";
import { openXlsxFile } from "./xlsx-file.js";

/** Opens the writer of a job's format at a path. */
const openRowFile = (format: ExportJob["format"], path: string): Promise<RowFile> =>
  format === "csv" ? openCsvFile(path) : openXlsxFile(path);

/** Where a key lives under a folder, refusing a key that would leave it. */
function pathUnder(directory: string, key: string): string {
  const root = resolve(directory);
  const path = resolve(root, key);
  if (!path.startsWith(root + sep)) throw new RangeError(`not a key under ${root}: ${key}`);
  return path;
}

/**
 * Export files in a folder on disk, under their object keys (`<folder>/exports/<id>/pedidos_...csv`): written to a
 * `.partial` name beside it and renamed when complete, so a file under its key is always whole. The local stack
 * keeps its exports here (its data folder); on AWS the export function writes here first (its /tmp) and then
 * uploads (../aws/s3-file-exports.ts).
 */
export class LocalFileExports implements ExportFileWriter {
  constructor(private readonly directory: string) {}

  async open(job: ExportJob): Promise<ExportFile & { readonly path: string }> {
    const objectKey = exportObjectKey(job);
    const path = pathUnder(this.directory, objectKey);
    const partial = `${path}.partial`;
    await mkdir(dirname(path), { recursive: true });
    await rm(partial, { force: true });
    const file = await openRowFile(job.format, partial);
    return {
      path,
      append: (rows) => file.write(rows),
      finish: async () => {
        await file.close();
        await rename(partial, path);
        return { objectKey };
      },
      abort: async () => {
        await file.destroy();
        await rm(partial, { force: true });
      },
    };
  }

  /** Deletes a stored file (and its job's folder when empty). */
  async remove(objectKey: string): Promise<void> {
    const path = pathUnder(this.directory, objectKey);
    await rm(path, { force: true });
    await rmdir(dirname(path)).catch(() => undefined);
  }

  /** The path a stored key is read from. */
  pathOf(objectKey: string): string {
    return pathUnder(this.directory, objectKey);
  }
}
