import { FUNCTION, INTEGER, need, OPTIONAL_STRING } from "./check.js";
import { connectHistory } from "./connect/history.js";
import { port } from "./platform.js";
import type { HistoryPort } from "./port.js";
import type { CallOptions } from "./settle.js";
import type { HistoryState } from "./types.js";

export type { HistoryPopState, HistoryState } from "./types.js";

/** The methods of {@link history}: the port's, with `getState` typed by what it asks for. */
export interface HistoryAPI extends Omit<HistoryPort, "getState"> {
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
}

const histories = () => port("history", connectHistory);

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
export const history: HistoryAPI = {
  back: async () => histories().back(),
  forward: async () => histories().forward(),
  async go(delta) {
    need(delta, INTEGER, "history.go delta");
    return histories().go(delta);
  },
  async getState(type?: "hash" | "all", options?: CallOptions): Promise<any> {
    need(type, OPTIONAL_STRING, "history.getState type");
    return histories().getState(type, options);
  },
  async pushState(state, title, url) {
    need(title, OPTIONAL_STRING, "history.pushState title");
    need(url, OPTIONAL_STRING, "history.pushState url");
    return histories().pushState(state, title, url);
  },
  async replaceState(state, title, url) {
    need(title, OPTIONAL_STRING, "history.replaceState title");
    need(url, OPTIONAL_STRING, "history.replaceState url");
    return histories().replaceState(state, title, url);
  },
  onPopState(listener) {
    need(listener, FUNCTION, "history.onPopState listener");
    return histories().onPopState(listener);
  },
};
