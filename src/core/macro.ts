import type { CallOptions } from "./bridge.js";
import { check, isObject, isOptionalString } from "./check.js";
import { ASK, FIRE, plain } from "./connect/call.js";
import type { MacroPort } from "./port.js";
import { isSchema } from "./context.js";
import { events, type Unsubscribe } from "./events.js";
import { validateMaybe, type StandardSchemaV1 } from "./schema.js";

/** The methods of {@link macro}. */
export interface MacroAPI {
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
   * The macro's body (rich-text body macros).
   * @example
   * ```ts
   * const body = await macro.getBody();
   * ```
   */
  getBody(options?: CallOptions): Promise<string>;
  /**
   * Saves the macro's parameters (and body, when given; otherwise the body stays as it is).
   * @example
   * ```ts
   * await macro.save({ color: "red" });
   * ```
   */
  save(parameters: Record<string, unknown>, body?: string): Promise<void>;
  /**
   * Closes the macro editor without saving (call {@link MacroAPI.save} first).
   * @example
   * ```ts
   * await macro.closeEditor();
   * ```
   */
  closeEditor(): Promise<void>;
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
  /**
   * Closes the macro's property panel.
   * @example
   * ```ts
   * await macro.closePropertyPanel();
   * ```
   */
  closePropertyPanel(): Promise<void>;
}

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
// An IIFE marked pure, so bundlers drop the whole object when an app does not use it.
export const macro: MacroAPI = /* @__PURE__ */ (() => {
  const calls = plain<MacroPort>("macro", {
    getData: [0, ASK, 0, "confluence.getMacroData"],
    getBody: [0, ASK, 0, "confluence.getMacroBody"],
    save: [(parameters, body) => isObject(parameters) && isOptionalString(body), FIRE, 2, "confluence.saveMacro"],
    closeEditor: [0, FIRE, 0, "confluence.closeMacroEditor"],
    closePropertyPanel: [0, FIRE, 0, "confluence.closeMacroPropertyPanel"],
  });
  return {
    ...calls,
    async getData(schema?: StandardSchemaV1 | CallOptions, options?: CallOptions) {
      const [s, o] = isSchema(schema) ? [schema, options] : [undefined, schema];
      return validateMaybe(s, await calls.getData(o), "macro data");
    },
    onPropertyPanelEvent(bindings: Record<string, () => void>) {
      check(isObject(bindings), "bindings");
      const stops = Object.entries(bindings).map(([name, handler]) => events.on(name, () => handler()));
      return () => stops.forEach((stop) => stop());
    },
  };
})();
