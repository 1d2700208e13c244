// The package's entries, read from package.json "exports" (the one list): the build, the tests and the docs checks
// derive theirs from here. "." is the core (src/index.ts); "./x" is src/x/index.ts.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/** Entry names: "index" for ".", "react" for "./react", ... (not "./global" or "./package.json"). */
export const entryNames = Object.keys(pkg.exports)
  .filter((key) => key !== "./package.json" && key !== "./global")
  .map((key) => (key === "." ? "index" : key.slice(2)));

/** Specifiers users import: "apkit", "apkit/react", ... */
export const entrySpecifiers = entryNames.map((name) => (name === "index" ? pkg.name : `${pkg.name}/${name}`));

/** The source file of an entry. */
export const entrySource = (name) => (name === "index" ? "src/index.ts" : `src/${name}/index.ts`);
