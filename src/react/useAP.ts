import * as core from "apkit";
import type { APState } from "./apStore.js";
import { useAPState } from "./useAPState.js";

/** The apkit core API, as `useAP()` hands it over. */
export type APKitAPI = typeof core;

/** What {@link useAP} returns: the core API plus where the bridge is, discriminated on `status`. */
export type UseAPResult = APKitAPI & APState;

const cache = new WeakMap<APState, UseAPResult>();

/**
 * The apkit API plus the bridge's status: `"pending"` while all.js loads, `"ready"` (with `ap`), or `"error"` (with
 * a coded `error`, e.g. `ERR_NOT_IN_CONNECT_IFRAME` when the page is opened outside Jira).
 *
 * @example
 * ```tsx
 * import { useAP } from "apkit/react";
 * function Toolbar() {
 *   const ap = useAP();
 *   if (ap.status === "error") return <p>{ap.error instanceof Error ? ap.error.message : "failed"}</p>;
 *   return <button disabled={ap.status !== "ready"} onClick={() => ap.events.emit("refresh")}>Refresh</button>;
 * }
 * ```
 */
export function useAP(): UseAPResult {
  const state = useAPState();
  let result = cache.get(state);
  if (!result) cache.set(state, (result = { ...core, ...state } as UseAPResult));
  return result;
}
