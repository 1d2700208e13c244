// One build per entry (like zustand): ESM + CJS + bundled types each, plus the script-tag IIFE of the core.
// Entries that build on the core import it as "apkit" and keep it external, so an app runs one core instance.
import { dts } from "rollup-plugin-dts";
import esbuild from "rollup-plugin-esbuild";
import resolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import { entryNames, entrySource } from "./scripts/entries.mjs";

// One build per entry of package.json "exports" (scripts/entries.mjs).
const entries = Object.fromEntries(entryNames.map((name) => [name, entrySource(name)]));

// Bare specifiers (apkit itself, react, zod, node:*) stay imports; relative files and the package's own "#" imports
// (package.json "imports") are bundled.
const external = (id) =>
  !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("#") && !id.startsWith("\0") && !/^[A-Za-z]:[\\/]/.test(id);

// The package's "#" imports, resolved through package.json "imports" under the given export conditions, the way
// Node, vitest and TypeScript resolve them: "#backend" is the Web Crypto backend by default and node:crypto's under
// "node". Only "#" ids: everything else resolves as before.
const packageImports = (conditions = []) => resolve({ resolveOnly: [/^#/], exportConditions: conditions });

const onwarn = (warning, warn) => {
  // zod's own circular import and pure annotations: known and harmless (STACK.md).
  if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "INVALID_ANNOTATION") return;
  if (warning.code === "UNRESOLVED_IMPORT") throw new Error(warning.message);
  warn(warning);
};

// The script-tag build declares window.APKit; its types live beside it.
const copyGlobalTypes = () => ({
  name: "copy-global-types",
  async generateBundle() {
    const { readFile } = await import("node:fs/promises");
    this.emitFile({ type: "asset", fileName: "apkit.global.d.ts", source: await readFile("types/apkit.global.d.ts", "utf8") });
  },
});

const ts = () => esbuild({ target: "es2022", jsx: "automatic", tsconfig: "tsconfig.json" });

const builds = Object.entries(entries).flatMap(([name, input]) => [
  {
    input,
    external,
    onwarn,
    plugins: [packageImports(), ts()],
    output: [
      { file: `dist/${name}.mjs`, format: "es" },
      // A CommonJS consumer (jest without ESM support) cannot run import(): it fails there, silently where it is
      // caught. So lazy loads become require() in CJS: apkit/forge's @forge/bridge, apkit/testing's React (act()).
      { file: `dist/${name}.cjs`, format: "cjs", exports: "named", interop: "auto", dynamicImportInCjs: false },
    ],
  },
  {
    input,
    external,
    onwarn,
    plugins: [dts({ tsconfig: "tsconfig.json", compilerOptions: { paths: {} } })],
    output: [{ file: `dist/${name}.d.mts` }, { file: `dist/${name}.d.cts` }],
  },
]);

// apkit/server for the "node" export condition: the same sources, with "#backend" resolved under "node" to the
// node:crypto backend (createHmac + timingSafeEqual is ~10x faster than crypto.subtle on Node). Types are shared.
const serverNode = {
  input: entries.server,
  external,
  onwarn,
  plugins: [packageImports(["node"]), ts()],
  output: [
    { file: "dist/server.node.mjs", format: "es" },
    { file: "dist/server.node.cjs", format: "cjs", exports: "named", interop: "auto" },
  ],
};

export default [
  ...builds,
  serverNode,
  {
    // The script-tag build: the whole React-free core as window.APKit, minified.
    input: "src/index.ts",
    onwarn,
    output: {
      file: "dist/apkit.global.js",
      format: "iife",
      name: "APKit",
      plugins: [terser({ format: { comments: false } })],
    },
    plugins: [resolve({ browser: true }), ts(), copyGlobalTypes()],
  },
];
