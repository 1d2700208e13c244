import { useCallback, useContext, useEffect, useState } from "react";
import { AbortError, type AnyAPKitError } from "apkit";
import { APStoreContext } from "./APProvider.js";
import { getDefaultStore } from "./apStore.js";
import { useAPState } from "./useAPState.js";

/**
 * What a hook's `error` can be: one of apkit's coded errors (narrow with `error.code === "ERR_HTTP_STATUS"`), or
 * another `Error` (a `TypeError` for a caller mistake, your fetch's own failure), whose `code` is `undefined`.
 */
export type HookError = AnyAPKitError | (Error & { readonly code?: undefined });

/**
 * The result of a data hook, discriminated on `status` (narrow with `if (r.status === "success") r.data`). It always
 * belongs to the hook's current inputs: when they change, the result is `"pending"` until the new data arrives,
 * never the previous inputs' data. `isFetching` is true while a load runs, including a `refetch()` of data that is
 * still shown; an error after a refetch keeps the last good `data` of the same inputs.
 */
export type AsyncResult<T> =
  | { status: "pending"; data: undefined; error: undefined; isFetching: boolean; refetch: () => void }
  | { status: "success"; data: T; error: undefined; isFetching: boolean; refetch: () => void }
  | { status: "error"; data: T | undefined; error: HookError; isFetching: boolean; refetch: () => void };

interface State<T> {
  key: string | null;
  status: "pending" | "success" | "error";
  data?: T;
  error?: HookError;
  isFetching: boolean;
}

/**
 * @internal Runs `load(signal)` once the bridge is ready, again whenever `key` changes or `refetch()` is called; a
 * `null` key waits. Identical loads (same key, same provider) running at the same time share one call, which is
 * aborted only when every hook waiting for it has gone; `select` (a schema check, say) then runs per hook, so hooks
 * that share a call may still see it differently. A superseded or unmounted run is aborted and ignored: no state
 * update after unmount, no unhandled rejection.
 */
export function useAsync<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<unknown>,
  select: (raw: unknown) => T | Promise<T> = (raw) => raw as T,
): AsyncResult<T> {
  const bridge = useAPState();
  const scope = useContext(APStoreContext) ?? getDefaultStore();
  const [state, setState] = useState<State<T>>({ key, status: "pending", isFetching: false });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (bridge.status !== "ready" || key === null) return;
    const controller = new AbortController();
    setState((s) => (s.key === key && s.status !== "pending" ? { ...s, isFetching: true } : { key, status: "pending", isFetching: true }));
    // `load` is the one of the render that changed `key` or `nonce`; it is not a dependency on purpose.
    shared(scope, key, load, controller.signal).then(select).then(
      (data) => controller.signal.aborted || setState({ key, status: "success", data, isFetching: false }),
      (error: HookError) =>
        controller.signal.aborted ||
        setState((s) => ({ key, status: "error", error, data: s.key === key ? s.data : undefined, isFetching: false })),
    );
    return () => controller.abort();
  }, [bridge, scope, key, nonce]);

  const refetch = useCallback(() => setNonce((n) => n + 1), []);
  let result: State<T>;
  if (bridge.status === "error") result = { key, status: "error", error: bridge.error, isFetching: false };
  // Derived during render, so no render ever shows another key's state as this key's.
  else if (state.key !== key) result = { key, status: "pending", isFetching: key !== null && bridge.status === "ready" };
  else result = state;
  return { status: result.status, data: result.data, error: result.error, isFetching: result.isFetching, refetch } as AsyncResult<T>;
}

interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  users: number;
}
const flights = new WeakMap<object, Map<string, Flight>>();

/** One call per scope and key at a time; each caller may leave (abort) alone. */
function shared<T>(scope: object, key: string, load: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  let byKey = flights.get(scope);
  if (!byKey) flights.set(scope, (byKey = new Map()));
  const map = byKey;
  let flight = map.get(key);
  if (!flight) {
    const controller = new AbortController();
    const started: Flight = { promise: Promise.resolve().then(() => load(controller.signal)), controller, users: 0 };
    started.promise.then(
      () => map.get(key) === started && map.delete(key),
      () => map.get(key) === started && map.delete(key),
    );
    map.set(key, (flight = started));
  }
  const joined = flight;
  joined.users++;
  return new Promise<T>((resolve, reject) => {
    const leave = () => {
      joined.users--;
      reject(new AbortError("apkit: aborted", { cause: signal.reason }));
      // Deferred, so React StrictMode's unmount-and-mount (and a quick re-render) joins the same call.
      queueMicrotask(() => {
        if (joined.users > 0) return;
        if (map.get(key) === joined) map.delete(key);
        joined.controller.abort();
      });
    };
    if (signal.aborted) return leave();
    signal.addEventListener("abort", leave, { once: true });
    joined.promise.then(
      (value) => {
        signal.removeEventListener("abort", leave);
        joined.users--;
        resolve(value as T);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", leave);
        joined.users--;
        reject(error);
      },
    );
  });
}
