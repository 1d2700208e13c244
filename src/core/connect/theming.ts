/** @internal Connect's theming: `AP.theming.initializeTheming`. */
import type { ThemingPort } from "../port.js";
import { fire } from "./call.js";

/** @internal */
export const connectTheming: ThemingPort = {
  // Only `true` is passed on: the host reads the argument's presence.
  enable: (options) => fire("theming.initializeTheming", options?.forceNoCleanup ? [true] : []),
};
