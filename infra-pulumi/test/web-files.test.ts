import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../src/bundles.js";
import { docsAssetFiles, readWebBuild, resolveWebDistDir, withDocsAssets } from "../src/web-files.js";
import { DEFAULTS } from "../src/config.js";
import { SAMPLE_WEB_FILES, missingWebBuildDir, writeWebBuild } from "./support/web-build.js";

describe("the web app's build, as files to upload", () => {
  it("lists every file with the Content-Type and Cache-Control it is served with", () => {
    const dir = writeWebBuild({
      ...SAMPLE_WEB_FILES,
      "assets/logo-D1f3aZ9k.PNG": "png",
      "assets/fonts/inter-E7hJ2kLm.woff2": "woff2",
      "robots.txt": "User-agent: *",
    });
    const build = readWebBuild(dir);
    expect(build.distDir).toBe(dir);
    expect(build.files.map(({ key, contentType, cacheControl }) => [key, contentType, cacheControl])).toEqual([
      ["assets/fonts/inter-E7hJ2kLm.woff2", "font/woff2", "public, max-age=31536000, immutable"],
      ["assets/index-B4x9Qe1z.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"],
      ["assets/index-Cq2Lm8Rt.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"],
      ["assets/logo-D1f3aZ9k.PNG", "image/png", "public, max-age=31536000, immutable"],
      ["favicon.svg", "image/svg+xml", "no-cache"],
      ["index.html", "text/html; charset=utf-8", "no-cache"],
      ["robots.txt", "text/plain; charset=utf-8", "no-cache"],
    ]);
    for (const file of build.files) expect(file).toMatchObject({ source: path.join(dir, ...file.key.split("/")) });
  });

  it("leaves out a config.json of the build: the stack writes its own", () => {
    const build = readWebBuild(
      writeWebBuild({ ...SAMPLE_WEB_FILES, "config.json": '{"apiBase":"http://127.0.0.1:3000"}' }),
    );
    expect(build.files.map((file) => file.key)).not.toContain("config.json");
    expect(build.files.map((file) => file.key)).toContain("index.html");
  });

  it("stops with the command to run when the build directory is missing", () => {
    const dir = missingWebBuildDir();
    expect(() => readWebBuild(dir)).toThrow(`${dir} does not exist`);
    expect(() => readWebBuild(dir)).toThrow("Run `npm run build` at the repository root first");
  });

  it("stops when the build has no index.html, rather than publishing a site without a page", () => {
    const dir = writeWebBuild({ "assets/index-B4x9Qe1z.js": "" });
    expect(() => readWebBuild(dir)).toThrow(/has no index\.html\.\nRun `npm run build`/);
  });

  it("stops on a file whose Content-Type it does not know, naming the file", () => {
    const dir = writeWebBuild({ ...SAMPLE_WEB_FILES, "assets/data-X1y2Z3w4.bin": "", LICENSE: "" });
    expect(() => readWebBuild(dir)).toThrow("  - LICENSE\n  - assets/data-X1y2Z3w4.bin\n");
  });

  it("reads a relative webDistDir from infra-pulumi/, wherever pulumi was started, and an absolute one as it is", () => {
    expect(resolveWebDistDir(DEFAULTS.webDistDir)).toBe(path.join(REPOSITORY_ROOT, "packages", "monitor-web", "dist"));
    expect(resolveWebDistDir("/srv/monitor-web/dist")).toBe("/srv/monitor-web/dist");
  });
});

describe("the API documentation's assets, uploaded beside the web app", () => {
  const swaggerUiDist = path.join(REPOSITORY_ROOT, "node_modules", "swagger-ui-dist");

  it("lists Swagger UI's files from swagger-ui-dist, and the start-up script, under docs/assets/ with their types", () => {
    const files = withDocsAssets([]);
    expect(files.map(({ key, contentType, cacheControl }) => [key, contentType, cacheControl])).toEqual([
      ["docs/assets/swagger-ui.css", "text/css; charset=utf-8", "no-cache"],
      ["docs/assets/swagger-ui-bundle.js", "text/javascript; charset=utf-8", "no-cache"],
      ["docs/assets/swagger-ui-bundle.js.LICENSE.txt", "text/plain; charset=utf-8", "no-cache"],
      ["docs/assets/docs.js", "text/javascript; charset=utf-8", "no-cache"],
    ]);
    const byKey = Object.fromEntries(files.map((file) => [file.key, file]));
    // Read from the installed package (where http-hono resolves it), not copied into the repository.
    expect(byKey["docs/assets/swagger-ui-bundle.js"]).toMatchObject({
      source: path.join(swaggerUiDist, "swagger-ui-bundle.js"),
    });
    expect(byKey["docs/assets/swagger-ui.css"]).toMatchObject({ source: path.join(swaggerUiDist, "swagger-ui.css") });
    expect(byKey["docs/assets/docs.js"]).toMatchObject({
      content: expect.stringContaining('new URL("openapi.json", document.baseURI)'),
    });
  });

  it("stops with the command to run when swagger-ui-dist is not installed", () => {
    const elsewhere = path.join(writeWebBuild({ "package.json": "{}" }), "package.json");
    expect(() => docsAssetFiles(elsewhere)).toThrow(
      /swagger-ui-dist\/swagger-ui\.css is not installed[^\n]*\nRun `npm ci` at the repository root first/,
    );
  });

  it("stops when a file of the web app's build sits where an asset goes, naming it", () => {
    const build = readWebBuild(writeWebBuild({ ...SAMPLE_WEB_FILES, "docs/assets/docs.js": "" }));
    expect(() => withDocsAssets(build.files)).toThrow(
      "The web app's build has files where the API documentation's assets go: docs/assets/docs.js.",
    );
    expect(withDocsAssets(readWebBuild(writeWebBuild(SAMPLE_WEB_FILES)).files).map((file) => file.key)).toEqual([
      "assets/index-B4x9Qe1z.js",
      "assets/index-Cq2Lm8Rt.css",
      "favicon.svg",
      "index.html",
      ...withDocsAssets([]).map((file) => file.key),
    ]);
  });
});
