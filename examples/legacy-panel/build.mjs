// `node examples/legacy-panel/build.mjs`: bundles forge-entry.mjs into ap-forge.js, the one script a legacy page
// loads instead of all.js on Forge (docs/compat.md). The same as
//   npx esbuild examples/legacy-panel/forge-entry.mjs --bundle --format=iife --outfile=examples/legacy-panel/ap-forge.js
// The demo host builds it in memory with bundleForgeEntry() (scripts/demo.mjs).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("forge-entry.mjs", import.meta.url));

/** The bundle's text: an IIFE of the entry with apkit, apkit/compat, apkit/forge and @forge/bridge inside. */
export async function bundleForgeEntry() {
  const result = await build({ entryPoints: [entry], bundle: true, format: "iife", platform: "browser", target: "es2022", minify: true, write: false, logLevel: "silent" });
  return result.outputFiles[0].text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(new URL("ap-forge.js", import.meta.url), await bundleForgeEntry());
  console.log("wrote examples/legacy-panel/ap-forge.js");
}
