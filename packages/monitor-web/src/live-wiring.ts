/**
 * The controller's live channel, kept out of controller.ts: the channel built over the page's timers and WebSocket,
 * the dashboard's `live` state and confirmation time it keeps, and the polling pace that follows from them.
 */
import type { AppConfig } from "./config.js";
import type { LivePoller, Scheduler } from "./live.js";
import { LivePush, type LiveSocket, type LiveState } from "./live-push.js";
import { FALLBACK_REFRESH_SECONDS } from "./refresh.js";

interface DashboardLike {
  readonly report: unknown;
  readonly connection: { readonly kind: string };
  readonly live?: LiveState;
}

export interface LiveChannelDeps {
  readonly config: Pick<AppConfig, "live" | "refreshSeconds">;
  readonly scheduler: Scheduler;
  readonly now: () => number;
  /** Default the browser's WebSocket. */
  readonly openSocket?: ((url: string, protocols: string[]) => LiveSocket) | undefined;
  readonly token: () => string | undefined;
  readonly poller: () => LivePoller | undefined;
  /** The dashboard on screen, if it is. */
  readonly dashboard: () => DashboardLike | undefined;
  /** Changes the dashboard on screen. */
  readonly patch: (patch: { live?: LiveState; updatedAt?: number }) => void;
}

/**
 * Seconds between polls: none while the live channel is up and the API answers (each event fetches); 30 while the
 * channel is down; the configured pace without a channel, or to retry an API that is failing.
 */
function pollSeconds(config: Pick<AppConfig, "live" | "refreshSeconds">, screen: DashboardLike): number | undefined {
  if (config.live === undefined || screen.connection.kind !== "ok") return config.refreshSeconds;
  return screen.live === "live" ? undefined : FALLBACK_REFRESH_SECONDS;
}

/** The first pace, before the channel says anything: 30 s with a channel (until it is up), else the configured one. */
export const firstPollSeconds = (config: Pick<AppConfig, "live" | "refreshSeconds">) =>
  config.live === undefined ? config.refreshSeconds : FALLBACK_REFRESH_SECONDS;

export class LiveChannel {
  private readonly push: LivePush | undefined;

  constructor(private readonly deps: LiveChannelDeps) {
    const settings = deps.config.live;
    this.push =
      settings === undefined
        ? undefined
        : new LivePush({
            settings,
            token: deps.token,
            onEvent: () => deps.poller()?.pollNow(),
            onState: (live) => {
              deps.patch({ live });
              this.pace();
            },
            // A keep-alive on a live channel confirms the figures on screen are current, as a 304 would.
            onAlive: () => {
              const screen = deps.dashboard();
              if (screen?.report !== undefined && screen.connection.kind === "ok")
                deps.patch({ updatedAt: deps.now() });
            },
            openSocket: deps.openSocket ?? ((url, protocols) => new WebSocket(url, protocols)),
            setTimeout: (callback, ms) => deps.scheduler.setTimeout(callback, ms),
            clearTimeout: (handle) => {
              if (handle !== undefined) deps.scheduler.clearTimeout(handle);
            },
          });
    this.push?.start();
  }

  /** Sets the poller's pace from the channel's state and the API's (after each fetch, and on each change of state). */
  pace(): void {
    const screen = this.deps.dashboard();
    if (screen === undefined) return;
    const seconds = pollSeconds(this.deps.config, screen);
    this.deps.poller()?.setInterval(seconds === undefined ? undefined : seconds * 1000);
  }

  stop(): void {
    this.push?.stop();
  }
}
