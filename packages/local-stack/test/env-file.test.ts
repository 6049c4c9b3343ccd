import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readEnvFile, writeEnvFile } from "../src/env-file.js";

describe(".env as npm start writes it", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cx-env-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const settings = {
    API: "http://127.0.0.1:3000",
    CLIENT_ID: "client",
    USERNAME: "demo",
    PASSWORD: "Demo-secret-1",
    AWS_REGION: "us-east-1",
  };

  it("creates it readable by its owner only", () => {
    const path = join(dir, ".env");
    writeEnvFile(path, settings);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readEnvFile(path)).toMatchObject(settings);
  });

  it("narrows an existing file that others could read to mode 600 on every write", () => {
    const path = join(dir, ".env");
    writeFileSync(path, "OLD=1\n");
    chmodSync(path, 0o644);
    writeEnvFile(path, settings);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readEnvFile(path)).not.toHaveProperty("OLD");
  });
});
