/**
 * @internal Forge's macro editor: a Forge macro's parameters are its `config` (the context's `extension.config`),
 * saved from its config resource with `view.submit({ config })`, which also closes the editor; the body comes from
 * @forge/confluence-bridge's `getMacroContent` when the app passes the module.
 */
import { UnsupportedOnPlatformError, type MacroPort } from "apkit";
import type { ForgeRuntime } from "./runtime.js";
import { refusal } from "./support.js";

/** @internal */
export function forgeMacro(runtime: ForgeRuntime): MacroPort {
  return {
    getData: async (options) => (await runtime.context(options)).extension?.config ?? {},
    async getBody(options) {
      const confluence = runtime.options.confluenceBridge;
      if (!confluence) throw refusal("macro.getBody");
      const { data } = await runtime.call("getMacroContent", options, () => confluence.getMacroContent());
      return data;
    },
    async save(parameters, body) {
      if (body !== undefined && body !== "") {
        throw new UnsupportedOnPlatformError("macro.save with a body is not available on Forge: a Forge macro's config resource saves parameters only", {
          platform: "forge",
          capability: "macro.save",
        });
      }
      await runtime.call("view.submit", {}, (bridge) => bridge.view.submit({ config: parameters }));
    },
    closeEditor: () => runtime.call("view.close", {}, (bridge) => bridge.view.close()),
    closePropertyPanel: async () => {
      throw refusal("macro.closePropertyPanel");
    },
    onPropertyPanelEvent: () => {
      throw refusal("macro.onPropertyPanelEvent");
    },
  };
}
