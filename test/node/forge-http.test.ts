// Forge Remote routes behind real HTTP servers on 127.0.0.1 (Express 5 and plain Node http), with a real JWKS
// server and a real "site" server (answering `/_edge/tenant_info`) on loopback: the Forge middleware, and one route
// for both platforms through the three phases of the migration (Connect only, both, Forge only; docs/server.md
// "After Connect"), where a signed Connect install that carries an installationId, a site's cloud id, or a Forge
// lifecycle event link the Forge calls of that site to its tenant. The Express example's /api is driven the same way.
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  computeQsh,
  createAppMiddleware,
  createForgeInvocationMiddleware,
  createMemoryTenantStore,
  handleForgeInstalled,
  handleInstalled,
  signContextToken,
  toNodeHandler,
  type AnyAPKitServerError,
  type AppIdentity,
} from "apkit/server";
import { createForgeKeys, type ForgeKeys } from "apkit/testing";
import { keyServerFetch, rsaKeys, secret } from "./server-helpers.js";
import { jwksServer } from "./forge-suite.js";
// @ts-expect-error the example is plain JavaScript
import { startExampleServer } from "../../examples/server/index.mjs";

const installKeys = rsaKeys();
const kid = "1f2e3d4c-5b6a-4798-8877-665544332211";
const keyServer = keyServerFetch({ [kid]: installKeys.pem });
const tenants = createMemoryTenantStore();
const nowS = () => Math.floor(Date.now() / 1000);
/** What the middlewares' onError hooks heard, in order. */
const refusals: Array<{ via: string; code: string; message: string }> = [];

let forge: ForgeKeys;
let jwks: Awaited<ReturnType<typeof jwksServer>>;
let expressServer: Server;
let nodeServer: Server;
let siteServer: Server;
let expressBase = "";
let nodeBase = "";
let siteBase = "";
/** Cloud ids by site host, as the site server answers them. */
const cloudIds = new Map<string, string>();

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Atlassian's key server from keyServerFetch; any site's tenant_info from the loopback site server (by host). */
const outbound = async (url: string, init?: RequestInit): Promise<Response> => {
  const target = new URL(url);
  if (target.pathname !== "/_edge/tenant_info") return keyServer.fetch(url, init);
  return fetch(`${siteBase}/_edge/tenant_info`, { ...init, headers: { "x-site": target.hostname } });
};

beforeAll(async () => {
  forge = await createForgeKeys();
  jwks = await jwksServer(() => forge.jwks as { keys: unknown[] });
  const forgeOptions = { appId: forge.appId, jwksUrl: jwks.url };
  siteServer = createServer((req, res) => {
    const cloudId = cloudIds.get(String(req.headers["x-site"]));
    if (!cloudId) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ cloudId }));
  });
  siteBase = await listen(siteServer);

  const app = express();
  expressServer = createServer(app);
  expressBase = await listen(expressServer);
  const hook = (via: string) => (error: AnyAPKitServerError) => void refusals.push({ via, code: error.code, message: error.message });
  app.post("/installed", toNodeHandler((request) => handleInstalled(request, { baseUrl: expressBase, tenants, fetch: outbound })));
  app.post("/forge/installed", toNodeHandler((request) => handleForgeInstalled(request, { tenants, ...forgeOptions })));
  app.use("/forge", createForgeInvocationMiddleware({ ...forgeOptions, onError: hook("forge") }));
  app.post("/forge/event", (req, res) => {
    res.json({ installationId: req.forge!.installationId, module: req.forge!.module?.key, fromLocals: (res.locals.forge as { accountId?: string }).accountId });
  });
  app.use("/api", createAppMiddleware({ tenants, ...forgeOptions, onError: hook("app") }));
  app.get("/api/items", (req, res) => {
    const identity = req.apkit as AppIdentity;
    res.json({ clientKey: identity.clientKey ?? null, cloudId: identity.cloudId ?? null, platform: identity.platform, viaForge: req.forge?.installationId ?? null });
  });

  // Plain Node http: without next the middleware resolves the identity, or undefined once it has answered.
  const auth = createAppMiddleware({ tenants, ...forgeOptions, onError: hook("node") });
  nodeServer = createServer(async (req, res) => {
    const identity = await auth(req, res);
    if (identity) res.end(JSON.stringify({ clientKey: identity.clientKey ?? null, cloudId: identity.cloudId ?? null, platform: identity.platform }));
  });
  nodeBase = await listen(nodeServer);
});

afterAll(async () => {
  expressServer?.close();
  nodeServer?.close();
  siteServer?.close();
  await jwks?.close();
});

