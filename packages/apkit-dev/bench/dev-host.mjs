// apkit-dev's benchmarks (`npm run bench -w apkit-dev`), the bars of issue 27, in Debian's Chromium:
// 1. start-up: startDevHost() with a Connect app (a served directory, every module place) and its Forge side
//    (a built resource, a resolver) until it resolves; and the host page until its first view is drawn;
// 2. a page's first getContext round trip: in a fresh frame that has called nothing yet, AP.context.getContext()
//    (Connect, the real all.js + connect-host.js) and view.getContext() (Forge, the real @forge/bridge over the
//    emulation), from the call to the answer; and from the frame's creation to that answer;
// 3. AP.request paced at 200 calls/s for 10 s through the dev host's product (page -> host server -> product), every
//    answer checked: errors, achieved rate, latency percentiles; then as fast as 16 concurrent callers go for 3 s.
// Writes bench/results/dev-host.json (in this package). Needs apkit built (`npm run build` at the repository root).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, startDevHost } from "../src/index.mjs";
import { FIXTURE, forgeBuild, tempDirs } from "../test/support.mjs";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => +x.toFixed(2);

const temp = tempDirs();
const forgeDir = await forgeBuild(temp.make("apkit-dev-bench-"), "forge-bench.html");
const descriptor = JSON.parse(readFileSync(join(FIXTURE, "atlassian-connect.json"), "utf8").replaceAll("{page}", "bench.html"));
const options = {
  connect: { serve: FIXTURE, descriptor },
  forge: { manifest: join(FIXTURE, "manifest.yml"), resources: { main: forgeDir }, resolver: here("../test/fixtures/resolver.mjs") },
};

// ---- 1. start-up ------------------------------------------------------------------------------------------------------
const startups = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const h = await startDevHost(options);
  startups.push(performance.now() - t);
  await h.close();
}

const host = await startDevHost(options);
const browser = await launchChromium();
const result = { date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version } };
try {
  const page = await browser.newPage();
  const pageReady = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await page.goto(`${host.url}?view=home`);
    await page.waitForFunction(() => window.harness?.appsReady);
    await page.evaluate(() => window.harness.appsReady);
    pageReady.push(performance.now() - t);
  }
  result.startup = { startDevHostMedianMs: ms(median(startups)), runs: startups.length, hostPageReadyMedianMs: ms(median(pageReady)) };

  // ---- 2. the first getContext of a fresh frame ----------------------------------------------------------------------
  const frameOf = async (handle) => {
    let frame;
    while (!(frame = await handle.asElement().contentFrame())?.url().startsWith("http")) await new Promise((r) => setTimeout(r, 5));
    return frame;
  };
  const connectFirst = { call: [], sinceCreated: [] };
  const forgeFirst = { call: [], sinceCreated: [] };
  for (let i = 0; i < 15; i++) {
    const key = `bench-${i}`;
    const created = await page.evaluate((k) => {
      window.harness.createFrame({ addon_key: "fixture-app", key: k, url: `${window.harness.site.appOrigin}/__apps/fixture-app/bench.html`, context: { jira: { issue: { id: "10001", key: "ABC-1" } } } });
      return performance.now();
    }, key);
    const frame = await frameOf(await page.waitForFunction((k) => window.harness.iframeOf(k), key));
    // Polled, not on animation frames: Chromium gives an offscreen cross-origin iframe none.
    await frame.waitForFunction(() => window.AP?.context, undefined, { polling: 10 });
    const { start, end } = await frame.evaluate(async () => {
      const start = performance.now();
      await window.AP.context.getContext();
      return { start: performance.timeOrigin + start, end: performance.timeOrigin + performance.now() };
    });
    const origin = await page.evaluate(() => performance.timeOrigin);
    connectFirst.call.push(end - start);
    connectFirst.sinceCreated.push(end - (origin + created));

    const app = await page.evaluate(() => window.harness.apps.find((a) => a.key === "fixture-app"));
    const fcreated = await page.evaluate(([k, a]) => {
      const parent = document.getElementById("frames");
      window.harness.forge.createFrame({ key: k, app: a, module: { key: "panel" }, resource: "main", url: window.harness.forge.emulation.resourceUrl(a, "main"), parent, context: window.harness.forge.emulation.contextFor(a, "panel", { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" } }) });
      return performance.now();
    }, [`forge-${key}`, app]);
    const fframe = await frameOf(await page.waitForFunction((k) => window.harness.forge.iframeOf(k), `forge-${key}`));
    await fframe.waitForFunction(() => window.bridge, undefined, { polling: 10 });
    const f = await fframe.evaluate(async () => {
      const start = performance.now();
      await window.bridge.view.getContext();
      return { start: performance.timeOrigin + start, end: performance.timeOrigin + performance.now() };
    });
    forgeFirst.call.push(f.end - f.start);
    forgeFirst.sinceCreated.push(f.end - (origin + fcreated));
  }
  result.firstGetContext = {
    frames: connectFirst.call.length,
    connect: { roundTripMedianMs: ms(median(connectFirst.call)), fromFrameCreatedMedianMs: ms(median(connectFirst.sinceCreated)) },
    forge: { roundTripMedianMs: ms(median(forgeFirst.call)), fromFrameCreatedMedianMs: ms(median(forgeFirst.sinceCreated)) },
  };

  // ---- 3. AP.request at 200 calls/s, then flat out -----------------------------------------------------------------
  const frame = await frameOf(await page.waitForFunction(() => window.harness.iframeOf("bench-0")));
  const paced = await frame.evaluate(async ([rate, seconds]) => {
    const latencies = [];
    const errors = [];
    const total = rate * seconds;
    const start = performance.now();
    const calls = [];
    for (let i = 0; i < total; i++) {
      // Call i is due at start + i / rate: a steady 200/s, not bursts.
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = performance.now();
      calls.push(
        window.AP.request({ url: "/rest/api/3/issue/ABC-1", type: "GET" }).then(
          ({ body }) => {
            latencies.push(performance.now() - t);
            if (JSON.parse(body).key !== "ABC-1") errors.push("wrong body");
          },
          (e) => errors.push(String(e?.xhr?.status ?? e)),
        ),
      );
    }
    await Promise.all(calls);
    return { total, seconds: (performance.now() - start) / 1000, latencies, errors };
  }, [200, 10]);
  result.paced200PerSecond = {
    calls: paced.total,
    errors: paced.errors.length,
    achievedPerSecond: Math.round(paced.total / paced.seconds),
    latencyMs: { p50: ms(percentile(paced.latencies, 50)), p95: ms(percentile(paced.latencies, 95)), p99: ms(percentile(paced.latencies, 99)), max: ms(Math.max(...paced.latencies)) },
  };
  const flat = await frame.evaluate(async ([workers, seconds]) => {
    let done = 0;
    let errors = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < end) {
          try {
            const { body } = await window.AP.request({ url: "/rest/api/3/issue/ABC-1", type: "GET" });
            if (JSON.parse(body).key !== "ABC-1") errors++;
          } catch {
            errors++;
          }
          done++;
        }
      }),
    );
    return { done, errors, seconds };
  }, [16, 3]);
  result.flatOut = { concurrency: 16, callsPerSecond: Math.round(flat.done / flat.seconds), errors: flat.errors };
} finally {
  await browser.close();
  await host.close();
  temp.cleanup();
}

