// Request overhead of apkit on Forge Custom UI vs @forge/bridge's own requestJira, in the Forge iframe of the local
// demo (apkit-dev): the real @forge/bridge 7.2.0 in Debian's Chromium, its __bridge emulated over postMessage by the
// host page (apkit-dev's forge/bridge-shim.js + host/forge-emulation.mjs; an emulation, docs/dev-host.md), the path
// answered from the host page's memory (a page route, as bench/request.mjs does). Both variants run in the same frame, in alternating rounds, each sample a batch of 10 sequential calls.
//   raw    requestJira(path) then response.json()
//   apkit  APKit.request(path) then response.json() (apkit/forge selected: requestJira underneath, plus apkit's
//          deadline, checks and Response rebuild)
// Then, in the Forge iframe of examples/legacy-panel (a raw-AP page on apkit/compat), the same GET as legacy code
// makes it, against @forge/bridge in the same frame:
//   raw     requestJira(path) then JSON.parse(await response.text())
//   compat  AP.request({ url: path, success }) then JSON.parse(text) (apkit/compat's installAP over apkit/forge)
// Usage: node bench/forge-request.mjs [calls=300]. Needs `npm run build && npm run example:react` first.
// Writes bench/results/forge-request.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { median, ms } from "./stats.mjs";
import { launchChromium, startDemo } from "../scripts/demo.mjs";

const calls = Number(process.argv[2]) || 300;

/**
 * Runs in the frame (passed as source): the variants in alternating rounds, `batch` sequential calls each, after 3
 * warm-up rounds; the per-call time of each batch, by variant.
 */
async function alternate(variants, n, batch) {
  const out = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = -3; round < Math.ceil(n / batch); round++) {
    for (const [name, call] of Object.entries(variants)) {
      const t = performance.now();
      for (let i = 0; i < batch; i++) await call();
      if (round >= 0) out[name].push((performance.now() - t) / batch);
    }
  }
  return out;
}
const BATCH = 10;

