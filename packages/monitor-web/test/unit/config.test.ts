import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config.js";

describe("/config.json", () => {
  it("reads the deployed shape, with the API at the page's origin and the refresh pace defaulted", () => {
    expect(
      parseConfig({
        region: "us-east-1",
        userPoolClientId: "abc123",
        cognitoEndpoint: "https://cognito-idp.us-east-1.amazonaws.com/",
        apiBase: "",
      }),
    ).toEqual({
      ok: true,
      config: {
        region: "us-east-1",
        userPoolClientId: "abc123",
        cognitoEndpoint: "https://cognito-idp.us-east-1.amazonaws.com/",
        apiBase: "",
        refreshSeconds: 3,
      },
    });
  });

  it("derives Amazon Cognito's endpoint from the region when none is given", () => {
    const parsed = parseConfig({ region: "sa-east-1", userPoolClientId: "abc" });
    expect(parsed.ok && parsed.config.cognitoEndpoint).toBe("https://cognito-idp.sa-east-1.amazonaws.com/");
  });

  it.each([
    [null, "JSON object"],
    [{ region: "us-east-1" }, "userPoolClientId"],
    [{ userPoolClientId: "a" }, "region"],
    [{ userPoolClientId: "a", region: "us-east-1", cognitoEndpoint: "javascript:alert(1)" }, "cognitoEndpoint"],
    [{ userPoolClientId: "a", region: "us-east-1", apiBase: "ftp://x" }, "apiBase"],
    [{ userPoolClientId: "a", region: "us-east-1", refreshSeconds: 30 }, "refreshSeconds"],
  ])("refuses %j, naming %s", (raw, field) => {
    const parsed = parseConfig(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(field);
  });

  it("reports a missing file or a network failure as a problem, not an exception", async () => {
    expect(await loadConfig(async () => new Response("no", { status: 404 }))).toEqual({
      ok: false,
      problem: "GET /config.json answered 404",
    });
    const failed = await loadConfig(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(failed).toEqual({ ok: false, problem: "GET /config.json failed: Failed to fetch" });
  });
});
