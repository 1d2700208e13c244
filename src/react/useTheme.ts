import { useEffect, useSyncExternalStore } from "react";
import { theming, type Theme } from "apkit";
import { useAPState } from "./useAPState.js";

let cached: Theme = {};
const snapshot = (): Theme => {
  const next = theming.current();
  if (next.colorMode !== cached.colorMode || next.theme !== cached.theme) cached = next;
  return cached;
};
const serverSnapshot = (): Theme => ({});

/**
 * The product's theme in this iframe (`{ colorMode, theme }`), kept current. Turns theming on once the bridge is
 * ready (`theming.enable()`), so the design-token CSS (`var(--ds-text)`, ...) follows the product; `{}` until the
 * host sends a theme, and during SSR.
 *
 * @example
 * ```tsx
 * import { useTheme } from "apkit/react";
 * function Chart() {
 *   const { colorMode } = useTheme();
 *   return <canvas data-dark={colorMode === "dark"} />;
 * }
 * ```
 */
export function useTheme(): Theme {
  const bridge = useAPState();
  useEffect(() => {
    if (bridge.status === "ready") theming.enable().catch(() => {}); // a host without theming keeps the page as is
  }, [bridge]);
  return useSyncExternalStore(theming.onChange, snapshot, serverSnapshot);
}