/** The frame of a Forge module's iframe once it shows its resource (before, it is about:blank, a context that goes away). */
async function resourceFrame(page, key) {
  const handle = await page.waitForFunction((k) => window.harness.forge?.iframeOf(k), key, { timeout: 30_000 });
  let frame = await handle.asElement().contentFrame();
  for (const end = Date.now() + 30_000; !frame?.url().startsWith("http"); frame = await handle.asElement().contentFrame()) {
    if (Date.now() > end) throw new Error(`the Forge iframe ${key} never loaded its resource`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return frame;
}
const demo = await startDemo();
const browser = await launchChromium();
try {
  // Tall enough that both Forge iframes are on screen: Chromium schedules an off-screen frame's work differently.
  const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
  await page.goto(demo.url);
  await page.waitForFunction(() => window.harness?.appsReady);
  await page.evaluate(async () => {
    await window.harness.appsReady;
    const myself = JSON.stringify(window.harness.myself);
    window.harness.route("GET", "/rest/api/3/myself", () => ({ status: 200, statusText: "OK", headers: { "content-type": "application/json;charset=UTF-8" }, body: myself }));
  });
  const frame = await resourceFrame(page, "shared-note-forge");
  // The app's own start-up selected Forge on this page's apkit; the bench imports the same modules (import map).
  // Polled, not on animation frames: Chromium gives an offscreen cross-origin iframe none.
  await frame.waitForFunction(() => window.demoReport?.steps?.some((s) => s.startsWith("platform: ")), null, { timeout: 30_000, polling: 50 });
  const samples = await frame.evaluate(
    async ([source, n, batch]) => {
      const alternate = new Function(`return (${source})`)();
      const bridge = (await import("@forge/bridge")).default;
      const APKit = await import("apkit");
      if (APKit.platformName() !== "forge") throw new Error(`apkit runs on ${APKit.platformName()}, not forge`);
      // apkit/compat over this frame's apkit too, so the three compare in one frame.
      const { installAP } = await import(new URL("apkit/compat.mjs", location.href).href);
      const AP = installAP({ warn: () => {} });
      const path = "/rest/api/3/myself";
      return alternate(
        {
          raw: async () => (await bridge.requestJira(path)).json(),
          apkit: async () => (await APKit.request(path)).json(),
          compat: () => new Promise((resolve, reject) => AP.request({ url: path, success: (text) => resolve(JSON.parse(text)), error: reject })),
        },
        n,
        batch,
      );
    },
    [alternate.toString(), calls, BATCH],
  );
  // What apkit and apkit/compat themselves cost per call, without a bridge: the same calls against a platform that
  // answers at once (the frame's Forge platform is done with by now).
  const instant = await frame.evaluate(
    async ([source, n, batch]) => {
      const alternate = new Function(`return (${source})`)();
      const APKit = await import("apkit");
      const { installAP } = await import(new URL("apkit/compat.mjs", location.href).href);
      const body = '{"accountId":"557058:harness-user","displayName":"Harness User"}';
      const answer = () => new Response(body, { status: 200, statusText: "OK", headers: { "content-type": "application/json" } });
      await APKit.loadAP({ platform: { name: "instant", request: { request: async () => answer() } } });
      const AP = installAP({ warn: () => {} });
      const path = "/rest/api/3/myself";
      return alternate(
        {
          raw: async () => JSON.parse(await answer().text()),
          apkit: async () => JSON.parse(await (await APKit.request(path)).text()),
          compat: () => new Promise((resolve, reject) => AP.request({ url: path, success: (text) => resolve(JSON.parse(text)), error: reject })),
        },
        n,
        batch,
      );
    },
    // Big batches: a frame's clock is coarse (microseconds, with jitter), and these calls are short.
    [alternate.toString(), calls * 10, 200],
  );
  // The legacy page's frame: its AP is apkit/compat's; the raw bridge is a second copy of @forge/bridge imported here
  // (the same package, over the same emulated __bridge).
  const legacy = await resourceFrame(page, "legacy-note-forge");
  await legacy.waitForFunction(() => /ABC-1/.test(document.getElementById("issue")?.textContent ?? ""), null, { timeout: 30_000, polling: 50 });
  const legacySamples = await legacy.evaluate(
    async ([source, n, batch]) => {
      const alternate = new Function(`return (${source})`)();
      const bridge = (await import(new URL("vendor/forge-bridge.mjs", location.href).href)).default;
      const path = "/rest/api/3/myself";
      return alternate(
        {
          raw: async () => JSON.parse(await (await bridge.requestJira(path)).text()),
          compat: () => new Promise((resolve, reject) => window.AP.request({ url: path, success: (text) => resolve(JSON.parse(text)), error: reject })),
        },
        n,
        batch,
      );
    },
    [alternate.toString(), calls, BATCH],
  );
  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, chromium: browser.version() },
    callsPerVariant: samples.raw.length * BATCH,
    medianMs: { raw: ms(median(samples.raw)), apkit: ms(median(samples.apkit)), compat: ms(median(samples.compat)) },
  };
  result.ratioVsRaw = +(result.medianMs.apkit / result.medianMs.raw).toFixed(3);
  result.overheadUsPerCall = Math.round((result.medianMs.apkit - result.medianMs.raw) * 1000);
  result.compatRatioVsRaw = +(result.medianMs.compat / result.medianMs.raw).toFixed(3);
  const compat = { callsPerVariant: legacySamples.raw.length * BATCH, medianMs: { raw: ms(median(legacySamples.raw)), compat: ms(median(legacySamples.compat)) } };
  compat.ratioVsRaw = +(compat.medianMs.compat / compat.medianMs.raw).toFixed(3);
  compat.overheadUsPerCall = Math.round((compat.medianMs.compat - compat.medianMs.raw) * 1000);
  result.compat = compat;
  const us = (samples) => Math.round(median(samples) * 1000);
  result.instantPlatformUs = { raw: us(instant.raw), apkit: us(instant.apkit), compat: us(instant.compat) };
  console.log(`| GET /rest/api/3/myself in the Forge iframe (emulated host), ${result.callsPerVariant} calls each | median per call |\n|---|---:|`);
  console.log(`| @forge/bridge requestJira + json() | ${result.medianMs.raw} ms |`);
  console.log(`| apkit request() on apkit/forge + json() | ${result.medianMs.apkit} ms |`);
  console.log(`| ratio apkit / requestJira | ${result.ratioVsRaw} |`);
  console.log(`| overhead per call | ${result.overheadUsPerCall} µs |`);
  console.log(`| AP.request({ success }) on apkit/compat over the same apkit + JSON.parse | ${result.medianMs.compat} ms (ratio ${result.compatRatioVsRaw}) |`);
  console.log(`\n| GET /rest/api/3/myself in the legacy panel's Forge iframe (apkit/compat), ${compat.callsPerVariant} calls each | median per call |\n|---|---:|`);
  console.log(`| @forge/bridge requestJira + text() + JSON.parse | ${compat.medianMs.raw} ms |`);
  console.log(`| AP.request({ success }) on apkit/compat + JSON.parse | ${compat.medianMs.compat} ms |`);
  console.log(`| ratio AP.request (apkit/compat) / requestJira (target ≤ 1.15) | ${compat.ratioVsRaw} |`);
  console.log(`| overhead per call | ${compat.overheadUsPerCall} µs |`);
  const i = result.instantPlatformUs;
  console.log(`\nWithout a bridge (a platform answering at once): a Response + JSON.parse ${i.raw} µs, apkit request() ${i.apkit} µs, AP.request through apkit/compat ${i.compat} µs per call`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/forge-request.json", JSON.stringify(result, null, 2) + "\n");
} finally {
  await browser.close();
  await demo.close();
}
