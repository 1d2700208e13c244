import { loadAP, platformName, type AnyAPKitError, type LoadAPOptions, type PlatformName, type RawAP } from "apkit";

/**
 * Where the bridge is: loading, connected, or failed with a coded error. Once ready, `platform` names the platform
 * apkit talks to; `ap` is Connect's raw `AP` there, and `undefined` on Forge (which has none, unless apkit/compat's
 * `installAP` put a Connect-shaped one on the page).
 */
export type APState =
  | { status: "pending"; ap: undefined; platform: undefined; error: undefined }
  | { status: "ready"; ap: RawAP | undefined; platform: PlatformName; error: undefined }
  | { status: "error"; ap: undefined; platform: undefined; error: AnyAPKitError | (Error & { readonly code?: undefined }) };

/** @internal A tiny external store around one `loadAP()` call, for useSyncExternalStore. */
export interface APStore {
  getSnapshot(): APState;
  subscribe(listener: () => void): () => void;
  /** Starts the one load (idempotent). */
  start(): void;
}

const PENDING: APState = { status: "pending", ap: undefined, platform: undefined, error: undefined };

/** The server (and first client) render always sees "pending": nothing touches window before an effect runs. */
export const getServerSnapshot = (): APState => PENDING;

/** @internal Loading starts with the first subscriber (an effect, so never during SSR) and happens once. */
export function createAPStore(options?: LoadAPOptions): APStore {
  let state = PENDING;
  let started = false;
  const listeners = new Set<() => void>();
  const set = (next: APState) => {
    state = next;
    for (const l of [...listeners]) l();
  };
  const start = () => {
    if (started) return;
    started = true;
    loadAP(options).then(
      (ap) => set({ status: "ready", ap, platform: platformName(), error: undefined }),
      (error: AnyAPKitError) => set({ status: "error", ap: undefined, platform: undefined, error }),
    );
  };
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      start();
      return () => listeners.delete(listener);
    },
    start,
  };
}

let defaultStore: APStore | undefined;

/** @internal The store hooks use when no APProvider is above them: loadAP() with its defaults. */
export function getDefaultStore(): APStore {
  return (defaultStore ??= createAPStore());
}
