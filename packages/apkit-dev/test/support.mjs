// Helpers of apkit-dev's tests: loopback servers that play an app's backend, temp folders.
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
/** The test app's pages (and descriptor, manifest): fixtures/pages. */
export const FIXTURE = fileURLToPath(new URL("./fixtures/pages/", import.meta.url));

/**
 * A Forge resource directory in `dir`, as an app's build makes one: `page` (of fixtures/pages) as index.html, the
 * page's module, apkit's built files, and @forge/bridge bundled (esbuild, the repository's copy: an app brings its
 * own; apkit-dev never ships it).
 */
export async function forgeBuild(dir, page) {
  copyFileSync(join(FIXTURE, page), join(dir, "index.html"));
  copyFileSync(join(FIXTURE, "page.mjs"), join(dir, "page.mjs"));
  cpSync(join(REPO, "dist"), join(dir, "apkit"), { recursive: true });
  const bundle = await build({
    stdin: { contents: 'import * as bridge from "@forge/bridge"; export default bridge;', resolveDir: REPO, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  writeFileSync(join(dir, "forge-bridge.mjs"), bundle.outputFiles[0].text);
  return dir;
}

/** A Node http server on 127.0.0.1:0 with `handler`; resolves `{ url, close }`. */
export async function serve(handler) {
  const server = createServer(handler);
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    server,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** A temporary directory, removed by `cleanup()`. */
export function tempDirs() {
  const dirs = [];
  return {
    make(prefix = "apkit-dev-test-") {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function readJson(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}
