// The README's script-tag quickstart, type-checked as a static app would: its <script> body in a .js file under
// `// @ts-check`, with `/// <reference types="apkit/global" />`, against the built declarations (dist), strict.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const html = /```html\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## Quickstart: a static app")))?.[1];
const script = html && /<script>\n([\s\S]*?)<\/script>/.exec(html)?.[1];
if (!script) {
  console.error("check-snippets: the README's script-tag quickstart was not found");
  process.exit(1);
}
// A project with apkit installed (a link to this package), as a static app's editor would see it.
const dir = mkdtempSync(join(tmpdir(), "apkit-snippet-"));
mkdirSync(join(dir, "node_modules"));
symlinkSync(root, join(dir, "node_modules", "apkit"), "dir");
const file = join(dir, "page.js");
writeFileSync(file, `// @ts-check\n/// <reference types="apkit/global" />\n${script}`);
const program = ts.createProgram([file], {
  allowJs: true,
  checkJs: true,
  noEmit: true,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
});
const diagnostics = ts.getPreEmitDiagnostics(program);
rmSync(dir, { recursive: true, force: true });
for (const d of diagnostics) console.error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
if (diagnostics.length) process.exit(1);
console.log("check-snippets: the README's script-tag quickstart type-checks under // @ts-check");
