// The docs' code type-checks against the package as a user installs it (the built declarations in dist, resolved
// through package.json "exports"), so a renamed option or an outdated call in a snippet fails CI:
//
// 1. The README's script-tag quickstart: its <script> body in a .js file under `// @ts-check`, with
//    `/// <reference types="apkit/global" />`, strict, DOM only (a static page has no @types/node).
// 2. Every ```ts / ```tsx block of README.md and docs/*.md (docs/api is generated from the TSDoc: not here), each
//    its own module (top-level await allowed), strict, skipLibCheck off, jsx react-jsx, DOM + @types/node (the
//    docs show browser and server code), in one program (module augmentations, which are global by nature, get
//    a program of their own so they cannot change what the other snippets see).
//
// Snippets use names they do not define on purpose (`refresh()`, `app`, `tenants`...). They are declared, not
// ignored, by hidden HTML comments the reader of the rendered doc does not see:
//   <!-- snippet-context: declare function refresh(data: unknown): void; -->   right before a fence: that snippet
//   <!-- snippet-file-context: import { createMockAP } from "apkit/testing"; --> anywhere: every snippet of the file
//   <!-- snippet: skip (why) -->                                                 right before a fence: not checked
// Comments may span lines. Skips are printed with their reason; a marker that applies to nothing fails the check.
// A type error exits 1 with the doc file and line.
import { mkdirSync, mkdtempSync, readdirSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { extractSnippets } from "./extractSnippets.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const started = performance.now();
let failed = false;

// A project with apkit installed (a link to this package), as a user's editor would see it.
const dir = mkdtempSync(join(tmpdir(), "apkit-snippet-"));
mkdirSync(join(dir, "node_modules"));
symlinkSync(root, join(dir, "node_modules", "apkit"), "dir");
writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "snippets", private: true, type: "module" }));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

const format = (d) => ts.flattenDiagnosticMessageText(d.messageText, "\n");

