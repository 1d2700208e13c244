// How many getToken calls apFetch makes, against a real backend on 127.0.0.1 that verifies every token with
// apkit/server (built dist, node condition):
//   A. 50 concurrent calls on a cold cache (target: 1)
//   B. 1000 sequential calls spread over one simulated hour of 15-minute tokens (target: <= 5, and no 401)
//   C. B against a backend with session tokens (createContextTokenMiddleware({ sessionTokens: true }): a fresh
//      token in X-acpt on every answer, which apFetch adopts) (target: 2, one per session: a session lasts maxAge,
//      an hour by default, so the first one ends apFetch's margin (60 s) before the simulated hour does)
// Prints a markdown table; writes bench/results/apfetch-tokens.json. Run `npm run build` first.
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus } from "node:os";
import { createApFetch } from "apkit";
import { createContextTokenMiddleware, signContextToken } from "apkit/server";

const clientKey = randomUUID();
const sharedSecret = randomBytes(32).toString("base64url");
const clock = { now: Date.now() };
let rejected = 0;

async function backend(sessionTokens) {
  const auth = createContextTokenMiddleware({ getSharedSecret: (k) => (k === clientKey ? sharedSecret : undefined), now: () => clock.now, sessionTokens });
  const server = createServer(async (req, res) => {
    const claims = await auth(req, res);
    if (!claims) {
      rejected++;
      return;
    }
    res.end("ok");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, baseUrl: `http://127.0.0.1:${server.address().port}` };
}
const { server, baseUrl } = await backend(false);
const sessions = await backend(true);

function host() {
  const counter = { calls: 0 };
  counter.getToken = async () => {
    counter.calls++;
    const iat = Math.floor(clock.now / 1000);
    return signContextToken({ iss: clientKey, sub: "557058:bench", context: {}, iat, exp: iat + 900 }, sharedSecret);
  };
  return counter;
}

const rows = [];
{
  const h = host();
  const api = createApFetch({ baseUrl, getToken: h.getToken, now: () => clock.now });
  const before = rejected;
  const started = performance.now();
  const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => api(`/item/${i}`).then((r) => r.text().then(() => r.status))));
  rows.push({
    scenario: "50 concurrent calls, cold cache",
    calls: 50,
    getToken: h.calls,
    target: "= 1",
    met: h.calls === 1,
    ok: responses.filter((s) => s === 200).length,
    rejected: rejected - before,
    ms: Math.round(performance.now() - started),
  });
}
async function hour(url, scenario, target, met) {
  const h = host();
  const api = createApFetch({ baseUrl: url, getToken: h.getToken, now: () => clock.now });
  const before = rejected;
  const started = performance.now();
  let ok = 0;
  for (let i = 0; i < 1000; i++) {
    const r = await api("/tick");
    await r.text();
    if (r.status === 200) ok++;
    clock.now += 3600; // 1000 calls x 3.6 s = one hour
  }
  rows.push({ scenario, calls: 1000, getToken: h.calls, target, met: met(h.calls), ok, rejected: rejected - before, ms: Math.round(performance.now() - started) });
}
await hour(baseUrl, "1000 sequential calls over 1 simulated hour, 15-minute tokens", "<= 5", (n) => n <= 5);
await hour(sessions.baseUrl, "the same hour against a backend with session tokens (X-acpt; sessions end after an hour)", "= 2", (n) => n === 2);
server.close();
sessions.server.close();

console.log("| scenario | calls | getToken calls | target | 200s | 401s |\n|---|---:|---:|---|---:|---:|");
for (const r of rows) console.log(`| ${r.scenario} | ${r.calls} | ${r.getToken} | ${r.target} ${r.met ? "(met)" : "(MISSED)"} | ${r.ok} | ${r.rejected} |`);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/apfetch-tokens.json", import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, node: process.version }, rows }, null, 2) + "\n",
);
if (rows.some((r) => !r.met || r.rejected)) process.exitCode = 1;
