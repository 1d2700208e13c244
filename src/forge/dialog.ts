/**
 * @internal Forge's dialogs: a Connect dialog key opens the Forge modal resource mapped to it (`forge({ dialogs })`),
 * and resolves with what the modal closes with (`onClose`); inside the modal, its context and `view.close`.
 */
import { HostError, NotInDialogError, settle, type DialogOptions, type DialogPort } from "apkit";
import type { ForgeContext } from "./context.js";
import type { ForgeDialog } from "./forge.js";
import type { ForgeRuntime } from "./runtime.js";
import { refusal } from "./support.js";

const NAMED_SIZES: Record<string, ForgeDialog["size"]> = {
  small: "small",
  medium: "medium",
  large: "large",
  "x-large": "xlarge",
  maximum: "max",
  fullscreen: "fullscreen",
};

/** @internal */
export function forgeDialog(runtime: ForgeRuntime): DialogPort {
  const modalData = (context: ForgeContext) => {
    if (!context.extension?.modal) throw new NotInDialogError("Not in a dialog (no Forge modal context)");
    return context.extension.modal;
  };
  const rejecting = (call: string) => async (): Promise<never> => {
    throw refusal(call);
  };
  return {
    open(options, callOptions) {
      const mapped = runtime.options.dialogs?.[options.key];
      const spec: ForgeDialog = typeof mapped === "string" ? { resource: mapped } : (mapped ?? { resource: options.key });
      const size = spec.size ?? modalSizeOf(options);
      const title = spec.title ?? options.header;
      // The result arrives only through onClose: no deadline unless the caller sets one, as on Connect.
      return settle("apkit/forge: dialog.open", { ...callOptions, timeout: callOptions.timeout ?? Infinity }, (done) => {
        runtime.withBridge((bridge) => {
          new bridge.Modal({
            resource: spec.resource,
            onClose: (payload) => done.resolve(payload),
            ...(size !== undefined && { size }),
            ...(options.customData !== undefined && { context: options.customData }),
            ...(options.closeOnEscape !== undefined && { closeOnEscape: options.closeOnEscape }),
            ...(title !== undefined && { title }),
          })
            .open()
            .catch((reason: unknown) =>
              done.reject(new HostError(`apkit/forge: Modal.open failed: ${(reason as Error)?.message ?? String(reason)}`, { method: "dialog.open", cause: reason })),
            );
        });
      });
    },
    isDialog() {
      runtime.withBridge(() => {});
      return Boolean(runtime.started()?.extension?.modal);
    },
    getCustomData: async (options) => modalData(await runtime.context(options)),
    async close(data, options) {
      modalData(await runtime.context(options));
      await runtime.call("view.close", options, (bridge) => bridge.view.close(data));
    },
    button: rejecting("dialog.button"),
    onButtonClick: () => {
      throw refusal("dialog.button");
    },
    createButton: rejecting("dialog.createButton"),
    disableCloseOnSubmit: rejecting("dialog.disableCloseOnSubmit"),
    hideInline: rejecting("dialog.hideInline"),
  };
}

// Connect's preset sizes by Forge's names; a width (and height) without a preset becomes a custom size.
function modalSizeOf(options: DialogOptions): ForgeDialog["size"] {
  if (options.size) return NAMED_SIZES[options.size.toLowerCase()];
  if (options.width === undefined) return undefined;
  return { width: String(options.width), ...(options.height !== undefined && { height: String(options.height) }) };
}
