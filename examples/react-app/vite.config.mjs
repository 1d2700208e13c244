// `npm run example:react` builds the two pages (the issue panel and the dialog) into dist/, which the server
// example serves. In your own app, `npm i apkit` and drop the aliases: they point this repository's example at
// its own build (dist/) instead of an installed package.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "./", // pages and assets resolve relative to the app's baseUrl, wherever it is mounted
  logLevel: "warn",
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^apkit$/, replacement: here("../../dist/index.mjs") },
      { find: /^apkit\/react$/, replacement: here("../../dist/react.mjs") },
      { find: /^apkit\/schemas$/, replacement: here("../../dist/schemas.mjs") },
    ],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      input: { panel: here("index.html"), dialog: here("dialog.html") },
      output: { chunkFileNames: "assets/shared-[hash].js" }, // React, zod and apkit, used by both pages
    },
  },
});
