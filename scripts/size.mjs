// Size budgets, measured on what we ship (dist/), bundled the way an app's bundler would (esbuild, minified),
// gzip level 9. Exits 1 when a budget is exceeded. Writes bench/results/size.json.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const gz = (code) => gzipSync(code, { level: 9 }).length;

async function bundle(source, platform = "browser", conditions = []) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    conditions,
    write: false,
    external: ["react", "react-dom", "react/jsx-runtime", "zod", "node:*"],
    logLevel: "silent",
  });
  return result.outputFiles[0].contents;
}

const core = await bundle(`export * from "apkit";`);
const react = await bundle(`export * from "apkit/react";`);
const rows = [
  { name: "script-tag build (dist/apkit.global.js)", bytes: gz(readFileSync(`${root}/dist/apkit.global.js`)), budget: 8192 },
  // Target 3 KB (issue 2); measured ~3.8 KB. The enforced budget holds the line where it is; see README "Size".
  { name: "minimal import { loadAP, request, getContext, events }", bytes: gz(await bundle(`export { loadAP, request, getContext, events } from "apkit";`)), budget: 4096, target: 3072 },
  { name: "whole core (export * from apkit)", bytes: gz(core), budget: 6144 },
  { name: "react layer on top of the core (react external)", bytes: gz(react) - gz(core), budget: 2560 },
  { name: "apkit/server, browser/worker build (zod external)", bytes: gz(await bundle(`export * from "apkit/server";`)) },
  { name: "apkit/server, node build (zod external)", bytes: gz(await bundle(`export * from "apkit/server";`, "node", ["node"])) },
  { name: "apkit/testing (apkit external)", bytes: gz(await bundle(`export * from "apkit/testing";`)) },
];

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
console.log("| bundle | gzip | budget | target |\n|---|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.name} | ${r.bytes} B (${kb(r.bytes)}) | ${r.budget ? kb(r.budget) : "report"} | ${r.target ? `${kb(r.target)}${r.bytes > r.target ? " (missed)" : ""}` : ""} |`);
}
mkdirSync(`${root}/bench/results`, { recursive: true });
writeFileSync(
  `${root}/bench/results/size.json`,
  JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, rows }, null, 2) + "\n",
);
const over = rows.filter((r) => r.budget && r.bytes > r.budget);
if (over.length) {
  console.error(`\nsize: over budget: ${over.map((r) => r.name).join("; ")}`);
  process.exit(1);
}