// --- 1. the script-tag quickstart ------------------------------------------------------------------------------
{
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const html = /```html\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## Quickstart: a static app")))?.[1];
  const script = html && /<script>\n([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!script) {
    console.error("check-snippets: the README's script-tag quickstart was not found");
    process.exit(1);
  }
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
  for (const d of diagnostics) console.error(`README.md (script-tag quickstart): error TS${d.code}: ${format(d)}`);
  if (diagnostics.length) failed = true;
  else console.log("check-snippets: README.md script-tag quickstart type-checks under // @ts-check");
}

// --- 2. every ts/tsx block ---------------------------------------------------------------------------------------
const docFiles = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

let snippets;
try {
  snippets = docFiles.flatMap((doc) => extractSnippets(root, doc));
} catch (error) {
  console.error(`check-snippets: ${error.message}`);
  process.exit(1);
}

// A canary in the same program: every line under @ts-expect-error must be an error, else TypeScript reports the
// unused directive. So a check that has stopped checking (apkit resolving to `any`, strict off, JSX unchecked,
// diagnostics not collected) fails instead of passing everything.
const canary = [
  'import { getContext } from "apkit";',
  'import { APProvider } from "apkit/react";',
  "// @ts-expect-error: an undeclared name is an error",
  "undeclaredName();",
  "// @ts-expect-error: \"apkit\" resolves to its declarations (an `any` would take this)",
  "await getContext(42);",
  "// @ts-expect-error: strict: an implicit any is an error",
  "export function implicitAny(x) { return x; }",
  "// @ts-expect-error: JSX is checked against apkit/react's props",
  "export const element = <APProvider notAProp />;",
];
const checked = [
  ...snippets.filter((s) => !s.skip),
  { doc: "scripts/check-snippets.mjs (canary)", line: 0, lang: "tsx", bodyStart: 0, lines: canary.map((text, i) => ({ text, line: i + 1 })) },
];
const fileOf = (s) => join(dir, "snippets", `${s.doc.replace(/[/.]/g, "_")}_${s.line}.${s.lang}`);
mkdirSync(join(dir, "snippets"));
const byFile = new Map();
for (const s of checked) {
  s.file = fileOf(s);
  s.text = s.lines.map((l) => l.text).join("\n");
  writeFileSync(s.file, s.text);
  byFile.set(s.file, s);
}
// Files the docs tell the reader to copy next to their code, there for the snippets that import them.
const copied = { "tenant-store-contract.ts": "test/node/tenant-store-contract.ts" }; // docs/server.md, "the contract"
const sources = checked.map((s) => s.text);
for (const [name, from] of Object.entries(copied)) {
  sources.push(readFileSync(join(root, from), "utf8"));
  writeFileSync(join(dir, "snippets", name), sources.at(-1));
}

// The packages the snippets import, installed next to apkit (links to this repo's devDependencies), with their
// @types when they have them; anything else fails to resolve, as it would for a user who did not install it.
const packages = new Set(["@types/node"]);
for (const text of sources) {
  for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+|reference\s+types=)["']([^"'./][^"']*)["']/g)) {
    const name = spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/");
    if (name === "apkit" || name.startsWith("node:")) continue;
    packages.add(name);
    packages.add(`@types/${name.replace(/^@(.*)\/(.*)$/, "$1__$2")}`);
  }
}
for (const name of packages) {
  const target = join(root, "node_modules", name);
  if (!existsSync(target)) continue;
  mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
  symlinkSync(target, join(dir, "node_modules", name), "dir");
}

const options = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: ["node"],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.ReactJSX,
};

// Module augmentations (`declare module "apkit" { interface Register ... }`) change the types every other file
// sees, so each such snippet is checked in a program of its own; the rest share one.
const augments = (s) => /^\s*declare\s+(module\s+["']|global\b)/m.test(s.lines.slice(s.bodyStart).map((l) => l.text).join("\n"));
const groups = [checked.filter((s) => !augments(s)), ...checked.filter(augments).map((s) => [s])];

// One host for every program, caching the parsed library files (lib, dist, @types) between them.
const host = ts.createCompilerHost(options);
const cache = new Map();
const getSourceFile = host.getSourceFile;
host.getSourceFile = (name, languageVersion, ...rest) => {
  if (byFile.has(name)) return getSourceFile.call(host, name, languageVersion, ...rest);
  if (!cache.has(name)) cache.set(name, getSourceFile.call(host, name, languageVersion, ...rest));
  return cache.get(name);
};

const errors = [];
let oldProgram;
for (const [index, group] of groups.filter((g) => g.length).entries()) {
  const program = ts.createProgram({ rootNames: group.map((s) => s.file), options, host, oldProgram });
  oldProgram = program;
  // The first program checks everything, library files included (skipLibCheck off); the augmentation programs
  // only their snippet, since checking the same library files again would double the run time.
  const diagnostics =
    index === 0
      ? ts.getPreEmitDiagnostics(program)
      : [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].concat(
          group.flatMap((s) => {
            const file = program.getSourceFile(s.file);
            return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
          }),
        );
  if (index === 0) {
    // As a user would: apkit from its built declarations (dist, through package.json "exports"), never src.
    const files = program.getSourceFiles().map((f) => f.fileName);
    if (!files.includes(join(root, "dist/index.d.mts")) || files.some((f) => f.startsWith(join(root, "src/")))) {
      errors.push(`apkit did not resolve to ${join(root, "dist")} (run npm run build first)`);
    }
  }
  for (const d of diagnostics) {
    const s = d.file && byFile.get(d.file.fileName);
    if (s) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      const where = line < s.bodyStart ? " (in a snippet-context comment)" : "";
      const at = s.line ? `${s.doc}:${s.lines[line]?.line ?? s.line}:${character + 1} (snippet at line ${s.line})${where}` : `${s.doc} line ${line + 1}`;
      errors.push(`${at} - error TS${d.code}: ${format(d)}`);
    } else {
      // Outside the snippets: the built declarations or a library they use do not type-check. Still a failure.
      const at = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "(options)";
      errors.push(`${at} - error TS${d.code}: ${format(d)}`);
    }
  }
}

for (const doc of docFiles) {
  const mine = snippets.filter((s) => s.doc === doc);
  if (!mine.length) continue;
  const skipped = mine.filter((s) => s.skip);
  console.log(`check-snippets: ${doc}: ${mine.length - skipped.length} checked, ${skipped.length} skipped`);
  for (const s of skipped) console.log(`  skipped ${doc}:${s.line}: ${s.skip}`);
}
const skippedCount = snippets.filter((s) => s.skip).length;
console.log(
  `check-snippets: ${snippets.length - skippedCount} snippets checked (and the canary), ${skippedCount} skipped, in ${groups.filter((g) => g.length).length} program(s), ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s`,
);
if (errors.length) {
  console.error(`check-snippets: ${errors.length} type error(s):`);
  for (const e of errors) console.error(`  ${e}`);
  failed = true;
}
if (failed) process.exit(1);
