/**
 * What the page is showing and why, without the DOM: sign-in, the live dashboard, token renewal and every
 * way a session ends. The view renders `state` and calls the methods; tests drive it with fakes.
 *
 * Data is shown only after the API answered 200 to this session's token, and is dropped the moment the
 * session ends, so nobody sees figures they may not see.
 */
import { fetchMonitor, type MonitorReport } from "./api.js";
import { revokeRefreshToken } from "./cognito.js";
import type { AppConfig } from "./config.js";
import { type Connection, connectionOf } from "./connection.js";
import type { Language, MessageKey } from "./i18n.js";
import { LivePoller, type Scheduler, type Visibility } from "./live.js";
import type { LiveSocket, LiveState } from "./live-push.js";
import type { DailySeries, OrderFilters } from "./ledger-api.js";
import { type PageStates, Pages } from "./pages.js";
import { DAILY_PERIOD_DAYS, DEFAULT_PERIOD, type PeriodName } from "./period.js";
import { fetchRecentDays } from "./recent-days.js";
import { DASHBOARD, type Route } from "./route.js";
import { firstPollSeconds, LiveChannel } from "./live-wiring.js";
import { renewalDue, type Session, type SessionStore } from "./session.js";
import { SessionRenewal } from "./session-renewal.js";
import { type FlowResult, SignInFlow, type SignInStep } from "./sign-in-flow.js";

export type Screen =
  | {
      readonly name: "sign-in";
      readonly busy: boolean;
      readonly notice?: MessageKey;
      readonly detail?: string;
      /** Which step of signing in: absent is the password; then a code, or setting up the authenticator. */
      readonly step?: SignInStep;
    }
  | {
      readonly name: "dashboard";
      readonly username: string;
      /** Undefined until the API has answered for the selected period (and always for "30d", which is `daily`). */
      readonly report: MonitorReport | undefined;
      /** The last 30 days, day by day, while "30d" is selected and the API has answered. */
      readonly daily?: DailySeries | undefined;
      /** When the figures on screen were last confirmed by the API (200 or 304), ms. */
      readonly updatedAt: number | undefined;
      readonly connection: Connection;
      /** The live channel's state; absent when the app has none configured (it then polls as configured). */
      readonly live?: LiveState;
    };

export interface AppState extends PageStates {
  readonly language: Language;
  readonly period: PeriodName;
  /** Which page of the signed-in app is open (the address after `#`). */
  readonly route: Route;
  readonly screen: Screen;
}

export interface ControllerDependencies {
  readonly config: AppConfig;
  readonly store: SessionStore;
  readonly scheduler: Scheduler;
  readonly visibility: Visibility;
  readonly now: () => number;
  readonly fetch: typeof fetch;
  readonly language: Language;
  readonly period?: PeriodName;
  readonly route?: Route;
  readonly onChange: (state: AppState) => void;
  readonly openSocket?: (url: string, protocols: string[]) => LiveSocket; // the live channel's; default WebSocket
}

export class MonitorController {
  private current: AppState;
  private session: Session | undefined;
  private etag: { period: PeriodName; value: string } | undefined;
  private poller: LivePoller | undefined;
  private live: LiveChannel | undefined;
  private readonly renewal: SessionRenewal;
  /** Bumped whenever a session starts or ends, so answers for an old session are ignored. */
  private generation = 0;
  private readonly flow: SignInFlow;
  /** The other pages, calling the API through this session (renewal, and the session's end on a 403). */
  readonly pages: Pages;

  constructor(private readonly deps: ControllerDependencies) {
    this.flow = new SignInFlow(() => this.cognito(), deps.fetch, deps.now);
    this.renewal = new SessionRenewal({
      ...deps,
      retrySeconds: deps.config.refreshSeconds,
      cognito: () => this.cognito(),
      session: () => this.session,
      generation: () => this.generation,
      renewed: (session) => {
        this.session = session;
        this.deps.store.save(session);
      },
      expired: () => this.end("sessionExpired"),
    });
    this.pages = new Pages({
      api: { apiBaseUrl: deps.config.apiBase, fetch: deps.fetch },
      authorized: (call) => this.authorized(call),
      now: deps.now,
      scheduler: deps.scheduler,
      onChange: (patch) => this.update(patch),
    });
    this.current = {
      language: deps.language,
      period: deps.period ?? DEFAULT_PERIOD,
      route: deps.route ?? DASHBOARD,
      screen: { name: "sign-in", busy: false },
      ...this.pages.states,
    };
  }

  get state(): AppState {
    return this.current;
  }

