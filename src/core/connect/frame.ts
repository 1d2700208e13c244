/** @internal Connect's frame: all.js's own `AP.resize`/`sizeToParent`/`hideFooter` (`AP.env.*` underneath). */
import { currentAP, resolveMethod } from "../bridge.js";
import type { FramePort } from "../port.js";
import { apMethods, ASK, FIRE } from "./call.js";

/** @internal */
export const connectFrame: FramePort = /* @__PURE__ */ (() => ({
  ...apMethods<Omit<FramePort, "resizable">>({
    resize: [FIRE, 2, "resize", "env.resize"],
    sizeToParent: [FIRE, 1, "sizeToParent", "env.sizeToParent"],
    hideFooter: [FIRE, 1, "hideFooter", "env.hideFooter"],
    getScroll: [ASK, 0, "scrollPosition.getPosition"],
    setVerticalScroll: [FIRE, 1, "scrollPosition.setVerticalPosition"],
  }),
  // A coded error now rather than none later, when autoResize starts.
  resizable: () => !!resolveMethod(currentAP(), "resize", "env.resize"),
}))();
