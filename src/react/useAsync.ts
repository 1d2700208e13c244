import { useCallback, useEffect, useRef, useState } from "react";
import { useAPState } from "./useAP.js";

/** The result of a data hook, discriminated on `status` (narrow with `if (r.status === "success") r.data`). */
export type AsyncResult<T> =
  | { status: "pending"; data: undefined; error: undefined; refetch: () => void }
  | { status: "success"; data: T; error: undefined; refetch: () => void }
  | { status: "error"; data: undefined; error: unknown; refetch: () => void };

type State<T> = { status: "pending" | "success" | "error"; data?: T; error?: unknown };

/**
 * @internal Runs `load(signal)` once the bridge is ready and again whenever `key` changes or `refetch()` is called.
 * A run that is superseded or unmounted is aborted and its result ignored: no state update after unmount, and the
 * abort rejection is swallowed (never an unhandled rejection).
 */
export function useAsync<T>(key: string, load: (signal: AbortSignal) => Promise<T>): AsyncResult<T> {
  const bridge = useAPState();
  const [state, setState] = useState<State<T>>({ status: "pending" });
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (bridge.status === "error") {
      setState({ status: "error", error: bridge.error });
      return;
    }
    if (bridge.status !== "ready") return;
    const controller = new AbortController();
    setState((s) => (s.status === "pending" ? s : { status: "pending" }));
    loadRef.current(controller.signal).then(
      (data) => controller.signal.aborted || setState({ status: "success", data }),
      (error: unknown) => controller.signal.aborted || setState({ status: "error", error }),
    );
    return () => controller.abort();
  }, [bridge, key, nonce]);

  const refetch = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, refetch } as AsyncResult<T>;
}
