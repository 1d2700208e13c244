import { need, needFields, oneOf, OPTIONAL_DIMENSION, OPTIONAL_OBJECT, STRING, TEXT } from "./check.js";
import { connectDialog } from "./connect/dialog.js";
import { isSchema } from "./context.js";
import { port } from "./platform.js";
import type { CallOptions } from "./settle.js";
import { validateMaybe, type StandardSchemaV1 } from "./schema.js";
import type { DialogButtonClick, DialogOptions, Unsubscribe } from "./types.js";

export type { DialogButtonClick, DialogOptions, DialogSize } from "./types.js";




/** A button of the dialog this page runs in (`submit`, `cancel`, or one of `buttons`/`createButton`). */
export interface DialogButton {
  /** Enables the button. */
  enable(): Promise<void>;
  /** Disables it: a disabled button cannot be clicked and sends no events. */
  disable(): Promise<void>;
  /** Flips enabled/disabled. */
  toggle(): Promise<void>;
  /** Shows a hidden button. */
  show(): Promise<void>;
  /** Hides the button. */
  hide(): Promise<void>;
  /** Clicks it programmatically. */
  trigger(): Promise<void>;
  /** Whether it is enabled now. */
  isEnabled(options?: CallOptions): Promise<boolean>;
  /** Whether it is hidden now. */
  isHidden(options?: CallOptions): Promise<boolean>;
  /** Runs `listener` on every click of this button; returns the unsubscribe function. */
  onClick(listener: (click: DialogButtonClick) => void): Unsubscribe;
}

/** The methods of {@link dialog}. */
export interface DialogAPI {
  /**
   * Opens a dialog module of this app and resolves with what the dialog passes to {@link DialogAPI.close}, or with
   * `undefined` when it is dismissed. No deadline by default (a person is deciding): pass `timeout` or `signal` to stop
   * waiting (the dialog stays open). Bad options throw a `TypeError` before anything is sent.
   * @example
   * ```ts
   * const result = await dialog.open({ key: "edit-settings", width: 600, height: "60%", chrome: true, header: "Settings" });
   * ```
   */
  open<T = unknown>(options: DialogOptions, callOptions?: CallOptions): Promise<T | undefined>;
  /**
   * True when this page runs inside a dialog (what all.js knows about its iframe).
   * @example
   * ```ts
   * if (dialog.isDialog()) document.body.classList.add("in-dialog");
   * ```
   */
  isDialog(): boolean;
  /**
   * The `customData` the opener passed, exactly (without apkit's correlation id). Pass a schema to validate and type
   * it. Outside a dialog: {@link NotInDialogError}.
   * @example
   * ```ts
   * import { z } from "zod";
   * const { projectKey } = await dialog.getCustomData(z.object({ projectKey: z.string() }));
   * ```
   */
  getCustomData<T = any>(options?: CallOptions): Promise<T>;
  getCustomData<S extends StandardSchemaV1>(schema: S, options?: CallOptions): Promise<StandardSchemaV1.InferOutput<S>>;
  /**
   * Closes the dialog this page runs in; its opener's {@link DialogAPI.open} resolves with `data`. Outside a dialog:
   * {@link NotInDialogError} (the raw bridge fails silently on the host there).
   * @example
   * ```ts
   * await dialog.close({ saved: true });
   * ```
   */
  close(data?: unknown, options?: CallOptions): Promise<void>;
  /**
   * A button of this dialog: `"submit"`, `"cancel"`, or the identifier of a custom button.
   * @example
   * ```ts
   * const submit = dialog.button("submit");
   * await dialog.disableCloseOnSubmit();
   * await submit.disable();
   * form.oninput = () => (form.checkValidity() ? submit.enable() : submit.disable());
   * const stop = submit.onClick(() => dialog.close(Object.fromEntries(new FormData(form))));
   * ```
   */
  button(name: string): DialogButton;
  /**
   * Adds a button to the footer of this dialog (chrome dialogs) and returns it.
   * @example
   * ```ts
   * const preview = await dialog.createButton({ identifier: "preview", text: "Preview" });
   * preview.onClick(showPreview);
   * ```
   */
  createButton(options: { identifier: string; text: string; disabled?: boolean }): Promise<DialogButton>;
  /**
   * Keeps the dialog open when Submit is clicked (all.js closes it otherwise, without data), so a
   * `button("submit").onClick` handler can check the form and call {@link DialogAPI.close} with data.
   * @example
   * ```ts
   * await dialog.disableCloseOnSubmit();
   * dialog.button("submit").onClick(async () => dialog.close(await save()));
   * ```
   */
  disableCloseOnSubmit(): Promise<void>;
  /**
   * Hides the inline dialog this page runs in (`AP.inlineDialog.hide`).
   * @example
   * ```ts
   * document.querySelector("#done")!.addEventListener("click", () => dialog.hideInline());
   * ```
   */
  hideInline(): Promise<void>;
}

