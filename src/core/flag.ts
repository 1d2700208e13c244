import { currentAP, resolveMethod } from "./bridge.js";
import { check, is } from "./call.js";
import { events, type Unsubscribe } from "./events.js";

/** Options of {@link flag.show} (those of `AP.flag.create`). */
export interface FlagOptions<A extends string = string> {
  /** Title text. */
  title?: string;
  /** Body text (plain text; the host escapes it). */
  body?: string;
  /** @default "info" */
  type?: "info" | "success" | "warning" | "error";
  /** `"auto"`: the host closes it after a few seconds; `"manual"`: the user (or {@link FlagHandle.close}) does. */
  close?: "manual" | "auto";
  /** Action links: identifier → link text. Clicks reach {@link FlagHandle.onAction}. */
  actions?: Record<A, string>;
}

/** One flag on the host page. */
export interface FlagHandle<A extends string = string> {
  /** Resolves when the flag is gone (closed by the user, the host or {@link FlagHandle.close}). */
  readonly closed: Promise<void>;
  /** Closes the flag. */
  close(): void;
  /** Runs `listener` when this flag's action `action` is clicked; returns the unsubscribe function. */
  onAction(action: A, listener: () => void): Unsubscribe;
}

/** The methods of {@link flag}. */
export interface FlagAPI {
  /**
   * Shows a flag and returns its handle. Bad options throw a `TypeError`; without a bridge the coded bridge errors
   * (`ERR_BRIDGE_UNAVAILABLE`, ...) are thrown at once.
   * @example
   * ```ts
   * const f = flag.show({ title: "Sync failed", type: "error", close: "manual", actions: { retry: "Retry" } });
   * f.onAction("retry", () => { f.close(); sync(); });
   * ```
   */
  show<A extends string = string>(options: FlagOptions<A>): FlagHandle<A>;
}

/**
 * Flags (the host's toasts). Each handle hears only its own flag's `flag.action` and `flag.close` events, matched by
 * the id the host gave the flag, never another flag's.
 *
 * @example
 * ```ts
 * import { flag } from "apkit";
 * const saved = flag.show({ title: "Saved", body: "Your changes are live.", type: "success", actions: { undo: "Undo" } });
 * saved.onAction("undo", () => revert());
 * await saved.closed;
 * ```
 */
export const flag: FlagAPI = {
  show(options) {
    const { title, body, type, close, actions } = (options ?? 0) as FlagOptions;
    check(
      is.o(options) &&
        is.S(title) &&
        is.S(body) &&
        /^(info|success|warning|error)$/.test(type ?? "info") &&
        /^(auto|manual)$/.test(close ?? "auto") &&
        is.O(actions),
      "flag options",
    );
    const { fn, self } = resolveMethod(currentAP(), "flag.create");
    let id: unknown;
    let resolve!: () => void;
    const stops: Unsubscribe[] = [];
    // Nothing is ours before the host told us our id: it answers the create before any event of the flag.
    const on = (name: "flag.action" | "flag.close", listener: (data: any) => unknown) =>
      stops[stops.push(events.on(name, (data) => id !== undefined && data?.flagIdentifier === id && listener(data))) - 1]!;
    const closed = new Promise<void>((r) => (resolve = r));
    on("flag.close", () => {
      stops.forEach((stop) => stop());
      resolve();
    });
    const created = fn.call(self, options, (flagId: unknown) => (id = flagId));
    return {
      closed,
      close: () => created.close(),
      onAction: (action, listener) => on("flag.action", (data) => data.actionIdentifier === action && listener()),
    };
  },
};
