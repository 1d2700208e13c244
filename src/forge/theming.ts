/** @internal Forge's theming: `view.theme.enable()`. */
import type { ThemingPort } from "apkit";
import type { ForgeRuntime } from "./runtime.js";

/** @internal */
export function forgeTheming(runtime: ForgeRuntime): ThemingPort {
  return { enable: () => runtime.call("view.theme.enable", {}, (bridge) => bridge.view.theme.enable()) };
}
