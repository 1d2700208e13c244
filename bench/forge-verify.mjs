// Verifications per second of a Forge Invocation Token (RS256, key from a JWKS), one run, same tokens for everyone:
//   apkit/server verifyForgeInvocationToken (the built dist: node build, and the Web Crypto build for reference),
//     its key set fetched once from a JWKS server on 127.0.0.1 and cached;
//   apkit/server createAppVerifier on the same tokens as requests: the FIT path with the tenant lookup and the check
//     that the tenant is the token's site (cloudId), over a memory store of the 100 sites;
//   node:crypto's own RS256 verify of the same tokens with the key imported once, and the payload parsed: the floor
//     under any verifier (what is left is the cost of the checks);
//   jose 6 jwtVerify with a local JWKS (createLocalJWKSet, built once) + the same claim checks;
//   the atlassian-connect-express 11.5 pattern: a remote JWKS set (createRemoteJWKSet) built per request, so every
//     verification fetches the JWKS from the loopback server, + jose jwtVerify.
// Rounds are interleaved. Prints a markdown table; writes bench/results/forge-verify.json. Run `npm run build` first.
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus } from "node:os";
import { createPublicKey, randomUUID, verify } from "node:crypto";
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
const tenants = apkitNode.createMemoryTenantStore();
for (let i = 0; i < INSTALLATIONS; i++) {
  const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
  const cloudId = randomUUID();
  const siteUrl = `https://site-${i}.atlassian.net`;
  tenants.set({ clientKey: randomUUID(), sharedSecret: randomUUID(), baseUrl: siteUrl, key: "com.example.app", installationId, cloudId });
  for (let j = 0; j < TOKENS_PER_INSTALLATION; j++) {
    tokens.push(await forge.sign({ principal: `557058:${randomUUID()}`, app: { installationId }, context: { cloudId, siteUrl, extension: { issue: { key: `ABC-${j}` } } } }));
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
const appVerifier = apkitNode.createAppVerifier({ tenants, ...apkitOptions });
const rawKey = createPublicKey({ key: forge.jwks.keys[0], format: "jwk" });

const verifiers = {
  "apkit/server (node build), cached JWKS": (token) => apkitNode.verifyForgeInvocationToken(token, apkitOptions),
  "apkit/server createAppVerifier, FIT path with the tenant's cloudId check": (token) =>
    appVerifier({ method: "GET", url: "/api", headers: { authorization: `Bearer ${token}` } }),
  "node:crypto RS256 verify, key imported once, payload parsed (the floor)": (token) => {
    const first = token.indexOf(".");
    const last = token.lastIndexOf(".");
    if (!verify("RSA-SHA256", Buffer.from(token.slice(0, last)), rawKey, Buffer.from(token.slice(last + 1), "base64url"))) throw new Error("signature");
    return JSON.parse(Buffer.from(token.slice(first + 1, last), "base64url").toString());
  },
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
const APP = "apkit/server createAppVerifier, FIT path with the tenant's cloudId check";
const FLOOR = "node:crypto RS256 verify, key imported once, payload parsed (the floor)";
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
console.log(`\nFIT path with the cloudId check: ${(perSecond(APP) / perSecond("jose jwtVerify, local JWKS + checks")).toFixed(2)}x jose (local JWKS), ${(perSecond(APP) / perSecond(FLOOR)).toFixed(2)}x node:crypto's own verify`);

const out = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
  tokens: tokens.length,
  installations: INSTALLATIONS,
  rounds: ROUNDS,
  roundMs: ROUND_MS,
  results: rows,
  targets: {
    "apkit ÷ jose (local JWKS) ≥ 1": rows[0].perSecond / perSecond("jose jwtVerify, local JWKS + checks") >= 1,
    "FIT path with the cloudId check ÷ jose (local JWKS) ≥ 2": perSecond(APP) / perSecond("jose jwtVerify, local JWKS + checks") >= 2,
    "FIT path with the cloudId check ÷ node:crypto's own verify ≥ 0.85": perSecond(APP) / perSecond(FLOOR) >= 0.85,
  },
  ratios: {
    "FIT path with the cloudId check ÷ jose (local JWKS)": Number((perSecond(APP) / perSecond("jose jwtVerify, local JWKS + checks")).toFixed(2)),
    "FIT path with the cloudId check ÷ node:crypto's own verify": Number((perSecond(APP) / perSecond(FLOOR)).toFixed(2)),
    "verifyForgeInvocationToken ÷ node:crypto's own verify": Number((rows[0].perSecond / perSecond(FLOOR)).toFixed(2)),
  },
};
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/forge-verify.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
