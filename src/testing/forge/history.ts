/**
 * The page history behind `view.createHistory()` in the Forge mock host. @forge/bridge types the answer as
 * `History` of @types/history 4 and listens with the history-4 signature `(location, action)`
 * (out/view/createHistory.js:8-10), so the object handed to the app follows history 4, with history 5's
 * `back`/`forward` names as aliases.
 */

/** A location of the emulated page history, shaped like history 4's. */
export interface ForgeHistoryLocation {
  pathname: string;
  search: string;
  hash: string;
  state: unknown;
  /** A unique key per entry. */
  key: string;
}

/** How the current entry was reached. */
export type ForgeHistoryAction = "POP" | "PUSH" | "REPLACE";

/** A place to go: a path (`"/a?b=1#c"`), or its parts. */
export type ForgeHistoryTarget = string | { pathname?: string; search?: string; hash?: string; state?: unknown };

type Listener = (location: ForgeHistoryLocation, action: ForgeHistoryAction) => unknown;

/**
 * @internal One page history, shared by every history object the host hands out. Exported from apkit/testing/forge
 * for apkit-dev's host page, which gives each Forge frame one.
 *
 * @example
 * ```ts
 * import { PageHistory } from "apkit/testing/forge";
 * const page = new PageHistory("/", (error) => console.error(error));
 * const history = page.handle(); // what view.createHistory() answers
 * page.push("/settings");
 * page.location.pathname; // "/settings"
 * ```
 */
export class PageHistory {
  entries: ForgeHistoryLocation[];
  index = 0;
  action: ForgeHistoryAction = "POP";
  readonly listeners = new Set<Listener>();
  private keys = 0;

  constructor(initialPath: string, private readonly onListenerError: (error: unknown) => void) {
    this.entries = [this.make(initialPath, undefined)];
  }

  get location(): ForgeHistoryLocation {
    return this.entries[this.index]!;
  }

  push(to: ForgeHistoryTarget, state?: unknown): void {
    this.entries = [...this.entries.slice(0, this.index + 1), this.make(to, state)];
    this.index = this.entries.length - 1;
    this.changed("PUSH");
  }

  replace(to: ForgeHistoryTarget, state?: unknown): void {
    this.entries = [...this.entries];
    this.entries[this.index] = this.make(to, state);
    this.changed("REPLACE");
  }

  /** Moves `delta` entries, clamped to the stack; no move, no notification (as a browser at either end). */
  go(delta: number): void {
    const next = Math.min(Math.max(this.index + Math.trunc(delta), 0), this.entries.length - 1);
    if (next === this.index) return;
    this.index = next;
    this.changed("POP");
  }

  href(to: ForgeHistoryTarget): string {
    const { pathname, search, hash } = this.make(to, undefined);
    return `${pathname}${search}${hash}`;
  }

  /** The object `createHistory` answers; its functions become asynchronous proxies on the way to the app. */
  handle(): Record<string, unknown> {
    return {
      length: this.entries.length,
      action: this.action,
      location: this.location,
      push: (to: ForgeHistoryTarget, state?: unknown) => this.push(to, state),
      replace: (to: ForgeHistoryTarget, state?: unknown) => this.replace(to, state),
      go: (delta: number) => this.go(delta),
      goBack: () => this.go(-1),
      goForward: () => this.go(1),
      back: () => this.go(-1),
      forward: () => this.go(1),
      createHref: (to: ForgeHistoryTarget) => this.href(to),
      // Blocking transitions is a product decision the emulation does not model: nothing is ever blocked.
      block: () => () => undefined,
      listen: (listener: Listener) => {
        this.listeners.add(listener);
        return () => {
          this.listeners.delete(listener);
        };
      },
    };
  }

  private changed(action: ForgeHistoryAction): void {
    this.action = action;
    const location = this.location;
    for (const listener of [...this.listeners]) {
      // The listener is the app's function behind a proxy: it answers a promise, and an app listener that throws
      // must not become an unhandled rejection of the host.
      Promise.resolve()
        .then(() => listener(location, action))
        .catch(this.onListenerError);
    }
  }

  private make(to: ForgeHistoryTarget, state: unknown): ForgeHistoryLocation {
    const key = `k${++this.keys}`;
    if (typeof to === "string") {
      const url = new URL(to, "http://history.invalid/");
      return { pathname: url.pathname, search: url.search, hash: url.hash, state, key };
    }
    const parts = to ?? {};
    return {
      pathname: parts.pathname ?? this.entries?.[this.index]?.pathname ?? "/",
      search: parts.search ?? "",
      hash: parts.hash ?? "",
      state: state ?? parts.state,
      key,
    };
  }
}
