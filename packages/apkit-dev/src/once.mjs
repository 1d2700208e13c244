// `apkit-dev --once`: a check for CI. Opens the host page in headless Chromium (playwright-core, an optional peer:
// the dev host itself needs no browser), visits every view an installed module shows in (and opens every glance),
// and waits until each module's frame has reached the bridge: a Connect frame that connect-host.js established, a
// Forge frame that made its first callBridge call. Reports each module and every error of the page.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DevHostError } from "./errors.mjs";

/** Debian's Chromium needs these in containers and offline machines (and a fresh profile, made per run). */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Launches headless Chromium with playwright-core (`executablePath`: `$CHROMIUM_PATH` or /usr/bin/chromium). */
export async function launchChromium({ executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" } = {}) {
  let playwright;
  try {
    playwright = await import("playwright-core");
  } catch (error) {
    throw new DevHostError("ERR_DEV_NO_BROWSER", "--once drives Chromium with playwright-core: install it (npm i -D playwright-core) and have a Chromium (--chromium PATH)", { cause: error });
  }
  const profile = mkdtempSync(join(tmpdir(), "apkit-dev-chromium-"));
  let browser;
  try {
    browser = await playwright.chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new DevHostError("ERR_DEV_NO_BROWSER", `could not start Chromium at ${executablePath}: ${error.message.split("\n")[0]}`, { cause: error });
  }
  return {
    context: browser,
    newPage: () => browser.newPage(),
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Visits every module of the running host. Resolves `{ ok, modules: [{ view, platform, app, key, reached }], errors,
 * lines }` (lines: the printed report).
 * @param {{ url: string }} host
 * @param {{ chromium?: string, timeout?: number }} [options]
 */
export async function checkOnce(host, { chromium, timeout = 15_000 } = {}) {
  const browser = await launchChromium({ executablePath: chromium });
  const errors = [];
  const modules = [];
  try {
    const page = await browser.newPage();
    // connect-host.js logs its feature-flag defaults as errors: not the app's doing.
    page.on("console", (m) => m.type() === "error" && !m.text().includes("Feature flag service") && errors.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => errors.push(`page: ${e.message}`));
    await page.goto(host.url);
    await page.waitForFunction(() => window.harness?.appsReady, undefined, { timeout });
    await page.evaluate(() => window.harness.appsReady);
    const views = await page.evaluate(() => window.harness.views());
    const reachedAll = () => window.harness.report().every((m) => m.reached);
    for (const view of views) {
      await page.evaluate((v) => window.harness.show(v), view);
      const glances = await page.$$eval("button[data-glance]", (buttons) => buttons.map((b) => [b.getAttribute("data-glance"), b.getAttribute("data-platform")]));
      await page.waitForFunction(reachedAll, undefined, { timeout }).catch(() => {});
      modules.push(...(await page.evaluate(() => window.harness.report())).map((m) => ({ view, ...m })));
      for (const [key, platform] of glances) {
        await page.click(`button[data-glance="${key}"][data-platform="${platform}"]`);
        const opened = ([k, p]) => window.harness.report().some((m) => m.key === k && m.platform === p);
        await page.waitForFunction(opened, [key, platform], { timeout }).catch(() => {});
        await page.waitForFunction(reachedAll, undefined, { timeout }).catch(() => {});
        modules.push(...(await page.evaluate(() => window.harness.report())).filter((m) => m.key === key && m.platform === platform).map((m) => ({ view, ...m })));
      }
    }
  } finally {
    await browser.close();
  }
  const lines = [`apkit-dev --once: ${modules.length} module frame(s) in ${new Set(modules.map((m) => m.view)).size} view(s)`];
  for (const m of modules) lines.push(`  ${m.reached ? "✓" : "✗"} ${m.platform} ${m.app} ${m.key} (${m.view}): ${m.reached ? "reached the bridge" : `did not reach the bridge within ${timeout / 1000} s`}`);
  for (const e of errors) lines.push(`  ✗ ${e}`);
  if (!modules.length) lines.push("  ✗ no installed module shows in the product's pages");
  const ok = modules.length > 0 && modules.every((m) => m.reached) && errors.length === 0;
  lines.push(ok ? "apkit-dev --once: ok" : "apkit-dev --once: FAILED");
  return { ok, modules, errors, lines };
}
