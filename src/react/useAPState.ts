import { useContext, useSyncExternalStore } from "react";
import { APStoreContext } from "./APProvider.js";
import { getDefaultStore, getServerSnapshot, type APState } from "./apStore.js";

// Its own module, so hooks that need only the bridge state do not import useAP and, with it, the whole core.
/** @internal The bridge state of the nearest provider (or the default store). */
export function useAPState(): APState {
  const store = useContext(APStoreContext) ?? getDefaultStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, getServerSnapshot);
}
