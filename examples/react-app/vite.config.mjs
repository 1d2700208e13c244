// `npm run example:react` builds the two pages (the issue panel and the dialog) into dist/, which the server
// example serves: the Connect app. `npm run example:react:forge` builds the same pages from the same source with
// `--mode forge` (build-forge.mjs): the Forge Custom UI resources of manifest.yml, in dist-forge/. In your own app,
// `npm i apkit` and drop the aliases: they point this repository's example at its own build (dist/) instead of an
// installed package.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/**
 * A Forge page loads no Connect all.js (Custom UI's content security policy refuses outside scripts, and apkit/forge
 * talks to @forge/bridge, which is bundled) and needs no all.js options.
 */
const forgeHtml = () => ({
  name: "apkit-example:forge-html",
  transformIndexHtml: (html) =>
    html
      .replace(/\s*<!--[^]*?-->/g, "")
      .replace(/\s*<meta id="ac-iframe-options"[^>]*>/, "")
      .replace(/\s*<script src="https:\/\/connect-cdn\.atl-paas\.net\/all\.js"><\/script>/, ""),
});

export default defineConfig(({ mode }) => ({
  root: here("."),
  base: "./", // pages and assets resolve relative to the app's baseUrl (Connect) or the resource (Forge)
  logLevel: "warn",
  plugins: [react(), mode === "forge" && forgeHtml()],
  resolve: {
    alias: [
      { find: /^apkit$/, replacement: here("../../dist/index.mjs") },
      { find: /^apkit\/react$/, replacement: here("../../dist/react.mjs") },
      { find: /^apkit\/schemas$/, replacement: here("../../dist/schemas.mjs") },
      { find: /^apkit\/forge$/, replacement: here("../../dist/forge.mjs") },
    ],
  },
  // Forge: one resource directory per page, each with its own index.html; build-forge.mjs gives input and outDir.
  build:
    mode === "forge"
      ? { emptyOutDir: true }
      : {
          outDir: "dist",
          emptyOutDir: true,
          rolldownOptions: {
            input: { panel: here("index.html"), dialog: here("dialog.html") },
            output: { chunkFileNames: "assets/shared-[hash].js" }, // React, zod and apkit, used by both pages
          },
        },
}));
