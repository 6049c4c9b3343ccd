/**
 * What the page is showing and why, without the DOM: sign-in, the live dashboard, token renewal and every
 * way a session ends. The view renders `state` and calls the methods; tests drive it with fakes.
 *
 * Data is shown only after the API answered 200 to this session's token, and is dropped the moment the
 * session ends, so nobody sees figures they may not see.
 */
import { fetchMonitor, type MonitorReport } from "./api.js";
import { CatalogController, type CatalogState } from "./catalog-controller.js";
import { refreshSession, revokeRefreshToken, type AuthTokens } from "./cognito.js";
import type { AppConfig } from "./config.js";
import type { Language, MessageKey } from "./i18n.js";
import { LivePoller, type Scheduler, type Visibility } from "./live.js";
import type { LiveSocket, LiveState } from "./live-push.js";
import { DEFAULT_PERIOD, type PeriodName } from "./period.js";
import { DASHBOARD, type Route } from "./route.js";
import { firstPollSeconds, LiveChannel } from "./live-wiring.js";
import { renewalDelay, renewalDue, type Session, type SessionStore } from "./session.js";
import { type FlowResult, SignInFlow, type SignInStep } from "./sign-in-flow.js";

type Connection =
  | { readonly kind: "ok" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "error"; readonly status: number };

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
      /** Undefined until the API has answered for the selected period. */
      readonly report: MonitorReport | undefined;
      /** When the figures on screen were last confirmed by the API (200 or 304), ms. */
      readonly updatedAt: number | undefined;
      readonly connection: Connection;
      /** The live channel's state; absent when the app has none configured (it then polls as configured). */
      readonly live?: LiveState;
    };

export interface AppState {
  readonly language: Language;
  readonly period: PeriodName;
  /** Which page of the signed-in app is open (the address after `#`). */
  readonly route: Route;
  readonly screen: Screen;
  /** The catalogue page's lists and form, read only while that page is open. */
  readonly catalog: CatalogState;
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
  private renewalTimer: unknown;
  private renewing: Promise<"renewed" | "ended" | "unavailable"> | undefined;
  /** Bumped whenever a session starts or ends, so answers for an old session are ignored. */
  private generation = 0;
  private readonly flow: SignInFlow;
  /** The catalogue page, calling the API through this session (renewal, and the session's end on a 403). */
  readonly catalog: CatalogController;

  constructor(private readonly deps: ControllerDependencies) {
    this.flow = new SignInFlow(() => this.cognito(), deps.fetch, deps.now);
    this.catalog = new CatalogController({
      api: { apiBaseUrl: deps.config.apiBase, fetch: deps.fetch },
      authorized: (call) => this.authorized(call),
      onChange: (catalog) => this.update({ catalog }),
    });
    this.current = {
      language: deps.language,
      period: deps.period ?? DEFAULT_PERIOD,
      route: deps.route ?? DASHBOARD,
      screen: { name: "sign-in", busy: false },
      catalog: this.catalog.state,
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
      this.update({ screen: { ...screen, report: undefined, updatedAt: undefined } });
      this.poller?.pollNow();
    }
  }

  /**
   * Opens a page (the address changed). The dashboard's figures are asked for only while it is open; the catalogue
   * is read each time its page opens, and a link from a figure outside the catalogue opens its form filled in.
   */
  navigate(route: Route): void {
    this.update({ route });
    if (!this.session) return;
    this.showPage();
  }

  private showPage(): void {
    const route = this.current.route;
    if (route.page === "dashboard") {
      this.poller?.start();
      return;
    }
    this.poller?.stop();
    const prefill = route.prefill;
    void this.catalog.load().then(() => {
      if (prefill && this.session && this.current.route === route) this.catalog.startAdd(prefill.kind, prefill);
    });
  }

