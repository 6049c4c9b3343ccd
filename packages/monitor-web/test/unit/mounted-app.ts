/**
 * The app as main.ts puts it together, for tests without a browser: the real controller (on the test's fake timers and
 * a session store in memory, the page always visible unless told) and, for the view tests, the real view rendering
 * into a happy-dom document.
 */
import type { ChartDrawer } from "../../src/charts.js";
import { type ControllerDependencies, MonitorController } from "../../src/controller.js";
import { SessionStore } from "../../src/session.js";
import { MonitorView } from "../../src/view/monitor-view.js";
import { config, memoryStorage } from "./fake-backend.js";

/** What every test's controller shares; a test passes its fetch and whatever else it changes. */
export function controllerDependencies(
  overrides: Partial<ControllerDependencies> & Pick<ControllerDependencies, "fetch">,
): ControllerDependencies {
  return {
    config,
    store: new SessionStore(memoryStorage()),
    scheduler: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    visibility: { isVisible: () => true, onChange: () => () => undefined },
    now: () => Date.now(),
    language: "es",
    onChange: () => undefined,
    ...overrides,
  };
}

export interface MountedApp {
  readonly root: HTMLElement;
  readonly controller: MonitorController;
  readonly view: MonitorView;
}

/** `<div id="app">` (holding `boot`, as index.html does) rendered by the view, the controller started. */
export function mountApp(options: { fetch: typeof fetch; charts: ChartDrawer<object>; boot?: string }): MountedApp {
  document.body.innerHTML = `<div id="app">${options.boot ?? ""}</div>`;
  const root = document.getElementById("app")!;
  let view: MonitorView | undefined;
  const controller = new MonitorController(
    controllerDependencies({ fetch: options.fetch, onChange: (state) => view?.render(state) }),
  );
  view = new MonitorView(root, controller, { charts: options.charts, now: () => Date.now() });
  view.render(controller.state);
  controller.start();
  return { root, controller, view };
}
