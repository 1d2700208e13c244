// The dev host's server side against real loopback servers that play the app's backend and verify with apkit/server:
// the signed install, iframe URLs and context tokens, the product REST for backends, FITs to remotes, resolvers.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createMemoryTenantStore,
  createProductClient,
  handleInstalled,
  toNodeHandler,
  verifyContextToken,
  verifyForgeInvocationToken,
  verifyRequestToken,
} from "apkit/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDevHost } from "../src/index.mjs";
import { readJson, serve, tempDirs } from "./support.mjs";

const APP_ID = "ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555";
const fixture = (p) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));
const temp = tempDirs();

let host;
let backend;
const tenants = createMemoryTenantStore();
const seen = { installs: [], remote: [] };
let installStatus = undefined; // set to answer the next install with this status instead

/** The descriptor of a jwt app whose backend is `backend` (lifecycle, a panel, a dialog). */
const descriptor = (baseUrl) => ({
  key: "test-app",
  name: "Test app",
  baseUrl,
  authentication: { type: "jwt" },
  lifecycle: { installed: "/installed", uninstalled: "/uninstalled" },
  modules: {
    webPanels: [{ key: "panel", name: { value: "Panel" }, url: "/panel?issue={issue.key}", location: "atl.jira.view.issue.left.context" }],
  },
});

beforeAll(async () => {
  host = await startDevHost();
  backend = await serve(async (req, res) => {
    const url = new URL(req.url, backend.url);
    if (url.pathname === "/atlassian-connect.json") {
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify(descriptor("{{localBaseUrl}}")));
    }
    if (url.pathname === "/installed") {
      if (installStatus) {
        res.statusCode = installStatus;
        installStatus = undefined;
        return res.end("refused by the test");
      }
      // The real verification: RS256 by kid from the host's key server, aud, qsh, iss = clientKey.
      return toNodeHandler(async (request) => {
        seen.installs.push(await request.clone().json());
        return handleInstalled(request, { baseUrl: backend.url, tenants, keyServer: host.keyServer });
      })(req, res);
    }
    if (url.pathname.startsWith("/remote/")) {
      try {
        const call = await verifyForgeInvocationToken(req, { appId: APP_ID, jwksUrl: host.jwksUrl });
        seen.remote.push({ path: url.pathname + url.search, method: req.method, body: await readJson(req), call });
        res.setHeader("content-type", "application/json");
        res.setHeader("x-remote", "yes");
        res.statusCode = url.pathname.endsWith("/missing") ? 404 : 200;
        return res.end(JSON.stringify({ accountId: call.accountId, issueKey: call.context.extension?.issue?.key, module: call.module }));
      } catch (error) {
        res.statusCode = 401;
        return res.end(JSON.stringify({ error: { code: error.code } }));
      }
    }
    res.statusCode = 404;
    res.end();
  });
});
afterAll(async () => {
  await host?.close();
  await backend?.close();
  temp.cleanup();
});

