// Builds /product-shared.js for the host page: host/product-shared.ts and the apkit/testing modules it imports,
// bundled by esbuild into one classic script (global `APKitProduct`), since host.html loads classic scripts only.
// Built once per process, when a host starts, from the sources: no build step to forget, no copy to keep in sync.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
let built;

/** Resolves the script's text. */
export function bundleProduct() {
  built ??= import("esbuild").then(async ({ build }) => {
    const out = await build({
      entryPoints: [join(here, "product-shared.ts")],
      bundle: true,
      format: "iife",
      globalName: "APKitProduct",
      platform: "browser",
      target: "es2020",
      write: false,
      logLevel: "silent",
    });
    return out.outputFiles[0].text;
  });
  return built;
}
