// A local Connect host for tests, benchmarks and the demo: one HTTP server on loopback that serves
// - the host page (http://127.0.0.1:PORT/host.html) with the real connect-host.js from atlassian-connect-js,
//   plus product.js, which defines request/context/user/... the way a product does (in-memory REST);
// - app pages on a second origin (http://localhost:PORT/...) with the real all.js (iframe.js) and apkit's dist.
// 127.0.0.1 and localhost are different origins to the browser, so the bridge is a real cross-origin one.
import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleProduct } from "./bundle-product.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const require = createRequire(import.meta.url);
const acjs = dirname(require.resolve("atlassian-connect-js/package.json"));

const CDN_ALL_JS = "https://connect-cdn.atl-paas.net/all.js";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * Starts the host on 127.0.0.1 (and [::1] on the same port when available).
 * The returned host can also install apps from their descriptors the way a product does (`installApp`): see below.
 * @param {{ port?: number, mounts?: Record<string, string>, routes?: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => void | Promise<void>>, log?: (line: string) => void }} [options]
 *   mounts: URL prefix -> directory served on both origins; routes: exact path -> handler (checked first).
 */
export async function startHost(options = {}) {
  const tenant = {
    clientKey: `harness-${randomUUID()}`,
    // A fresh secret per run: nothing secret is stored in the repository.
    sharedSecret: randomBytes(32).toString("base64url"),
  };
  const mounts = {
    "/vendor/jquery.js": require.resolve("jquery/dist/jquery.min.js"),
    "/vendor/connect-host.js": join(acjs, "dist/connect-host.js"),
    "/vendor/connect-host.css": join(acjs, "dist/connect-host.css"),
    "/vendor/all.js": join(acjs, "dist/iframe.js"),
    "/dist/": join(root, "dist") + sep,
    // Static apps deploy apkit.global.js next to their pages; the local host serves the built one there.
    "/examples/static-app/apkit.global.js": join(root, "dist/apkit.global.js"),
    // The two-platforms example imports apkit's ESM build deployed next to its pages (an import map names it).
    "/examples/two-platforms/apkit/": join(root, "dist") + sep,
    "/examples/": join(root, "examples") + sep,
    "/": join(here, "public") + sep,
    ...options.mounts,
  };
  const routes = {
    "/__host/token": async (req, res) => {
      const body = JSON.parse((await readBody(req)) || "{}");
      const now = Math.floor(Date.now() / 1000);
      const token = signHs256(
        {
          iss: tenant.clientKey,
          sub: body.accountId ?? "557058:harness-user",
          qsh: "context-qsh",
          iat: now,
          exp: now + (Number(body.ttl) || 900),
          context: body.context ?? {},
        },
        tenant.sharedSecret,
      );
      send(res, 200, JSON.stringify({ token }), "application/json");
    },
    // The real @forge/bridge (CommonJS) bundled as one ES module, as a Custom UI app's bundler would include it; the
    // two-platforms example's Forge page imports it. Built once per host with esbuild (a dev dependency), ~0.5 s.
    "/examples/two-platforms/vendor/forge-bridge.mjs": async (req, res) => {
      forgeBridgeBundle ??= bundleForgeBridge();
      send(res, 200, await forgeBridgeBundle, "text/javascript; charset=utf-8");
    },
    ...options.routes,
  };
  let forgeBridgeBundle;
  // The product behaviour shared with apkit/testing (property REST, request answers), built from its TypeScript.
  const productShared = await bundleProduct();
  routes["/product-shared.js"] ??= (req, res) => send(res, 200, productShared, TYPES[".js"]);

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
      const route = routes[url.pathname];
      if (route) return await route(req, res, url);
      const file = lookup(mounts, decodeURIComponent(url.pathname));
      if (!file) return send(res, 404, "not found", "text/plain");
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      if (extname(file) === ".html") {
        // Pages load all.js from Atlassian's CDN; this offline host serves the npm package's copy in its place.
        return send(res, 200, readFileSync(file, "utf8").replaceAll(CDN_ALL_JS, "/vendor/all.js"), type);
      }
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      createReadStream(file).pipe(res);
    } catch (error) {
      options.log?.(`host: ${req.method} ${req.url} failed: ${error}`);
      if (!res.headersSent) send(res, 500, String(error), "text/plain");
      else res.end();
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, "127.0.0.1", ok);
  });
  const { port } = server.address();
  // Browsers may try [::1] first for "localhost"; answer there too when the machine has IPv6 loopback.
  const server6 = createServer(server.listeners("request")[0]);
  const has6 = await new Promise((ok) => {
    server6.once("error", () => ok(false));
    server6.listen(port, "::1", () => ok(true));
  });

  // ---- apps installed from their descriptors, as a product installs them ------------------------------------
  // The host page frames their modules (product.js) and resolves their dialogs (product-ui.js) from /__host/apps.
  // Lifecycle callbacks are signed like Atlassian's signed installs: RS256 with a key pair made here (per run),
  // whose public key this server publishes under its kid, as https://connect-install-keys.atlassian.com does.
  // An app backend accepts them only if it is pointed at this key server (a development-only setting).
  const hostOrigin = `http://127.0.0.1:${port}`;
  const apps = new Map();
  let signing;
  const signingKey = () => {
    if (!signing) {
      const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      signing = { kid: `apkit-local-host-${randomUUID()}`, privateKey: privateKey.export({ type: "pkcs8", format: "pem" }) };
      const pem = publicKey.export({ type: "spki", format: "pem" });
      routes[`/__host/install-keys/${signing.kid}`] = (req, res) => send(res, 200, pem, "text/plain");
    }
    return signing;
  };
  routes["/__host/apps"] = (req, res) =>
    send(res, 200, JSON.stringify([...apps.values()].map(({ key, name, baseUrl, descriptor, forge }) => ({ key, name, baseUrl, modules: descriptor.modules ?? {}, ...(forge && { forge }) }))), "application/json");

  /** POSTs a lifecycle event to the app, signed RS256 for the app's baseUrl; resolves the app's answer. */
  async function lifecycle(app, eventType) {
    const jwt = require("atlassian-jwt"); // Atlassian's own JWT library signs, so the product side is not apkit's
    const url = app.baseUrl + app.descriptor.lifecycle[eventType];
    const { kid, privateKey } = signingKey();
    const now = Math.floor(Date.now() / 1000);
    const qsh = jwt.createQueryStringHash(jwt.fromMethodAndUrl("POST", url), false, app.baseUrl);
    const token = jwt.encodeAsymmetric({ iss: tenant.clientKey, aud: [app.baseUrl], qsh, iat: now, exp: now + 180 }, privateKey, jwt.AsymmetricAlgorithm.RS256, { kid });
    const payload = {
      key: app.key,
      clientKey: tenant.clientKey,
      ...(app.descriptor.authentication?.type === "jwt" ? { sharedSecret: tenant.sharedSecret } : {}),
      baseUrl: hostOrigin,
      displayUrl: hostOrigin,
      productType: "jira",
      description: "apkit local Connect host",
      serverVersion: "local",
      pluginsVersion: require("atlassian-connect-js/package.json").version,
      eventType,
    };
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
      headers: { authorization: `JWT ${token}`, "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    const text = await res.text();
    options.log?.(`host: ${eventType} ${app.key} -> ${res.status}`);
    if (!res.ok) throw new Error(`${eventType} of ${app.key}: POST ${url} answered ${res.status} ${text}`);
    return res.status;
  }

  return {
    port,
    /** The host page origin. */
    hostOrigin: `http://127.0.0.1:${port}`,
    /** The app origin (a different origin for the browser). */
    appOrigin: `http://localhost:${port}`,
    tenant,
    /** The install-key server of this host: point an app backend's lifecycle `keyServer` here (development only). */
    keyServer: `${hostOrigin}/__host/install-keys`,
    /**
     * Installs an app: reads its descriptor, POSTs the signed `installed` lifecycle event when it declares one
     * (with this run's tenant: clientKey, and sharedSecret for `authentication: jwt`), then lists it for the host
     * page. `baseUrl` replaces the descriptor's (a static descriptor names where it is deployed, not this host).
     * @param {{ descriptor: string, baseUrl?: string }} spec
     */
    async installApp(spec) {
      const res = await fetch(spec.descriptor, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`install: GET ${spec.descriptor} answered ${res.status}`);
      const descriptor = await res.json();
      const baseUrl = String(spec.baseUrl ?? descriptor.baseUrl).replace(/\/+$/, "");
      const app = { key: descriptor.key, name: descriptor.name, baseUrl, descriptor, lifecycleStatus: undefined };
      if (descriptor.lifecycle?.installed) app.lifecycleStatus = await lifecycle(app, "installed");
      apps.set(app.key, app);
      return app;
    },
    /**
     * Installs the Forge side of an app: a manifest (as an object: `{ app: { connect: { key } }, modules: {
     * "jira:issuePanel": [{ key, resource, title }] }, resources: [{ key, path }] }`) whose Custom UI resources are
     * pages on this host's app origin. A migrated app keeps its Connect key (`app.connect.key`): the host page then
     * shows its Connect issue panels and its Forge issue panels side by side (product-forge.js). The Forge host
     * there is an EMULATION of an unpublished protocol, read from @forge/bridge (docs/forge.md).
     * @param {{ manifest: { app?: { connect?: { key?: string } }, modules?: Record<string, Array<Record<string, unknown>>>, resources?: Array<{ key: string, path: string }> }, key?: string, name?: string }} spec
     */
    installForgeApp(spec) {
      const key = spec.manifest.app?.connect?.key ?? spec.key;
      if (!key) throw new TypeError("installForgeApp: give manifest.app.connect.key (a migrated app) or key");
      for (const r of spec.manifest.resources ?? []) {
        const url = new URL(r.path, `http://localhost:${port}`);
        if (url.origin !== `http://localhost:${port}`) throw new TypeError(`installForgeApp: resource ${r.key} must be served by this host (${url.href})`);
      }
      const app = apps.get(key) ?? { key, name: spec.name ?? key, baseUrl: "", descriptor: {}, lifecycleStatus: undefined };
      app.forge = { modules: spec.manifest.modules ?? {}, resources: spec.manifest.resources ?? [] };
      apps.set(key, app);
      return app;
    },
    /** Uninstalls an app installed with installApp: POSTs its signed `uninstalled` event, if any, and unlists it. */
    async uninstallApp(key) {
      const app = apps.get(key);
      if (!app) return undefined;
      apps.delete(key);
      return app.descriptor.lifecycle?.uninstalled ? lifecycle(app, "uninstalled") : undefined;
    },
    /** Stops both listeners. */
    close: () =>
      Promise.all([
        new Promise((ok) => server.close(() => ok())),
        has6 ? new Promise((ok) => server6.close(() => ok())) : undefined,
      ]).then(() => undefined),
  };
}

