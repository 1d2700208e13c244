/** @internal Connect's flags: `AP.flag.create`, with its action and close events matched to the flag's own id. */
import { currentAP, resolveMethod } from "./transport.js";
import type { FlagPort } from "../port.js";
import { connectEvents } from "./events.js";

/** @internal */
export const connectFlag: FlagPort = {
  show(options, on) {
    const { fn, self } = resolveMethod(currentAP(), "flag.create");
    let id: unknown;
    // Nothing is ours before the host told us our id: it answers the create before any event of the flag.
    const stopAction = connectEvents.listen("on", "flag.action", (data) => {
      if (id !== undefined && data?.flagIdentifier === id) on.action(data.actionIdentifier);
    });
    const stopClose = connectEvents.listen("on", "flag.close", (data) => {
      if (id !== undefined && data?.flagIdentifier === id) {
        stopAction();
        stopClose();
        on.close();
      }
    });
    const created = fn.call(self, options, (flagId: unknown) => (id = flagId));
    return { close: () => created.close() };
  },
};
