// Request overhead of apkit on Forge Custom UI vs @forge/bridge's own requestJira, in the Forge iframe of the local
// demo (apkit-dev): the real @forge/bridge 7.2.0 in Debian's Chromium, its __bridge emulated over postMessage by the
// host page (apkit-dev's forge/bridge-shim.js + host/forge-emulation.mjs; an emulation, docs/dev-host.md), the path
// answered from the host page's memory (a page route, as bench/request.mjs does). Both variants run in the same frame, in alternating rounds, each sample a batch of 10 sequential calls.
//   raw    requestJira(path) then response.json()
//   apkit  APKit.request(path) then response.json() (apkit/forge selected: requestJira underneath, plus apkit's
//          deadline, checks and Response rebuild)
// Usage: node bench/forge-request.mjs [calls=300]. Needs `npm run build && npm run example:react` first.
// Writes bench/results/forge-request.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { median, ms } from "./stats.mjs";
import { launchChromium, startDemo } from "../scripts/demo.mjs";

const calls = Number(process.argv[2]) || 300;
const BATCH = 10;
const demo = await startDemo();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(demo.url);
  await page.waitForFunction(() => window.harness?.appsReady);
  await page.evaluate(async () => {
    await window.harness.appsReady;
    const myself = JSON.stringify(window.harness.myself);
    window.harness.route("GET", "/rest/api/3/myself", () => ({ status: 200, statusText: "OK", headers: { "content-type": "application/json;charset=UTF-8" }, body: myself }));
  });
  const handle = await page.waitForFunction(() => window.harness.forge?.iframeOf("shared-note-forge"), null, { timeout: 30_000 });
  // The iframe's frame once it shows the resource (before, it is about:blank, a context that goes away).
  let frame = await handle.asElement().contentFrame();
  for (const end = Date.now() + 30_000; !frame?.url().startsWith("http"); frame = await handle.asElement().contentFrame()) {
    if (Date.now() > end) throw new Error("the Forge iframe never loaded its resource");
    await new Promise((r) => setTimeout(r, 25));
  }
  // The app's own start-up selected Forge on this page's apkit; the bench imports the same modules (import map).
  // Polled, not on animation frames: Chromium gives an offscreen cross-origin iframe none.
  await frame.waitForFunction(() => window.demoReport?.steps?.some((s) => s.startsWith("platform: ")), null, { timeout: 30_000, polling: 50 });
  const samples = await frame.evaluate(
    async ([n, batch]) => {
      const bridge = (await import("@forge/bridge")).default;
      const APKit = await import("apkit");
      if (APKit.platformName() !== "forge") throw new Error(`apkit runs on ${APKit.platformName()}, not forge`);
      const path = "/rest/api/3/myself";
      const variants = {
        raw: async () => (await bridge.requestJira(path)).json(),
        apkit: async () => (await APKit.request(path)).json(),
      };
      const out = { raw: [], apkit: [] };
      const rounds = Math.ceil(n / batch);
      for (let round = -3; round < rounds; round++) {
        for (const [name, call] of Object.entries(variants)) {
          const t = performance.now();
          for (let i = 0; i < batch; i++) await call();
          if (round >= 0) out[name].push((performance.now() - t) / batch); // the first rounds warm up
        }
      }
      return out;
    },
    [calls, BATCH],
  );
  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, chromium: browser.version() },
    callsPerVariant: samples.raw.length * BATCH,
    medianMs: { raw: ms(median(samples.raw)), apkit: ms(median(samples.apkit)) },
  };
  result.ratioVsRaw = +(result.medianMs.apkit / result.medianMs.raw).toFixed(3);
  result.overheadUsPerCall = Math.round((result.medianMs.apkit - result.medianMs.raw) * 1000);
  console.log(`| GET /rest/api/3/myself in the Forge iframe (emulated host), ${result.callsPerVariant} calls each | median per call |\n|---|---:|`);
  console.log(`| @forge/bridge requestJira + json() | ${result.medianMs.raw} ms |`);
  console.log(`| apkit request() on apkit/forge + json() | ${result.medianMs.apkit} ms |`);
  console.log(`| ratio apkit / requestJira | ${result.ratioVsRaw} |`);
  console.log(`| overhead per call | ${result.overheadUsPerCall} µs |`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/forge-request.json", JSON.stringify(result, null, 2) + "\n");
} finally {
  await browser.close();
  await demo.close();
}
