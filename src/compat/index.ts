/**
 * apkit/compat: legacy Connect UI code on Forge, unchanged. `installAP()` puts a Connect-shaped `AP` on the page
 * (all.js's whole surface: callbacks, `AP.require`, dialog and flag objects, `AP.request`'s text and xhr), implemented
 * over apkit's API, so the raw `AP` calls of a Connect page run on whichever platform apkit runs on:
 *
 * ```ts
 * import { installAP } from "apkit/compat";
 * import { forge } from "apkit/forge";
 * installAP({ platform: forge() }); // then the page's AP.* code runs as it did in its Connect iframe
 * ```
 *
 * `rawSupport` says, raw method by raw method, what works, what differs on Forge and what fails (and what to use
 * instead); docs/compat.md has the whole story. Day one: your code on Forge; then, module by module, apkit.
 *
 * @packageDocumentation
 */
export { installAP, type InstallAPOptions } from "./installAP.js";
export { rawSupport, type RawSupport } from "./rawSupport.js";
