/**
 * apkit on Forge Custom UI. One line at start-up selects Forge, and the same apkit code (request, getContext,
 * events, dialog, flag, navigator, history, theming, property stores, apFetch, apkit/react's hooks) runs over
 * `@forge/bridge` (an optional peer dependency, loaded only here):
 *
 * ```ts
 * import { loadAP } from "apkit";
 * import { forge } from "apkit/forge";
 * await loadAP({ platform: forge({ remote: "backend" }) });
 * ```
 *
 * See docs/forge.md for the call-by-call table and what has no Forge equivalent.
 *
 * @packageDocumentation
 */
export { forge, type ForgeBridge, type ForgeDialog, type ForgeHistory, type ForgeOptions } from "./forge.js";
export { toConnectContext, type ForgeContext, type ForgeProductContext } from "./context.js";
export { toForgeLocation, type ForgeLocation } from "./navigation.js";
