// `npm run demo`: the repository's examples in apkit-dev (packages/apkit-dev), the local Jira/Confluence-like host
// users run their own apps in, installed the way a product installs apps:
// - examples/static-app: no backend, `authentication: none`; its pages are served by the host (a static site);
// - examples/react-app + examples/server: `authentication: jwt`; the host reads the descriptor from the server
//   example, POSTs the signed `installed` lifecycle event to it (RS256, key served by the host's own install-key
//   server, which the server example is pointed at for development), then signs context tokens with the shared
//   secret it sent, which the server verifies as in production. The same app's Forge side (manifest.yml, the
//   Custom UI resources built into dist-forge/) runs beside it: its requestRemote calls reach the same server with
//   Forge Invocation Tokens signed by the host's key, whose JWKS the server is pointed at (development only);
// - examples/two-platforms: one page as a Connect web panel AND as a Forge Custom UI issue panel, side by side on the
//   same issue and issue property.
// The Forge side's host is an EMULATION of an unpublished protocol, read from @forge/bridge 7.2.0 (docs/dev-host.md).
// It proves each example in headless Chromium (their steps, a screenshot of each in .artifacts/), then keeps
// serving so you can open the printed URL in your own browser. `npm run demo -- --once` stops after the check (CI).
// test/e2e/examples.test.ts runs the same startDemo + proveExamples.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDevHost } from "apkit-dev";
import { startExampleServer } from "../examples/server/index.mjs";
import { bundleForgeEntry, forgePage } from "../examples/legacy-panel/build.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (path) => resolve(root, path);

/** manifest.yml's app.id of the React example, which the server example accepts FITs for. */
export const REACT_APP_ID = "ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000";

/**
 * Starts apkit-dev and the server example, and installs the example apps on both platforms.
 * @param {{ port?: number, log?: (line: string) => void }} [options]
 */
