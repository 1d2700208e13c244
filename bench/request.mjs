// Request overhead of apkit vs the raw bridge, on the real bridge: connect-host.js + all.js (atlassian-connect-js)
// in Debian's Chromium, in apkit-dev's host page, host and app on two loopback origins. The path is answered by a
// page route (harness.route: in the host page's memory, no HTTP to the dev host's product), ~0.6 ms round trips: the
// worst case for relative overhead (a real Jira answers in tens of milliseconds; apkit-dev's own product, over HTTP,
// in about 1 ms more: packages/apkit-dev/bench).
// Three variants run in rounds, so drift hits all alike; performance.now() is coarse (0.1 ms) in a browser, so
// each sample times a batch of 10 sequential calls.
//   raw          AP.request({ url, type }) and JSON.parse(body)
//   raw+Response the same, then building a fetch Response from it and calling .json() (what apkit returns)
//   apkit        APKit.request(path) then response.json()
// Usage: node bench/request.mjs [calls=400]. Needs `npm run build` first. Writes bench/results/request.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { median, ms } from "./stats.mjs";
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import { startDevHost } from "apkit-dev";

const calls = Number(process.argv[2]) || 400;
const BATCH = 10;
const at = (path) => fileURLToPath(new URL(path, import.meta.url));
const host = await startDevHost({ mounts: { "/app/": at("../test/e2e/pages/"), "/dist/": at("../dist/") } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.waitForFunction(() => window.harness?.appsReady);
  await page.evaluate(async (url) => {
    await window.harness.appsReady;
    const myself = JSON.stringify(window.harness.myself);
    window.harness.route("GET", "/rest/api/3/myself", () => ({ status: 200, statusText: "OK", headers: { "content-type": "application/json;charset=UTF-8" }, body: myself }));
    window.harness.createFrame({ key: "app-1", url, height: "260px" });
  }, `${host.appOrigin}/app/page.html`);
  const handle = await page.waitForFunction(() => window.harness.iframeOf("app-1"));
  const frame = await handle.asElement().contentFrame();
  await frame.waitForFunction(() => window.APKit && window.AP && window.AP.request);
  const samples = await frame.evaluate(
    async ([n, batch]) => {
      const path = "/rest/api/3/myself";
      const variants = {
        raw: async () => JSON.parse((await window.AP.request({ url: path, type: "GET" })).body),
        rawResponse: async () => {
          const { body, xhr } = await window.AP.request({ url: path, type: "GET" });
          return new Response(body, { status: xhr.status, headers: xhr.headers }).json();
        },
        apkit: async () => (await window.APKit.request(path)).json(),
      };
      const out = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
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
    medianMs: { raw: ms(median(samples.raw)), rawResponse: ms(median(samples.rawResponse)), apkit: ms(median(samples.apkit)) },
  };
  result.ratioVsRaw = +(result.medianMs.apkit / result.medianMs.raw).toFixed(3);
  result.ratioVsRawResponse = +(result.medianMs.apkit / result.medianMs.rawResponse).toFixed(3);
  result.overheadUsPerCall = Math.round((result.medianMs.apkit - result.medianMs.raw) * 1000);
  console.log(`| GET /rest/api/3/myself on the real bridge, ${result.callsPerVariant} calls each | median per call |\n|---|---:|`);
  console.log(`| raw AP.request + JSON.parse | ${result.medianMs.raw} ms |`);
  console.log(`| raw AP.request + new Response(...).json() | ${result.medianMs.rawResponse} ms |`);
  console.log(`| apkit request() + response.json() | ${result.medianMs.apkit} ms |`);
  console.log(`| ratio apkit / raw | ${result.ratioVsRaw} |`);
  console.log(`| ratio apkit / raw+Response | ${result.ratioVsRawResponse} |`);
  console.log(`| overhead per call | ${result.overheadUsPerCall} µs |`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/request.json", JSON.stringify(result, null, 2) + "\n");
} finally {
  await browser.close();
  await host.close();
}