  /** Resumes a session kept in this tab, or asks for sign-in. */
  start(): void {
    const kept = this.deps.store.load(this.deps.now());
    if (kept) this.begin(kept);
    else this.update({ screen: { name: "sign-in", busy: false } });
  }

  async signIn(username: string, password: string): Promise<void> {
    if (this.current.screen.name !== "sign-in" || this.current.screen.busy) return;
    const name = username.trim();
    if (name === "" || password === "") {
      this.update({ screen: { name: "sign-in", busy: false, notice: "missingFields" } });
      return;
    }
    this.update({ screen: { name: "sign-in", busy: true } });
    this.show(await this.flow.password(name, password));
  }

  /** The code of the authenticator app, for the step on screen (a sign-in's code, or the set-up's first code). */
  async submitCode(code: string): Promise<void> {
    const screen = this.current.screen;
    if (screen.name !== "sign-in" || screen.busy || screen.step === undefined) return;
    this.update({ screen: { name: "sign-in", busy: true, step: screen.step } });
    this.show(await this.flow.code(code));
  }

  /** Leaves the code or set-up step for the password again. */
  startOver(): void {
    if (this.current.screen.name !== "sign-in") return;
    this.flow.cancel();
    this.update({ screen: { name: "sign-in", busy: false } });
  }

  private show(result: FlowResult): void {
    if (result.kind === "signed-in") {
      this.begin({ username: result.username, tokens: result.tokens });
      return;
    }
    this.update({
      screen: {
        name: "sign-in",
        busy: false,
        ...(result.step.kind === "password" ? {} : { step: result.step }),
        ...(result.notice === undefined ? {} : { notice: result.notice }),
        ...(result.detail === undefined ? {} : { detail: result.detail }),
      },
    });
  }

  signOut(): void {
    this.end("signedOut");
  }

  setLanguage(language: Language): void {
    this.update({ language });
  }

  setPeriod(period: PeriodName): void {
    if (period === this.current.period) return;
    this.update({ period });
    const screen = this.current.screen;
    if (screen.name === "dashboard") {
      // Figures of another period must not stand under this period's name, even for a moment.
      this.update({ screen: { ...screen, report: undefined, daily: undefined, updatedAt: undefined } });
      this.poller?.pollNow();
    }
  }

  /** Opens a page (the address changed). The dashboard's figures are asked for only while it is open. */
  navigate(route: Route): void {
    this.update({ route });
    if (!this.session) return;
    this.showPage();
  }

  /** A new search on the orders page; the address follows it, so a reload shows the same orders. */
  searchOrders(filters: OrderFilters): void {
    this.update({ route: { page: "orders", query: filters } });
    void this.pages.ledger.apply(filters);
  }

  private showPage(): void {
    const route = this.current.route;
    if (route.page === "dashboard") {
      this.poller?.start();
      return;
    }
    this.poller?.stop();
    this.pages.open(route, () => this.session !== undefined && this.current.route === route);
  }

  /**
   * A call to the API with this session's access token, renewed first when due and once more after a 401. Undefined
   * when the session ended instead: a 403 (not a supervisor), a token refused twice, a sign-out meanwhile.
   */
  private async authorized<T extends { readonly kind: string }>(
    call: (accessToken: string) => Promise<T>,
  ): Promise<T | undefined> {
    const generation = this.generation;
    if (this.session && renewalDue(this.session.tokens, this.deps.now()) && (await this.renewal.renew()) === "ended")
      return undefined;
    for (let attempt = 0; ; attempt += 1) {
      const session = this.session;
      if (!session || generation !== this.generation) return undefined;
      const outcome = await call(session.tokens.accessToken);
      if (generation !== this.generation) return undefined;
      if (outcome.kind === "forbidden") return void this.end("notSupervisor");
      if (outcome.kind !== "unauthenticated") return outcome;
      if (attempt > 0) return void this.end("sessionExpired");
      const renewed = await this.renewal.renew();
      if (renewed !== "renewed") return renewed === "ended" ? undefined : outcome;
    }
  }

  /** Stops every timer (the page is going away, or a test is over). */
  dispose(): void {
    this.stopLive();
  }

  private cognito() {
    return { endpoint: this.deps.config.cognitoEndpoint, clientId: this.deps.config.userPoolClientId };
  }

  private update(patch: Partial<AppState>): void {
    this.current = { ...this.current, ...patch };
    this.deps.onChange(this.current);
  }