console.log("| apkit-dev (this machine) | |\n|---|---:|");
console.log(`| startDevHost(), a Connect app + its Forge side, median of ${result.startup.runs} | ${result.startup.startDevHostMedianMs} ms |`);
console.log(`| host page until its first view is drawn, median | ${result.startup.hostPageReadyMedianMs} ms |`);
console.log(`| first AP.context.getContext() of a fresh Connect frame: the call, median of ${result.firstGetContext.frames} | ${result.firstGetContext.connect.roundTripMedianMs} ms |`);
console.log(`| ... from creating the frame to that answer | ${result.firstGetContext.connect.fromFrameCreatedMedianMs} ms |`);
console.log(`| first view.getContext() of a fresh Forge frame: the call | ${result.firstGetContext.forge.roundTripMedianMs} ms |`);
console.log(`| ... from creating the frame to that answer | ${result.firstGetContext.forge.fromFrameCreatedMedianMs} ms |`);
console.log(`| AP.request paced at 200/s for 10 s: calls, errors, achieved rate | ${result.paced200PerSecond.calls}, ${result.paced200PerSecond.errors}, ${result.paced200PerSecond.achievedPerSecond}/s |`);
console.log(`| ... latency p50 / p95 / p99 / max | ${result.paced200PerSecond.latencyMs.p50} / ${result.paced200PerSecond.latencyMs.p95} / ${result.paced200PerSecond.latencyMs.p99} / ${result.paced200PerSecond.latencyMs.max} ms |`);
console.log(`| AP.request flat out, 16 concurrent callers, 3 s: calls/s, errors | ${result.flatOut.callsPerSecond}/s, ${result.flatOut.errors} |`);
mkdirSync(here("./results"), { recursive: true });
writeFileSync(here("./results/dev-host.json"), JSON.stringify(result, null, 2) + "\n");
if (result.paced200PerSecond.errors > 0 || result.flatOut.errors > 0) {
  console.error("apkit-dev bench: some AP.request calls failed");
  process.exit(1);
}
