// `npm run demo`: serves the local Connect host (real connect-host.js + all.js from atlassian-connect-js, an
// in-memory Jira) with the examples framed in it, proves them in headless Chromium (what each example did, plus a
// screenshot in .artifacts/), then keeps serving so you can open the printed URL in your own browser.
// `npm run demo -- --once` stops after the check (CI).
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startHost } from "../host/server.mjs";

const once = process.argv.includes("--once");
const examples = ["/examples/static-app/index.html"];
const host = await startHost({ port: Number(process.env.PORT) || (once ? 0 : 4599), log: console.error });
const url = `${host.hostOrigin}/host.html?${examples.map((e) => `app=${encodeURIComponent(e)}`).join("&")}`;

let failed = false;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(url);
  for (const [i, example] of examples.entries()) {
    const handle = await page.waitForFunction((k) => window.harness.iframeOf(k), `app-${i + 1}`);
    const frame = await handle.asElement().contentFrame();
    await frame.waitForFunction(() => window.demoReport && (window.demoReport.done || window.demoReport.error), undefined, { timeout: 20_000 });
    const report = await frame.evaluate(() => window.demoReport);
    console.log(`\n${example}`);
    for (const step of report.steps) console.log(`  ✓ ${step}`);
    if (report.error) {
      failed = true;
      console.log(`  ✗ ${report.error.code}: ${report.error.message}`);
    }
  }
  mkdirSync(".artifacts", { recursive: true });
  await page.screenshot({ path: ".artifacts/demo.png", fullPage: true });
  console.log("\nscreenshot: .artifacts/demo.png");
} finally {
  await browser.close();
}

if (once || failed) {
  await host.close();
  process.exit(failed ? 1 : 0);
}
console.log(`\nThe demo host is running. Open ${url}\n(${host.appOrigin} serves the app pages.) Ctrl-C stops it.`);