export async function startDemo({ port = 0, log } = {}) {
  for (const built of ["examples/react-app/dist/index.html", "examples/react-app/dist-forge/triage-panel/index.html", "dist/apkit.global.js"]) {
    if (!existsSync(at(built))) throw new Error(`${built} is missing: run \`npm run build && npm run example:react && npm run example:react:forge\` first.`);
  }
  let forgeBridge;
  let legacyEntry;
  const host = await startDevHost({
    port,
    log,
    mounts: {
      "/examples/": at("examples/"),
      // Static apps deploy apkit.global.js next to their pages; the demo serves the built one there.
      "/examples/static-app/apkit.global.js": at("dist/apkit.global.js"),
      // The two-platforms example imports apkit's ESM build deployed next to its pages (an import map names it).
      "/examples/two-platforms/apkit/": at("dist/"),
      // The legacy panel ships its jQuery and its stylesheet next to its pages, as a static app does.
      "/examples/legacy-panel/jquery.js": at("node_modules/jquery/dist/jquery.min.js"),
      "/examples/legacy-panel/style.css": at("examples/two-platforms/style.css"),
    },
    routes: {
      // The real @forge/bridge (CommonJS) as one ES module, as a Custom UI app's bundler would include it: the
      // two-platforms example's Forge page imports it. The repository's copy, bundled once per demo (~0.5 s):
      // apkit-dev never serves @forge/bridge, an app brings its own.
      "/examples/two-platforms/vendor/forge-bridge.mjs": async (req, res) => {
        forgeBridge ??= bundleForgeBridge();
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
        res.end(await forgeBridge);
      },
      // The legacy panel's Forge resource, as `node examples/legacy-panel/build.mjs` writes it: forge.html (index.html
      // with ap-forge.js for all.js; apkit-dev injects its __bridge emulation first) and ap-forge.js (apkit/compat over
      // apkit/forge and @forge/bridge, bundled from forge-entry.mjs the first time it is asked for).
      "/examples/legacy-panel/forge.html": (req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        res.end(forgePage());
      },
      // The same @forge/bridge for the legacy panel's Forge frame, where bench/forge-request.mjs measures against it.
      "/examples/legacy-panel/vendor/forge-bridge.mjs": async (req, res) => {
        forgeBridge ??= bundleForgeBridge();
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
        res.end(await forgeBridge);
      },
      "/examples/legacy-panel/ap-forge.js": async (req, res) => {
        legacyEntry ??= bundleForgeEntry();
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
        res.end(await legacyEntry);
      },
    },
  });
  let server;
  try {
    server = await startExampleServer({
      // Development only: trust the host's install-key server and its Forge JWKS, and load all.js from the host.
      devInstallKeyServer: host.keyServer,
      devAllJs: `${host.hostOrigin}/vendor/all.js`,
      forge: { appId: REACT_APP_ID, jwksUrl: host.jwksUrl },
      log: log && ((line) => log(`server example: ${line}`)),
    });
    const apps = [
      // A static app's descriptor names where it is deployed; here its pages are served by the host.
      await host.installApp({ descriptor: at("examples/static-app/atlassian-connect.json"), baseUrl: `${host.appOrigin}/examples/static-app` }),
      await host.installApp({ descriptor: `${server.baseUrl}/atlassian-connect.json` }),
      // The two-platforms example: the same page as a Connect web panel (its descriptor) ...
      await host.installApp({ descriptor: at("examples/two-platforms/atlassian-connect.json"), baseUrl: `${host.appOrigin}/examples/two-platforms` }),
    ];
    // The React example's Forge side, from its manifest.yml: its remote `connect` is the server example.
    await host.installForgeApp({ manifest: at("examples/react-app/manifest.yml"), remotes: { connect: server.baseUrl } });
    // ... and as a Forge Custom UI issue panel: what its manifest.yml would declare, its resource the page forge.html.
    await host.installForgeApp({ manifest: TWO_PLATFORMS_MANIFEST, resources: { main: `${host.appOrigin}/examples/two-platforms/forge.html` } });
    // examples/legacy-panel: a raw-AP page, unchanged, as a Connect web panel and, through apkit/compat, a Forge panel.
    apps.push(await host.installApp({ descriptor: at("examples/legacy-panel/atlassian-connect.json"), baseUrl: `${host.appOrigin}/examples/legacy-panel` }));
    await host.installForgeApp({ manifest: LEGACY_PANEL_MANIFEST, resources: { legacy: `${host.appOrigin}/examples/legacy-panel/forge.html` } });
    return {
      host,
      server,
      apps,
      url: host.url,
      close: async () => {
        await server.close();
        await host.close();
      },
    };
  } catch (error) {
    await server?.close();
    await host.close();
    throw error;
  }
}

/** The Forge side of examples/two-platforms, as manifest.yml would declare it (a migrated app keeps its Connect key). */
export const TWO_PLATFORMS_MANIFEST = {
  app: { id: "ari:cloud:ecosystem::app/5d9c6a4e-2b1f-4c7a-9e3d-8f6b0a1c2d3e", connect: { key: "apkit-two-platforms-example" } },
  modules: { "jira:issuePanel": [{ key: "shared-note-forge", resource: "main", title: "Shared note" }] },
  resources: [{ key: "main", path: "forge" }],
};