async function call(url: string, authorization?: string, method = "GET") {
  const response = await fetch(url, { method, headers: authorization ? { authorization } : {} });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** A site of its own: its host, cloud id (answered by the site server when `published`) and Forge installation. */
function newSite({ published = true } = {}) {
  const host = `site-${randomUUID().slice(0, 8)}.atlassian.net`;
  const cloudId = randomUUID();
  if (published) cloudIds.set(host, cloudId);
  return { baseUrl: `https://${host}`, cloudId, installationId: `ari:cloud:ecosystem::installation/${randomUUID()}` };
}
type Site = ReturnType<typeof newSite>;

/** Installs a site the way Atlassian does: a signed RS256 `installed` callback whose payload carries installationId. */
async function install(site: Site, { withInstallationId = true } = {}) {
  const clientKey = randomUUID();
  const sharedSecret = secret();
  const qsh = await computeQsh("POST", `${expressBase}/installed`, expressBase);
  const token = installKeys.sign({ kid }, { iss: clientKey, aud: [expressBase], qsh, iat: nowS(), exp: nowS() + 180, sub: "557058:installer" });
  const body = { key: "com.example.app", clientKey, sharedSecret, baseUrl: site.baseUrl, productType: "jira", eventType: "installed", ...(withInstallationId ? { installationId: site.installationId } : {}) };
  const response = await fetch(`${expressBase}/installed`, { method: "POST", headers: { authorization: `JWT ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status).toBe(204);
  return { clientKey, sharedSecret };
}
/** A FIT of the site, as Forge signs it for a call from its Custom UI. */
const fitOf = (site: Site, installationId = site.installationId) =>
  forge.sign({ app: { installationId }, principal: "557058:u", context: { cloudId: site.cloudId, siteUrl: site.baseUrl } });

describe("createForgeInvocationMiddleware on Express", () => {
  test("a FIT passes with its invocation at req.forge and res.locals.forge", async () => {
    const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
    const token = await forge.sign({ app: { installationId }, principal: "557058:u" });
    expect(await call(`${expressBase}/forge/event`, `Bearer ${token}`, "POST")).toMatchObject({
      status: 200,
      body: { installationId, module: "issue-panel", fromLocals: "557058:u" },
    });
  });

  test("refusals are 401 JSON with WWW-Authenticate: Bearer and a fixed message; onError hears each with its reason", async () => {
    const wrongApp = await (await createForgeKeys()).sign();
    refusals.length = 0;
    for (const [authorization, code] of [
      [undefined, "ERR_JWT_MISSING"],
      [`Bearer ${wrongApp}`, "ERR_JWT_KEY"],
      [`Bearer ${await forge.sign({ aud: `ari:cloud:ecosystem::app/${randomUUID()}` })}`, "ERR_JWT_CLAIM"],
      [`JWT ${await signContextToken({ iss: "k", sub: "u" }, "s")}`, "ERR_JWT_MISSING"],
    ] as const) {
      const response = await call(`${expressBase}/forge/event`, authorization, "POST");
      expect(response.status, String(authorization)).toBe(401);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.message).not.toMatch(/ari:cloud|kid|127\.0\.0\.1/);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
    expect(refusals.map((r) => [r.via, r.code])).toEqual([
      ["forge", "ERR_JWT_MISSING"],
      ["forge", "ERR_JWT_KEY"],
      ["forge", "ERR_JWT_CLAIM"],
      ["forge", "ERR_JWT_MISSING"],
    ]);
    expect(refusals[1]!.message).toMatch(/No key with kid/);
  });
});

describe("one route for both platforms (createAppMiddleware)", () => {
  test.each([
    ["express", () => `${expressBase}/api/items`],
    ["node http", () => `${nodeBase}/`],
  ])("%s: the Connect iframe's context token and the Forge Custom UI's FIT resolve to the same tenant", async (server, url) => {
    const site = newSite();
    const { clientKey, sharedSecret } = await install(site);
    const jwt = await signContextToken({ iss: clientKey, sub: "557058:u", context: { jira: { issue: { key: "ABC-1" } } } }, sharedSecret);
    const connect = await call(url(), `JWT ${jwt}`);
    const fromForge = await call(url(), `Bearer ${await fitOf(site)}`);
    expect(connect).toMatchObject({ status: 200, body: { clientKey, cloudId: site.cloudId, platform: "connect" } });
    expect(fromForge).toMatchObject({ status: 200, body: { clientKey, cloudId: site.cloudId, platform: "forge" } });
    if (server === "express") expect(fromForge.body.viaForge).toBe(site.installationId);
  });

  test.each([
    ["express", "app", () => `${expressBase}/api/items`],
    ["node http", "node", () => `${nodeBase}/`],
  ])("%s, issue 21: a FIT linked to no tenant is answered like a bad signature; onError hears ERR_JWT_TENANT and why", async (_server, via, url) => {
    refusals.length = 0;
    const stranger = newSite();
    const answer = await call(url(), `Bearer ${await fitOf(stranger)}`);
    expect(answer).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_SIGNATURE", message: "The token could not be verified." } } });
    expect(refusals).toEqual([{ via, code: "ERR_JWT_TENANT", message: expect.stringMatching(/No tenant is linked to the Forge installation .* or its site/) }]);
  });

  test("the three phases on one route: Connect only, both, then Forge only", async () => {
    const url = `${expressBase}/api/items`;
    // 1. Connect only: the installed callback stores the site with its cloud id (tenant_info); context tokens work.
    const veteran = newSite();
    const { clientKey, sharedSecret } = await install(veteran, { withInstallationId: false });
    expect(tenants.get(clientKey)?.cloudId).toBe(veteran.cloudId);
    const jwt = await signContextToken({ iss: clientKey, sub: "557058:u" }, sharedSecret);
    expect(await call(url, `JWT ${jwt}`)).toMatchObject({ status: 200, body: { clientKey, cloudId: veteran.cloudId, platform: "connect" } });
    // 2. Both: a module moved to Forge; its FIT has an installation no payload named, and is found by its site.
    expect(await call(url, `Bearer ${await fitOf(veteran)}`)).toMatchObject({ status: 200, body: { clientKey, cloudId: veteran.cloudId, platform: "forge" } });
    expect(tenants.get(clientKey)?.installationId).toBe(veteran.installationId);
    // A reinstall changed the installation without telling the app: the same tenant, re-linked.
    const renewed = `ari:cloud:ecosystem::installation/${randomUUID()}`;
    expect(await call(url, `Bearer ${await fitOf(veteran, renewed)}`)).toMatchObject({ status: 200, body: { clientKey, platform: "forge", viaForge: renewed } });
    expect(await call(url, `JWT ${jwt}`)).toMatchObject({ status: 200, body: { clientKey, platform: "connect" } });
    // 3. Forge only: a new site installs after the last Connect module is gone; the Forge lifecycle event creates it.
    const newcomer = newSite({ published: false });
    const event = await forge.sign({ principal: undefined, app: { installationId: newcomer.installationId }, context: { cloudId: newcomer.cloudId, siteUrl: newcomer.baseUrl } });
    expect((await call(`${expressBase}/forge/installed`, `Bearer ${event}`, "POST")).status).toBe(204);
    expect(await call(url, `Bearer ${await fitOf(newcomer)}`)).toMatchObject({ status: 200, body: { clientKey: null, cloudId: newcomer.cloudId, platform: "forge" } });
    // A FIT of another site for that installation is refused.
    const impostor = { ...newSite(), installationId: newcomer.installationId };
    expect(await call(url, `Bearer ${await fitOf(impostor)}`)).toMatchObject({ status: 401 });
  });

  test("while the JWKS is down, Forge calls are answered 503 and Connect calls keep working", async () => {
    const site = newSite();
    const { clientKey, sharedSecret } = await install(site);
    const keys = await createForgeKeys({ appId: forge.appId });
    const down = await jwksServer(() => keys.jwks as { keys: unknown[] });
    down.mode = "500";
    const app = express();
    app.use(createAppMiddleware({ tenants, appId: forge.appId, jwksUrl: down.url }));
    app.get("/", (req, res) => res.json({ clientKey: req.apkit!.clientKey }));
    const server = createServer(app);
    const base = await listen(server);
    try {
      expect(await call(base, `Bearer ${await keys.sign({ app: { installationId: site.installationId } })}`)).toMatchObject({ status: 503, body: { error: { code: "ERR_JWKS_UNAVAILABLE" } } });
      const jwt = await signContextToken({ iss: clientKey, sub: "557058:u" }, sharedSecret);
      expect(await call(base, `JWT ${jwt}`)).toMatchObject({ status: 200, body: { clientKey } });
    } finally {
      server.close();
      await down.close();
    }
  });
});

describe("the Express example's /api serves both platforms", () => {
  test("whoami answers the same clientKey for a Connect context token and a FIT", async () => {
    const exampleTenants = createMemoryTenantStore();
    const server = await startExampleServer({ tenants: exampleTenants, forge: { appId: forge.appId, jwksUrl: jwks.url } });
    try {
      const clientKey = randomUUID();
      const sharedSecret = secret();
      const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
      exampleTenants.set({ clientKey, sharedSecret, baseUrl: "https://example.atlassian.net", key: "com.example.apkit.react", productType: "jira", installationId });
      const jwt = await signContextToken({ iss: clientKey, sub: "557058:u", context: { jira: { issue: { key: "ABC-1" } } } }, sharedSecret);
      const fit = await forge.sign({ app: { installationId }, principal: "557058:u", context: { extension: { issue: { key: "ABC-1" } } } });
      const viaConnect = await call(`${server.url}/api/whoami`, `JWT ${jwt}`);
      const viaForge = await call(`${server.url}/api/whoami`, `Bearer ${fit}`);
      expect(viaConnect).toMatchObject({ status: 200, body: { clientKey, platform: "connect", issueKey: "ABC-1", accountId: "557058:u" } });
      expect(viaForge).toMatchObject({ status: 200, body: { clientKey, platform: "forge", issueKey: "ABC-1", accountId: "557058:u" } });
    } finally {
      await server.close();
    }
  });
});
