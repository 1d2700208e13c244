/**
 * @internal `AP.flag` over apkit's `flag`, and connect-host's deprecated `AP.messages` as flags (connect-host's own
 * deprecation warning says to use flags). A flag's clicks and its close reach this page as the host's `flag.action`
 * and `flag.close` events, with the `flagIdentifier` apkit/compat gave the flag (the flag object's `_id`).
 */
import { flag, type FlagHandle, type FlagOptions } from "apkit";
import { callApp, type Kit } from "./kit.js";

/** AUI message types as flag types. */
const MESSAGE_TYPES: Record<string, FlagOptions["type"]> = { info: "info", success: "success", warning: "warning", error: "error", generic: "info", hint: "info" };

/** @internal */
export function compatFlag(kit: Kit) {
  let shown = 0;
  /** Shows a flag for the raw method `raw`; its handle once shown. */
  const show = (raw: string, options: FlagOptions, id: string): Promise<FlagHandle> =>
    kit.attempt(raw, () => {
      const handle = flag.show(options);
      for (const action of Object.keys(options.actions ?? {})) {
        handle.onAction(action, () => kit.hostEvent("flag.action", { actionIdentifier: action, flagIdentifier: id }));
      }
      void handle.closed.then(() => kit.hostEvent("flag.close", { flagIdentifier: id }));
      return handle;
    });
  const closer = (raw: string, shownFlag: Promise<FlagHandle>) => () => {
    shownFlag.then((handle) => handle.close(), (error: unknown) => kit.report(raw, error));
  };

  const messages: Record<string, unknown> = {};
  const handles = new Map<string, Promise<FlagHandle>>();
  for (const [type, flagType] of Object.entries(MESSAGE_TYPES)) {
    messages[type] = (title?: unknown, body?: unknown, settings?: { fadeout?: boolean }) => {
      const id = `message-${++shown}`;
      const text = (value: unknown) => (value == null ? undefined : String(value));
      const handle = show(`messages.${type}`, { title: text(title), body: text(body), type: flagType, close: settings?.fadeout ? "auto" : "manual" }, id);
      handle.catch((error: unknown) => kit.report(`messages.${type}`, error));
      handles.set(id, handle);
      return { _id: id };
    };
  }
  messages.clear = (message?: { _id?: string }) => {
    const handle = handles.get(String(message?._id));
    if (handle) closer("messages.clear", handle)();
  };
  messages.onClose = (message: { _id?: string } | undefined, callback: unknown) => {
    const handle = handles.get(String(message?._id));
    if (handle && typeof callback === "function") void handle.then((h) => h.closed.then(() => callApp(callback as () => void)), () => undefined);
  };

  return {
    flag: {
      create(options: FlagOptions) {
        const id = `flag-${++shown}`;
        const handle = show("flag.create", options, id);
        handle.catch((error: unknown) => kit.report("flag.create", error));
        return { _id: id, close: closer("flag.create().close", handle) };
      },
    },
    messages,
  };
}