  /**
   * A call to the API with this session's access token, renewed first when due and once more after a 401. Undefined
   * when the session ended instead: a 403 (not a supervisor), a token refused twice, a sign-out meanwhile.
   */
  private async authorized<T extends { readonly kind: string }>(
    call: (accessToken: string) => Promise<T>,
  ): Promise<T | undefined> {
    const generation = this.generation;
    if (this.session && renewalDue(this.session.tokens, this.deps.now()) && (await this.renew()) === "ended")
      return undefined;
    for (let attempt = 0; ; attempt += 1) {
      const session = this.session;
      if (!session || generation !== this.generation) return undefined;
      const outcome = await call(session.tokens.accessToken);
      if (generation !== this.generation) return undefined;
      if (outcome.kind === "forbidden") return void this.end("notSupervisor");
      if (outcome.kind !== "unauthenticated") return outcome;
      if (attempt > 0) return void this.end("sessionExpired");
      const renewed = await this.renew();
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
    this.scheduleRenewal();
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
    this.catalog.reset();
    this.update({ screen: { name: "sign-in", busy: false, notice }, catalog: this.catalog.state });
  }

  private stopLive(): void {
    this.live?.stop();
    this.live = undefined;
    this.poller?.stop();
    this.poller = undefined;
    if (this.renewalTimer !== undefined) this.deps.scheduler.clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
  }

  private scheduleRenewal(): void {
    if (this.renewalTimer !== undefined) this.deps.scheduler.clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
    if (!this.session) return;
    this.renewalTimer = this.deps.scheduler.setTimeout(
      () => {
        this.renewalTimer = undefined;
        void this.renew();
      },
      renewalDelay(this.session.tokens, this.deps.now()),
    );
  }

  /** One renewal (GetTokensFromRefreshToken) at a time; its outcome is shared by whoever asked. */
  private renew(): Promise<"renewed" | "ended" | "unavailable"> {
    this.renewing ??= this.doRenew().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async doRenew(): Promise<"renewed" | "ended" | "unavailable"> {
    const session = this.session;
    if (!session) return "ended";
    const generation = this.generation;
    const outcome = await refreshSession(this.cognito(), session.tokens.refreshToken, this.deps.fetch, this.deps.now);
    if (generation !== this.generation) {
      // Signed out while renewing: a replacement refresh token (rotation) answered meanwhile is revoked too.
      const replacement = outcome.kind === "signed-in" ? outcome.tokens.refreshToken : "";
      if (replacement !== "" && replacement !== session.tokens.refreshToken)
        void revokeRefreshToken(this.cognito(), replacement, this.deps.fetch).catch(() => false);
      return "ended";
    }
    if (outcome.kind === "signed-in") {
      const tokens: AuthTokens = {
        ...outcome.tokens,
        refreshToken: outcome.tokens.refreshToken || session.tokens.refreshToken,
      };
      this.session = { username: session.username, tokens };
      this.deps.store.save(this.session);
      this.scheduleRenewal();
      return "renewed";
    }
    if (outcome.kind === "session-expired") {
      this.end("sessionExpired");
      return "ended";
    }
    // Sign-in service away or failing: keep the session, try again shortly.
    this.renewalTimer ??= this.deps.scheduler.setTimeout(() => {
      this.renewalTimer = undefined;
      void this.renew();
    }, this.deps.config.refreshSeconds * 1000);
    return "unavailable";
  }

  private async poll(): Promise<void> {
    if (!this.session) return;
    const generation = this.generation;
    if (renewalDue(this.session.tokens, this.deps.now())) {
      // A tab that slept past its renewal time renews before asking for data.
      const renewed = await this.renew();
      if (renewed === "ended" || generation !== this.generation) return;
    }
    await this.fetchReport(generation, true);
    if (generation === this.generation) this.live?.pace();
  }

  private async fetchReport(generation: number, mayRenew: boolean): Promise<void> {
    const session = this.session;
    if (!session) return;
    const period = this.current.period;
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
        const renewed = await this.renew();
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

  private screenReport(): MonitorReport | undefined {
    return this.current.screen.name === "dashboard" ? this.current.screen.report : undefined;
  }
}
