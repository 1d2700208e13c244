import { currentAP, resolveMethod, type CallOptions, type RawAP } from "./bridge.js";
import { check, wrap } from "./call.js";
import type { Unsubscribe } from "./events.js";

/** What `history.getState("all")` answers. */
export interface HistoryState {
  key: string;
  hash: string;
  title: string;
  href: string;
}

/** What a pop-state listener gets. */
export interface HistoryPopState {
  key?: string;
  hash?: string | null;
  query?: string | null;
  title?: string;
  href?: string;
  state?: unknown;
  newURL: string;
  oldURL?: string;
}

const listeners = new Set<[(event: HistoryPopState) => void]>();
let armed: RawAP | undefined; // the AP whose popState holds our callback now
let last: unknown;

// A bridge callback answers once, so the registration is renewed after each change. Should a host call every
// registration on each change instead, the repeated calls carry the same event object and are skipped.
function arm(): void {
  const ap = currentAP();
  const { fn, self } = resolveMethod(ap, "history.popState");
  armed = ap;
  fn.call(self, (event: HistoryPopState) => {
    if (event === last) return;
    last = event;
    armed = undefined;
    if (listeners.size) arm();
    // Each listener in its own microtask: one that throws is reported and does not starve the others.
    listeners.forEach(([listener]) => queueMicrotask(() => listener(event)));
  });
}

/** The methods of {@link history}. */
export interface HistoryAPI {
  /**
   * One step back (pop-state listeners run).
   * @example
   * ```ts
   * await history.back();
   * ```
   */
  back(): Promise<void>;
  /**
   * One step forward (pop-state listeners run).
   * @example
   * ```ts
   * await history.forward();
   * ```
   */
  forward(): Promise<void>;
  /**
   * `delta` steps through the history (an integer; 0 reloads).
   * @example
   * ```ts
   * await history.go(-2);
   * ```
   */
  go(delta: number): Promise<void>;
  /**
   * The current state: the anchor (`"hash"`, the default) or everything (`"all"`).
   * @example
   * ```ts
   * const anchor = await history.getState();
   * const { href, title } = await history.getState("all");
   * ```
   */
  getState(type?: "hash", options?: CallOptions): Promise<string>;
  getState(type: "all", options?: CallOptions): Promise<HistoryState>;
  /**
   * Adds a history entry (pop-state listeners do not run).
   * @example
   * ```ts
   * await history.pushState("page2");
   * ```
   */
  pushState(state: unknown, title?: string, url?: string): Promise<void>;
  /**
   * Replaces the current entry (pop-state listeners do not run).
   * @example
   * ```ts
   * await history.replaceState("page2");
   * ```
   */
  replaceState(state: unknown, title?: string, url?: string): Promise<void>;
  /**
   * Runs `listener` on every change made by back/forward/go or the user; returns the unsubscribe function.
   * @example
   * ```ts
   * const stop = history.onPopState((e) => console.log(e.oldURL, "->", e.newURL));
   * ```
   */
  onPopState(listener: (event: HistoryPopState) => void): Unsubscribe;
}

/**
 * The host page's history (its URL fragment), for page modules (general, admin, configure, profile pages); the
 * host ignores it in dialogs.
 *
 * @example
 * ```ts
 * import { history } from "apkit";
 * const stop = history.onPopState(({ newURL }) => route(newURL));
 * await history.pushState("settings/users");
 * ```
 */
// An IIFE marked pure, so bundlers drop the whole object when an app does not use it (a spread would keep it).
export const history: HistoryAPI = /* @__PURE__ */ (() => ({
  ...wrap("history", "back forward go/i ?getState/S pushState/aSS replaceState/aSS"),
  onPopState(listener) {
    check(typeof listener === "function", "listener");
    if (armed !== currentAP()) arm();
    const entry: [(event: HistoryPopState) => void] = [listener];
    listeners.add(entry);
    return () => listeners.delete(entry);
  },
}))();
