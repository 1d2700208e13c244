import { checkFields, oneOf, OPTIONAL_OBJECT, OPTIONAL_STRING } from "./check.js";
import { connectFlag } from "./connect/flag.js";
import { report, type Unsubscribe } from "./events.js";
import { port } from "./port.js";

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
    checkFields(options, "flag options", {
      title: OPTIONAL_STRING,
      body: OPTIONAL_STRING,
      type: oneOf(["info", "success", "warning", "error"]),
      close: oneOf(["auto", "manual"]),
      actions: OPTIONAL_OBJECT,
    });
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
