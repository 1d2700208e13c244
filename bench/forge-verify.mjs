// Verifications per second of a Forge Invocation Token (RS256, key from a JWKS), one run, same tokens for everyone:
//   apkit/server verifyForgeInvocationToken (the built dist: node build, and the Web Crypto build for reference),
//     its key set fetched once from a JWKS server on 127.0.0.1 and cached;
//   jose 6 jwtVerify with a local JWKS (createLocalJWKSet, built once) + the same claim checks;
//   the atlassian-connect-express 11.5 pattern: a remote JWKS set (createRemoteJWKSet) built per request, so every
//     verification fetches the JWKS from the loopback server, + jose jwtVerify.
// Rounds are interleaved. Prints a markdown table; writes bench/results/forge-verify.json. Run `npm run build` first.
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus } from "node:os";
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from "jose";

const apkitNode = await import("apkit/server");
const apkitWeb = await import(new URL("../dist/server.mjs", import.meta.url).href);
const { createForgeKeys } = await import("apkit/testing");

const INSTALLATIONS = 100;
const TOKENS_PER_INSTALLATION = 10;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const ROUND_MS = Number(process.env.ROUND_MS ?? 400);

const forge = await createForgeKeys();
const tokens = [];
for (let i = 0; i < INSTALLATIONS; i++) {
  const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
  for (let j = 0; j < TOKENS_PER_INSTALLATION; j++) {
    tokens.push(await forge.sign({ principal: `557058:${randomUUID()}`, app: { installationId }, context: { extension: { issue: { key: `ABC-${j}` } } } }));
  }
}

let jwksFetches = 0;
const server = createServer((req, res) => {
  jwksFetches++;
  res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=600" }).end(JSON.stringify(forge.jwks));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1");
await once(server, "listening");
const jwksUrl = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;

const ISSUER = "forge/invocation-token";
function checkForgeClaims(payload) {
  const app = payload.app ?? {};
  if (app.id !== forge.appId) throw new Error("app.id");
  if (typeof app.installationId !== "string" || !app.installationId.startsWith("ari:cloud:ecosystem::installation/")) throw new Error("installationId");
  const api = new URL(app.apiBaseUrl);
  if (api.protocol !== "https:" || !/(^|\.)atlassian\.com$/.test(api.hostname)) throw new Error("apiBaseUrl");
  return payload;
}
const localJwks = createLocalJWKSet(forge.jwks);
const apkitOptions = { appId: forge.appId, jwksUrl };

const verifiers = {
  "apkit/server (node build), cached JWKS": (token) => apkitNode.verifyForgeInvocationToken(token, apkitOptions),
  "jose jwtVerify, local JWKS + checks": async (token) =>
    checkForgeClaims((await jwtVerify(token, localJwks, { algorithms: ["RS256"], issuer: ISSUER, audience: forge.appId })).payload),
  "ACE 11.5 pattern: remote JWKS set per request + jose": async (token) =>
    checkForgeClaims((await jwtVerify(token, createRemoteJWKSet(new URL(jwksUrl)), { issuer: ISSUER, audience: forge.appId })).payload),
  "apkit/server (Web Crypto build), for reference": (token) => apkitWeb.verifyForgeInvocationToken(token, apkitOptions),
};

// Everyone must accept every token and reject a tampered one before anything is timed.
for (const [name, verify] of Object.entries(verifiers)) {
  for (const token of tokens.slice(0, 50)) await verify(token);
  const [h, p, s] = tokens[0].split(".");
  const tampered = `${h}.${p}.${s.slice(0, -2)}${s.at(-2) === "A" ? "B" : "A"}${s.at(-1)}`;
  let rejected = false;
  try {
    await verify(tampered);
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error(`${name} accepted a tampered token`);
}

async function round(name, verify, ms) {
  let n = 0;
  const fetchesBefore = jwksFetches;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await verify(tokens[(n + i) % tokens.length]);
    n += 100;
  }
  return { n, fetches: jwksFetches - fetchesBefore };
}

const results = Object.fromEntries(Object.keys(verifiers).map((name) => [name, { count: 0, ms: 0, fetches: 0, rounds: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  const order = Object.keys(verifiers);
  if (r % 2) order.reverse();
  for (const name of order) {
    const start = performance.now();
    const { n, fetches } = await round(name, verifiers[name], ROUND_MS);
    const ms = performance.now() - start;
    Object.assign(results[name], { count: results[name].count + n, ms: results[name].ms + ms, fetches: results[name].fetches + fetches });
    results[name].rounds.push(Math.round((n / ms) * 1000));
  }
}
server.close();

const perSecond = (name) => Math.round((results[name].count / results[name].ms) * 1000);
const apkit = perSecond("apkit/server (node build), cached JWKS");
const rows = Object.keys(verifiers).map((name) => ({
  name,
  perSecond: perSecond(name),
  ratioApkitToThis: Number((apkit / perSecond(name)).toFixed(2)),
  jwksFetchesPerVerification: Number((results[name].fetches / results[name].count).toFixed(4)),
  rounds: results[name].rounds,
}));

console.log("| FIT verifier | verifications/s | apkit (node) ÷ this | JWKS fetches per verification |\n|---|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.name} | ${r.perSecond.toLocaleString("en-US")} | ${r.ratioApkitToThis.toFixed(2)} | ${r.jwksFetchesPerVerification} |`);

const out = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
  tokens: tokens.length,
  installations: INSTALLATIONS,
  rounds: ROUNDS,
  roundMs: ROUND_MS,
  results: rows,
  targets: { "apkit ÷ jose (local JWKS) ≥ 1": rows[0].perSecond / rows[1].perSecond >= 1 },
};
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/forge-verify.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
