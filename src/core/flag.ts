import { needFields, oneOf, OPTIONAL_OBJECT, OPTIONAL_STRING } from "./check.js";
import { connectFlag } from "./connect/flag.js";
import { report } from "./events.js";
import { port } from "./platform.js";
import type { FlagOptions, Unsubscribe } from "./types.js";

export type { FlagOptions } from "./types.js";


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

const FLAG_OPTIONS = {
  title: OPTIONAL_STRING,
  body: OPTIONAL_STRING,
  type: /* @__PURE__ */ oneOf(["info", "success", "warning", "error"]),
  close: /* @__PURE__ */ oneOf(["auto", "manual"]),
  actions: OPTIONAL_OBJECT,
};

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
    needFields(options, "flag.show options", FLAG_OPTIONS);
    const clicks = new Map<string, Set<() => void>>();
    let resolve!: () => void;
    const closed = new Promise<void>((r) => (resolve = r));
    const shown = port("flag", connectFlag).show(options, {
      action: (action) => clicks.get(action)?.forEach((listener) => report(listener)),
      close: () => {
        clicks.clear();
        resolve();
      },
    });
    return {
      closed,
      close: () => shown.close(),
      onAction(action, listener) {
        const entry = () => listener();
        const set = clicks.get(action) ?? new Set();
        clicks.set(action, set.add(entry));
        return () => void set.delete(entry);
      },
    };
  },
};
