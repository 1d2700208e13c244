import type { CallOptions } from "./bridge.js";
import { isOptionalString } from "./check.js";
import { ASK, FIRE, plain } from "./connect/call.js";
import { connectOnPopState } from "./connect/history.js";
import type { HistoryPort } from "./port.js";
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
export const history: HistoryAPI = /* @__PURE__ */ plain<HistoryPort>("history", {
  back: [0, FIRE, 0, "history.back"],
  forward: [0, FIRE, 0, "history.forward"],
  go: [(delta) => Number.isInteger(delta), FIRE, 1, "history.go"],
  getState: [isOptionalString, ASK, 1, "history.getState"],
  pushState: [(_state, title, url) => isOptionalString(title) && isOptionalString(url), FIRE, 3, "history.pushState"],
  replaceState: [(_state, title, url) => isOptionalString(title) && isOptionalString(url), FIRE, 3, "history.replaceState"],
  onPopState: [(listener) => typeof listener === "function", connectOnPopState],
}) as HistoryAPI;
