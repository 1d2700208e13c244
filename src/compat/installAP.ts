import { dialog, loadAP, platformName, type Platform, type RawAP } from "apkit";
import { addAllJs } from "./allJs.js";
import { compatDialog } from "./dialog.js";
import { compatEvents } from "./events.js";
import { compatFlag } from "./flag.js";
import { hostRequest } from "./hostRequest.js";
import { createKit } from "./kit.js";
import { compatPage } from "./page.js";
import { compatProduct } from "./product.js";
import { rawSupport } from "./rawSupport.js";

/** Options of {@link installAP}. */
export interface InstallAPOptions {
  /**
   * The platform the `AP` runs on, selected and started here (`loadAP({ platform })`): on a Forge Custom UI resource,
   * `forge(...)` from apkit/forge. Without it, the platform selected before (by `loadAP({ platform })`, or by a test
   * host such as apkit/testing/forge's `createMockForge`).
   */
  platform?: Platform;
  /**
   * Where apkit/compat's warnings go: once per raw method that fails coded on the platform (naming what to use
   * instead), and each failure no callback receives.
   * @default console.warn
   */
  warn?: (message: string) => void;
}

/**
 * Puts a Connect-shaped `AP` on `globalThis` and returns it, so that code written against the raw `AP` of all.js runs
 * unchanged on another platform than Connect: on a Forge Custom UI resource, `installAP({ platform: forge() })` before
 * the legacy code runs. The `AP` is all.js's surface (callbacks and all.js 5.3's promise forms, argument orders,
 * `AP.require` / `AP.define`, dialog, button and flag objects, `AP.request`'s `success(responseText, statusText, xhr)`
 * and `error(xhr, statusText, errorThrown)`), implemented over apkit's API, so each method runs as the apkit call of
 * the selected platform. {@link rawSupport} says, method by method, what works, what differs and what fails.
 *
 * A method the platform cannot serve still answers and never throws: its promise rejects with the apkit error
 * (`UnsupportedOnPlatformError`, whose message names what to use instead), its callback is called with no arguments
 * (as all.js calls it when the host fails), and the console gets one `[apkit/compat]` warning for that method.
 *
 * On Connect itself there is nothing to do: all.js is the `AP`. Without a platform, `installAP()` returns the `AP`
 * all.js put on the page, and throws a `TypeError` when there is none.
 *
 * @example
 * ```ts
 * // forge-entry.js, bundled once into the page's first script (docs/compat.md):
 * import { installAP } from "apkit/compat";
 * import { forge } from "apkit/forge";
 * installAP({ platform: forge({ dialogs: { "edit-dialog": "edit-modal" } }) });
 * // ... then the page's legacy code runs as it did on Connect:
 * AP.request({ url: "/rest/api/3/myself", success: (text: string) => console.log(JSON.parse(text).displayName) });
 * ```
 */
export function installAP(options: InstallAPOptions = {}): RawAP {
  if (typeof options !== "object" || options === null) throw new TypeError("apkit/compat: installAP takes an options object, as in installAP({ platform: forge() })");
  const { platform, warn = (message: string) => console.warn(message) } = options;
  if (typeof warn !== "function") throw new TypeError("apkit/compat: installAP's warn must be a function");
  const global = globalThis as { AP?: RawAP };
  let startFailure: unknown;
  if (platform) {
    loadAP({ platform }).catch((error: unknown) => {
      startFailure = error;
      warn(`[apkit/compat] the platform ${platform.name} did not start: ${String((error as Error)?.message ?? error)}`);
    });
  } else if (platformName() === "connect") {
    if (global.AP) return global.AP;
    throw new TypeError("apkit/compat: installAP() on Connect needs all.js (it is the AP there); on another platform pass it: installAP({ platform: forge() })");
  }

  // One kit for the whole AP (a warning is said once per method); the events it delivers go to this page's listeners.
  let deliver = (_name: string, _args: unknown[]): void => undefined;
  const kit = createKit({ warn, startFailure: () => startFailure, hostEvent: (name, args) => deliver(name, args) });
  const events = compatEvents(kit);
  deliver = events.deliver;
  const page = compatPage(kit);
  const ap: RawAP = {};
  Object.assign(ap, { request: hostRequest(kit), events: events.module, ...page.modules, ...compatDialog(kit), ...compatFlag(kit), ...compatProduct(kit) });
  addAllJs(ap, {
    // all.js's own methods that have nothing to run on this platform say so, once each.
    report: (method) => {
      const support = rawSupport[method];
      if (support?.apkit === null && support.status === "unsupported") kit.report(method, kit.refusal(method));
    },
    cdn: true,
    disableCloseOnSubmit: kit.act("dialog.disableCloseOnSubmit", () => dialog.disableCloseOnSubmit()),
    historyState: page.historyState,
  });
  global.AP = ap;
  return ap;
}
