import { FUNCTION, need, OBJECT, OPTIONAL_STRING } from "./check.js";
import { connectMacro } from "./connect/macro.js";
import { isSchema } from "./context.js";
import { port } from "./platform.js";
import type { MacroPort } from "./port.js";
import type { CallOptions } from "./settle.js";
import { validateMaybe, type StandardSchemaV1 } from "./schema.js";
import type { Unsubscribe } from "./types.js";

/** The methods of {@link macro}: the port's, with schemas for `getData`, and the property panel's events. */
export interface MacroAPI extends Omit<MacroPort, "getData"> {
  /**
   * The saved parameters of the macro being edited. Pass a schema to validate and type them.
   * @example
   * ```ts
   * import { z } from "zod";
   * const { color } = await macro.getData(z.object({ color: z.string().default("blue") }));
   * ```
   */
  getData<T = Record<string, unknown>>(options?: CallOptions): Promise<T>;
  getData<S extends StandardSchemaV1>(schema: S, options?: CallOptions): Promise<StandardSchemaV1.InferOutput<S>>;
  /**
   * Handlers for property-panel controls, keyed `"{event-type}.{control-key}.{macro-key}.macro.property-panel"`;
   * returns the function that removes them all.
   * @example
   * ```ts
   * const stop = macro.onPropertyPanelEvent({
   *   "click.refresh-button.my-macro.macro.property-panel": () => refresh(),
   * });
   * ```
   */
  onPropertyPanelEvent(bindings: Record<string, () => void>): Unsubscribe;
}

const macros = () => port("macro", connectMacro);

/**
 * The Confluence macro editor (a macro's `editor` dialog) and property panel: read what is saved, save, close.
 *
 * @example
 * ```ts
 * import { macro } from "apkit";
 * const data = await macro.getData();
 * form.color.value = String(data.color ?? "blue");
 * form.onsubmit = async () => {
 *   await macro.save({ color: form.color.value }, await macro.getBody());
 *   await macro.closeEditor();
 * };
 * ```
 */
export const macro: MacroAPI = {
  async getData(schema?: StandardSchemaV1 | CallOptions, options?: CallOptions): Promise<any> {
    const [s, o] = isSchema(schema) ? [schema, options] : [undefined, schema];
    return validateMaybe(s, await macros().getData(o), "macro data");
  },
  getBody: async (options) => macros().getBody(options),
  async save(parameters, body) {
    need(parameters, OBJECT, "macro.save parameters");
    need(body, OPTIONAL_STRING, "macro.save body");
    return macros().save(parameters, body);
  },
  closeEditor: async () => macros().closeEditor(),
  closePropertyPanel: async () => macros().closePropertyPanel(),
  onPropertyPanelEvent(bindings) {
    need(bindings, OBJECT, "macro.onPropertyPanelEvent bindings");
    for (const [name, handler] of Object.entries(bindings)) need(handler, FUNCTION, `macro.onPropertyPanelEvent bindings["${name}"]`);
    return macros().onPropertyPanelEvent(bindings);
  },
};