/** @forge/bridge as one ES module for the browser: the default export and the named exports apps use. */
async function bundleForgeBridge() {
  const { build } = await import("esbuild");
  const result = await build({
    stdin: {
      contents:
        'import * as bridge from "@forge/bridge";\n' +
        "export default bridge;\n" +
        "export const { view, events, Modal, showFlag, router, requestJira, requestConfluence, requestBitbucket, requestRemote, invoke, invokeRemote, i18n } = bridge;\n",
      resolveDir: root,
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** The Forge side of examples/legacy-panel: the same page, its all.js line replaced by apkit/compat's ap-forge.js. */
export const LEGACY_PANEL_MANIFEST = {
  app: { id: "ari:cloud:ecosystem::app/0b6f9a3c-7d2e-4e1a-b5c8-3a9d4f6e2c71", connect: { key: "apkit-legacy-panel-example" } },
  modules: { "jira:issuePanel": [{ key: "legacy-note-forge", resource: "legacy", title: "Legacy note" }] },
  resources: [{ key: "legacy", path: "forge" }],
};

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

const NOTE = "Reproduced on the real bridge";
const ISSUE_VIEW = "issue/ABC-1";

/** A frame's iframe on the host page: a Connect module's (harness.iframeOf) or a Forge module's. */
const connectIframe = (key) => window.harness.iframeOf(key);
const forgeIframe = (key) => window.harness.forge.iframeOf(key);

/** The React example's dialog round trip: open it from the panel, pick `priority`, submit. */
async function priorityDialog({ page, frame, shoot, platform, priority, screenshot }) {
  await frame.click("text=Choose…");
  await page.waitForFunction(() => !!window.harness.ui.dialogIframe(0));
  const dialogFrame = await contentFrame(page, () => window.harness.ui.dialogIframe(0), platform === "connect" ? "/dialog.html" : "/");
  const dialogExpect = [/^dialog: custom data for ABC-1 \(current \w+\)$/];
  const dialogReport = await waitForSteps(dialogFrame, dialogExpect);
  const dialogMissing = dialogExpect.filter((p) => !dialogReport.steps.some((s) => p.test(s))).map(String);
  await dialogFrame.check(`input[value=${priority}]`);
  await shoot(page.locator(".harness-dialog"), screenshot);
  // Connect: the host's Submit button. Forge: modals have no host buttons; the page draws its own.
  if (platform === "connect") await page.click(".harness-dialog button[data-identifier=submit]");
  else await dialogFrame.click("text=Set priority");
  await page.waitForFunction(() => window.harness.ui.dialogs.length === 0);
  return { steps: dialogReport.steps, error: dialogReport.error, missing: dialogMissing, screenshot };
}

/**
 * What each example must show: the view it is on, its frame, the steps its window.demoReport must contain, and what
 * a user does in it. Steps are checked by pattern: counts and ids change from run to run.
 */
export const EXAMPLES = [
  {
    name: "static-app · issue panel",
    view: ISSUE_VIEW,
    key: "visits-panel",
    iframe: connectIframe,
    screenshot: "example-static-app-panel.png",
    expect: [/^context: issue ABC-1$/, /^user: Dev User$/, /^visits: \d+ \(property (created|updated)\)$/, /^visit log: \d+ entr(y|ies) in app properties$/],
  },
  {
    name: "react-app + server · issue panel (Connect)",
    view: ISSUE_VIEW,
    key: "triage-panel",
    iframe: connectIframe,
    screenshot: "example-react-app-panel.png",
    expect: [
      /^context: issue ABC-1 \(validated with apkit\/schemas\)$/,
      /^request: ABC-1 "First issue"$/,
      /^request: myself is Dev User$/,
      /^apFetch: the backend verified the context token \(issue ABC-1, site http:\/\/127\.0\.0\.1:\d+\)$/,
      /^property: loaded/,
      new RegExp(`^property: saved note "${NOTE}"$`),
      /^flag: shown$/,
      /^dialog: closed with High$/,
      /^property: saved priority High$/,
    ],
    async drive({ page, frame, shoot }) {
      // The property-backed form: type a note and save it.
      await frame.fill("#note", NOTE);
      await frame.click("button[type=submit]");
      await waitForSteps(frame, [/^property: saved note/]);
      // The dialog round trip: open the dialog module, pick a priority, press the host's Submit button.
      const dialog = await priorityDialog({ page, frame, shoot, platform: "connect", priority: "High", screenshot: "example-react-app-dialog.png" });
      return [{ name: "react-app · priority dialog (Connect dialog module)", ...dialog }];
    },
  },
  {
    name: "react-app + server · issue panel (Forge Custom UI)",
    view: ISSUE_VIEW,
    key: "triage-panel",
    iframe: forgeIframe,
    screenshot: "example-react-app-forge-panel.png",
    expect: [
      /^context: issue ABC-1 \(validated with apkit\/schemas\)$/,
      /^request: ABC-1 "First issue"$/,
      /^request: myself is Dev User$/,
      /^apFetch: the backend verified the Forge Invocation Token \(issue ABC-1, site http:\/\/127\.0\.0\.1:\d+\)$/,
      /^property: loaded/,
      /^dialog: closed with Low$/,
      /^property: saved priority Low$/,
    ],
    async drive({ page, frame, shoot }) {
      const dialog = await priorityDialog({ page, frame, shoot, platform: "forge", priority: "Low", screenshot: "example-react-app-forge-dialog.png" });
      return [{ name: "react-app · priority dialog (Forge modal resource)", ...dialog }];
    },
  },
  {
    name: "static-app · general page",
    view: "apps",
    key: "visit-log",
    iframe: connectIframe,
    screenshot: "example-static-app-general.png",
    expect: [/^context: no issue \(a general page\)$/, /^visit log: \d+ visit\(s\), latest ABC-1 by Dev User$/],
  },
];

/** The Playwright frame of an iframe the host page made, once it shows `path`. */
async function contentFrame(page, iframeOf, path, arg) {
  const end = Date.now() + 15_000;
  for (;;) {
    const handle = await page.evaluateHandle(iframeOf, arg);
    const frame = await handle.asElement()?.contentFrame();
    if (frame && frame.url().includes(path)) return frame;
    if (Date.now() > end) throw new Error(`no frame showing ${path}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the frame's demoReport is done (or failed) and has a step matching each pattern. */
async function waitForSteps(frame, patterns, timeout = 15_000) {
  const sources = patterns.map((p) => p.source);
  try {
    await frame.waitForFunction(
      (srcs) => {
        const r = window.demoReport;
        if (!r) return false;
        if (r.error) return true;
        return !!r.done && srcs.every((s) => r.steps.some((step) => new RegExp(s).test(step)));
      },
      sources,
      // Polled, not on animation frames: Chromium gives an offscreen cross-origin iframe none.
      { timeout, polling: 50 },
    );
  } catch {
    // Report what is there: the caller prints and compares it.
  }
  return frame.evaluate(() => window.demoReport ?? { steps: [] });
}

export const CONNECT_AND_FORGE = {
  name: "two-platforms · Connect and Forge side by side",
  app: "apkit-two-platforms-example",
  screenshot: "demo-connect-and-forge.png",
  expect: [
    /^both iframes show issue ABC-1 \(Connect: connect, Forge: forge\)$/,
    /^Forge → Connect: the Connect iframe read back "Written in the Forge iframe [a-z0-9]+" \(written on forge\)$/,
    /^Connect → Forge: the Forge iframe read back "Written in the Connect iframe [a-z0-9]+" \(written on connect\)$/,
    /^the product's issue property holds the last write \(connect\)$/,
    /^the Forge iframe went through the emulated __bridge: getContext ×\d+, fetchProduct ×\d+, showFlag ×\d+$/,
  ],
};

export const LEGACY_PANEL = {
  name: "legacy-panel · raw AP code on Connect (all.js) and on Forge (apkit/compat)",
  app: "apkit-legacy-panel-example",
  screenshot: "demo-legacy-panel.png",
  expect: [
    /^Connect: issue ABC-1, "First issue", Hello, [^,]+, Visit #\d+ of this panel, context token: yes$/,
    /^Forge: issue ABC-1, "First issue", Hello, [^,]+, Visit #\d+ of this panel, context token: none$/,
    /^Forge → Connect: the Connect panel read back "Legacy note [a-z0-9]+" \(written in the Forge panel\)$/,
    /^Connect → Forge: the Forge panel read back "Legacy note [a-z0-9]+" \(written in the Connect panel\)$/,
    /^the product's issue property legacy-note holds the last write \(Connect\)$/,
    /^both panels showed a "Note saved" flag \(Connect and Forge\)$/,
    /^the Forge panel ran on apkit\/compat over the emulated __bridge: getContext ×\d+, fetchProduct ×\d+, showFlag ×\d+$/,
  ],
};

const textOf = (frame, selector) => frame.evaluate((s) => document.querySelector(s).textContent, selector);

/** The Connect iframe and the Forge iframe of an app shown side by side (examples/<dir>/), once each shows its page. */
async function sideBySideFrames(page, dir, connectKey, forgeKey) {
  return [
    await contentFrame(page, (k) => window.harness.iframeOf(k), `/${dir}/index.html`, connectKey),
    // A Forge resource is served at the root of its own origin.
    await contentFrame(page, (k) => window.harness.forge.iframeOf(k), "/", forgeKey),
  ];
}

/** What the Forge iframe `key` asked the emulated __bridge, counted by call. */
async function bridgeCalls(page, key) {
  const calls = await page.evaluate((k) => window.harness.forge.calls.filter((c) => c.frame === k).map((c) => c.name), key);
  const count = (name) => calls.filter((c) => c === name).length;
  return `getContext ×${count("getContext")}, fetchProduct ×${count("fetchProduct")}, showFlag ×${count("showFlag")}`;
}

/** Runs one side-by-side proof: the steps `run` pushes, its first failure, a screenshot of the app's section. */
async function proveSideBySide({ name, app, screenshot, expect }, { page, shoot }, run) {
  const steps = [];
  let error;
  try {
    await run(steps);
  } catch (e) {
    error = { message: `the demo could not prove ${name}: ${e.message}` };
  }
  try {
    await shoot(page.locator(`.two-platforms[data-app="${app}"]`), screenshot);
  } catch (e) {
    error ??= { message: `no screenshot of ${name}: ${e.message}` };
  }
  return { name, steps, error, missing: expect.filter((p) => !steps.some((s) => p.test(s))).map(String), screenshot };
}

/**
 * The two-platforms example: the same page as a Connect iframe (real connect-host.js + all.js) and as a Forge Custom
 * UI iframe (the real @forge/bridge over the host's emulated __bridge), on the same issue. Writes the shared issue
 * property in each iframe and reads it back in the other (its Refresh button), then screenshots both side by side.
 */
const proveConnectAndForge = (run) =>
  proveSideBySide(CONNECT_AND_FORGE, run, async (steps) => {
    const { page, demo } = run;
    const [connect, forgeFrame] = await sideBySideFrames(page, "two-platforms", "shared-note", "shared-note-forge");
    const started = [/^platform: /, /^context: issue /, /^property: read /];
    for (const [label, frame] of [["Connect", connect], ["Forge", forgeFrame]]) {
      const report = await waitForSteps(frame, started);
      steps.push(...report.steps.map((s) => `${label}: ${s}`));
      if (report.error || !report.done) throw new Error(`the ${label} iframe did not start: ${report.error?.message ?? "no report"}`);
    }
    const keys = [await textOf(connect, "#issue"), await textOf(forgeFrame, "#issue")];
    const platforms = [await connect.evaluate(() => window.demoReport.steps[0]), await forgeFrame.evaluate(() => window.demoReport.steps[0])].map((s) => s.replace("platform: ", ""));
    if (keys[0] === keys[1]) steps.push(`both iframes show issue ${keys[0]} (Connect: ${platforms[0]}, Forge: ${platforms[1]})`);
    else steps.push(`the iframes show different issues: ${keys.join(" vs ")}`);

    // One writes, the other reads it back after its Refresh: through the product's issue-property REST each time.
    const writeAndReadBack = async (writer, reader, from, platform) => {
      const note = `Written in the ${from} iframe ${Date.now().toString(36)}`;
      await writer.fill("#note", note);
      await writer.click("button[type=submit]");
      await waitForSteps(writer, [new RegExp(`^property: saved "${note}" on ${platform}$`)]);
      await reader.click("#refresh");
      await reader.waitForFunction((t) => document.getElementById("note-text").textContent === t, note, { timeout: 10_000 });
      const by = await textOf(reader, "#note-by");
      return `the ${from === "Forge" ? "Connect" : "Forge"} iframe read back "${note}" (${by.replace(/ at .*$/, "")})`;
    };
    steps.push(`Forge → Connect: ${await writeAndReadBack(forgeFrame, connect, "Forge", "forge")}`);
    steps.push(`Connect → Forge: ${await writeAndReadBack(connect, forgeFrame, "Connect", "connect")}`);
    // The product's one property store (apkit-dev's, on apkit/testing's property backend).
    const stored = demo.host.product.properties.get("issue/ABC-1")?.get("apkit-demo-shared-note")?.value;
    steps.push(`the product's issue property holds the last write (${stored?.platform})`);
    steps.push(`the Forge iframe went through the emulated __bridge: ${await bridgeCalls(page, "shared-note-forge")}`);
    // Let the flags of both saves show in the page screenshot; the side-by-side shot is of the two panels.
    await page.waitForFunction(() => document.querySelectorAll(".harness-flag").length >= 1, undefined, { timeout: 5_000 }).catch(() => {});
  });

/**
 * examples/legacy-panel: one raw-AP page (callbacks, AP.require, jQuery) as a Connect iframe on the real all.js and as
 * a Forge Custom UI iframe on apkit/compat over the real @forge/bridge, on the same issue. Each shows what it read,
 * writes the shared note, and reads back what the other wrote.
 */
const proveLegacyPanel = (run) =>
  proveSideBySide(LEGACY_PANEL, run, async (steps) => {
    const { page, demo } = run;
    const [connect, forgeFrame] = await sideBySideFrames(page, "legacy-panel", "legacy-note", "legacy-note-forge");
    const shown = ["#issue", "#summary", "#hello", "#visits", "#token"];
    // Polled on a timer: the panels may be below the fold, where Chromium holds back a frame's animation frames.
    const until = (frame, test, arg) => frame.waitForFunction(test, arg, { timeout: 15_000, polling: 50 });
    for (const [label, frame] of [["Connect", connect], ["Forge", forgeFrame]]) {
      await until(frame, (ids) => ids.every((id) => /\S/.test(document.querySelector(id).textContent) && document.querySelector(id).textContent !== "…"), shown);
      const [issue, summary, hello, visits, token] = await Promise.all(shown.map((id) => textOf(frame, id)));
      steps.push(`${label}: issue ${issue}, "${summary}", ${hello}, ${visits}, ${token}`);
    }
    const writeAndReadBack = async (writer, reader, from) => {
      const note = `Legacy note ${Date.now().toString(36)}`;
      await writer.fill("#text", note);
      await writer.click("button[type=submit]");
      await until(writer, (t) => document.getElementById("note").textContent === t, note);
      await reader.click("#refresh");
      await until(reader, (t) => document.getElementById("note").textContent === t, note);
      return `the ${from === "Forge" ? "Connect" : "Forge"} panel read back "${note}" (${await textOf(reader, "#note-by")})`;
    };
    steps.push(`Forge → Connect: ${await writeAndReadBack(forgeFrame, connect, "Forge")}`);
    steps.push(`Connect → Forge: ${await writeAndReadBack(connect, forgeFrame, "Connect")}`);
    const stored = demo.host.product.properties.get("issue/ABC-1")?.get("legacy-note")?.value;
    steps.push(`the product's issue property legacy-note holds the last write (${stored?.by})`);
    const flags = await page.evaluate(() => window.harness.ui.product.flags.all.filter((f) => f.title === "Note saved").map((f) => (f.platform === "forge" ? "Forge" : "Connect")));
    if (flags.includes("Connect") && flags.includes("Forge")) steps.push('both panels showed a "Note saved" flag (Connect and Forge)');
    else steps.push(`"Note saved" flags: ${flags.join(", ") || "none"}`);
    steps.push(`the Forge panel ran on apkit/compat over the emulated __bridge: ${await bridgeCalls(page, "legacy-note-forge")}`);
  });

/**
 * Opens the demo host page, lets every example run (and does what a user would in the React example), and
 * returns each example's report. Screenshots go to `dir`.
 * @returns {Promise<Array<{ name: string, steps: string[], error?: { code?: string, message: string }, missing: string[], screenshot: string }>>}
 */
export async function proveExamples(browser, demo, { dir = resolve(root, ".artifacts") } = {}) {
  mkdirSync(dir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const logs = [];
  // connect-host logs its feature-flag defaults as errors: not the examples' doing.
  page.on("console", (m) => m.type() === "error" && !m.text().includes("Feature flag service") && logs.push(m.text()));
  page.on("pageerror", (e) => logs.push(e.message));
  await page.goto(demo.url);
  await page.waitForFunction(() => window.harness && window.harness.appsReady);
  await page.evaluate(() => window.harness.appsReady);
  // Products keep "auto" flags up for about 8 s; long enough to be in the final screenshot.
  await page.evaluate(() => (window.harness.ui.flagAutoCloseMs = 8000));
  const shoot = async (locator, file) => locator.screenshot({ path: resolve(dir, file) });

  const results = [];
  let view;
  for (const example of EXAMPLES) {
    if (example.view !== view) {
      // Before leaving the issue view: Connect and Forge side by side, and the whole page.
      if (view === ISSUE_VIEW) {
        results.push(await proveConnectAndForge({ page, shoot, demo }), await proveLegacyPanel({ page, shoot, demo }));
        await page.screenshot({ path: resolve(dir, "demo.png"), fullPage: true });
      }
      view = example.view;
      await page.evaluate((v) => window.harness.show(v), view);
    }
    let frame;
    try {
      frame = await contentFrame(page, example.iframe, "/", example.key);
    } catch (error) {
      const missing = example.expect.map(String);
      results.push({ name: example.name, steps: [], error: { message: `never framed: ${error.message}` }, missing, screenshot: example.screenshot });
      continue;
    }
    let report = await waitForSteps(frame, []);
    let more = [];
    if (example.drive && report.done && !report.error) {
      try {
        more = await example.drive({ page, frame, shoot });
      } catch (error) {
        report.error ??= { message: `the demo could not drive it: ${error.message}` };
      }
    }
    report = { ...(await waitForSteps(frame, example.expect)), ...(report.error ? { error: report.error } : {}) };
    const missing = example.expect.filter((p) => !report.steps.some((s) => p.test(s))).map(String);
    await shoot(page.locator(example.iframe === forgeIframe ? `.forge-frame[data-forge-key="${example.key}"]` : `.host-frame[data-key="${example.key}"]`), example.screenshot);
    results.push({ name: example.name, steps: report.steps, error: report.error, missing, screenshot: example.screenshot }, ...more);
  }
  await page.close();
  return { results: results.map((r) => ({ missing: [], ...r })), logs };
}

// `node scripts/demo.mjs [--once]`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const once = process.argv.includes("--once");
  const demo = await startDemo({ port: Number(process.env.PORT) || (once ? 0 : 4599), log: (line) => !once && console.error(line) });
  console.log(`apkit-dev:          ${demo.url} (app pages on ${demo.host.appOrigin})`);
  console.log(`server example:     ${demo.server.url}`);
  for (const app of demo.apps) {
    console.log(`installed ${app.key} (${app.descriptor.authentication?.type ?? "none"}) from its descriptor at ${app.baseUrl}` +
      (app.lifecycleStatus ? `: signed "installed" callback answered ${app.lifecycleStatus}` : ""));
  }
  for (const app of demo.host.apps.filter((a) => a.forge)) console.log(`installed the Forge side of ${app.key} (${app.forge.appId}) beside it`);

  let failed = false;
  const browser = await launchChromium();
  try {
    const { results } = await proveExamples(browser, demo);
    for (const r of results) {
      console.log(`\n${r.name}`);
      for (const step of r.steps) console.log(`  ✓ ${step}`);
      for (const m of r.missing) console.log(`  ✗ missing: ${m}`);
      if (r.error) console.log(`  ✗ ${r.error.code ?? "error"}: ${r.error.message}`);
      console.log(`  screenshot: .artifacts/${r.screenshot}`);
      if (r.error || r.missing.length) failed = true;
    }
    console.log("\nwhole page: .artifacts/demo.png");
  } finally {
    await browser.close();
  }

  if (once || failed) {
    await demo.close();
    process.exit(failed ? 1 : 0);
  }
  console.log(`\nThe demo host is running. Open ${demo.url}\nCtrl-C stops it.`);
}
