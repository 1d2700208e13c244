// `node examples/legacy-panel/build.mjs`: the Forge Custom UI resource of this Connect page, next to it:
// - ap-forge.js: forge-entry.mjs bundled into one classic script (apkit/compat's installAP over apkit/forge, with
//   @forge/bridge inside), the same as
//     npx esbuild examples/legacy-panel/forge-entry.mjs --bundle --minify --format=iife --outfile=examples/legacy-panel/ap-forge.js
// - forge.html: index.html with its one all.js line replaced by ap-forge.js (docs/compat.md).
// The demo host makes both in memory with bundleForgeEntry() and forgePage() (scripts/demo.mjs).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const ALL_JS = '<script src="https://connect-cdn.atl-paas.net/all.js"></script>';

/** The bundle's text: an IIFE of the entry with apkit, apkit/compat, apkit/forge and @forge/bridge inside. */
export async function bundleForgeEntry() {
  const result = await build({ entryPoints: [here("forge-entry.mjs")], bundle: true, format: "iife", platform: "browser", target: "es2022", minify: true, write: false, logLevel: "silent" });
  return result.outputFiles[0].text;
}

/**
 * The Forge page: the Connect page with all.js replaced by ap-forge.js. `before` goes in front of it: the local demo
 * host's emulation of the Custom UI host's `__bridge` (a real Forge host provides that itself).
 */
export function forgePage(before = "") {
  const page = readFileSync(here("index.html"), "utf8");
  if (!page.includes(ALL_JS)) throw new Error("examples/legacy-panel/index.html no longer loads all.js from the CDN");
  return page.replace(ALL_JS, `${before}<script src="ap-forge.js"></script>`);
}

if (process.argv[1] && here("build.mjs") === process.argv[1]) {
  writeFileSync(here("ap-forge.js"), await bundleForgeEntry());
  writeFileSync(here("forge.html"), forgePage());
  console.log("wrote examples/legacy-panel/ap-forge.js and forge.html");
}
