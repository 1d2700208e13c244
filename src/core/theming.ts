import { connectTheming } from "./connect/theming.js";
import { port } from "./platform.js";
import type { ThemingPort } from "./port.js";
import type { Unsubscribe } from "./types.js";

/** The theme applied to this iframe's document (by all.js, once theming is enabled). */
export interface Theme {
  /** `"light"` or `"dark"`; `undefined` until the host sent a theme (or when it has none). */
  colorMode?: "light" | "dark";
  /** The themes by kind, as `data-theme` has them, e.g. `"dark:dark light:light spacing:spacing"`. */
  theme?: string;
}

/** The methods of {@link theming}: the port's `enable`, and the theme as this document has it. */
export interface ThemingAPI extends ThemingPort {
  /**
   * The theme on this document now.
   * @example
   * ```ts
   * document.body.classList.toggle("dark", theming.current().colorMode === "dark");
   * ```
   */
  current(): Theme;
  /**
   * Runs `listener` with the new theme whenever it changes; returns the unsubscribe function.
   * @example
   * ```ts
   * const stop = theming.onChange((theme) => console.log(theme.colorMode));
   * ```
   */
  onChange(listener: (theme: Theme) => void): Unsubscribe;
}

/**
 * The product's theme (light/dark and design tokens) in this iframe. `enable()` asks the host for its theme and every
 * change after; all.js then sets `data-color-mode` / `data-theme` on `<html>` and loads the token CSS
 * (`var(--ds-text)`, ...). Read it with `current()`, follow it with `onChange()`.
 *
 * @example
 * ```ts
 * import { theming } from "apkit";
 * theming.onChange(({ colorMode }) => chart.setDark(colorMode === "dark"));
 * await theming.enable();
 * ```
 */
export const theming: ThemingAPI = {
  enable: async (options) => port("theming", connectTheming).enable({ forceNoCleanup: !!options?.forceNoCleanup }),
  current: () => {
    const { colorMode, theme } = document.documentElement.dataset;
    return { colorMode: colorMode as Theme["colorMode"], theme };
  },
  onChange(listener) {
    const observer = new MutationObserver(() => listener(theming.current()));
    observer.observe(document.documentElement, { attributeFilter: ["data-color-mode", "data-theme"] });
    return () => observer.disconnect();
  },
};
