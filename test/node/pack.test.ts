// The published package, as a user gets it: `npm pack`, install the tarball into a fresh project (with react, the
// optional peer), then import every entry in Node ESM, Node CJS, and through a bundler (esbuild, for the browser).
// Runs once (node:esm project). Needs `npm run build` and the npm registry (or its cache) for zod and react.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { entrySpecifiers } from "../../scripts/entries.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
// apkit/testing/jest-environment is loaded by jest alone (it needs jest-environment-jsdom); apkit/testing/setup
// exists to fill globals. Both have their own tests (the jest and vitest matrix in test/matrix).
const ENTRIES = entrySpecifiers.filter((e) => !e.startsWith("apkit/testing/"));
let dir = "";

const run = (cmd: string, args: string[], cwd = dir) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

describe.runIf(process.env.APKIT_TARGET === "esm")("the packed tarball in a fresh project", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "apkit-smoke-"));
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], root))[0];
    const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: "apkit-smoke",
        private: true,
        dependencies: {
          apkit: `file:./${packed.filename}`,
          react: rootPkg.devDependencies.react,
          "react-dom": rootPkg.devDependencies["react-dom"],
        },
      }),
    );
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
  }, 180_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the tarball holds dist, the docs the README links to, and README only", () => {
    const files: string[] = JSON.parse(run("npm", ["pack", "--dry-run", "--json"], root))[0].files.map((f: { path: string }) => f.path);
    expect(files.filter((f) => !f.startsWith("dist/") && !f.startsWith("docs/") && !["package.json", "README.md"].includes(f))).toEqual([]);
    // Every relative docs/ link of the shipped README resolves inside the package (issue 16).
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const linked = [...readme.matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]!.replace(/\/$/, "/README.md"));
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.filter((l) => !files.includes(l))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["dist/apkit.global.js", "dist/index.mjs", "dist/index.cjs", "dist/index.d.mts", "dist/index.d.cts"]));
  });

  test("Node ESM: every entry imports and exports its API", () => {
    const script = `for (const e of ${JSON.stringify(ENTRIES)}) { const m = await import(e); console.log(e, Object.keys(m).length); }
      const { verifyContextToken, signContextToken } = await import("apkit/server");
      const now = Math.floor(Date.now() / 1000);
      const t = await signContextToken({ iss: "c", sub: "u", iat: now, exp: now + 60, context: {} }, "s".repeat(32));
      console.log("verified", (await verifyContextToken(t, { getSharedSecret: () => "s".repeat(32) })).clientKey);`;
    const out = run(process.execPath, ["--input-type=module", "-e", script]);
    for (const e of ENTRIES) expect(out).toMatch(new RegExp(`^${e} [1-9]\\d*$`, "m"));
    expect(out).toContain("verified c");
  });

  test("Node CJS: every entry requires", () => {
    const out = run(process.execPath, ["-e", `for (const e of ${JSON.stringify(ENTRIES)}) console.log(e, Object.keys(require(e)).length);`]);
    for (const e of ENTRIES) expect(out).toMatch(new RegExp(`^${e} [1-9]\\d*$`, "m"));
  });

  test("a bundler build for the browser (esbuild) resolves every browser entry and keeps one core", () => {
    writeFileSync(
      join(dir, "app.js"),
      `import { loadAP, request } from "apkit";
       import { useAP, loadAP as loadAP2 } from "apkit/react";
       import { emulateHost } from "apkit/testing";
       import { jiraIssueContext } from "apkit/schemas";
       if (loadAP !== loadAP2) throw new Error("two cores");
       console.log(typeof loadAP, typeof request, typeof useAP, typeof emulateHost, typeof jiraIssueContext);`,
    );
    run(join(root, "node_modules/.bin/esbuild"), ["app.js", "--bundle", "--format=esm", "--platform=browser", "--outfile=out.js", "--log-level=error"]);
    const out = readFileSync(join(dir, "out.js"), "utf8");
    expect(out).not.toMatch(/require\(["']node:/);
    // The bundle runs (in Node, as a stand-in for the browser: nothing touches window at import time).
    expect(run(process.execPath, ["out.js"]).trim()).toBe("function function function function object");
  });

  test("the script-tag file is where the docs say", () => {
    const code = readFileSync(join(dir, "node_modules/apkit/dist/apkit.global.js"), "utf8");
    expect(code.startsWith("var APKit=")).toBe(true);
  });
});
