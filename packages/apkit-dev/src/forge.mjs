// The Forge side of the dev host, on the server: reading a manifest.yml, the app's remotes (Forge Remote backends)
// with Forge Invocation Tokens signed by a local key whose JWKS the host serves, and resolver calls (`invoke`) to a
// local resolver module. The Custom UI resources themselves are served by resources.mjs; the host page emulates the
// Custom UI host's `__bridge` (public/host/forge-emulation.mjs).
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createForgeKeys } from "apkit/testing";
import { parse as parseYaml } from "yaml";
import { DevHostError } from "./errors.mjs";
import { isLoopbackUrl } from "./http.mjs";

const APP_ID = /^ari:cloud:ecosystem::app\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMEOUT_MS = 25_000; // Forge's timeout for UI calls to a remote (its remote contract)

/**
 * Reads the Forge side of an app. `manifest`: a manifest.yml path or the parsed object. `resources` overrides a
 * resource's place (a directory, or a dev server URL); `tunnel` uses `resources[].tunnel.port` as `forge tunnel`
 * does; `remotes` gives a remote's baseUrl in development (the manifest names the production one).
 * @param {{ manifest: string | object, resources?: Record<string, string>, remotes?: Record<string, string>, tunnel?: boolean, resolver?: string, cwd?: string }} spec
 */
export function readManifest(spec) {
  const cwd = spec.cwd ?? process.cwd();
  let manifest;
  let dir = cwd;
  let where = "the manifest given";
  if (typeof spec.manifest === "string") {
    where = resolve(cwd, spec.manifest);
    dir = dirname(where);
    let text;
    try {
      text = readFileSync(where, "utf8");
    } catch (error) {
      throw new DevHostError("ERR_DEV_MANIFEST", `cannot read the manifest ${where}: ${error.message}`, { cause: error });
    }
    try {
      manifest = parseYaml(text);
    } catch (error) {
      throw new DevHostError("ERR_DEV_MANIFEST", `${where} is not YAML: ${error.message}`, { cause: error });
    }
  } else if (spec.manifest && typeof spec.manifest === "object") {
    manifest = structuredClone(spec.manifest);
  } else {
    throw new TypeError("apkit-dev: forge.manifest must be a manifest.yml path or a manifest object");
  }
  const bad = (message) => new DevHostError("ERR_DEV_MANIFEST", `${where}: ${message}`);
  if (!manifest || typeof manifest !== "object") throw bad("is empty");
  const appId = String(manifest.app?.id ?? "");
  if (!APP_ID.test(appId)) throw bad(`app.id must be ari:cloud:ecosystem::app/<uuid> (forge register writes it), got ${JSON.stringify(manifest.app?.id)}`);
  const modules = manifest.modules ?? {};
  if (typeof modules !== "object" || Array.isArray(modules)) throw bad(`"modules" must be a map of module type -> list`);
  for (const [type, list] of Object.entries(modules)) {
    if (!Array.isArray(list)) throw bad(`modules.${type} must be a list`);
    for (const m of list) if (!m || typeof m.key !== "string") throw bad(`every module of ${type} needs a key`);
  }

  const resources = new Map();
  for (const r of manifest.resources ?? []) {
    if (!r || typeof r.key !== "string") throw bad("every resource needs a key");
    const override = spec.resources?.[r.key];
    if (override !== undefined) resources.set(r.key, placeOf(override, cwd));
    else if (spec.tunnel && r.tunnel?.port) resources.set(r.key, { url: `http://localhost:${Number(r.tunnel.port)}` });
    else if (typeof r.path === "string") resources.set(r.key, { dir: resolve(dir, r.path) });
    else throw bad(`resource ${r.key} has no path`);
  }
  for (const key of Object.keys(spec.resources ?? {})) if (!resources.has(key)) throw bad(`--resource ${key}: the manifest has no resource ${key}`);
  for (const [key, place] of resources) {
    if (place.dir && !existsSync(join(place.dir, "index.html"))) {
      throw new DevHostError("ERR_DEV_RESOURCE", `resource ${key}: ${place.dir} has no index.html (build the resource first, or give --resource ${key}=http://localhost:PORT for a dev server)`);
    }
  }

  const remotes = new Map();
  for (const r of manifest.remotes ?? []) if (r?.key) remotes.set(r.key, String(spec.remotes?.[r.key] ?? r.baseUrl ?? "").replace(/\/+$/, ""));
  for (const key of Object.keys(spec.remotes ?? {})) if (!remotes.has(key)) throw bad(`--remote ${key}: the manifest has no remote ${key}`);

  return {
    appId,
    /** The Connect key of a migrated app (app.connect.key): its Connect modules and these are one app. */
    connectKey: typeof manifest.app?.connect?.key === "string" ? manifest.app.connect.key : undefined,
    name: String(manifest.app?.name ?? manifest.app?.connect?.key ?? appId.split("/").pop()),
    modules,
    resources,
    remotes,
    endpoints: new Map((modules.endpoint ?? []).map((e) => [e.key, e])),
    functions: new Map((modules.function ?? []).map((f) => [f.key, f])),
    resolver: spec.resolver === undefined ? undefined : resolve(cwd, spec.resolver),
  };
}

