// 1. Every public export documented: values (functions, classes, constants, namespaces objects) need TSDoc with an
//    @example; types and interfaces need at least a doc comment. Checked on the bundled .d.mts files we ship, so it
//    sees exactly the public surface.
// 2. No dead end in the docs we ship: every relative link of a Markdown file in the package (README.md, docs/**)
//    leads to a file that `npm pack` puts in the package (a folder: one with packed files in it). The repository's
//    own files (scripts/, examples/, test/ ...) are not in the package: link them by full URL, or not at all.
// Exits 1 and lists what is missing.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import ts from "typescript";
import { relativeLinks } from "./relativeLinks.mjs";
import { entryNames } from "./entries.mjs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entries = entryNames.map((e) => `${root}dist/${e}.d.mts`);
const program = ts.createProgram(entries, {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();
const problems = [];
let checked = 0;

for (const file of entries) {
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`check-docs: cannot read ${file} (run npm run build first)`);
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    let symbol = exported;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    // Re-exports of another entry (apkit/react re-exports apkit) are checked where they are declared.
    if (decl.getSourceFile().fileName !== file) continue;
    checked++;
    const isValue = !!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable));
    const docs = symbol.declarations.flatMap((d) => ts.getJSDocCommentsAndTags(d));
    const tags = symbol.declarations.flatMap((d) => ts.getJSDocTags(d)).map((t) => t.tagName.text);
    const name = `${file.replace(`${root}dist/`, "").replace(".d.mts", "")}: ${exported.name}`;
    if (docs.length === 0) problems.push(`${name} has no TSDoc`);
    else if (isValue && !tags.includes("example")) problems.push(`${name} has no @example`);
  }
}

// --- 2. relative links in the shipped docs -----------------------------------------------------------------------
const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }))[0].files.map((f) => f.path);
const inPackage = (path) => packed.includes(path) || packed.some((file) => file.startsWith(`${path.replace(/\/$/, "")}/`));
let links = 0;
for (const doc of packed.filter((f) => f.endsWith(".md"))) {
  for (const link of relativeLinks(readFileSync(`${root}${doc}`, "utf8"))) {
    links++;
    const target = posix.normalize(posix.join(posix.dirname(doc), link));
    if (target.startsWith("..") || !inPackage(target)) problems.push(`${doc} links to ${link}, which is not in the package (npm pack)`);
  }
}

console.log(`check-docs: ${checked} exports checked, ${links} relative links in ${packed.filter((f) => f.endsWith(".md")).length} shipped docs, ${problems.length} problem(s)`);
if (problems.length) {
  for (const p of problems) console.log(`  - ${p}`);
  process.exit(1);
}
