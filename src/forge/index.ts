/**
 * apkit on Forge Custom UI. One line at start-up selects Forge, and the same apkit code (request, getContext,
 * events, dialog, flag, navigator, history, cookie, theming, macro, property stores, apFetch, apkit/react's hooks)
 * runs over `@forge/bridge` (an optional peer dependency, loaded only here):
 *
 * ```ts
 * import { loadAP } from "apkit";
 * import { forge } from "apkit/forge";
 * await loadAP({ platform: forge({ remote: "backend" }) });
 * ```
 *
 * `forgeSupport` says, call by call, what each apkit call becomes on Forge; docs/forge.md has the whole story.
 *
 * @packageDocumentation
 */
export { forge, type ForgeDialog, type ForgeOptions } from "./forge.js";
export type { ForgeBridge, ForgeConfluenceBridge, ForgeHistory, ForgeJiraBridge } from "./bridge.js";
export { toConnectContext, type ForgeContext, type ForgeProductContext } from "./context.js";
export { toForgeLocation, type ForgeLocation } from "./navigation.js";
export { forgeSupport, type ForgeSupport, type ForgeSupportStatus } from "./support.js";
export { invoke, type InvokeOptions } from "./invoke.js";
export type { ForgeProduct } from "./runtime.js";
