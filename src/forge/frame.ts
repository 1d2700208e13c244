/** @internal Forge's frame: the Custom UI host sizes the frame itself, and there is no host scroll position. */
import type { FramePort } from "apkit";
import type { ForgeRuntime } from "./runtime.js";
import { refusal } from "./support.js";

/** @internal */
export function forgeFrame(runtime: ForgeRuntime): FramePort {
  return {
    resizable() {
      // Nothing to size, but a coded error when the platform was never started (as on Connect without AP).
      runtime.withBridge(() => {});
      return false;
    },
    resize: async () => {},
    sizeToParent: async () => {},
    hideFooter: async () => {},
    getScroll: async () => Promise.reject(refusal("scrollPosition.get")),
    setVerticalScroll: async () => Promise.reject(refusal("scrollPosition.setVertical")),
  };
}
