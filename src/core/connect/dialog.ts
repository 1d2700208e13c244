/**
 * @internal Connect's dialogs. `AP.dialog.create` resolves before the dialog exists and every frame of the app hears
 * every `dialog.close`, so `open` correlates through the envelope of `dialogCodec.ts`.
 */
import { decodeCustomData, dialogIdOf, encodeClose, encodeCustomData } from "../dialogCodec.js";
import { NotInDialogError } from "../errors.js";
import type { DialogButtonOp, DialogPort } from "../port.js";
import { settle, untimed, type CallOptions } from "../settle.js";
import type { Unsubscribe } from "../types.js";
import { ask, fire, frameOptions } from "./call.js";
import { connectEvents } from "./events.js";
import { currentAP, invoke, resolveMethod } from "./transport.js";

// Every open is announced to all frames of the app, so each pending open knows which dialogs lie above its own.
const OPENED = "apkit.dialog.open";

// The button methods that answer through a callback; the others only act (a callback would never be called).
const ASKING_OPS: ReadonlySet<DialogButtonOp> = new Set(["isEnabled", "isHidden"]);

const inDialog = (): void => {
  if (!frameOptions().isDialog) throw new NotInDialogError("Not in a dialog");
};

const rawData = async (options?: CallOptions): Promise<unknown> => {
  inDialog();
  return ask("dialog.getCustomData", [], options);
};

/** @internal */
export const connectDialog: DialogPort = {
  open(options, callOptions) {
    const customData = encodeCustomData(options.customData, Math.random().toString(36).slice(2));
    const mine = dialogIdOf(customData)!;
    // The dialogs opened above this one, so that a close without an envelope (Cancel, or a dialog that is not apkit's)
    // is given to the dialog it belongs to: the topmost one.
    const above: string[] = [];
    const stops: Unsubscribe[] = [];
    // Set once the open settled (answered, timed out or aborted): a create answered later subscribes nothing.
    let finished = false;
    // A person decides: no deadline unless the caller sets one.
    return settle<unknown>("AP.dialog.open", untimed(callOptions), (done) => {
      invoke("dialog.create", [{ ...options, customData }], { mode: "promise", emptyOk: true })
        .then(() => {
          if (finished) return;
          stops.push(
            connectEvents.listen("on", OPENED, (other: string) => {
              if (other !== mine) above.push(other);
            }),
            connectEvents.listen("on", "dialog.close", (payload) => {
              const from = dialogIdOf(payload);
              if (from === mine) done.resolve((payload as { data?: unknown }).data);
              else if (from !== undefined) {
                const at = above.indexOf(from);
                if (at >= 0) above.splice(at, 1);
              } else if (above.length) above.pop();
              else done.resolve(payload);
            }),
          );
          connectEvents.emit(OPENED, [mine], false);
        })
        .catch(done.reject);
    }).finally(() => {
      finished = true;
      for (const stop of stops) stop();
    });
  },
  isDialog: () => Boolean(frameOptions().isDialog),
  getCustomData: async (options) => decodeCustomData(await rawData(options)),
  async close(data, options) {
    await fire("dialog.close", [encodeClose(dialogIdOf(await rawData(options)), data)]);
  },
  button: (name, op, options) =>
    settle(`AP.dialog.getButton("${name}").${op}`, options ?? {}, (done) => {
      inDialog();
      const { fn, self } = resolveMethod(currentAP(), "dialog.getButton");
      const button = fn.call(self, name);
      if (ASKING_OPS.has(op)) button[op](done.resolve);
      else done.resolve(button[op]());
    }),
  onButtonClick: (name, listener) =>
    connectEvents.listen("on", "dialog.button.click", (click) => {
      if (click?.button?.identifier === name) listener(click);
    }),
  async createButton(options) {
    inDialog();
    await fire("dialog.createButton", [options]);
  },
  async disableCloseOnSubmit() {
    inDialog();
    await fire("dialog.disableCloseOnSubmit");
  },
  hideInline: () => fire("inlineDialog.hide"),
};
