import type { CallOptions } from "./bridge.js";
import { check, checkFields, isObject, isString, isText, OPTIONAL_DIMENSION, OPTIONAL_OBJECT, TEXT } from "./check.js";
import { connectDialog } from "./connect/dialog.js";
import { isSchema } from "./context.js";
import type { Unsubscribe } from "./events.js";
import { port } from "./port.js";
import { validateMaybe, type StandardSchemaV1 } from "./schema.js";

/** The preset dialog sizes of the host (case-insensitive on the bridge). */
export type DialogSize = "small" | "medium" | "large" | "x-large" | "maximum" | "fullscreen";
const SIZES: readonly string[] = ["small", "medium", "large", "x-large", "maximum", "fullscreen"] satisfies DialogSize[];

/** Options of {@link dialog.open}: those of `AP.dialog.create`, checked before anything is sent. */
export interface DialogOptions {
  /** The module key of a dialog (or page / web item) module of this app. */
  key: string;
  /** A preset size; wins over `width` and `height`. */
  size?: DialogSize;
  /** Pixels (`500`, `"500px"`) or a percentage of the window (`"50%"`). */
  width?: number | string;
  /** Pixels (`300`, `"300px"`) or a percentage of the window (`"50%"`). */
  height?: number | string;
  /** Header and footer buttons drawn by the host. */
  chrome?: boolean;
  /** Header text (with chrome). */
  header?: string;
  /** Submit button text (with chrome). */
  submitText?: string;
  /** Cancel button text (with chrome). */
  cancelText?: string;
  /** Footer hint text (with chrome). */
  hint?: string;
  /** Whether Esc closes the dialog. @default true */
  closeOnEscape?: boolean;
  /** Data the dialog reads with {@link dialog.getCustomData}: a plain, structured-cloneable object. */
  customData?: Record<string, unknown>;
  /** Extra footer buttons (with chrome); clicks reach {@link DialogButton.onClick} inside the dialog. */
  buttons?: Array<{ text: string; identifier: string; disabled?: boolean }>;
}

/** The payload of a `dialog.button.click` event. */
export interface DialogButtonClick {
  button: { identifier: string; name?: string; text?: string };
}

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

const BUTTON_OPS = ["enable", "disable", "toggle", "show", "hide", "trigger", "isEnabled", "isHidden"] as const;

const dialogs = () => port("dialog", connectDialog);

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
// An IIFE marked pure, so bundlers drop the whole object when an app does not use it.
export const dialog: DialogAPI = /* @__PURE__ */ (() => ({
  open(o: DialogOptions, callOptions?: CallOptions): Promise<any> {
    checkFields(o, "dialog options", {
      key: TEXT,
      // Any case: the host compares sizes case-insensitively.
      size: [(v) => v === undefined || (isString(v) && SIZES.includes(v.toLowerCase())), SIZES.join(" | ")],
      width: OPTIONAL_DIMENSION,
      height: OPTIONAL_DIMENSION,
      customData: OPTIONAL_OBJECT,
    });
    return dialogs().open(o, callOptions ?? {});
  },
  isDialog: () => dialogs().isDialog(),
  async getCustomData(schema?: StandardSchemaV1 | CallOptions, options?: CallOptions) {
    const [s, o] = isSchema(schema) ? [schema, options] : [undefined, schema];
    return validateMaybe(s, await dialogs().getCustomData(o), "dialog custom data");
  },
  close: async (data, options) => dialogs().close(data, options),
  button(name) {
    check(isText(name), "button name");
    const button: Record<string, unknown> = {
      onClick: (listener: (click: DialogButtonClick) => void) => dialogs().onButtonClick(name, listener),
    };
    for (const op of BUTTON_OPS) button[op] = async (options?: CallOptions) => dialogs().button(name, op, options);
    return button as unknown as DialogButton;
  },
  async createButton(options) {
    check(isObject(options) && isText(options.identifier) && isString(options.text), "button");
    await dialogs().createButton(options);
    return dialog.button(options.identifier);
  },
  disableCloseOnSubmit: async () => dialogs().disableCloseOnSubmit(),
  hideInline: async () => dialogs().hideInline(),
}))();
