// Types for the script-tag build: `<script src=".../apkit.global.js">` defines `window.APKit`.
// Reference them from a static app's JSDoc/TS with `/// <reference types="apkit/global" />`.
import type * as Core from "./index.mjs";

declare global {
  /** The apkit core, defined by `apkit.global.js`. */
  var APKit: typeof Core;
  interface Window {
    APKit: typeof Core;
  }
}
export {};
