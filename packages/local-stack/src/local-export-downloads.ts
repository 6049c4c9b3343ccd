import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { EXPORT_MEDIA_TYPES, type ExportFormat } from "@cargo-express/domain";
import { PROBLEM_TYPES, type ProblemKind, problemTypeUri } from "@cargo-express/http-hono";
import { LOCAL_EXPORTS_PATH, type LocalFileExports, type LocalSignedExportLinks } from "@cargo-express/ledger-exports";

const problem = (kind: ProblemKind, detail: string, instance: string): Response => {
  const { status, title } = PROBLEM_TYPES[kind];
  return new Response(JSON.stringify({ type: problemTypeUri(kind), title, status, detail, instance }), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
  });
};

/**
 * THE LOCAL STAND-IN for S3's presigned downloads: `GET /local-exports/<key>?expires=&signature=`, served by the
 * local stack (never deployed; on AWS the link is S3's). No bearer token: the HMAC signature is the authority. A key
 * or expiry altered since signing is a 403, a link past its expiry a 410, a file gone (a day old) a 404; each a
 * problem document. Anything else under another path is not this handler's (undefined).
 */
export function localExportDownloads(deps: {
  readonly links: LocalSignedExportLinks;
  readonly files: LocalFileExports;
}): (request: Request) => Promise<Response | undefined> {
  return async (request) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(LOCAL_EXPORTS_PATH)) return undefined;
    if (request.method !== "GET" && request.method !== "HEAD")
      return problem("method-not-allowed", "export files are downloaded with GET", url.pathname);
    const objectKey = decodeURIComponent(url.pathname.slice(LOCAL_EXPORTS_PATH.length));
    const check = deps.links.check(objectKey, url.searchParams);
    if (!check.ok)
      return check.reason === "expired"
        ? problem(
            "link-expired",
            "This download link has expired: ask for the export's status again for a new one",
            url.pathname,
          )
        : problem("forbidden", "This download link is not one the stack signed (altered or incomplete)", url.pathname);
    let path: string;
    try {
      path = deps.files.pathOf(check.objectKey);
    } catch {
      return problem("forbidden", "This download link names no export file", url.pathname);
    }
    const file = await stat(path).catch(() => undefined);
    if (file === undefined || !file.isFile())
      return problem("not-found", "The export's file is gone (files are kept a day)", url.pathname);
    const name = check.objectKey.split("/").at(-1) ?? "export";
    const format = (name.endsWith(".xlsx") ? "xlsx" : "csv") satisfies ExportFormat;
    return new Response(
      request.method === "HEAD" ? null : (Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>),
      {
        status: 200,
        headers: {
          "content-type": EXPORT_MEDIA_TYPES[format],
          "content-length": String(file.size),
          "content-disposition": `attachment; filename="${name}"`,
          "cache-control": "private, no-store",
        },
      },
    );
  };
}
