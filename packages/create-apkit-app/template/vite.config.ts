// `vite build`: the Connect pages (index.html, dialog.html) into dist/, which server/ serves. `vite build --mode
// forge` (build-forge.mjs runs it once per page): a Forge Custom UI resource, without Connect's all.js.
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** Forge pages load no outside script (Custom UI's content security policy refuses them) and no all.js options. */
const withoutAllJs = (): Plugin => ({
  name: "without-all-js",
  transformIndexHtml: (html) =>
    html
      .replace(/\s*<!--[^]*?-->/g, "")
      .replace(/\s*<meta id="ac-iframe-options"[^>]*>/, "")
      .replace(/\s*<script src="https:\/\/connect-cdn\.atl-paas\.net\/all\.js"><\/script>/, ""),
});

export default defineConfig(({ mode }) => ({
  base: "./", // pages and assets resolve relative to the app's baseUrl (Connect) or the resource (Forge)
  plugins: [react(), mode === "forge" && withoutAllJs()],
  build:
    mode === "forge"
      ? { emptyOutDir: true }
      : {
          outDir: "dist",
          emptyOutDir: true,
          rolldownOptions: {
            input: { panel: "index.html", dialog: "dialog.html" },
            output: { chunkFileNames: "assets/shared-[hash].js" }, // React and apkit, used by both pages
          },
        },
}));
