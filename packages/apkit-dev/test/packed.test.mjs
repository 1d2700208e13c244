// The packed tarballs, as a user gets them: apkit and apkit-dev packed, installed in a temporary folder with nothing
// of this repository, running the React example's built pages and its backend (copied there) in apkit-dev on both
// platforms, driven with Playwright by a test written the way a user writes one against startDevHost. The backend
// verifies the signed install, a context JWT and a FIT.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { tempDirs } from "./support.mjs";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGE = fileURLToPath(new URL("../", import.meta.url));
const temp = tempDirs();
const version = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
const rootDevVersion = (name) => JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).devDependencies[name];
let dir;
let files;

// What a user's end-to-end test looks like (docs/dev-host.md, "Test with it"), plus what this test reads back.
const USER_TEST = `
import { launchChromium, startDevHost } from "apkit-dev";
import { startExampleServer } from "./examples/server/index.mjs";

const APP_ID = "ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000";
const host = await startDevHost();
const server = await startExampleServer({ devInstallKeyServer: host.keyServer, devAllJs: host.hostOrigin + "/vendor/all.js", forge: { appId: APP_ID, jwksUrl: host.jwksUrl } });
const out = {};
try {
  out.install = (await host.installApp({ descriptor: server.baseUrl + "/atlassian-connect.json" })).lifecycleStatus;
  await host.installForgeApp({ manifest: "./examples/react-app/manifest.yml", remotes: { connect: server.baseUrl } });
  const tenant = await server.tenants.get(host.site.clientKey);
  out.tenant = { stored: !!tenant, installationId: tenant?.installationId === host.apps[0].forge.installationId };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.waitForFunction(() => window.harness?.appsReady);
    await page.evaluate(() => window.harness.appsReady);
    const report = async (pick) => {
      const iframe = await page.waitForFunction(pick);
      let frame;
      while (!(frame = await iframe.asElement().contentFrame())?.url().startsWith("http")) await new Promise((r) => setTimeout(r, 25));
      await frame.waitForFunction(() => window.demoReport?.done || window.demoReport?.error, undefined, { timeout: 20000, polling: 25 });
      return frame.evaluate(() => window.demoReport);
    };
    out.connect = await report(() => window.harness.iframeOf("triage-panel"));
    out.forge = await report(() => window.harness.forge.iframeOf("triage-panel"));
    out.log = host.requests.filter((e) => e.kind === "remote" || e.kind === "lifecycle").map((e) => e.platform + " " + e.kind + " " + e.status);
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
  await host.close();
}
console.log(JSON.stringify(out));
`;

beforeAll(async () => {
  dir = temp.make("apkit-dev-packed-");
  await run("npm", ["pack", "--pack-destination", dir, "--silent"], { cwd: REPO });
  await run("npm", ["pack", "--pack-destination", dir, "--silent"], { cwd: PACKAGE });
  const listing = await run("tar", ["-tzf", join(dir, `apkit-dev-${version(PACKAGE)}.tgz`)]);
  files = listing.stdout.trim().split("\n");
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "packed-test",
      private: true,
      type: "module",
      dependencies: {
        apkit: `file:./apkit-${version(REPO)}.tgz`,
        "apkit-dev": `file:./apkit-dev-${version(PACKAGE)}.tgz`,
        express: rootDevVersion("express"),
        "playwright-core": rootDevVersion("playwright-core"),
      },
    }),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, timeout: 240_000 });
  // The example app: its backend and its built pages (Connect dist/, Forge dist-forge/), nothing else of the repo.
  mkdirSync(join(dir, "examples/server"), { recursive: true });
  cpSync(join(REPO, "examples/server/index.mjs"), join(dir, "examples/server/index.mjs"));
  for (const part of ["dist", "dist-forge", "atlassian-connect.json", "manifest.yml"]) cpSync(join(REPO, "examples/react-app", part), join(dir, "examples/react-app", part), { recursive: true });
  writeFileSync(join(dir, "e2e.mjs"), USER_TEST);
}, 300_000);
afterAll(() => temp.cleanup());

test("the tarball carries the host and no @forge/bridge (an app brings its own)", async () => {
  expect(files).toEqual(expect.arrayContaining(["package/bin/apkit-dev.mjs", "package/src/index.mjs", "package/src/index.d.ts", "package/public/host.html", "package/public/forge/bridge-shim.js", "package/README.md"]));
  expect(files.filter((f) => /test\/|bench\//.test(f))).toEqual([]);
  const { stdout } = await run("tar", ["-xzOf", join(dir, `apkit-dev-${version(PACKAGE)}.tgz`)], { maxBuffer: 64 * 1024 * 1024 });
  // @forge/bridge's own code (its callBridge getter and its error class) appears nowhere in the package.
  expect(stdout).not.toMatch(/getCallBridge|class BridgeAPIError/);
  expect(readFileSync(join(dir, "package-lock.json"), "utf8")).not.toContain('"node_modules/@forge/bridge"');
});

test("installed from the tarballs: the React example on both platforms; the backend verified the install, a context JWT and a FIT", async () => {
  const { stdout } = await run(process.execPath, ["e2e.mjs"], { cwd: dir, timeout: 120_000 });
  const out = JSON.parse(stdout.trim().split("\n").at(-1));
  expect(out.install).toBe(204);
  expect(out.tenant).toEqual({ stored: true, installationId: true });
  expect(out.connect.error).toBeUndefined();
  expect(out.connect.steps).toEqual(expect.arrayContaining([expect.stringMatching(/^apFetch: the backend verified the context token \(issue ABC-1/), "property: loaded (not set yet)"]));
  expect(out.forge.error).toBeUndefined();
  expect(out.forge.steps).toEqual(expect.arrayContaining([expect.stringMatching(/^apFetch: the backend verified the Forge Invocation Token \(issue ABC-1/), expect.stringMatching(/^request: ABC-1 /)]));
  expect(out.log).toEqual(expect.arrayContaining(["host lifecycle 204", "forge remote 200"]));
});

test("the bin runs from the installed package", async () => {
  const { stdout } = await run("npx", ["--no-install", "apkit-dev", "--help"], { cwd: dir });
  expect(stdout).toContain("Usage: apkit-dev [options]");
});