const dev = (path, body, headers = {}) =>
  fetch(`${host.hostOrigin}${path}`, { method: body === undefined ? "GET" : "POST", headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("Connect: installing like a product", () => {
  test("the descriptor comes from the running backend; the backend verifies the signed install and stores the site", async () => {
    const app = await host.installApp({ descriptor: `${backend.url}/atlassian-connect.json`, baseUrl: backend.url });
    expect(app).toMatchObject({ key: "test-app", baseUrl: backend.url, lifecycleStatus: 204 });
    const stored = await tenants.get(host.site.clientKey);
    expect(stored).toMatchObject({ clientKey: host.site.clientKey, sharedSecret: app.sharedSecret, baseUrl: host.hostOrigin, cloudId: host.site.cloudId, productType: "jira" });
    expect(stored.installationId).toMatch(/^ari:cloud:ecosystem::installation\//);
    expect(host.requests.some((e) => e.kind === "lifecycle" && e.status === 204)).toBe(true);
  });

  test("a refused install is ERR_DEV_LIFECYCLE, and the app is not installed", async () => {
    installStatus = 401;
    const file = join(temp.make(), "atlassian-connect.json");
    writeFileSync(file, JSON.stringify({ ...descriptor(backend.url), key: "refused-app" }));
    await expect(host.installApp({ descriptor: file })).rejects.toMatchObject({ code: "ERR_DEV_LIFECYCLE" });
    expect(host.apps.map((a) => a.key)).not.toContain("refused-app");
  });

  test("descriptors are checked: loopback only, {{localBaseUrl}} needs a base URL, a key", async () => {
    await expect(host.installApp({ descriptor: { ...descriptor("https://app.example.com"), key: "remote-app" } })).rejects.toMatchObject({ code: "ERR_DEV_NOT_LOOPBACK" });
    await expect(host.installApp({ descriptor: "https://app.example.com/atlassian-connect.json" })).rejects.toMatchObject({ code: "ERR_DEV_NOT_LOOPBACK" });
    await expect(host.installApp({ descriptor: `${backend.url}/atlassian-connect.json` })).rejects.toMatchObject({ code: "ERR_DEV_DESCRIPTOR", message: expect.stringContaining("{{localBaseUrl}}") });
    await expect(host.installApp({ descriptor: { baseUrl: backend.url } })).rejects.toMatchObject({ code: "ERR_DEV_DESCRIPTOR" });
    await expect(host.installApp({ descriptor: join(temp.make(), "nothing.json") })).rejects.toMatchObject({ code: "ERR_DEV_DESCRIPTOR" });
  });

  test("iframe URLs: context filled in, signed over their qsh with the app's secret (verifyRequestToken accepts them)", async () => {
    const context = { jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } };
    const { url } = await (await dev("/__dev/frame-url", { app: "test-app", url: "/panel?issue={issue.key}", context })).json();
    const u = new URL(url);
    expect([u.origin, u.pathname, u.searchParams.get("issue"), u.searchParams.get("xdm_e")]).toEqual([backend.url, "/panel", "ABC-1", host.hostOrigin]);
    const secret = host.apps.find((a) => a.key === "test-app").sharedSecret;
    const claims = await verifyRequestToken({ method: "GET", url: u.pathname + u.search, headers: {} }, { baseUrl: backend.url, getSharedSecret: () => secret });
    expect(claims).toMatchObject({ clientKey: host.site.clientKey, accountId: host.product.myself.accountId, context });
    // Another URL with the same token is refused: the qsh binds it.
    const other = `/panel?issue=ABC-2&jwt=${u.searchParams.get("jwt")}`;
    await expect(verifyRequestToken({ method: "GET", url: other, headers: {} }, { baseUrl: backend.url, getSharedSecret: () => secret })).rejects.toMatchObject({ code: "ERR_JWT_QSH" });
  });

  test("context tokens are signed with the installed app's secret; frames of no app get the harness tenant's", async () => {
    const context = { jira: { issue: { id: "10001", key: "ABC-1" } } };
    const { token } = await (await dev("/__dev/token", { addonKey: "test-app", context })).json();
    const secret = host.apps.find((a) => a.key === "test-app").sharedSecret;
    expect(await verifyContextToken(token, { getSharedSecret: () => secret })).toMatchObject({ clientKey: host.site.clientKey, context });
    await expect(verifyContextToken(token, { getSharedSecret: () => host.tenant.sharedSecret })).rejects.toMatchObject({ code: "ERR_JWT_SIGNATURE" });
    const { token: harness } = await (await dev("/__dev/token", { addonKey: "no-such-app" })).json();
    expect(await verifyContextToken(harness, { getSharedSecret: () => host.tenant.sharedSecret })).toMatchObject({ clientKey: host.tenant.clientKey });
  });

  test("the backend's product calls (createProductClient, JWT with its secret) reach the product; others are 401", async () => {
    const stored = await tenants.get(host.site.clientKey);
    const client = createProductClient({ ...stored, key: "test-app" });
    const res = await client("/rest/api/3/issue/ABC-1");
    const got = await res.json();
    expect([res.status, got.key], JSON.stringify(got)).toEqual([200, "ABC-1"]);
    const put = await client("/rest/api/3/issue/ABC-1/properties/from-backend", { method: "PUT", body: { by: "backend" } });
    expect(put.status).toBe(201);
    expect(host.product.properties.get("issue/ABC-1").get("from-backend")).toEqual({ value: { by: "backend" } });
    expect(host.requests.at(-1)).toMatchObject({ platform: "backend", kind: "product", app: "test-app", method: "PUT", status: 201 });
    expect((await fetch(`${host.hostOrigin}/rest/api/3/issue/ABC-1`)).status).toBe(401);
    const forged = createProductClient({ ...stored, key: "test-app", sharedSecret: "not-the-secret" });
    expect((await forged("/rest/api/3/issue/ABC-1")).status).toBe(401);
  });
});

describe("the host's own endpoints", () => {
  test("answer the host page only: not another origin, not the app origin", async () => {
    expect((await dev("/__dev/site")).status).toBe(200);
    expect((await dev("/__dev/token", {}, { origin: host.appOrigin })).status).toBe(403);
    expect((await fetch(`${host.appOrigin}/__dev/site`)).status).toBe(403);
  });

  test("the product can be replaced from the page; a bad document is refused and changes nothing", async () => {
    const doc = await (await dev("/__dev/product")).json();
    const put = (value) => fetch(`${host.hostOrigin}/__dev/product`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
    const bad = await put({ ...doc, issues: [{ key: "ABC-9" }] });
    expect([bad.status, (await bad.json()).error.code]).toEqual([400, "ERR_DEV_BAD_PRODUCT"]);
    expect(host.product.snapshot()).toEqual(doc);
    doc.issues[0].fields.summary = "Edited on the page";
    expect((await put(doc)).status).toBe(200);
    expect(host.product.issues[0].fields.summary).toBe("Edited on the page");
  });
});

describe("Forge", () => {
  const manifest = {
    app: { id: APP_ID, connect: { key: "test-app" } },
    modules: {
      "jira:issuePanel": [{ key: "panel", resource: "main", title: "Panel", resolver: { function: "resolver" } }],
      "jira:globalPage": [{ key: "page", resource: "main", title: "Page", resolver: { endpoint: "remote-endpoint" } }],
      function: [{ key: "resolver", handler: "index.handler" }],
      endpoint: [{ key: "remote-endpoint", remote: "backend", route: { path: "/remote" } }],
    },
    resources: [{ key: "main", path: "static/main" }],
    remotes: [{ key: "backend", baseUrl: "https://backend.example.com" }, { key: "elsewhere", baseUrl: "https://elsewhere.example.com" }],
  };
  const call = (module, name, payload) => dev("/__dev/forge/call", { app: "test-app", module, call: name, payload, context: { accountId: host.product.myself.accountId, moduleKey: module, extension: { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" } } } });

  beforeAll(async () => {
    const dir = temp.make();
    writeFileSync(join(dir, "index.html"), "<!doctype html><html><head><title>r</title></head><body>resource</body></html>");
    await host.installForgeApp({ manifest, resources: { main: dir }, remotes: { backend: backend.url }, resolver: fixture("resolver.mjs") });
  });

  test("requestRemote reaches the remote with a FIT the backend verifies against the host's JWKS", async () => {
    const answer = await (await call("panel", "fetchRemote", { remoteKey: "backend", init: { path: "/remote/whoami?x=1", method: "POST", headers: [["content-type", "application/json"]], body: '{"a":1}' } })).json();
    expect(answer).toMatchObject({ status: 200, headers: { "x-remote": "yes" } });
    expect(JSON.parse(answer.body)).toEqual({ accountId: host.product.myself.accountId, issueKey: "ABC-1", module: { key: "panel", type: "jira:issuePanel" } });
    const { call: fit, path, body } = seen.remote.at(-1);
    expect([path, body]).toEqual(["/remote/whoami?x=1", { a: 1 }]);
    // The Connect tenant and the Forge installation are one: createAppVerifier links them by installationId.
    expect(fit.installationId).toBe((await tenants.get(host.site.clientKey)).installationId);
    expect(fit.cloudId).toBe(host.site.cloudId);
  });

  test("invokeRemote goes to the module's resolver endpoint (its route prefix) and answers { success, payload | error }", async () => {
    const ok = await (await call("page", "invokeRemote", { input: { path: "/items", method: "GET" } })).json();
    expect(ok).toMatchObject({ success: true, payload: { status: 200, headers: { "x-remote": ["yes"] }, body: { module: { key: "page", type: "jira:globalPage" } } } });
    expect(seen.remote.at(-1).path).toBe("/remote/items");
    const missing = await (await call("page", "invokeRemote", { input: { path: "/missing", method: "GET" } })).json();
    expect(missing).toMatchObject({ success: false, error: { status: 404 } });
  });

  test("invoke runs the local resolver module; a throw and a module without a resolver are coded errors", async () => {
    expect(await (await call("panel", "invoke", { functionKey: "echo", payload: { n: 1 } })).json()).toEqual({ echoed: { n: 1 }, accountId: host.product.myself.accountId, moduleKey: "panel" });
    expect(await (await call("panel", "invoke", { functionKey: "fail" })).json()).toMatchObject({ error: { code: "ERR_DEV_RESOLVER_FAILED", message: expect.stringContaining("resolver says no") } });
    expect(await (await call("page", "invoke", { functionKey: "echo" })).json()).toMatchObject({ error: { code: "ERR_DEV_NO_RESOLVER" } });
  });

  test("a remote that is not on loopback is refused (ERR_DEV_NOT_LOOPBACK), nothing is sent", async () => {
    const before = seen.remote.length;
    expect(await (await call("panel", "fetchRemote", { remoteKey: "elsewhere", init: { path: "/x" } })).json()).toMatchObject({ error: { code: "ERR_DEV_NOT_LOOPBACK" } });
    expect(seen.remote.length).toBe(before);
  });

  test("the resource is served on its own loopback origin, the emulation's shim injected first", async () => {
    const origin = host.apps.find((a) => a.key === "test-app").forge.resources.main;
    expect(origin).toMatch(/^http:\/\/localhost:\d+$/);
    const html = await (await fetch(`${origin}/`)).text();
    expect(html).toMatch(/^<!doctype html><html><head><script src="\/__apkit-dev\/forge-bridge-shim\.js" data-apkit-dev="forge-bridge-shim"><\/script><title>/);
    expect(await (await fetch(`${origin}/__apkit-dev/forge-bridge-shim.js`)).text()).toContain("globalThis.__bridge");
  });

  test("manifests are checked: app id, resources built, remotes and resources named", async () => {
    await expect(host.installForgeApp({ manifest: { ...manifest, app: { id: "not-an-ari" } } })).rejects.toMatchObject({ code: "ERR_DEV_MANIFEST" });
    await expect(host.installForgeApp({ manifest: { ...manifest, app: { id: APP_ID } } })).rejects.toMatchObject({ code: "ERR_DEV_RESOURCE" });
    await expect(host.installForgeApp({ manifest, resources: { nope: temp.make() } })).rejects.toMatchObject({ code: "ERR_DEV_MANIFEST" });
    await expect(host.installForgeApp({ manifest: join(temp.make(), "manifest.yml") })).rejects.toMatchObject({ code: "ERR_DEV_MANIFEST" });
  });

  test("the JWKS is what the verifier needs (RS256 keys of every Forge app)", async () => {
    const jwks = await (await fetch(host.jwksUrl)).json();
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.kty === "RSA" && k.alg === "RS256" && k.kid)).toBe(true);
  });
});
