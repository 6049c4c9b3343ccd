/** The page's entry point: read /config.json, then hand the page to the controller and the view. */
import "./styles.css";
import "./pages.css";
import "./orders.css";
import { loadConfig } from "./config.js";
import { MonitorController } from "./controller.js";
import { isLanguage, t, type Language } from "./i18n.js";
import { documentVisibility } from "./live.js";
import { parsePeriod } from "./period.js";
import { parseRoute, type Route, routeHash } from "./route.js";
import { SessionStore } from "./session.js";
import { MonitorView } from "./view/monitor-view.js";
import { startupProblem } from "./view/notices.js";
import { renderPage } from "./view/page.js";

const PREFERENCES = "cargo-express.monitor.preferences";

function readPreferences(): { language: Language; period: ReturnType<typeof parsePeriod> } {
  try {
    const raw = JSON.parse(sessionStorage.getItem(PREFERENCES) ?? "{}") as { language?: unknown; period?: unknown };
    return { language: isLanguage(raw.language) ? raw.language : "es", period: parsePeriod(raw.period) };
  } catch {
    return { language: "es", period: parsePeriod(undefined) };
  }
}

function savePreferences(preferences: { language: Language; period: string }): void {
  try {
    sessionStorage.setItem(PREFERENCES, JSON.stringify(preferences));
  } catch {
    // preferences are a convenience
  }
}

/**
 * A link that fills in the catalogue's form does so once: the address becomes the catalogue's own, so a reload or
 * going back and forth does not open the form again.
 */
function forgetPrefill(): void {
  const route = parseRoute(location.hash);
  if (route.page === "catalog" && route.prefill)
    history.replaceState(history.state, "", routeHash({ page: "catalog" }));
}

/** A search on the orders page becomes the address (replaced, not added), so a reload or a shared link shows it again. */
function followSearch(route: Route): void {
  if (route.page !== "orders") return;
  const hash = routeHash(route);
  if (parseRoute(location.hash).page === "orders" && location.hash !== hash)
    history.replaceState(history.state, "", hash);
}

async function boot(root: HTMLElement): Promise<void> {
  const preferences = readPreferences();
  const loaded = await loadConfig();
  if (!loaded.ok) {
    renderPage(root, startupProblem(t(preferences.language, "configUnavailable"), loaded.problem));
    return;
  }
  let view: MonitorView | undefined;
  const controller = new MonitorController({
    config: loaded.config,
    store: new SessionStore(sessionStorage),
    scheduler: {
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    },
    visibility: documentVisibility(document),
    now: Date.now,
    fetch: (input, init) => fetch(input, init),
    language: preferences.language,
    period: preferences.period,
    route: parseRoute(location.hash),
    onChange: (state) => {
      savePreferences({ language: state.language, period: state.period });
      followSearch(state.route);
      view?.render(state);
    },
  });
  view = new MonitorView(root, controller);
  view.render(controller.state);
  window.setInterval(() => view?.tick(), 1000);
  window.addEventListener("pagehide", () => controller.dispose());
  window.addEventListener("hashchange", () => {
    controller.navigate(parseRoute(location.hash));
    forgetPrefill();
  });
  forgetPrefill();
  controller.start();
}

const root = document.getElementById("app");
if (root) {
  boot(root).catch((error: unknown) => {
    // Never a blank page: whatever went wrong is said in the page.
    renderPage(root, startupProblem(String(error instanceof Error ? error.message : error)));
  });
}