function placeOf(value, cwd) {
  if (/^https?:\/\//.test(value)) return { url: value };
  return { dir: resolve(cwd, value) };
}

/**
 * The Forge platform of the dev host for one app: signs FITs (apkit/testing's createForgeKeys: an RS256 key made per
 * run, its JWKS served by the host), calls the app's remotes with them, and runs `invoke` on the local resolver.
 * @param {ReturnType<typeof readManifest>} app
 * @param {{ site: { cloudId: string, environmentId: string, installationIdOf(key: string): string }, hostOrigin: string, log: ReturnType<typeof import("./log.mjs").createRequestLog> }} env
 */
export async function createForgePlatform(app, env) {
  const keys = await createForgeKeys({ appId: app.appId });
  const appKey = app.connectKey ?? app.appId;
  const moduleOf = (moduleKey) => {
    for (const [type, list] of Object.entries(app.modules)) {
      const found = list.find((m) => m.key === moduleKey);
      if (found) return { type, module: found };
    }
    throw new DevHostError("ERR_DEV_NO_MODULE", `the manifest of ${appKey} has no module ${moduleKey}`);
  };

  /** A FIT for a call of `moduleKey` by the user viewing it, with the frame's Forge context. */
  const fit = (moduleKey, context) => {
    const { type } = moduleOf(moduleKey);
    return keys.sign({
      principal: context?.accountId,
      app: {
        installationId: env.site.installationIdOf(appKey),
        apiBaseUrl: `https://api.atlassian.com/ex/${type.startsWith("confluence:") || type === "macro" ? "confluence" : "jira"}/${env.site.cloudId}`,
        environment: { type: "DEVELOPMENT", id: env.site.environmentId },
        module: { key: moduleKey, type },
      },
      context: { ...context, cloudId: env.site.cloudId, siteUrl: env.hostOrigin },
    });
  };

  const remoteBase = (remoteKey) => {
    if (!app.remotes.has(remoteKey)) throw new DevHostError("ERR_DEV_NO_REMOTE", `the manifest of ${appKey} has no remote ${remoteKey}`);
    const base = app.remotes.get(remoteKey);
    if (!isLoopbackUrl(base)) {
      throw new DevHostError("ERR_DEV_NOT_LOOPBACK", `remote ${remoteKey}'s baseUrl ${JSON.stringify(base)} is not on loopback: give its local address (--remote ${remoteKey}=http://127.0.0.1:PORT)`);
    }
    return base;
  };

  async function send(url, init, moduleKey, context, kind) {
    const token = await fit(moduleKey, context);
    const started = performance.now();
    let res;
    try {
      res = await fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` }, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      env.log.add({ platform: "forge", kind, app: appKey, module: moduleKey, method: init.method, url, note: `failed: ${error.message}` });
      throw new DevHostError("ERR_DEV_REMOTE_FAILED", `${init.method} ${url} failed: ${error.message}`, { cause: error });
    }
    const body = await res.text();
    env.log.add({ platform: "forge", kind, app: appKey, module: moduleKey, method: init.method, url, status: res.status, ms: Math.round(performance.now() - started) });
    return { status: res.status, statusText: res.statusText, headers: Object.fromEntries(res.headers), body };
  }

  return {
    appKey,
    jwks: keys.jwks,
    fit,
    /** `requestRemote(remoteKey, init)` of a frame: the remote's answer as `{ status, statusText, headers, body }`. */
    async fetchRemote({ moduleKey, remoteKey, init = {}, context }) {
      const path = String(init.path ?? "/");
      const headers = Object.fromEntries((init.headers ?? []).map(([k, v]) => [String(k).toLowerCase(), String(v)]));
      const method = String(init.method ?? "GET").toUpperCase();
      return send(remoteBase(remoteKey) + (path.startsWith("/") ? path : `/${path}`), { method, headers, body: init.body ?? undefined }, moduleKey, context, "remote");
    },
    /** `invokeRemote({ path, method, headers, body })`: to the remote of the module's `resolver.endpoint`. */
    async invokeRemote({ moduleKey, input, context }) {
      const { module } = moduleOf(moduleKey);
      const endpoint = app.endpoints.get(module.resolver?.endpoint);
      if (!endpoint) throw new DevHostError("ERR_DEV_NO_ENDPOINT", `module ${moduleKey} has no resolver.endpoint naming an endpoint of the manifest (invokeRemote needs one)`);
      const route = String(endpoint.route?.path ?? "").replace(/\/+$/, "");
      const path = String(input.path ?? "/");
      const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
      const body = input.body === undefined ? undefined : typeof input.body === "string" ? input.body : JSON.stringify(input.body);
      if (body !== undefined && typeof input.body !== "string") headers["content-type"] ??= "application/json";
      const answer = await send(remoteBase(endpoint.remote) + route + (path.startsWith("/") ? path : `/${path}`), { method: String(input.method ?? "GET").toUpperCase(), headers, body }, moduleKey, context, "remote");
      let parsed = answer.body;
      try {
        parsed = answer.body ? JSON.parse(answer.body) : undefined;
      } catch {
        // not JSON: the text
      }
      const result = { status: answer.status, headers: Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k, [v]])), body: parsed };
      return answer.status < 400 ? { success: true, payload: result } : { success: false, error: result };
    },
    /** `invoke(functionKey, payload)`: the handler of the module's `resolver.function`, from the local resolver module. */
    async invoke({ moduleKey, functionKey, payload, metadata, context }) {
      const { module } = moduleOf(moduleKey);
      const fnKey = module.resolver?.function;
      if (!fnKey) {
        throw new DevHostError("ERR_DEV_NO_RESOLVER", `module ${moduleKey} has no resolver.function${module.resolver?.endpoint ? " (a remote endpoint resolver: use invokeRemote; invoke through an endpoint is not emulated)" : ""}`);
      }
      if (!app.resolver) throw new DevHostError("ERR_DEV_NO_RESOLVER", `module ${moduleKey} invokes resolver ${fnKey}: name your resolver module (--resolver src/index.js)`);
      const handlerName = String(app.functions.get(fnKey)?.handler ?? "index.handler").split(".").pop();
      const mod = await importFresh(app.resolver);
      const handler = mod[handlerName] ?? mod.handler ?? mod.default;
      if (typeof handler !== "function") throw new DevHostError("ERR_DEV_NO_RESOLVER", `${app.resolver} exports no function ${handlerName} (the handler of function ${fnKey})`);
      const started = performance.now();
      try {
        const value = await handler(
          { call: { functionKey, payload }, context: { ...context, cloudId: env.site.cloudId } },
          { principal: context?.accountId ? { accountId: context.accountId } : undefined, installContext: `ari:cloud:jira::site/${env.site.cloudId}`, installation: { id: env.site.installationIdOf(appKey) } },
        );
        env.log.add({ platform: "forge", kind: "invoke", app: appKey, module: moduleKey, url: functionKey, status: 200, ms: Math.round(performance.now() - started) });
        return metadata === undefined ? value : { body: value, metadata: {} };
      } catch (error) {
        env.log.add({ platform: "forge", kind: "invoke", app: appKey, module: moduleKey, url: functionKey, note: `threw: ${error?.message ?? error}` });
        throw new DevHostError("ERR_DEV_RESOLVER_FAILED", `resolver ${functionKey} threw: ${error?.message ?? error}`, { cause: error });
      }
    },
  };
}

// The resolver module again when its file changed, so an edit needs no restart. (Modules it imports are Node's
// cached copies: restart apkit-dev to reload those.)
const loaded = new Map();
async function importFresh(file) {
  const mtime = statSync(file).mtimeMs;
  const cached = loaded.get(file);
  if (cached && cached.mtime === mtime) return cached.mod;
  const mod = await import(`${pathToFileURL(file).href}?mtime=${mtime}`);
  loaded.set(file, { mtime, mod });
  return mod;
}
