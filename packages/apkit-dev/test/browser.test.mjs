// The host page in Debian's Chromium: one app with the same page in every module place on both platforms (the real
// connect-host.js + all.js; the real @forge/bridge over the emulated Custom UI host), side by side; glances, the
// macro editor, the product edited from the page, the request log, the --once check.
//
// PAGES: each page is the app's page in every place, on both platforms, and must report the same steps. The lead adds
// the legacy raw-AP page here once apkit/compat exists: { name, connect: "compat.html", forge: "forge-compat.html" },
// both files in fixtures/pages/, reporting window.report like page.mjs does.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkOnce, launchChromium, startDevHost } from "../src/index.mjs";
import { FIXTURE, forgeBuild, tempDirs } from "./support.mjs";

const PAGES = [{ name: "an apkit page", connect: "apkit.html", forge: "forge-apkit.html" }];

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const temp = tempDirs();

const STEPS = (where, place) => [`platform: ${where}`, `context: ${place}`, "user: Dev User", "property: saved and read back", "flag: shown"];

describe.each(PAGES)("$name on both platforms", (spec) => {
  let host;
  let browser;
  let page;
  const errors = [];

  beforeAll(async () => {
    const descriptor = JSON.parse(readFileSync(join(FIXTURE, "atlassian-connect.json"), "utf8").replaceAll("{page}", spec.connect));
    host = await startDevHost({
      connect: { serve: FIXTURE, descriptor },
      forge: { manifest: join(FIXTURE, "manifest.yml"), resources: { main: await forgeBuild(temp.make("apkit-dev-forge-build-"), spec.forge) }, resolver: here("./fixtures/resolver.mjs") },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && !m.text().includes("Feature flag service") && errors.push(m.text()));
    await page.goto(host.url);
    await page.waitForFunction(() => window.harness?.appsReady);
    await page.evaluate(() => window.harness.appsReady);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    temp.cleanup();
  });

  /** The report of a module's frame on the page, once done (or failed). */
  async function reportOf(platform, key) {
    const iframe = await page.waitForFunction(([p, k]) => (p === "connect" ? window.harness.iframeOf(k) : window.harness.forge.iframeOf(k)), [platform, key]);
    let frame;
    for (const end = Date.now() + 15_000; !(frame = await iframe.asElement().contentFrame())?.url().startsWith("http"); ) {
      if (Date.now() > end) throw new Error(`${platform} ${key} never loaded`);
      await new Promise((r) => setTimeout(r, 25));
    }
    // Polled, not on animation frames: Chromium gives an offscreen cross-origin iframe none.
    await frame.waitForFunction(() => window.report?.done || window.report?.error, undefined, { timeout: 15_000, polling: 25 });
    return frame.evaluate(() => window.report);
  }

  test("the issue view: the panel of both platforms side by side, on the same issue, product and user", async () => {
    expect(await page.evaluate(() => window.harness.show("issue/ABC-1"))).toBe("issue/ABC-1");
    expect(await page.locator('.two-platforms[data-app="fixture-app"] .platform-col').count()).toBe(2);
    const connect = await reportOf("connect", "panel");
    const forge = await reportOf("forge", "panel");
    expect(connect).toMatchObject({ done: true, steps: STEPS("connect", "issue ABC-1") });
    expect(forge).toMatchObject({ done: true, steps: [...STEPS("forge", "issue ABC-1"), 'resolver: {"echoed":{"n":1},"accountId":"557058:apkit-dev-user","moduleKey":"panel"}'] });
    // Both wrote to the same product; both platforms' calls are in the request log.
    expect([...host.product.properties.get("addons/fixture-app").keys()].sort()).toEqual(["connect.panel", "forge.panel"]);
    expect(new Set(host.requests.filter((e) => e.kind === "product").map((e) => e.platform))).toEqual(new Set(["connect", "forge"]));
    expect(host.requests.some((e) => e.kind === "invoke" && e.url === "echo" && e.status === 200)).toBe(true);
  });

  test("glances open their panel on either platform", async () => {
    for (const platform of ["connect", "forge"]) {
      await page.click(`button[data-glance="glance"][data-platform="${platform}"]`);
      expect(await reportOf(platform, "glance")).toMatchObject({ done: true, steps: expect.arrayContaining(STEPS(platform, "issue ABC-1")) });
    }
  });

  test.each([
    ["project/ABC", "project-page", "project ABC"],
    ["apps", "general", "none"],
    ["admin", "admin", "none"],
  ])("the %s view shows %s of both platforms", async (view, key, place) => {
    await page.evaluate((v) => window.harness.show(v), view);
    expect(await reportOf("connect", key)).toMatchObject({ done: true, steps: STEPS("connect", place) });
    expect(await reportOf("forge", key)).toMatchObject({ done: true, steps: expect.arrayContaining(STEPS("forge", place)) });
  });

  test("a Confluence page: the macro with its parameters; its editor saves new ones, and the macro shows them", async () => {
    await page.evaluate(() => window.harness.show("confluence/98001"));
    expect(await reportOf("connect", "macro")).toMatchObject({ done: true, steps: [...STEPS("connect", "content 98001"), "macro color: blue"] });
    expect((await reportOf("forge", "macro")).steps).toContain("macro color: blue");
    await page.click('[data-macro="macro"] .macro-edit');
    await page.waitForFunction(() => window.harness.ui.product.macro.saved.length === 1, undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => window.harness.ui.product.macro.saved[0])).toEqual([{ color: "red" }, undefined]);
    await page.waitForFunction(() => window.harness.ui.dialogs.length === 0);
    await page.waitForFunction(() => /color=red/.test(window.harness.iframeOf("macro")?.src ?? ""));
    expect((await reportOf("connect", "macro")).steps).toContain("macro color: red");
    expect((await reportOf("forge", "macro")).steps).toContain("macro color: red");
  });

  test("the product's data is edited on the page; the request log shows both platforms", async () => {
    await page.evaluate(() => window.harness.show("data"));
    const text = await page.inputValue(".product-json");
    const doc = JSON.parse(text);
    doc.issues[0].fields.summary = "Edited in the browser";
    await page.fill(".product-json", JSON.stringify(doc));
    await page.click(".product-page button:text-is(\"Save\")");
    await page.waitForFunction(() => document.querySelector(".status").textContent !== "");
    expect(await page.textContent(".status")).toBe("Saved.");
    expect(host.product.issues[0].fields.summary).toBe("Edited in the browser");
    await page.fill(".product-json", "{ not json");
    await page.click(".product-page button:text-is(\"Save\")");
    await page.waitForFunction(() => document.querySelector(".status").textContent.startsWith("Not JSON"));
    expect(host.product.issues[0].fields.summary).toBe("Edited in the browser");

    await page.evaluate(() => window.harness.show("log"));
    await page.waitForFunction(() => document.querySelectorAll(".request-log tr[data-platform=forge]").length > 0 && document.querySelectorAll(".request-log tr[data-platform=connect]").length > 0);
    // New entries arrive while the log is open (server-sent events, batched).
    await page.evaluate(() => window.harness.rest({ url: "/rest/api/3/issue/ABC-2", type: "GET", frame: { platform: "connect", app: "fixture-app", module: "live-check" } }));
    await page.waitForFunction(() => [...document.querySelectorAll(".request-log td")].some((td) => td.textContent === "fixture-app / live-check"));
  });

  test("the page says it is an emulation", async () => {
    expect(await page.textContent("#host-notice")).toMatch(/EMULATION of Jira and Confluence.*not an Atlassian product/);
  });

  test("the --once check visits every module and finds each frame on the bridge", async () => {
    const report = await checkOnce(host);
    expect(report.errors).toEqual([]);
    expect(report.modules.map((m) => `${m.platform} ${m.key}`).sort()).toEqual(
      ["admin", "general", "glance", "macro", "panel", "project-page"].flatMap((k) => [`connect ${k}`, `forge ${k}`]).sort(),
    );
    expect(report.modules.every((m) => m.reached)).toBe(true);
    expect(report.ok).toBe(true);
  });

  test("no page errors", () => {
    expect(errors).toEqual([]);
  });
});
