/**
 * @internal Forge's history: `view.createHistory()` (full-page modules), in the shape of Connect's: an entry's anchor
 * is its path without the leading slash, so `pushState("settings")` and the pop-state event's `newURL` agree on both
 * platforms.
 */
import type { HistoryPopState, HistoryPort } from "apkit";
import type { ForgeHistory } from "./bridge.js";
import { reportLater } from "./events.js";
import type { ForgeRuntime } from "./runtime.js";

/** @internal */
export function forgeHistory(runtime: ForgeRuntime): HistoryPort {
  let history: Promise<ForgeHistory> | undefined;
  const historyOf = () => (history ??= runtime.call("view.createHistory", {}, (bridge) => bridge.view.createHistory()));
  return {
    back: async () => (await historyOf()).back(),
    forward: async () => (await historyOf()).forward(),
    go: async (delta) => (await historyOf()).go(delta),
    async getState(type) {
      const { location } = await historyOf();
      const anchor = anchorOf(location);
      return type === "all" ? { key: location.key ?? "", hash: `#!${anchor}`, title: "", href: location.pathname } : anchor;
    },
    pushState: async (state, _title, url) => (await historyOf()).push(routeOf(state, url), state),
    replaceState: async (state, _title, url) => (await historyOf()).replace(routeOf(state, url), state),
    onPopState(listener) {
      let active = true;
      let stop: (() => void) | undefined;
      historyOf().then(async (h) => {
        let previous = anchorOf(h.location);
        const unlisten = h.listen((...args: any[]) => {
          // history 5 calls listen's callback with { action, location }, history 4 with (location, action).
          const [location, action] = args[0]?.location ? [args[0].location, args[0].action] : args;
          const anchor = anchorOf(location);
          const oldURL = previous;
          previous = anchor;
          if (active && action === "POP") listener(popStateOf(location, anchor, oldURL));
        });
        // Stopped before the history was there: stop listening as soon as it is.
        stop = typeof unlisten === "function" ? unlisten : () => {};
        if (!active) stop();
      }, reportLater);
      return () => {
        if (!active) return;
        active = false;
        stop?.();
      };
    },
  };
}

const anchorOf = (location: ForgeHistory["location"]): string =>
  location.pathname.replace(/^\//, "") + (location.search ?? "") + (location.hash ?? "");

function routeOf(state: unknown, url: string | undefined): string {
  const route = typeof state === "string" ? state : url;
  if (route === undefined) throw new TypeError("apkit: on Forge, pushState needs a string state or a url");
  return route.startsWith("/") ? route : `/${route}`;
}

function popStateOf(location: ForgeHistory["location"], anchor: string, oldURL: string): HistoryPopState {
  return { key: location.key, hash: `#!${anchor}`, href: location.pathname, state: location.state, newURL: anchor, oldURL };
}
