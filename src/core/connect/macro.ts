/** @internal Connect's macro editor and property panel: `AP.confluence`. */
import type { MacroPort } from "../port.js";
import { ask, fire } from "./call.js";
import { connectEvents } from "./events.js";

/** @internal */
export const connectMacro: MacroPort = {
  getData: (options) => ask("confluence.getMacroData", [], options),
  getBody: (options) => ask("confluence.getMacroBody", [], options),
  save: (parameters, body) => fire("confluence.saveMacro", [parameters, body]),
  closeEditor: () => fire("confluence.closeMacroEditor"),
  closePropertyPanel: () => fire("confluence.closeMacroPropertyPanel"),
  // The property panel's controls arrive as events of the app, named after the control.
  onPropertyPanelEvent(bindings) {
    const stops = Object.entries(bindings).map(([name, handler]) => connectEvents.listen("on", name, () => handler()));
    return () => stops.forEach((stop) => stop());
  },
};