const OPEN_OPTIONS = {
  key: TEXT,
  size: /* @__PURE__ */ oneOf(["small", "medium", "large", "x-large", "maximum", "fullscreen"], true),
  width: OPTIONAL_DIMENSION,
  height: OPTIONAL_DIMENSION,
  customData: OPTIONAL_OBJECT,
};
const BUTTON_OPTIONS = { identifier: TEXT, text: STRING };

const dialogs = () => port("dialog", connectDialog);

/** The button `name` of the dialog this page runs in: each method one call of the selected platform. */
function buttonOf(name: string): DialogButton {
  const op = (which: "enable" | "disable" | "toggle" | "show" | "hide" | "trigger") => async (): Promise<void> => {
    await dialogs().button(name, which);
  };
  return {
    enable: op("enable"),
    disable: op("disable"),
    toggle: op("toggle"),
    show: op("show"),
    hide: op("hide"),
    trigger: op("trigger"),
    isEnabled: async (options) => Boolean(await dialogs().button(name, "isEnabled", options)),
    isHidden: async (options) => Boolean(await dialogs().button(name, "isHidden", options)),
    onClick: (listener) => dialogs().onButtonClick(name, listener),
  };
}

/**
 * Dialogs: open one and await what it closes with; inside a dialog, read its data, close it, drive its buttons.
 *
 * How results find their opener: the host broadcasts `dialog.close` to every iframe of the app, so `open` puts an id
 * in `customData` (under `__apkit`) and `close` sends `{ __apkit: id, data }`; each open resolves only with its own
 * dialog's data. A close without an id (Cancel, Submit without `disableCloseOnSubmit`, a page that calls raw
 * `AP.dialog.close`) goes to the dialog on top, which is the one the host closes.
 *
 * @example
 * ```ts
 * import { dialog } from "apkit";
 * // in the opener
 * const picked = await dialog.open<{ id: string }>({ key: "pick-item", size: "medium", customData: { projectKey: "ABC" } });
 * if (picked) console.log("picked", picked.id); // undefined: dismissed
 * // in the page of the "pick-item" module
 * const { projectKey } = await dialog.getCustomData();
 * await dialog.close({ id: "42" });
 * ```
 */
export const dialog: DialogAPI = {
  async open(o: DialogOptions, callOptions?: CallOptions): Promise<any> {
    needFields(o, "dialog.open options", OPEN_OPTIONS);
    return dialogs().open(o, callOptions ?? {});
  },
  isDialog: () => dialogs().isDialog(),
  async getCustomData(schema?: StandardSchemaV1 | CallOptions, options?: CallOptions) {
    const [s, o] = isSchema(schema) ? [schema, options] : [undefined, schema];
    return validateMaybe(s, await dialogs().getCustomData(o), "dialog custom data");
  },
  close: async (data, options) => dialogs().close(data, options),
  button(name) {
    need(name, TEXT, "dialog.button name");
    return buttonOf(name);
  },
  async createButton(options) {
    needFields(options, "dialog.createButton options", BUTTON_OPTIONS);
    await dialogs().createButton(options);
    return buttonOf(options.identifier);
  },
  disableCloseOnSubmit: async () => dialogs().disableCloseOnSubmit(),
  hideInline: async () => dialogs().hideInline(),
};
