// `npm run build:forge`: the two pages as the Forge Custom UI resources of manifest.yml. A resource is a folder whose
// entry point is index.html, so each page is built on its own into dist-forge/<resource>/.
import { renameSync } from "node:fs";
import { build } from "vite";

/** manifest.yml `resources` key → its page. */
const RESOURCES = { "issue-panel": "index.html", "label-dialog": "dialog.html" };

for (const [resource, page] of Object.entries(RESOURCES)) {
  const outDir = `dist-forge/${resource}`;
  await build({ mode: "forge", logLevel: "warn", build: { outDir, rolldownOptions: { input: page } } });
  if (page !== "index.html") renameSync(`${outDir}/${page}`, `${outDir}/index.html`);
}
