import { createContext, useEffect, useState, type ReactNode } from "react";
import type { LoadAPOptions } from "apkit";
import { createAPStore, type APStore } from "./apStore.js";

/** @internal */
export const APStoreContext = createContext<APStore | undefined>(undefined);

/** Props of {@link APProvider}. */
export interface APProviderProps {
  /**
   * Options for the one `loadAP()` call (all.js `src`, data-options, timeout, and `platform`: `forge()` from
   * apkit/forge on Forge Custom UI). Read once, on mount. `undefined` is the defaults (what a start-up shared by two
   * platforms passes on Connect).
   */
  options?: LoadAPOptions | undefined;
  children?: ReactNode | undefined;
}

/**
 * Loads the AP bridge once for the tree below it (on mount; with `options.platform`, selects that platform) and
 * renders its children at once (no flash of nothing): hooks
 * report `status: "pending"` until the bridge is ready. Under SSR it renders the pending state and touches nothing.
 * Without a provider, hooks load all.js with the default options themselves.
 *
 * @example
 * ```tsx
 * import { APProvider } from "apkit/react";
 * createRoot(root).render(
 *   <APProvider options={{ resize: true }}>
 *     <IssueGlance />
 *   </APProvider>,
 * );
 * ```
 */
export function APProvider({ options, children }: APProviderProps) {
  const [store] = useState(() => createAPStore(options));
  // Loaded on mount even when no hook below asks for the bridge's state, so that the platform it names is selected
  // before the first user action (a dialog opened from a click).
  useEffect(() => store.start(), [store]);
  return <APStoreContext.Provider value={store}>{children}</APStoreContext.Provider>;
}
