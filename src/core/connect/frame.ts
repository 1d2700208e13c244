/** @internal Connect's frame: all.js's own `AP.resize`/`sizeToParent`/`hideFooter` (`AP.env.*` underneath). */
import type { FramePort } from "../port.js";
import { ask, fire } from "./call.js";
import { currentAP, resolveMethod } from "./transport.js";

/** @internal */
export const connectFrame: FramePort = {
  // A coded error now rather than none later, when autoResize starts.
  resizable: () => !!resolveMethod(currentAP(), "resize", "env.resize"),
  resize: (width, height) => fire(["resize", "env.resize"], [width, height]),
  sizeToParent: (hideFooter) => fire(["sizeToParent", "env.sizeToParent"], [hideFooter]),
  hideFooter: (hide) => fire(["hideFooter", "env.hideFooter"], [hide]),
  getScroll: (options) => ask("scrollPosition.getPosition", [], options),
  setVerticalScroll: (y) => fire("scrollPosition.setVerticalPosition", [y]),
};
