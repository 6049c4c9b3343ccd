import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWebSite, webBuildIsStale } from "../src/web-app.js";

const scratch = mkdtempSync(join(tmpdir(), "cargo-express-web-app-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(path: string, content: string, mtimeSeconds?: number): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  if (mtimeSeconds !== undefined) utimesSync(path, mtimeSeconds, mtimeSeconds);
}

const dist = join(scratch, "site", "dist");
write(join(dist, "index.html"), "<!doctype html><title>monitor</title>");
write(join(dist, "assets", "index-abc123.js"), "console.log(1)");
write(join(scratch, "site", "secret.txt"), "not served");
const site = createWebSite({
  dir: dist,
  runtimeConfig: (url) => ({
    region: "us-east-1",
    userPoolClientId: "client",
    cognitoEndpoint: `http://${url.hostname}:3001/`,
    apiBase: "",
  }),
});
const get = (path: string, method = "GET") => site(new Request(`http://localhost:3000${path}`, { method }));

describe("the local stack's web site (the built web app and /config.json)", () => {
  it("serves index.html at / under the deployed stack's Content-Security-Policy", async () => {
    const answer = get("/")!;
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await answer.text()).toContain("<title>monitor</title>");
    const csp = answer.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' http://localhost:3001");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(answer.headers.get("cache-control")).toBe("no-cache");
  });

  it("lets browsers keep content-hashed bundles for a year", () => {
    const answer = get("/assets/index-abc123.js")!;
    expect(answer.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(answer.headers.get("cache-control")).toContain("immutable");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers /config.json naming the sign-in endpoint with the host the browser used", async () => {
    const answer = get("/config.json")!;
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await answer.json()).toEqual({
      region: "us-east-1",
      userPoolClientId: "client",
      cognitoEndpoint: "http://localhost:3001/",
      apiBase: "",
    });
  });

  it("leaves anything else to the API: unknown files, other methods, paths outside the build", () => {
    expect(get("/monitor")).toBeUndefined();
    expect(get("/", "POST")).toBeUndefined();
    expect(get("/../secret.txt")).toBeUndefined();
    expect(get("/%2e%2e/secret.txt")).toBeUndefined();
    expect(get("/assets")).toBeUndefined();
  });

  it("answers HEAD without a body", async () => {
    const answer = get("/", "HEAD")!;
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("");
  });
});

describe("webBuildIsStale", () => {
  const app = join(scratch, "app");

  it("is stale without a build, fresh after one, stale again when a source changes", () => {
    write(join(app, "src", "main.ts"), "x", 1_000);
    write(join(app, "index.html"), "x", 1_000);
    expect(webBuildIsStale(app)).toBe(true);
    write(join(app, "dist", "index.html"), "built", 2_000);
    expect(webBuildIsStale(app)).toBe(false);
    write(join(app, "src", "view.ts"), "changed", 3_000);
    expect(webBuildIsStale(app)).toBe(true);
  });
});
