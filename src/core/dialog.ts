import { currentAP, resolveMethod, settle, type CallOptions } from "./bridge.js";
import { call, check, fire, frameOptions, is, wrap } from "./call.js";
import { isSchema } from "./context.js";
import { NotInDialogError } from "./errors.js";
import { events, type Unsubscribe } from "./events.js";
import { validateMaybe, type StandardSchemaV1 } from "./schema.js";

/** The preset dialog sizes of the host (case-insensitive on the bridge). */
export type DialogSize = "small" | "medium" | "large" | "x-large" | "maximum" | "fullscreen";

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

// The correlation id rides in customData under this key; a leading "~" marks "the opener passed no customData".
const KEY = "__apkit";
// Every open is announced to all iframes of the app, so each pending open knows which dialogs lie above its own.
const OPENED = "apkit.dialog.open";

const inDialog = (): void => {
  if (!frameOptions().isDialog) throw new NotInDialogError("Not in a dialog");
};

const rawData = async (options?: CallOptions): Promise<any> => {
  inDialog();
  return call("ask", "dialog.getCustomData", [], options);
};

const getButton = (name: string): any => {
  inDialog();
  const { fn, self } = resolveMethod(currentAP(), "dialog.getButton");
  return fn.call(self, name);
};

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
// An IIFE marked pure, so bundlers drop the whole object when an app does not use it (a spread would keep it).
export const dialog: DialogAPI = /* @__PURE__ */ (() => ({
  ...wrap("dialog", "hideInline=inlineDialog.hide"),

  open(o: DialogOptions, callOptions?: CallOptions): Promise<any> {
    check(
      is.o(o) &&
        is.s(o.key) &&
        /^(small|medium|large|x-large|maximum|fullscreen)$/i.test(o.size ?? "small") &&
        is.d(o.width) &&
        is.d(o.height) &&
        is.O(o.customData),
      "dialog options",
    );
    const id = (o.customData ? "" : "~") + Math.random().toString(36).slice(2);
    const above: unknown[] = [];
    let stops: Unsubscribe[] | undefined = [];
    return settle("dialog.open", { timeout: Infinity, ...callOptions }, (done) =>
      fire("dialog.create", { ...o, customData: { ...o.customData, [KEY]: id } })
        .then(() => {
          stops?.push(
            events.on(OPENED, (other) => other !== id && above.push(other)),
            events.on("dialog.close", (data: any) => {
              const from = data?.[KEY];
              if (typeof from !== "string") above.pop() || done.resolve(data);
              else if (from === id) done.resolve(data.data);
              else above.splice(above.indexOf(from) >>> 0, 1);
            }),
          );
          events.emit(OPENED, id);
        })
        .catch(done.reject),
    ).finally(() => {
      stops!.forEach((stop) => stop());
      stops = undefined;
    });
  },

  isDialog: () => !!frameOptions().isDialog,

  async getCustomData(schema?: StandardSchemaV1 | CallOptions, options?: CallOptions) {
    const [s, o] = isSchema(schema) ? [schema, options] : [undefined, schema];
    let data = await rawData(o);
    if (is.o(data) && KEY in data) {
      const { [KEY]: id, ...rest } = data;
      data = String(id)[0] === "~" ? undefined : rest;
    }
    return validateMaybe(s, data, "dialog custom data");
  },

  async close(data, options) {
    const id = (await rawData(options))?.[KEY];
    await fire("dialog.close", typeof id === "string" ? { [KEY]: id, data } : data);
  },

  button(name) {
    check(is.s(name), "button name");
    const button: any = {
      onClick: (listener: (click: DialogButtonClick) => void) =>
        events.on("dialog.button.click", (click) => click?.button?.identifier === name && listener(click)),
    };
    for (const method of "enable disable toggle show hide trigger isEnabled isHidden".split(" ")) {
      // isEnabled/isHidden answer through a callback; the others only act (a callback would never be called).
      button[method] = (options?: CallOptions) =>
        settle(method, options ?? {}, (done) => {
          const b = getButton(name);
          method[1] === "s" ? b[method](done.resolve) : done.resolve(b[method]());
        });
    }
    return button;
  },

  async createButton(options) {
    check(is.o(options) && is.s(options.identifier) && is.t(options.text), "button");
    inDialog();
    await fire("dialog.createButton", options);
    return dialog.button(options.identifier);
  },

  async disableCloseOnSubmit() {
    inDialog();
    await fire("dialog.disableCloseOnSubmit");
  },
}))();
