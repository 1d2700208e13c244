/** @internal Connect's macro editor and property panel: `AP.confluence`. */
import type { MacroPort } from "../port.js";
import { ask, fire } from "./call.js";

/** @internal */
export const connectMacro: MacroPort = {
  getData: (options) => ask("confluence.getMacroData", [], options),
  getBody: (options) => ask("confluence.getMacroBody", [], options),
  save: (parameters, body) => fire("confluence.saveMacro", [parameters, body]),
  closeEditor: () => fire("confluence.closeMacroEditor"),
  closePropertyPanel: () => fire("confluence.closeMacroPropertyPanel"),
};
