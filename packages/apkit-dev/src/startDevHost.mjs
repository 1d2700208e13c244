// startDevHost: the local Jira/Confluence-like host for an app under development. One HTTP server on loopback
// serves two origins (127.0.0.1 and localhost are different origins to the browser, so the Connect bridge is a real
// cross-origin one):
// - http://127.0.0.1:PORT   the host page (host.html) with the real connect-host.js from atlassian-connect-js, the
//                           product's page modules (public/host/*.mjs) over apkit/testing's product model, the
//                           emulated Forge Custom UI host, and the host's own endpoints (/__dev/*), the install-key
//                           server, the Forge JWKS, and the product REST for app backends (JWT-signed calls);
// - http://localhost:PORT   app pages it serves (a static Connect app's directory, mounts), all.js, the shim.
// Each Forge Custom UI resource gets an origin of its own (resources.mjs). Nothing listens beyond loopback.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { signContextToken } from "apkit/server";
import { createInstallKeys } from "apkit/testing";
import { acceptChannel } from "./channel.mjs";
import { frameUrl, readDescriptor, sendLifecycle, verifyAppToken } from "./connect.mjs";
import { DevHostError } from "./errors.mjs";
import { createForgePlatform, readManifest } from "./forge.mjs";
import { listenLoopback, lookup, readJson, send, sendError, sendFile, sendJson } from "./http.mjs";
import { createRequestLog } from "./log.mjs";
import { createProduct } from "./product.mjs";
import { serveResource } from "./resources.mjs";
import { openState } from "./state.mjs";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const PUBLIC = resolve(here, "../public");
const ACJS = dirname(require.resolve("atlassian-connect-js/package.json"));
const ACJS_VERSION = require("atlassian-connect-js/package.json").version;
const APKIT_DIST = join(dirname(require.resolve("apkit/package.json")), "dist");
const CDN_ALL_JS = "https://connect-cdn.atl-paas.net/all.js";
const STATUS_OF = { ERR_DEV_NO_APP: 404, ERR_DEV_REMOTE_FAILED: 502 };

/** What the page says about itself, in every view. */
export const NOTICE =
  "apkit-dev is a local EMULATION of Jira and Confluence for development, not an Atlassian product. The Connect side runs the real connect-host.js and all.js; the Forge side emulates the Custom UI host, whose protocol Atlassian does not publish. Test on a real site before you ship.";

/**
 * Starts the dev host. See index.d.ts (DevHostOptions, DevHost) and docs/dev-host.md.
 * @param {import("./index.js").DevHostOptions} [options]
 * @returns {Promise<import("./index.js").DevHost>}
 */
