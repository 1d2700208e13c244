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
import { checkVerifiers, interleave } from "./verifiers.mjs";

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

await checkVerifiers(verifiers, tokens.slice(0, 50));
const results = await interleave(verifiers, tokens, { rounds: ROUNDS, roundMs: ROUND_MS, batch: 100, extra: () => ({ fetches: jwksFetches }) });
server.close();

const perSecond = (name) => results[name].perSecond;
const apkit = perSecond("apkit/server (node build), cached JWKS");
const rows = Object.keys(verifiers).map((name) => ({
  name,
  perSecond: perSecond(name),
  ratioApkitToThis: Number((apkit / perSecond(name)).toFixed(2)),
  jwksFetchesPerVerification: Number((results[name].extra.fetches / results[name].count).toFixed(4)),
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
