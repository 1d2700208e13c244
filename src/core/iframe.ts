import { check, FINITE, need, OPTIONAL_DIMENSION } from "./check.js";
import { connectFrame } from "./connect/frame.js";
import { port } from "./platform.js";
import type { CallOptions } from "./settle.js";
import type { ScrollPosition, Unsubscribe } from "./types.js";

export type { ScrollPosition } from "./types.js";

const frames = () => port("frame", connectFrame);

/**
 * Resizes this iframe on the host page. Dimensions are pixels (`400`, `"400px"`) or percentages (`"100%"`); a
 * missing one is measured from the content (all.js measures `.ac-content`). The host debounces resizes (50 ms) and
 * ignores them in dialogs and after {@link sizeToParent}. Bad dimensions throw a `TypeError`.
 *
 * @example
 * ```ts
 * import { resize } from "apkit";
 * await resize("100%", 480);
 * ```
 */
export const resize = async (width?: number | string, height?: number | string): Promise<void> => {
  need(width, OPTIONAL_DIMENSION, "resize width");
  need(height, OPTIONAL_DIMENSION, "resize height");
  return frames().resize(width, height);
};

/**
 * Makes this iframe fill the host page's content area (and follow window resizes). Only full-page modules (general,
 * admin, project pages) can: elsewhere the host ignores it. Resizes are ignored afterwards.
 *
 * @example
 * ```ts
 * import { sizeToParent } from "apkit";
 * await sizeToParent({ hideFooter: true });
 * ```
 */
export const sizeToParent = async (options: { hideFooter?: boolean } = {}): Promise<void> =>
  frames().sizeToParent(!!options.hideFooter);

/**
 * Hides the host page's footer (full-page modules).
 *
 * @example
 * ```ts
 * import { hideFooter } from "apkit";
 * await hideFooter();
 * ```
 */
export const hideFooter = async (hide = true): Promise<void> => frames().hideFooter(hide);

/** Options of {@link autoResize}. */
export interface AutoResizeOptions {
  /** The element whose height the iframe follows. @default document.querySelector(".ac-content") */
  element?: Element | null;
  /** Stops watching when aborted (like calling the returned function). */
  signal?: AbortSignal;
}

/**
 * Keeps the iframe as tall as its content: a `ResizeObserver` on `.ac-content` (or `element`), at most one resize per
 * animation frame, and only when the height changed. Returns the function that stops it. Turn all.js's own
 * auto-resize off (`loadAP({ resize: false })`, or `data-options="resize:false"` on its script tag) so two resizers
 * do not compete. The host limits of {@link resize} apply: no effect in dialogs or after {@link sizeToParent}.
 *
 * @example
 * ```ts
 * import { autoResize } from "apkit";
 * const stop = autoResize();
 * // later, e.g. when the view unmounts
 * stop();
 * ```
 */
export function autoResize(options: AutoResizeOptions = {}): Unsubscribe {
  const el = options.element ?? document.querySelector(".ac-content");
  check(el, "autoResize: no element given, and no .ac-content in the page");
  // Where the host sizes the frame itself (Forge) there is nothing to do.
  if (!frames().resizable()) return () => {};
  let frame = 0;
  let last = -1;
  const observer = new ResizeObserver(() => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      const height = Math.ceil(el.getBoundingClientRect().bottom + scrollY);
      // A failure has no caller to go to: rethrown, it is reported like any uncaught error.
      if (height !== last) resize("100%", (last = height)).catch((e) => queueMicrotask(() => { throw e; }));
    });
  });
  const stop = () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
  };
  observer.observe(el);
  options.signal?.addEventListener("abort", stop);
  if (options.signal?.aborted) stop();
  return stop;
}


/** The methods of {@link scrollPosition}. */
export interface ScrollPositionAPI {
  /**
   * Reads the position. Full-page modules only: elsewhere the host never answers (`ERR_TIMEOUT`).
   * @example
   * ```ts
   * const { scrollY, height } = await scrollPosition.get({ timeout: 2000 });
   * ```
   */
  get(options?: CallOptions): Promise<ScrollPosition>;
  /**
   * Scrolls the host page so that `y` pixels of this iframe are above the fold (full-page modules).
   * @example
   * ```ts
   * await scrollPosition.setVertical(0);
   * ```
   */
  setVertical(y: number): Promise<void>;
}

/**
 * The host page's scroll position relative to this iframe (full-page modules).
 *
 * @example
 * ```ts
 * import { scrollPosition } from "apkit";
 * const { scrollY } = await scrollPosition.get({ timeout: 2000 });
 * await scrollPosition.setVertical(scrollY + 200);
 * ```
 */
export const scrollPosition: ScrollPositionAPI = {
  get: async (options) => frames().getScroll(options),
  async setVertical(y) {
    need(y, FINITE, "scrollPosition.setVertical y");
    return frames().setVerticalScroll(y);
  },
};
