import type { APState } from "./apStore.js";
import { useAPState } from "./useAPState.js";

/** What {@link useAP} returns: where the bridge is, discriminated on `status`. */
export type UseAPResult = APState;

/**
 * Where the bridge is: `"pending"` while all.js loads, `"ready"` (with the raw `ap`), or `"error"` (with a coded
 * `error`, e.g. `ERR_NOT_IN_CONNECT_IFRAME` when the page is opened outside Jira). Call apkit's functions
 * (`dialog.open`, `events.emit`, ...) by importing them: `useAP` does not hand the API over, so a component that
 * needs only this state does not bundle the whole core.
 *
 * @example
 * ```tsx
 * import { events, useAP } from "apkit/react";
 * function Toolbar() {
 *   const ap = useAP();
 *   if (ap.status === "error") return <p>{ap.error.code ?? ap.error.message}</p>;
 *   return <button disabled={ap.status !== "ready"} onClick={() => events.emit("refresh")}>Refresh</button>;
 * }
 * ```
 */
export function useAP(): UseAPResult {
  return useAPState();
}
