/**
 * The one dispatch: which platform apkit talks to, and {@link port}, through which every capability reaches it.
 */
import { UnsupportedOnPlatformError } from "./errors.js";
import type { Platform, PlatformName, Port } from "./port.js";

// The selected platform lives on a registry symbol of the global, not in this module: an ESM and a CJS copy of
// apkit loaded side by side (the dual-package hazard: an app's ESM code and a CJS test helper) must agree on it.
const SELECTED = Symbol.for("apkit.platform");

/** @internal The selected platform, `undefined` on Connect. */
export const selected = (): Platform | undefined => (globalThis as Record<symbol, Platform | undefined>)[SELECTED];

/**
 * @internal The active platform's implementation of `capability`; `connect` (the Connect implementation, given
 * by the caller so that unused capabilities are tree-shaken) when no other platform was selected. Throws
 * {@link UnsupportedOnPlatformError} when the selected platform lacks the capability: the public methods that
 * return promises are async, so there it arrives as a rejection.
 */
export function port<K extends keyof Port>(capability: K, connect: Port[K]): Port[K] {
  const active = selected();
  if (!active) return connect;
  const found = active[capability];
  if (found) return found as Port[K];
  throw new UnsupportedOnPlatformError(`${capability} is not available on ${active.name}`, { platform: active.name, capability });
}

/**
 * Selects the platform every later call uses; `undefined` goes back to Connect. Apps select a platform with
 * `loadAP({ platform })`, which also starts it; this is for test hosts and embedders that manage the platform
 * themselves.
 *
 * @example
 * ```ts
 * import { selectPlatform } from "apkit";
 * afterEach(() => selectPlatform(undefined)); // every test starts on Connect
 * ```
 */
export function selectPlatform(platform: Platform | undefined): void {
  (globalThis as Record<symbol, Platform | undefined>)[SELECTED] = platform;
}

/**
 * The name of the platform apkit talks to: `"connect"` until `loadAP({ platform })` selected another (`"forge"` for
 * apkit/forge's).
 *
 * @example
 * ```ts
 * import { platformName } from "apkit";
 * if (platformName() === "forge") hideConnectOnlyFeatures();
 * ```
 */
export function platformName(): PlatformName {
  return selected()?.name ?? "connect";
}
