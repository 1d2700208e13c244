import { useCallback, useEffect, useRef, useState } from "react";
import type { PropertyStore } from "apkit";
import { idOf } from "./idOf.js";
import { useAsync, type AsyncResult } from "./useAsync.js";

/** What {@link useProperty} returns: the loaded value (`undefined` when the key is missing) and writers. */
export type UsePropertyResult<T> = AsyncResult<T | undefined> & {
  /** Writes `value`; shown at once, rolled back if the write fails (the promise rejects with the error). */
  set(value: T): Promise<void>;
  /**
   * Read-modify-write through the store's `update` (versioned on Confluence, last-write-wins on Jira); `fn` is
   * applied to the shown value at once and replaced by what the store wrote, or rolled back on failure.
   */
  update(fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  /** Deletes the key; shown as `undefined` at once, rolled back on failure. */
  remove(): Promise<void>;
  /** True while a write started here has not settled. */
  saving: boolean;
};

/**
 * One property of a store (`createPropertyStore`), loaded once the bridge is ready, with optimistic writes that roll
 * back when the product refuses them (too large, conflict, no permission: the coded error rejects the writer's
 * promise). When writes overlap, only the latest one's outcome decides what is shown. `null` or `undefined` for the
 * store or the key waits (no request is sent); the writers then reject with a `TypeError`. The result always belongs
 * to the current store and key: a write or an error of the previous ones is never shown for the new ones.
 *
 * @example
 * ```tsx
 * import { createPropertyStore, issueProperties } from "apkit";
 * import { useProperty } from "apkit/react";
 * const store = createPropertyStore<{ count: number }>(issueProperties("ABC-1"), { keyPrefix: "my-app." });
 * function Votes() {
 *   const votes = useProperty(store, "votes");
 *   return (
 *     <button disabled={votes.status !== "success"} onClick={() => votes.update((v) => ({ count: (v?.count ?? 0) + 1 }))}>
 *       {votes.data?.count ?? 0} votes
 *     </button>
 *   );
 * }
 * ```
 */
export function useProperty<T>(store: PropertyStore<T> | null | undefined, key: string | null | undefined): UsePropertyResult<T> {
  const id = store && key != null ? `${idOf(store)}:${key}` : null;
  const loaded = useAsync<T | undefined>(id === null ? null : JSON.stringify(["property", id]), (signal) => store!.get(key!, { signal }));
  // A local value shadows the loaded one after a write started here, for the store and key it was made for only.
  const [local, setLocal] = useState<{ id: string; value: T | undefined } | undefined>(undefined);
  const [saving, setSaving] = useState(0);
  const latest = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // Fresh data from the product (a refetch) replaces what this component wrote.
  useEffect(() => setLocal(undefined), [loaded.data]);

  const shadow = local && local.id === id ? local : undefined;
  const shown = shadow ? shadow.value : loaded.data;
  const shownRef = useRef(shown);
  shownRef.current = shown;

  const write = useCallback(
    async <R,>(optimistic: T | undefined, run: () => Promise<R>, settled?: (result: R) => T | undefined): Promise<R> => {
      if (id === null) throw new TypeError("apkit: useProperty has no store or key yet");
      const mine = ++latest.current;
      const before = shownRef.current;
      setLocal({ id, value: optimistic });
      setSaving((n) => n + 1);
      try {
        const result = await run();
        if (mounted.current && mine === latest.current && settled) setLocal({ id, value: settled(result) });
        return result;
      } catch (error) {
        if (mounted.current && mine === latest.current) setLocal({ id, value: before });
        throw error;
      } finally {
        if (mounted.current) setSaving((n) => n - 1);
      }
    },
    [id],
  );

  const set = useCallback((value: T) => write(value, () => store!.set(key!, value)), [store, key, write]);
  const update = useCallback(
    (fn: (current: T | undefined) => T | undefined) => write(fn(shownRef.current), () => store!.update(key!, fn), (stored) => stored),
    [store, key, write],
  );
  const remove = useCallback(() => write(undefined, () => store!.delete(key!)).then(() => undefined), [store, key, write]);

  const base = (shadow && loaded.status !== "error" ? { ...loaded, status: "success", data: shown, error: undefined } : loaded) as AsyncResult<
    T | undefined
  >;
  return { ...base, set, update, remove, saving: saving > 0 };
}
