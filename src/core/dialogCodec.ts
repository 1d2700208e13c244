/**
 * The envelope apkit's Connect dialogs use, in one place: `dialog` (the client) and apkit/testing's mock host both
 * import it, so neither decodes the other's private format by copy.
 *
 * Connect's `dialog.close` event reaches every frame of the app, and `AP.dialog.create` resolves before the dialog
 * exists, so an opener cannot tell its own dialog's close from another's. The opener therefore puts a correlation id
 * into `customData` under {@link DIALOG_KEY}, the dialog sends it back with its close data, and each pending `open`
 * settles only on its own id. A leading `~` marks "the opener passed no customData", so the dialog reads
 * `undefined` rather than an empty object.
 */

/** @internal The key of the correlation id in `customData` and in the close envelope. */
export const DIALOG_KEY = "__apkit";

/** @internal The `customData` to send for an open with correlation `id`. */
export function encodeCustomData(customData: Record<string, unknown> | undefined, id: string): Record<string, unknown> {
  return { ...customData, [DIALOG_KEY]: (customData ? "" : "~") + id };
}

/** @internal What the dialog's code sees of the `customData` its opener sent (the envelope removed). */
export function decodeCustomData(data: unknown): unknown {
  if (!data || typeof data !== "object" || !(DIALOG_KEY in data)) return data;
  const { [DIALOG_KEY]: id, ...rest } = data as Record<string, unknown>;
  return String(id)[0] === "~" ? undefined : rest;
}

/** @internal The correlation id in a dialog's raw `customData` or close envelope, if any. */
export function dialogIdOf(data: unknown): string | undefined {
  const id = (data as Record<string, unknown> | null | undefined)?.[DIALOG_KEY];
  return typeof id === "string" ? id : undefined;
}

/** @internal The close payload: the envelope when the dialog knows its id, the bare data otherwise. */
export function encodeClose(id: string | undefined, data: unknown): unknown {
  return id === undefined ? data : { [DIALOG_KEY]: id, data };
}

/** @internal The close data inside a close payload (the bare payload when it carries no envelope). */
export function decodeClose(payload: unknown): unknown {
  return dialogIdOf(payload) === undefined ? payload : (payload as { data?: unknown }).data;
}
