/** A fake Cognito and API behind one fetch, and a Storage in memory: what the controller and the view talk to in unit tests. */
import type { MonitorReport } from "../../src/api.js";
import type { AppConfig } from "../../src/config.js";
import { FakeCatalog } from "./fake-catalog.js";
import { FakeExports } from "./fake-exports.js";
import { FakeLedger } from "./fake-ledger.js";
import { reportWith } from "./report-mother.js";

export const config: AppConfig = {
  apiBase: "",
  cognitoEndpoint: "http://sign-in.test/",
  region: "us-east-1",
  userPoolClientId: "client",
  refreshSeconds: 4,
};

/** A fake Cognito and API behind one fetch, as the browser sees them. */
export class FakeBackend {
  users = new Map([
    ["ana", { password: "pw", supervisor: true }],
    ["pedro", { password: "pw", supervisor: false }],
  ]);
  lifetimeSeconds = 3600;
  refreshAllowed = true;
  /** Renewals answer a replacement refresh token and refuse the one given from then on (the staff client's rotation). */
  rotateRefreshTokens = true;
  apiUp = true;
  /** A status the API answers every monitor request with (500: it is failing), instead of the report. */
  failWith: number | undefined;
  orders = 1;
  /** The report the API answers for a period (the view's tests give it more couriers and hours). */
  makeReport: (period: string, orders: number) => MonitorReport = (_period, orders) => reportWith({ orders });
  private tokenCount = 0;
  private validTokens = new Map<string, { user: string; expiresAt: number }>();
  readonly refreshes: number[] = [];
  /** The refresh token each renewal presented, in order. */
  readonly refreshTokensPresented: string[] = [];
  /** Refresh tokens Cognito would still accept, and whose they are. */
  private readonly liveRefreshTokens = new Map<string, string>();
  private rotations = 0;
  /** Refresh tokens revoked with RevokeToken, in order. */
  readonly revoked: string[] = [];
  readonly monitorRequests: { period: string; ifNoneMatch: string | undefined; status: number }[] = [];
  /** The catalogue's routes. */
  readonly catalog = new FakeCatalog();
  /** The ledger's routes (GET /orders, GET /monitor/daily). */
  readonly ledger = new FakeLedger();
  /** POST /exports and GET /exports/{id}. */
  readonly exports = new FakeExports();

  fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (url === config.cognitoEndpoint) {
      const body = JSON.parse(String(init?.body));
      if (headers["x-amz-target"] === "AWSCognitoIdentityProviderService.RevokeToken") {
        this.revoked.push(body.Token);
        this.liveRefreshTokens.delete(body.Token);
        return new Response("{}", { status: 200 });
      }
      if (headers["x-amz-target"] === "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken")
        return this.renew(body);
      return this.cognito(body);
    }
    if (!this.apiUp) throw new TypeError("Failed to fetch");
    const period = new URL(url, "http://page.test").searchParams.get("period") ?? "";
    const token = this.validTokens.get((headers.authorization ?? "").replace("Bearer ", ""));
    const answer = (status: number, body?: unknown, extra: Record<string, string> = {}) => {
      this.monitorRequests.push({ period, ifNoneMatch: headers["if-none-match"], status });
      return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: extra });
    };
    if (!token || Date.now() >= token.expiresAt) return answer(401, { status: 401, detail: "expired" });
    if (!this.users.get(token.user)?.supervisor) return answer(403, { status: 403, detail: "not a supervisor" });
    if (this.failWith !== undefined) return answer(this.failWith, { status: this.failWith, detail: "failing" });
    const { pathname: path, searchParams } = new URL(url, "http://page.test");
    if (path.startsWith("/catalog")) {
      const { status, body } = this.catalog.answer(
        init?.method ?? "GET",
        path,
        init?.body as string | undefined,
        token.user,
        searchParams,
      );
      return new Response(JSON.stringify(body), { status });
    }
    if (path.startsWith("/exports")) {
      const { status, body } = this.exports.answer(init?.method ?? "GET", path, init?.body as string | undefined);
      return new Response(JSON.stringify(body), { status });
    }
    if (path === "/orders" || path === "/monitor/daily") {
      const { status, body } = this.ledger.answer(path, searchParams);
      return new Response(JSON.stringify(body), { status });
    }
    const etag = `"${period}-${this.orders}"`;
    if (headers["if-none-match"] === etag) return answer(304);
    return answer(200, this.makeReport(period, this.orders), { etag });
  };

  private cognito(body: { AuthFlow: string; AuthParameters: Record<string, string> }): Response {
    if (body.AuthFlow !== "USER_PASSWORD_AUTH") return refused("InvalidParameterException");
    const user = body.AuthParameters.USERNAME!;
    const known = this.users.get(user);
    if (!known || known.password !== body.AuthParameters.PASSWORD) return refused("NotAuthorizedException");
    const refreshToken = `refresh-${user}`;
    this.liveRefreshTokens.set(refreshToken, user);
    return this.tokensFor(user, refreshToken);
  }

  private renew(body: { RefreshToken: string }): Response {
    this.refreshes.push(Date.now());
    this.refreshTokensPresented.push(body.RefreshToken);
    const user = this.liveRefreshTokens.get(body.RefreshToken);
    if (!this.refreshAllowed || user === undefined) return refused("NotAuthorizedException");
    if (!this.rotateRefreshTokens) return this.tokensFor(user, undefined);
    this.liveRefreshTokens.delete(body.RefreshToken);
    const replacement = `refresh-${user}-${++this.rotations}`;
    this.liveRefreshTokens.set(replacement, user);
    return this.tokensFor(user, replacement);
  }

  private tokensFor(user: string, refreshToken: string | undefined): Response {
    const accessToken = `access-${++this.tokenCount}`;
    this.validTokens.set(accessToken, { user, expiresAt: Date.now() + this.lifetimeSeconds * 1000 });
    return new Response(
      JSON.stringify({
        AuthenticationResult: {
          AccessToken: accessToken,
          ExpiresIn: this.lifetimeSeconds,
          ...(refreshToken === undefined ? {} : { RefreshToken: refreshToken }),
        },
      }),
      { status: 200 },
    );
  }
}

const refused = (type: string) => new Response(JSON.stringify({ __type: type, message: type }), { status: 400 });

export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}