  private begin(session: Session): void {
    this.stopLive();
    this.generation += 1;
    this.session = session;
    this.etag = undefined;
    this.deps.store.save(session);
    this.update({
      screen: {
        name: "dashboard",
        username: session.username,
        report: undefined,
        updatedAt: undefined,
        connection: { kind: "ok" },
      },
    });
    this.renewal.schedule();
    this.poller = new LivePoller(
      () => this.poll(),
      firstPollSeconds(this.deps.config) * 1000,
      this.deps.scheduler,
      this.deps.visibility,
    );
    this.showPage();
    this.live = new LiveChannel({
      ...this.deps,
      token: () => this.session?.tokens.accessToken,
      poller: () => this.poller,
      dashboard: () => (this.current.screen.name === "dashboard" ? this.current.screen : undefined),
      patch: (patch) =>
        this.current.screen.name === "dashboard" && this.update({ screen: { ...this.current.screen, ...patch } }),
    });
  }

  /**
   * Ends the session on this page and at Cognito: the refresh token is revoked (RevokeToken, sent even while
   * the page closes), so a copy of it mints nothing more; sign-out, "session expired" and a refused user alike.
   */
  private end(notice: MessageKey): void {
    const refreshToken = this.session?.tokens.refreshToken;
    this.stopLive();
    this.generation += 1;
    this.session = undefined;
    if (refreshToken) void revokeRefreshToken(this.cognito(), refreshToken, this.deps.fetch).catch(() => false);
    this.etag = undefined;
    this.deps.store.clear();
    this.pages.reset();
    this.update({ screen: { name: "sign-in", busy: false, notice }, ...this.pages.states });
  }

  private stopLive(): void {
    this.live?.stop();
    this.live = undefined;
    this.poller?.stop();
    this.poller = undefined;
    this.renewal.stop();
  }

  private async poll(): Promise<void> {
    if (!this.session) return;
    const generation = this.generation;
    if (renewalDue(this.session.tokens, this.deps.now())) {
      // A tab that slept past its renewal time renews before asking for data.
      const renewed = await this.renewal.renew();
      if (renewed === "ended" || generation !== this.generation) return;
    }
    await this.fetchReport(generation, true);
    if (generation === this.generation) this.live?.pace();
  }

  private async fetchReport(generation: number, mayRenew: boolean): Promise<void> {
    const session = this.session;
    if (!session) return;
    const period = this.current.period;
    if (period === "30d") return this.fetchDaily(generation);
    const etag = this.etag?.period === period && this.screenReport() ? this.etag.value : undefined;
    const outcome = await fetchMonitor(
      { apiBaseUrl: this.deps.config.apiBase, period, accessToken: session.tokens.accessToken, etag },
      this.deps.fetch,
    );
    // Ignore answers for a session that ended or a period no longer selected.
    if (generation !== this.generation || period !== this.current.period) return;
    const screen = this.current.screen;
    if (screen.name !== "dashboard") return;
    switch (outcome.kind) {
      case "ok":
        this.etag = outcome.etag ? { period, value: outcome.etag } : undefined;
        this.update({
          screen: { ...screen, report: outcome.report, updatedAt: this.deps.now(), connection: { kind: "ok" } },
        });
        return;
      case "not-modified":
        this.update({ screen: { ...screen, updatedAt: this.deps.now(), connection: { kind: "ok" } } });
        return;
      case "unauthenticated": {
        if (!mayRenew) return this.end("sessionExpired");
        const renewed = await this.renewal.renew();
        if (renewed === "renewed") return this.fetchReport(generation, false);
        if (renewed === "unavailable") this.update({ screen: { ...screen, connection: { kind: "unreachable" } } });
        return;
      }
      case "forbidden":
        return this.end("notSupervisor");
      case "unreachable":
        this.update({ screen: { ...screen, connection: { kind: "unreachable" } } });
        return;
      case "failed":
        this.update({ screen: { ...screen, connection: { kind: "error", status: outcome.status } } });
        return;
    }
  }

  /** The last 30 days (no ETag: the series is small, and read only when the figures changed or the channel is down). */
  private async fetchDaily(generation: number): Promise<void> {
    const api = { apiBaseUrl: this.deps.config.apiBase, fetch: this.deps.fetch };
    const outcome = await this.authorized((token) => fetchRecentDays(api, token, this.deps.now(), DAILY_PERIOD_DAYS));
    const screen = this.current.screen;
    if (!outcome || generation !== this.generation || this.current.period !== "30d" || screen.name !== "dashboard")
      return;
    const connection = connectionOf(outcome);
    if (outcome.kind !== "ok") return this.update({ screen: { ...screen, connection } });
    this.update({ screen: { ...screen, daily: outcome.value, updatedAt: this.deps.now(), connection } });
  }

  private screenReport(): MonitorReport | undefined {
    return this.current.screen.name === "dashboard" ? this.current.screen.report : undefined;
  }
}
