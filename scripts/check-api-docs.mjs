// docs/api (the API reference, generated from TSDoc by TypeDoc) must match the sources: regenerate it into a
// temporary folder and compare file by file. `npm run docs:api` rewrites docs/api after an API change.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const fresh = mkdtempSync(join(tmpdir(), "apkit-api-"));
try {
  execFileSync(process.execPath, [join(root, "node_modules/typedoc/bin/typedoc"), "--out", fresh], { cwd: root, stdio: "inherit" });
  const list = (dir) =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? list(path) : [path];
    });
  const expected = new Map(list(fresh).map((f) => [relative(fresh, f), readFileSync(f, "utf8")]));
  const committed = new Map(list(join(root, "docs/api")).map((f) => [relative(join(root, "docs/api"), f), readFileSync(f, "utf8")]));
  const stale = [...new Set([...expected.keys(), ...committed.keys()])].filter((f) => expected.get(f) !== committed.get(f));
  if (stale.length) {
    console.error(`check-api-docs: docs/api is stale (${stale.join(", ")}). Run \`npm run docs:api\` and commit it.`);
    process.exit(1);
  }
  console.log(`check-api-docs: docs/api matches the sources (${expected.size} files)`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
