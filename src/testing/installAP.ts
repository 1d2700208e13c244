/**
 * Puts an `AP` object on `window` for a test and returns a function that restores what was there before
 * (including "nothing"). Use it with any hand-written or mock `AP`.
 *
 * @example
 * ```ts
 * import { installAP } from "apkit/testing";
 * import { afterEach } from "vitest";
 * const restore = installAP({ context: { getContext: async () => ({ jira: {} }) } });
 * afterEach(restore);
 * ```
 */
export function installAP(ap: object): () => void {
  if (typeof window === "undefined") {
    throw new TypeError("apkit/testing: installAP needs a DOM environment (jsdom, happy-dom or a browser).");
  }
  const target = window as unknown as { AP?: unknown };
  const had = Object.prototype.hasOwnProperty.call(target, "AP");
  const previous = target.AP;
  target.AP = ap;
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (had) target.AP = previous;
    else delete target.AP;
  };
}
