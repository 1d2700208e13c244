// Writes bench/RESULTS.md from the JSON every benchmark and the size script leave in bench/results/: the numbers the
// README quotes, each with the date and machine of its run and the command that produced it.
import { readFileSync, writeFileSync } from "node:fs";

const read = (name) => JSON.parse(readFileSync(new URL(`results/${name}.json`, import.meta.url), "utf8"));
const size = read("size");
const request = read("request");
const forgeRequest = read("forge-request");
const server = read("server-verify");
const forge = read("forge-verify");
const tokens = read("apfetch-tokens");
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const when = (r) => `${r.date.slice(0, 10)}, ${r.machine?.cpu ?? r.cpu}, Node ${r.machine?.node ?? r.node}`;

const lines = [
  "# Measured results",
  "",
  "Written by `npm run bench` (`bench/report.mjs`) from `bench/results/*.json`. Every number comes from a script in this",
  "repository; rerun it to check.",
  "",
  `## Size (\`npm run size\`; ${when(size)})`,
  "",
  "| bundle (minified, gzip -9) | size | budget (fails CI) | target |",
  "|---|---:|---:|---:|",
  ...size.rows.map(
    (r) => `| ${r.name} | ${kb(r.bytes)} | ${r.budget ? kb(r.budget) : "–"} | ${r.target ? `${kb(r.target)} ${r.bytes > r.target ? "(missed)" : "(met)"}` : "–"} |`,
  ),
  "",
  "| what costs what (on top of the foundation) | gzip |",
  "|---|---:|",
  ...size.breakdown.map((b) => `| ${b.name} | ${b.bytes} B |`),
  "",
  `## Request overhead on the real bridge (\`npm run bench:request\`; ${when(request)}, Chromium ${request.machine.chromium})`,
  "",
  `GET /rest/api/3/myself through connect-host.js + all.js (atlassian-connect-js) on two loopback origins, ${request.callsPerVariant} calls per variant, medians per call:`,
  "",
  "| variant | median |",
  "|---|---:|",
  `| raw \`AP.request\` + \`JSON.parse\` | ${request.medianMs.raw} ms |`,
  `| raw \`AP.request\` + building a \`Response\` and \`.json()\` | ${request.medianMs.rawResponse} ms |`,
  `| apkit \`request()\` + \`.json()\` | ${request.medianMs.apkit} ms |`,
  `| **ratio apkit / raw** (target ≤ 1.10) | **${request.ratioVsRaw}** |`,
  `| ratio apkit / raw + Response | ${request.ratioVsRawResponse} |`,
  `| overhead per call | ${request.overheadUsPerCall} µs |`,
  "",
  `## Request overhead on Forge Custom UI (\`npm run bench:forge\`; ${when(forgeRequest)}, Chromium ${forgeRequest.machine.chromium})`,
  "",
  `GET /rest/api/3/myself in the Forge iframe of the local demo host: the real @forge/bridge 7.2.0, its host emulated over postMessage (docs/forge.md), ${forgeRequest.callsPerVariant} calls per variant, medians per call:`,
  "",
  "| variant | median |",
  "|---|---:|",
  `| @forge/bridge \`requestJira\` + \`.json()\` | ${forgeRequest.medianMs.raw} ms |`,
  `| apkit \`request()\` on apkit/forge + \`.json()\` | ${forgeRequest.medianMs.apkit} ms |`,
  ...(forgeRequest.medianMs.compat ? [`| raw \`AP.request({ success })\` on apkit/compat over the same apkit + \`JSON.parse\` | ${forgeRequest.medianMs.compat} ms |`] : []),
  `| **ratio apkit / requestJira** | **${forgeRequest.ratioVsRaw}** |`,
  `| overhead per call | ${forgeRequest.overheadUsPerCall} µs |`,
  "",
  ...(forgeRequest.compat
    ? [
        `Legacy code on Forge: the same GET as raw \`AP.request\` in the Forge iframe of examples/legacy-panel (apkit/compat's \`installAP\` over apkit/forge), against @forge/bridge in the same frame, ${forgeRequest.compat.callsPerVariant} calls per variant, medians per call:`,
        "",
        "| variant | median |",
        "|---|---:|",
        `| @forge/bridge \`requestJira\` + \`text()\` + \`JSON.parse\` | ${forgeRequest.compat.medianMs.raw} ms |`,
        `| \`AP.request({ success })\` on apkit/compat + \`JSON.parse\` | ${forgeRequest.compat.medianMs.compat} ms |`,
        `| **ratio AP.request (apkit/compat) / requestJira** (target ≤ 1.15) | **${forgeRequest.compat.ratioVsRaw}** |`,
        `| overhead per call | ${forgeRequest.compat.overheadUsPerCall} µs |`,
        "",
        ...(forgeRequest.instantPlatformUs
          ? [
              `Without a bridge, against a platform that answers at once (what apkit and apkit/compat themselves cost per call): building the \`Response\` and \`JSON.parse\` ${forgeRequest.instantPlatformUs.raw} µs, apkit \`request()\` ${forgeRequest.instantPlatformUs.apkit} µs, \`AP.request\` through apkit/compat ${forgeRequest.instantPlatformUs.compat} µs.`,
              "",
            ]
          : []),
      ]
    : []),
  `## Context-token verification (\`npm run bench:server\`; ${when(server)})`,
  "",
  `${server.tokens} tokens over ${server.tenants} tenants, ${server.rounds} interleaved rounds, median verifications per second:`,
  "",
  "| verifier | verifications/s | apkit (node) ÷ this |",
  "|---|---:|---:|",
  ...server.results.map((r) => `| ${r.name} | ${r.perSecond.toLocaleString("en-US")} | ${r.ratioApkitToThis} |`),
  "",
  `## Forge Invocation Token verification (\`npm run bench:server\`; ${when(forge)})`,
  "",
  `${forge.tokens} RS256 tokens over ${forge.installations} installations, a JWKS server on 127.0.0.1, ${forge.rounds} interleaved rounds:`,
  "",
  "| verifier | verifications/s | apkit (node) ÷ this | JWKS fetches per verification |",
  "|---|---:|---:|---:|",
  ...forge.results.map((r) => `| ${r.name} | ${r.perSecond.toLocaleString("en-US")} | ${r.ratioApkitToThis} | ${r.jwksFetchesPerVerification} |`),
  "",
  `## apFetch token round trips (\`npm run bench:tokens\`; ${when(tokens)})`,
  "",
  "| scenario | calls | getToken calls | target |",
  "|---|---:|---:|---|",
  ...tokens.rows.map((r) => `| ${r.scenario} | ${r.calls} | ${r.getToken} | ${r.target} (${r.met ? "met" : "missed"}) |`),
  "",
];
writeFileSync(new URL("RESULTS.md", import.meta.url), lines.join("\n"));
console.log(lines.join("\n"));
