// Forge Remote routes behind real HTTP servers on 127.0.0.1 (Express 5 and plain Node http), with a real JWKS
// server on loopback: the Forge middleware, and one route for both platforms, where a signed Connect install that
// carries an installationId links the Forge calls of that site to its Connect clientKey. The Express example's
// unified /api route is driven the same way.
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
  handleInstalled,
  signContextToken,
  toNodeHandler,
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

let forge: ForgeKeys;
let jwks: Awaited<ReturnType<typeof jwksServer>>;
let expressServer: Server;
let nodeServer: Server;
let expressBase = "";
let nodeBase = "";

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  forge = await createForgeKeys();
  jwks = await jwksServer(() => forge.jwks as { keys: unknown[] });
  const forgeOptions = { appId: forge.appId, jwksUrl: jwks.url };

  const app = express();
  expressServer = createServer(app);
  expressBase = await listen(expressServer);
  app.post("/installed", toNodeHandler((request) => handleInstalled(request, { baseUrl: expressBase, tenants, fetch: keyServer.fetch })));
  app.use("/forge", createForgeInvocationMiddleware(forgeOptions));
  app.post("/forge/event", (req, res) => {
    res.json({ installationId: req.forge!.installationId, module: req.forge!.module?.key, fromLocals: (res.locals.forge as { accountId?: string }).accountId });
  });
  app.use("/api", createAppMiddleware({ tenants, ...forgeOptions }));
  app.get("/api/items", (req, res) => {
    res.json({ clientKey: req.apkit!.clientKey, platform: req.apkit!.platform, viaForge: req.forge?.installationId ?? null });
  });

  // Plain Node http: without next the middleware resolves the identity, or undefined once it has answered.
  const auth = createAppMiddleware({ tenants, ...forgeOptions });
  nodeServer = createServer(async (req, res) => {
    const identity = await auth(req, res);
    if (identity) res.end(JSON.stringify({ clientKey: identity.clientKey, platform: identity.platform }));
  });
  nodeBase = await listen(nodeServer);
});

afterAll(async () => {
  expressServer?.close();
  nodeServer?.close();
  await jwks?.close();
});

async function call(url: string, authorization?: string, method = "GET") {
  const response = await fetch(url, { method, headers: authorization ? { authorization } : {} });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** Installs a site the way Atlassian does: a signed RS256 `installed` callback whose payload carries installationId. */
async function install(installationId: string) {
  const clientKey = randomUUID();
  const sharedSecret = secret();
  const qsh = await computeQsh("POST", `${expressBase}/installed`, expressBase);
  const token = installKeys.sign({ kid }, { iss: clientKey, aud: [expressBase], qsh, iat: nowS(), exp: nowS() + 180, sub: "557058:installer" });
  const body = { key: "com.example.app", clientKey, sharedSecret, baseUrl: "https://example.atlassian.net", productType: "jira", eventType: "installed", installationId };
  const response = await fetch(`${expressBase}/installed`, { method: "POST", headers: { authorization: `JWT ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status).toBe(204);
  return { clientKey, sharedSecret };
}

describe("createForgeInvocationMiddleware on Express", () => {
  test("a FIT passes with its invocation at req.forge and res.locals.forge", async () => {
    const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
    const token = await forge.sign({ app: { installationId }, principal: "557058:u" });
    expect(await call(`${expressBase}/forge/event`, `Bearer ${token}`, "POST")).toMatchObject({
      status: 200,
      body: { installationId, module: "issue-panel", fromLocals: "557058:u" },
    });
  });

  test("refusals are 401 JSON with WWW-Authenticate: Bearer; a Connect token is not a FIT", async () => {
    const wrongApp = await (await createForgeKeys()).sign();
    for (const [authorization, code] of [
      [undefined, "ERR_JWT_MISSING"],
      [`Bearer ${wrongApp}`, "ERR_JWT_KEY"],
      [`Bearer ${await forge.sign({ aud: `ari:cloud:ecosystem::app/${randomUUID()}` })}`, "ERR_JWT_CLAIM"],
      [`JWT ${await signContextToken({ iss: "k", sub: "u" }, "s")}`, "ERR_JWT_MISSING"],
    ] as const) {
      const response = await call(`${expressBase}/forge/event`, authorization, "POST");
      expect(response.status, String(authorization)).toBe(401);
      expect(response.body.error.code).toBe(code);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
  });
});

describe("one route for both platforms (createAppMiddleware)", () => {
  test.each([
    ["express", () => `${expressBase}/api/items`],
    ["node http", () => `${nodeBase}/`],
  ])("%s: the Connect iframe's context token and the Forge Custom UI's FIT resolve to the same clientKey", async (server, url) => {
    const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
    const { clientKey, sharedSecret } = await install(installationId);
    const jwt = await signContextToken({ iss: clientKey, sub: "557058:u", context: { jira: { issue: { key: "ABC-1" } } } }, sharedSecret);
    const fit = await forge.sign({ app: { installationId }, principal: "557058:u" });
    const connect = await call(url(), `JWT ${jwt}`);
    const fromForge = await call(url(), `Bearer ${fit}`);
    expect(connect).toMatchObject({ status: 200, body: { clientKey, platform: "connect" } });
    expect(fromForge).toMatchObject({ status: 200, body: { clientKey, platform: "forge" } });
    if (server === "express") expect(fromForge.body.viaForge).toBe(installationId);

    // A FIT of an installation that never installed the Connect side: refused like any unverifiable token.
    const stranger = await forge.sign({ app: { installationId: `ari:cloud:ecosystem::installation/${randomUUID()}` } });
    expect(await call(url(), `Bearer ${stranger}`)).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_SIGNATURE" } } });
  });

  test("while the JWKS is down, Forge calls are answered 503 and Connect calls keep working", async () => {
    const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
    const { clientKey, sharedSecret } = await install(installationId);
    const keys = await createForgeKeys({ appId: forge.appId });
    const down = await jwksServer(() => keys.jwks as { keys: unknown[] });
    down.mode = "500";
    const app = express();
    app.use(createAppMiddleware({ tenants, appId: forge.appId, jwksUrl: down.url }));
    app.get("/", (req, res) => res.json({ clientKey: req.apkit!.clientKey }));
    const server = createServer(app);
    const base = await listen(server);
    try {
      expect(await call(base, `Bearer ${await keys.sign({ app: { installationId } })}`)).toMatchObject({ status: 503, body: { error: { code: "ERR_JWKS_UNAVAILABLE" } } });
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