/** @forge/bridge as one ES module for the browser: the default export and the named exports apps use. */
async function bundleForgeBridge() {
  const { build } = await import("esbuild");
  const result = await build({
    stdin: {
      contents:
        'import * as bridge from "@forge/bridge";\n' +
        "export default bridge;\n" +
        "export const { view, events, Modal, showFlag, router, requestJira, requestConfluence, requestBitbucket, requestRemote, invoke, invokeRemote, i18n } = bridge;\n",
      resolveDir: root,
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

function lookup(mounts, pathname) {
  for (const [prefix, target] of Object.entries(mounts).sort((a, b) => b[0].length - a[0].length)) {
    if (prefix.endsWith("/") ? !pathname.startsWith(prefix) : pathname !== prefix) continue;
    let file = prefix.endsWith("/") ? normalize(join(target, pathname.slice(prefix.length))) : target;
    if (prefix.endsWith("/") && !file.startsWith(target)) return undefined; // no ../ escapes
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (existsSync(file)) return file;
  }
  return undefined;
}

function send(res, status, body, type) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

function readBody(req) {
  return new Promise((ok, fail) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => ok(data));
    req.on("error", fail);
  });
}

/** HS256 JWT, as Atlassian products sign context tokens. */
export function signHs256(claims, secret) {
  const enc = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${enc({ typ: "JWT", alg: "HS256" })}.${enc(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

// `node host/server.mjs` serves the host until interrupted.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const host = await startHost({ port: Number(process.env.PORT) || 0, log: console.error });
  console.log(`host page: ${host.hostOrigin}/host.html`);
}