export async function startDevHost(options = {}) {
  if (!options || typeof options !== "object") throw new TypeError("apkit-dev: startDevHost(options) takes an options object");
  const cwd = options.cwd ?? process.cwd();
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`apkit-dev: port must be an integer 0-65535, got ${String(options.port)}`);
  for (const [name, value] of [["mounts", options.mounts], ["routes", options.routes]]) {
    if (value !== undefined && (typeof value !== "object" || Array.isArray(value))) throw new TypeError(`apkit-dev: ${name} must be an object`);
  }
  const print = options.log === true ? (line) => console.log(line) : typeof options.log === "function" ? options.log : undefined;

  const state = openState({ seed: options.seed, statePath: options.state, cwd });
  const log = createRequestLog({ print });
  /** @type {Map<string, any>} installed apps by key (Connect key; a Forge-only app by its app id) */
  const apps = new Map();
  const product = createProduct(state.product, { isApp: (key) => apps.has(key) });
  const events = new Set();
  const broadcast = (event, data) => {
    const chunk = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of events) res.write(chunk);
  };
  // The log reaches the page in batches (every 100 ms at most): at hundreds of requests a second, one event each
  // would cost the page more than the requests.
  let pendingLog = [];
  let logTimer;
  log.subscribe((entry) => {
    pendingLog.push(entry);
    logTimer ??= setTimeout(() => {
      logTimer = undefined;
      const batch = pendingLog;
      pendingLog = [];
      if (events.size) broadcast("log", batch);
    }, 100);
  });
  product.onChange((why) => {
    state.save(product.snapshot());
    broadcast("product", { why });
  });
  state.save(product.snapshot());

  const installKeys = await createInstallKeys();
  // The secret of frames that belong to no installed app (pages framed with harness.createFrame, tests).
  const tenant = { clientKey: state.site.clientKey, sharedSecret: randomBytes(32).toString("base64url") };
  const forgeApps = new Map(); // appKey -> the Forge platform of that app
  const resourceServers = [];
  const mounts = {
    "/vendor/jquery.js": require.resolve("jquery/dist/jquery.min.js"),
    "/vendor/connect-host.js": join(ACJS, "dist/connect-host.js"),
    "/vendor/connect-host.css": join(ACJS, "dist/connect-host.css"),
    "/vendor/all.js": join(ACJS, "dist/iframe.js"),
    // apkit's published files, for the host page (its import map) and for pages that load apkit from the host.
    "/__apkit/": APKIT_DIST + sep,
    "/forge/bridge-shim.js": join(PUBLIC, "forge/bridge-shim.js"),
    ...Object.fromEntries(Object.entries(options.mounts ?? {}).map(([prefix, dir]) => [prefix, resolve(cwd, dir)])),
  };
  const hostPage = { "/host.html": join(PUBLIC, "host.html"), "/host.css": join(PUBLIC, "host.css"), "/host/": join(PUBLIC, "host") + sep };
  const shim = readFileSync(join(PUBLIC, "forge/bridge-shim.js"), "utf8");

  let hostOrigin;
  let appOrigin;

  // ---- the host's endpoints (host page only) ---------------------------------------------------------------------
  const secretOf = (addonKey) => apps.get(addonKey)?.sharedSecret ?? tenant.sharedSecret;
  /** What the host page asks of the server: over its channel, or POST /__dev/<name> (tools, tests). */
  const ops = {
    /** One REST call of a frame to the product: `{ method, url, body, frame: { platform, app, module } }`. */
    "product/rest": (call) => {
      const started = performance.now();
      const answer = product.handle(call);
      const frame = call.frame ?? {};
      log.add({ platform: frame.platform ?? "connect", kind: "product", app: frame.app, module: frame.module, method: String(call.method ?? "GET").toUpperCase(), url: String(call.url), status: answer.status, ms: Math.round((performance.now() - started) * 10) / 10 });
      return answer;
    },
    /** A context JWT for a frame: `{ addonKey, moduleKey, accountId, context, ttl }`. */
    token: async (body) => {
      const now = Math.floor(Date.now() / 1000);
      const ttl = Number(body.ttl) || 900;
      const token = await signContextToken({ iss: state.site.clientKey, sub: body.accountId ?? product.myself.accountId, qsh: "context-qsh", iat: now, exp: now + ttl, context: body.context ?? {} }, secretOf(body.addonKey));
      log.add({ platform: "connect", kind: "token", app: body.addonKey, module: body.moduleKey, note: `context JWT (${ttl} s)` });
      return { token };
    },
    /** A module's iframe URL, filled in and signed: `{ app, url, context, params, contextPath }`. */
    "frame-url": async (body) => {
      const app = apps.get(body.app);
      if (!app?.baseUrl) throw new DevHostError("ERR_DEV_NO_APP", `no Connect app ${body.app} is installed`);
      return { url: await frameUrl(app, body.url, { context: body.context, params: body.params, hostOrigin, contextPath: body.contextPath ?? "", user: product.myself, site: state.site, version: ACJS_VERSION }) };
    },
    /** A Forge frame's remote or resolver call: `{ app, module, call, payload, context }`. */
    "forge/call": (body) => {
      const platform = forgeApps.get(body.app);
      if (!platform) throw new DevHostError("ERR_DEV_NO_APP", `no Forge app ${body.app} is installed`);
      const call = { fetchRemote: platform.fetchRemote, invokeRemote: platform.invokeRemote, invoke: platform.invoke }[body.call];
      if (!call) throw new DevHostError("ERR_DEV_BAD_REQUEST", `unknown Forge call ${body.call}`);
      return call({ moduleKey: body.module, context: body.context, ...body.payload });
    },
  };

  const dev = {
    "GET /__dev/site": (req, res) =>
      sendJson(res, 200, {
        clientKey: state.site.clientKey,
        cloudId: state.site.cloudId,
        environmentId: state.site.environmentId,
        hostOrigin,
        appOrigin,
        myself: product.myself,
        notice: NOTICE,
        stateFile: state.file ?? null,
      }),
    "GET /__dev/apps": (req, res) => sendJson(res, 200, [...apps.values()].map(publicApp)),
    "GET /__dev/product": (req, res) => sendJson(res, 200, product.snapshot()),
    "PUT /__dev/product": async (req, res) => {
      product.replace(await readJson(req), "the product data sent from the page");
      sendJson(res, 200, product.snapshot());
    },
    // The page's calls, also over its channel (/__dev/channel, below): the same operations.
    ...Object.fromEntries(Object.entries(ops).map(([op, fn]) => [`POST /__dev/${op}`, async (req, res) => sendJson(res, 200, await fn(await readJson(req)))])),
    "GET /__dev/log": (req, res) => sendJson(res, 200, log.entries),
    "GET /__dev/events": (req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      res.write(": apkit-dev\n\n");
      events.add(res);
      req.on("close", () => events.delete(res));
    },
    "GET /__dev/forge/jwks.json": (req, res) =>
      sendJson(res, 200, { keys: [...forgeApps.values()].flatMap((p) => p.jwks.keys) }, { "cache-control": "max-age=60" }),
  };

  const handler = async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
      const path = decodeURIComponent(url.pathname);
      const route = options.routes?.[url.pathname];
      if (route) return await route(req, res, url);
      const onHost = req.headers.host === `127.0.0.1:${ports.main}`;
      if (onHost && path === "/") return send(res, 302, "", "text/plain", { location: "/host.html" });
      if (path === "/favicon.ico") return send(res, 204, "");
      if (path.startsWith("/__dev/")) {
        // The host's own endpoints: for the host page and for local tools, never for app frames (another origin).
        if (!onHost || (req.headers.origin && req.headers.origin !== hostOrigin)) return sendError(res, 403, "ERR_DEV_FORBIDDEN", "the host's endpoints answer the host page only");
        if (path.startsWith("/__dev/install-keys/")) {
          return path === `/__dev/install-keys/${installKeys.kid}` ? send(res, 200, installKeys.pem) : send(res, 404, "no such key");
        }
        const endpoint = dev[`${req.method} ${path}`];
        if (!endpoint) return sendError(res, 404, "ERR_DEV_NOT_FOUND", `no ${req.method} ${path}`);
        return await endpoint(req, res, url);
      }
      if (onHost && /^\/(rest|wiki|api)\//.test(path)) return await backendCall(req, res, url);
      const file = (onHost && lookup(hostPage, path)) || lookup(mounts, path);
      if (!file) return send(res, 404, `apkit-dev: nothing at ${path}`);
      // Pages load all.js from Atlassian's CDN; the host serves the npm package's copy in its place (offline).
      if (/\.html?$/.test(file)) return send(res, 200, readFileSync(file, "utf8").replaceAll(CDN_ALL_JS, "/vendor/all.js"), "text/html; charset=utf-8");
      sendFile(res, file);
    } catch (error) {
      if (res.headersSent) return res.destroy();
      if (error instanceof DevHostError) return sendError(res, STATUS_OF[error.code] ?? 400, error.code, error.message);
      print?.(`apkit-dev: ${req.method} ${req.url} failed: ${error?.stack ?? error}`);
      sendError(res, 500, "ERR_DEV_INTERNAL", String(error?.message ?? error));
    }
  };

  // An app backend's call to the product REST (Jira at /, Confluence at /wiki), with the JWT apkit/server's
  // createProductClient (or atlassian-connect-express) signs: HS256 with the app's shared secret, iss = app key,
  // the qsh of this request.
  async function backendCall(req, res, url) {
    const base = url.pathname.startsWith("/wiki/") ? `${hostOrigin}/wiki` : hostOrigin;
    const target = url.pathname + url.search;
    let appKey;
    try {
      appKey = await verifyAppToken({ method: req.method, url: `${hostOrigin}${target}`, authorization: req.headers.authorization }, { baseUrl: base, secretOf: (key) => apps.get(key)?.sharedSecret });
    } catch (error) {
      log.add({ platform: "backend", kind: "product", method: req.method, url: target, status: 401, note: error.message });
      return sendJson(res, 401, { errorMessages: [`apkit-dev: the product REST needs a JWT of an installed app, signed with its shared secret: ${error.message}`] });
    }
    const started = performance.now();
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await new Promise((ok) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (c) => (text += c));
      req.on("end", () => ok(text));
    });
    const answer = product.handle({ method: req.method, url: target, body });
    log.add({ platform: "backend", kind: "product", app: appKey, method: req.method, url: target, status: answer.status, ms: Math.round(performance.now() - started) });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  const ports = {};
  // The host page's channel (channel.mjs): a WebSocket from the host page only.
  const upgrade = (req, socket) => {
    if (new URL(req.url ?? "/", "http://host.invalid").pathname !== "/__dev/channel") return socket.destroy();
    acceptChannel(req, socket, { ops, allowed: (r) => r.headers.host === `127.0.0.1:${ports.main}` && r.headers.origin === hostOrigin });
  };
  const main = await listenLoopback(handler, { port, upgrade });
  ports.main = main.port;
  hostOrigin = `http://127.0.0.1:${main.port}`;
  appOrigin = `http://localhost:${main.port}`;

  function publicApp(app) {
    return {
      key: app.key,
      name: app.name,
      baseUrl: app.baseUrl,
      authentication: app.descriptor?.authentication?.type ?? "none",
      modules: app.descriptor?.modules ?? {},
      ...(app.forge ? { forge: { appId: app.forge.appId, modules: app.forge.modules, resources: app.forge.resourceOrigins, installationId: state.site.installationIdOf(app.key) } } : {}),
    };
  }

  function installPayload(app) {
    return {
      key: app.key,
      clientKey: state.site.clientKey,
      sharedSecret: app.sharedSecret,
      // The product's base URL: Jira's (an app calls Confluence under /wiki of it).
      baseUrl: hostOrigin,
      displayUrl: hostOrigin,
      productType: "jira",
      description: "apkit-dev local host (an emulation, not an Atlassian product)",
      serverVersion: "apkit-dev",
      pluginsVersion: ACJS_VERSION,
      cloudId: state.site.cloudId,
      // The Forge installation of the same app on this site: createAppVerifier links a FIT to this tenant by it.
      installationId: state.site.installationIdOf(app.key),
    };
  }

  /** Installs a Connect app (see DevHostConnectApp in index.d.ts). */
  async function installApp(spec) {
    if (!spec || typeof spec !== "object") throw new TypeError("apkit-dev: installApp needs { descriptor } or { serve }");
    let baseUrl = spec.baseUrl;
    let descriptorSource = spec.descriptor;
    let serveDir;
    if (spec.serve !== undefined) {
      serveDir = resolve(cwd, spec.serve);
      descriptorSource ??= join(serveDir, "atlassian-connect.json");
    }
    if (descriptorSource === undefined) throw new TypeError("apkit-dev: a Connect app needs descriptor (a URL or a file) or serve (a directory)");
    if (serveDir) {
      // A static app: its directory is served on the app origin, which becomes its baseUrl.
      const peek = await readDescriptor({ descriptor: descriptorSource, baseUrl: "http://localhost", cwd });
      baseUrl = `${appOrigin}/__apps/${encodeURIComponent(peek.descriptor.key)}`;
      mounts[`/__apps/${encodeURIComponent(peek.descriptor.key)}/`] = serveDir + sep;
    }
    const { descriptor, baseUrl: resolvedBase } = await readDescriptor({ descriptor: descriptorSource, baseUrl, cwd });
    const app = apps.get(descriptor.key) ?? { key: descriptor.key };
    Object.assign(app, {
      name: descriptor.name ?? descriptor.key,
      baseUrl: resolvedBase,
      descriptor,
      sharedSecret: descriptor.authentication?.type === "jwt" ? randomBytes(32).toString("base64url") : undefined,
      lifecycleStatus: undefined,
    });
    apps.set(app.key, app);
    try {
      app.lifecycleStatus = await sendLifecycle(app, "installed", { keys: installKeys, payload: installPayload(app), log });
    } catch (error) {
      apps.delete(app.key);
      throw error;
    }
    log.add({ platform: "host", kind: "install", app: app.key, url: resolvedBase, note: `Connect app installed (${descriptor.authentication?.type ?? "none"})` });
    broadcast("apps", {});
    return describeApp(app);
  }

  /** Installs the Forge side of an app (see DevHostForgeApp in index.d.ts). */
  async function installForgeApp(spec) {
    if (!spec || typeof spec !== "object" || spec.manifest === undefined) throw new TypeError("apkit-dev: installForgeApp needs { manifest }");
    const manifest = readManifest({ ...spec, cwd });
    const key = manifest.connectKey ?? manifest.appId;
    const platform = await createForgePlatform(manifest, { site: state.site, hostOrigin, log });
    const resourceOrigins = {};
    for (const [resourceKey, place] of manifest.resources) {
      const server = await serveResource({ key: resourceKey, ...place, shim });
      resourceServers.push(server);
      resourceOrigins[resourceKey] = server.origin;
    }
    const app = apps.get(key) ?? { key, name: manifest.name, baseUrl: undefined, descriptor: undefined };
    app.forge = { appId: manifest.appId, modules: manifest.modules, resourceOrigins };
    apps.set(key, app);
    forgeApps.set(key, platform);
    log.add({ platform: "host", kind: "install", app: key, note: `Forge app installed (${Object.keys(resourceOrigins).length} resource(s))` });
    broadcast("apps", {});
    return describeApp(app);
  }

  function describeApp(app) {
    return {
      key: app.key,
      name: app.name,
      baseUrl: app.baseUrl,
      descriptor: app.descriptor,
      lifecycleStatus: app.lifecycleStatus,
      sharedSecret: app.sharedSecret,
      forge: app.forge && { appId: app.forge.appId, resources: { ...app.forge.resourceOrigins }, installationId: state.site.installationIdOf(app.key) },
    };
  }

  const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  try {
    for (const spec of list(options.connect)) await installApp(spec);
    for (const spec of list(options.forge)) await installForgeApp(spec);
  } catch (error) {
    await closeAll();
    throw error;
  }

  async function closeAll() {
    clearTimeout(logTimer);
    for (const res of events) res.end();
    events.clear();
    state.flush();
    await Promise.all([main.close(), ...resourceServers.map((s) => s.close())]);
  }

  return {
    url: `${hostOrigin}/host.html`,
    hostOrigin,
    appOrigin,
    port: main.port,
    keyServer: `${hostOrigin}/__dev/install-keys`,
    jwksUrl: `${hostOrigin}/__dev/forge/jwks.json`,
    site: { clientKey: state.site.clientKey, cloudId: state.site.cloudId, baseUrl: hostOrigin },
    tenant,
    get apps() {
      return [...apps.values()].map(describeApp);
    },
    product,
    requests: log.entries,
    onRequest: (fn) => log.subscribe(fn),
    installApp,
    installForgeApp,
    async uninstallApp(key) {
      const app = apps.get(key);
      if (!app) return undefined;
      apps.delete(key);
      forgeApps.delete(key);
      broadcast("apps", {});
      return app.descriptor ? sendLifecycle(app, "uninstalled", { keys: installKeys, payload: installPayload(app), log }) : undefined;
    },
    /** A Forge Invocation Token for a module of an installed Forge app, as the host signs them for requestRemote. */
    signForgeToken(appKey, moduleKey, context = {}) {
      const platform = forgeApps.get(appKey);
      if (!platform) throw new DevHostError("ERR_DEV_NO_APP", `no Forge app ${appKey} is installed`);
      return platform.fit(moduleKey, { accountId: product.myself.accountId, ...context });
    },
    /** A context JWT for an installed app (or, without one, for the harness tenant), as AP.context.getToken gives it. */
    signContextToken(appKey, claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signContextToken({ iss: state.site.clientKey, sub: product.myself.accountId, qsh: "context-qsh", iat: now, exp: now + 900, context: {}, ...claims }, secretOf(appKey));
    },
    close: closeAll,
  };
}
