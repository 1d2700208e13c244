/**
 * @internal Connect's dialogs. `AP.dialog.create` resolves before the dialog exists and every frame of the app hears
 * every `dialog.close`, so `open` correlates through the envelope of `dialogCodec.ts`.
 */
import { currentAP, invoke, resolveMethod, settle, type CallOptions } from "../bridge.js";
import { decodeCustomData, dialogIdOf, encodeClose, encodeCustomData } from "../dialogCodec.js";
import { NotInDialogError } from "../errors.js";
import type { Unsubscribe } from "../events.js";
import type { DialogPort } from "../port.js";
import { ASK, apCall, FIRE, frameOptions } from "./call.js";
import { connectEvents } from "./events.js";

// Every open is announced to all frames of the app, so each pending open knows which dialogs lie above its own.
const OPENED = "apkit.dialog.open";

const inDialog = (): void => {
  if (!frameOptions().isDialog) throw new NotInDialogError("Not in a dialog");
};

const rawData = async (options?: CallOptions): Promise<unknown> => {
  inDialog();
  return apCall(ASK, ["dialog.getCustomData"], [], options);
};

const fire = (path: string, ...args: unknown[]): Promise<void> => apCall(FIRE, [path], args);

/** @internal */
export const connectDialog: DialogPort = {
  open(options, callOptions) {
    const customData = encodeCustomData(options.customData, Math.random().toString(36).slice(2));
    const mine = dialogIdOf(customData);
    const above: unknown[] = [];
    let stops: Unsubscribe[] | undefined = [];
    return settle("dialog.open", { timeout: Infinity, ...callOptions }, (done) =>
      invoke("dialog.create", [{ ...options, customData }], { mode: "promise", emptyOk: true })
        .then(() => {
          stops?.push(
            connectEvents.listen("on", OPENED, (other) => other !== mine && above.push(other)),
            connectEvents.listen("on", "dialog.close", (payload) => {
              const from = dialogIdOf(payload);
              // A close without an envelope comes from a dialog that is not apkit's: the topmost one closed.
              if (from === undefined) above.pop() || done.resolve(payload);
              else if (from === mine) done.resolve((payload as { data?: unknown }).data);
              else above.splice(above.indexOf(from) >>> 0, 1);
            }),
          );
          connectEvents.emit(OPENED, [mine], false);
        })
        .catch(done.reject),
    ).finally(() => {
      stops!.forEach((stop) => stop());
      stops = undefined;
    });
  },
  isDialog: () => !!frameOptions().isDialog,
  getCustomData: async (options) => decodeCustomData(await rawData(options)),
  async close(data, options) {
    await fire("dialog.close", encodeClose(dialogIdOf(await rawData(options)), data));
  },
  button: (name, op, options) =>
    // isEnabled/isHidden answer through a callback; the others only act (a callback would never be called).
    settle(op, options ?? {}, (done) => {
      inDialog();
      const { fn, self } = resolveMethod(currentAP(), "dialog.getButton");
      const button = fn.call(self, name);
      op[1] === "s" ? button[op](done.resolve) : done.resolve(button[op]());
    }),
  onButtonClick: (name, listener) =>
    connectEvents.listen("on", "dialog.button.click", (click) => click?.button?.identifier === name && listener(click)),
  async createButton(options) {
    inDialog();
    await fire("dialog.createButton", options);
  },
  async disableCloseOnSubmit() {
    inDialog();
    await fire("dialog.disableCloseOnSubmit");
  },
  hideInline: () => fire("inlineDialog.hide"),
};
