/**
 * @internal `AP.dialog` and `AP.inlineDialog` over apkit's `dialog`. `create` opens the dialog and returns at once,
 * as all.js does; when it closes, the opener hears `dialog.close` with the data it closed with (all.js's
 * `create().on("close")` listens to that event). A button is an object of all.js's shape whatever the platform: its
 * methods answer (or fail coded) one by one. (`disableCloseOnSubmit` is all.js's own, in allJs.ts.)
 */
import { dialog, type DialogOptions } from "apkit";
import type { Kit } from "./kit.js";

type Button = Record<string, (...args: any[]) => unknown>;

const BUTTON_ACTIONS = ["enable", "disable", "toggle", "show", "hide", "trigger"] as const;

/** @internal */
export function compatDialog(kit: Kit) {
  let opened = 0;
  const button = (name: unknown): Button => {
    const raw = (method: string) => `dialog.getButton().${method}`;
    const of = () => dialog.button(String(name));
    const out: Button = {};
    for (const method of BUTTON_ACTIONS) out[method] = kit.act(raw(method), () => of()[method]());
    out.isEnabled = kit.answer(raw("isEnabled"), () => of().isEnabled());
    out.isHidden = kit.answer(raw("isHidden"), () => of().isHidden());
    // all.js's deprecated bind(fn): fn runs on each click of this button.
    out.bind = kit.act(raw("bind"), (listener: unknown) => {
      if (typeof listener === "function") of().onClick(() => listener());
    });
    return out;
  };

  return {
    dialog: {
      create(options: DialogOptions) {
        const id = `dialog-${++opened}`;
        kit.attempt("dialog.create", () => dialog.open(options)).then(
          (data) => kit.hostEvent("dialog.close", data),
          (error: unknown) => kit.report("dialog.create", error),
        );
        return { _id: id };
      },
      close: kit.act("dialog.close", (data?: unknown) => dialog.close(data)),
      getCustomData: kit.answer("dialog.getCustomData", () => dialog.getCustomData()),
      getButton: (name: unknown) => {
        // What the platform thinks of buttons shows at the first getButton, not only at the first click.
        kit.attempt("dialog.getButton", () => dialog.button(String(name)).isEnabled()).catch(() => undefined);
        return button(name);
      },
      // all.js's own: a text is the button's text and identifier; an identifier is made up when there is none.
      createButton(options: unknown) {
        const spec = typeof options === "object" && options !== null ? { ...(options as Record<string, unknown>) } : { text: options, identifier: options };
        spec.identifier ??= `user.button.${++opened}`;
        const { identifier, text, disabled } = spec as { identifier: string; text?: unknown; disabled?: boolean };
        kit.act("dialog.createButton", () => dialog.createButton({ identifier: String(identifier), text: String(text ?? identifier), ...(disabled !== undefined && { disabled }) }))();
        return button(identifier);
      },
      isCloseOnEscape: kit.answer("dialog.isCloseOnEscape", () => {
        throw kit.refusal("dialog.isCloseOnEscape");
      }),
    },
    inlineDialog: { hide: kit.act("inlineDialog.hide", () => dialog.hideInline()) },
  };
}
