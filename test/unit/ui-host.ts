// A connect-host-like dialog and flag module on the emulated host, for the dialog and flag unit tests. It follows
// connect-host.js 5.3 with a product's providers: `dialog.create` opens a dialog iframe (isDialog, dialogId,
// customData in its options), `dialog.close` broadcasts `dialog.close` to every iframe of the app and closes the top
// dialog (throwing on the host when none is open), `getCustomData` answers by dialogId; flags get the id of their
// proxy and their events go to the creating iframe only. all.js's app-side part is here too: Submit/Cancel close
// the dialog unless `disableCloseOnSubmit` was called.
import { emulateHost, installAP, type HostCallback, type HostModules } from "apkit/testing";

export const tick = () => new Promise((r) => setTimeout(r, 0));

interface OpenDialog {
  id: string;
  options: Record<string, any>;
  ap: Record<string, any>;
  addonKey: string;
  buttons: Record<string, { disabled: boolean; hidden: boolean }>;
}

export function uiHost(more: HostModules = {}) {
  const dialogs: OpenDialog[] = [];
  const flags = new Map<string, { options: Record<string, any>; frameId: string; open: boolean }>();
  const top = () => dialogs[dialogs.length - 1];
  const need = () => {
    if (!top()) throw new Error("Failed to find an active dialog");
    return top()!;
  };
  const host = emulateHost(
    {
      dialog: {
        create: {
          constructor: function (this: unknown, options: Record<string, any>, callback: HostCallback) {
            const { addon_key } = callback._context.extension;
            const ap = host.connect({
              addon_key,
              key: options.key,
              options: { isDialog: true, dialogId: callback._id, customData: options.customData },
            });
            ap.dialog._disableCloseOnSubmit = false;
            ap.dialog.disableCloseOnSubmit = () => (ap.dialog._disableCloseOnSubmit = true);
            dialogs.push({ id: callback._id!, options, ap, addonKey: addon_key, buttons: { submit: { disabled: false, hidden: false }, cancel: { disabled: false, hidden: false } } });
          },
        },
        close(data: unknown, callback: HostCallback) {
          const d = need();
          host.broadcast("dialog.close", { addon_key: callback._context.extension.addon_key }, data);
          dialogs.splice(dialogs.indexOf(d), 1);
        },
        getCustomData(callback: HostCallback) {
          callback(dialogs.find((d) => d.id === callback._context.extension.options.dialogId)?.options.customData);
        },
        getButton: {
          constructor: function (this: any, name: string) {
            this.state = need().buttons[name] ??= { disabled: false, hidden: false };
          },
          enable(this: any) { this.state.disabled = false; },
          disable(this: any) { this.state.disabled = true; },
          toggle(this: any) { this.state.disabled = !this.state.disabled; },
          show(this: any) { this.state.hidden = false; },
          hide(this: any) { this.state.hidden = true; },
          trigger() {},
          isEnabled(this: any, callback: HostCallback) { callback(!this.state.disabled); },
          isHidden(this: any, callback: HostCallback) { callback(this.state.hidden); },
        },
        createButton(options: { identifier: string; disabled?: boolean }) {
          need().buttons[options.identifier] = { disabled: !!options.disabled, hidden: false };
        },
      },
      flag: {
        create: {
          constructor: function (this: any, options: Record<string, any>, callback: HostCallback) {
            this.id = callback._id;
            flags.set(this.id, { options, frameId: callback._context.extension.id, open: true });
            callback(this.id);
          },
          close(this: any) {
            ui.closeFlag(this.id);
          },
        },
      },
      ...more,
    },
    { warn: () => {} },
  );

  const ui = {
    host,
    dialogs,
    flags,
    top,
    /** A click on a dialog button, as the host reports it; Submit/Cancel then close the dialog as all.js does. */
    click(identifier: string) {
      const d = need();
      const filter = { addon_key: d.addonKey, key: d.options.key };
      const data = { button: { identifier, name: identifier, text: identifier } };
      if (identifier === "submit" || identifier === "cancel") host.broadcast(`dialog.${identifier}`, filter, data);
      host.broadcast("dialog.button.click", filter, data);
      if (identifier === "cancel" || (identifier === "submit" && !d.ap.dialog._disableCloseOnSubmit)) d.ap.dialog.close();
    },
    /** The user clicks a flag's action link. */
    flagAction(flagId: string, actionIdentifier: string) {
      const f = flags.get(flagId)!;
      host.broadcast("flag.action", { id: f.frameId }, { actionIdentifier, flagIdentifier: flagId });
    },
    /** The flag goes away (its X, auto-close, or close()). */
    closeFlag(flagId: string) {
      const f = flags.get(flagId)!;
      if (!f.open) return;
      f.open = false;
      host.broadcast("flag.close", { id: f.frameId }, { flagIdentifier: flagId });
    },
  };
  return ui;
}

/** Runs `fn` with `ap` as window.AP (a page of its own iframe), then puts the previous AP back. */
export async function inFrame<T>(ap: object, fn: () => T | Promise<T>): Promise<T> {
  const previous = (window as any).AP;
  installAP(ap);
  try {
    return await fn();
  } finally {
    (window as any).AP = previous;
  }
}
