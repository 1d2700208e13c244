/**
 * The files a command reads: the paths given, and the supported files under each directory given (without
 * dependencies, builds and version control).
 */
import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { isSupported } from "./sources.js";

const SKIPPED_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", "build", "coverage", ".next", ".nuxt", ".cache", "bower_components", "vendor", "__tests__", "__mocks__"]);
// Tests of the app check raw AP's calls on their own stubs: a directory walk leaves them (name them to include them).
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** Thrown for a path that does not exist. */
export class PathNotFoundError extends Error {
  readonly code = "ERR_PATH_NOT_FOUND";
  constructor(path: string, options: { cause: unknown }) {
    super(`apkit-migrate: no such file or directory: ${path}`, options);
    this.name = "PathNotFoundError";
  }
}

/**
 * Expands `paths` (relative to `cwd`) into the supported files to read, in a stable order. A file named directly is
 * read when its kind is supported; under directories, minified files (`*.min.js`) and test files (`*.test.*`,
 * `*.spec.*`, `test.*`, `__tests__/`, `__mocks__/`) are skipped.
 */
export async function filesOf(paths: readonly string[], cwd: string): Promise<{ path: string; name: string }[]> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) await walk(full);
      } else if (entry.isFile() && isSupported(entry.name) && !/\.min\.[cm]?js$/.test(entry.name) && !TEST_FILE.test(entry.name) && !(entry.name === "test.tsx" || entry.name === "test.ts" || entry.name === "test.js")) {
        out.set(full, nameOf(full, cwd));
      }
    }
  };
  for (const given of paths) {
    const full = isAbsolute(given) ? given : resolve(cwd, given);
    let info;
    try {
      info = await stat(full);
    } catch (cause) {
      throw new PathNotFoundError(given, { cause });
    }
    if (info.isDirectory()) await walk(full);
    else if (isSupported(full)) out.set(full, nameOf(full, cwd));
  }
  return [...out].map(([path, name]) => ({ path, name }));
}

// The name reports use: relative to cwd when inside it, with forward slashes.
function nameOf(full: string, cwd: string): string {
  const rel = relative(cwd, full);
  return (rel.startsWith("..") || isAbsolute(rel) ? full : rel).split(sep).join("/");
}
