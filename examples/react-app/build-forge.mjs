// `npm run example:react:forge`: the React example's two pages, from the same source as the Connect build, as the
// Forge Custom UI resources manifest.yml lists. A resource is a directory whose entry point is index.html, so each
// page is built on its own (`vite build --mode forge`: platform.ts selects apkit/forge) into dist-forge/<resource>/.
import { renameSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** manifest.yml `resources` key → the page. */
const RESOURCES = { "triage-panel": "index.html", "priority-dialog": "dialog.html" };

for (const [resource, page] of Object.entries(RESOURCES)) {
  const outDir = here(`dist-forge/${resource}/`);
  await build({ configFile: here("vite.config.mjs"), mode: "forge", build: { outDir, rolldownOptions: { input: here(page) } } });
  if (page !== "index.html") renameSync(`${outDir}${page}`, `${outDir}index.html`);
}
