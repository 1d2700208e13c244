// The Forge entry of a legacy Connect page: what replaces all.js. Bundled into one classic script (build.mjs) that
// the page loads first, where it loaded all.js: it puts apkit/compat's Connect-shaped AP on the page, over
// apkit/forge, before the page's own scripts run. @forge/bridge is the app's dependency, bundled here, not apkit's.
import * as bridge from "@forge/bridge";
import { installAP } from "apkit/compat";
import { forge } from "apkit/forge";

installAP({ platform: forge({ bridge }) });
