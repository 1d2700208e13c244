// The Connect side of the dev host, on the server: reading an app's descriptor, installing it the way a product does
// (the signed `installed` lifecycle callback), and the URLs a product frames the app's modules at (context
// parameters filled in; for `authentication: jwt` apps a `jwt` query parameter signed with the app's shared secret,
// as products sign iframe URLs).
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { computeQsh, signContextToken } from "apkit/server";
import { DevHostError } from "./errors.mjs";
import { isLoopbackUrl } from "./http.mjs";

const TIMEOUT_MS = 10_000;

/**
 * Reads a Connect descriptor: from the app's running backend (an http URL on loopback), from a file, or given as an
 * object. `{{localBaseUrl}}` (atlassian-connect-express's placeholder) becomes `baseUrl`. Resolves
 * `{ descriptor, baseUrl }`; the baseUrl is `baseUrl` when given, else the descriptor's, and must be on loopback.
 * @param {{ descriptor: string | object, baseUrl?: string, cwd?: string }} spec
 */
export async function readDescriptor(spec) {
  let text;
  let where;
  if (spec.descriptor && typeof spec.descriptor === "object") {
    text = JSON.stringify(spec.descriptor);
    where = "the descriptor given";
  } else if (typeof spec.descriptor === "string" && /^https?:\/\//.test(spec.descriptor)) {
    where = spec.descriptor;
    if (!isLoopbackUrl(spec.descriptor)) {
      throw new DevHostError("ERR_DEV_NOT_LOOPBACK", `the descriptor URL ${spec.descriptor} is not on a loopback address: apkit-dev talks to 127.0.0.1 / localhost / [::1] only`);
    }
    let res;
    try {
      res = await fetch(spec.descriptor, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
    } catch (error) {
      throw new DevHostError("ERR_DEV_DESCRIPTOR", `could not fetch the descriptor from ${spec.descriptor} (is the app's backend running?): ${error.message}`, { cause: error });
    }
    if (!res.ok) throw new DevHostError("ERR_DEV_DESCRIPTOR", `GET ${spec.descriptor} answered ${res.status}`);
    text = await res.text();
  } else if (typeof spec.descriptor === "string") {
    where = resolve(spec.cwd ?? process.cwd(), spec.descriptor);
    try {
      text = readFileSync(where, "utf8");
    } catch (error) {
      throw new DevHostError("ERR_DEV_DESCRIPTOR", `cannot read the descriptor ${where}: ${error.message}`, { cause: error });
    }
  } else {
    throw new TypeError("apkit-dev: connect.descriptor must be a URL, a file path or a descriptor object");
  }
  if (text.includes("{{localBaseUrl}}")) {
    if (!spec.baseUrl) throw new DevHostError("ERR_DEV_DESCRIPTOR", `${where} uses {{localBaseUrl}}: give the app's base URL (--base-url, connect.baseUrl)`);
    text = text.replaceAll("{{localBaseUrl}}", spec.baseUrl.replace(/\/+$/, ""));
  }
  let descriptor;
  try {
    descriptor = JSON.parse(text);
  } catch (error) {
    throw new DevHostError("ERR_DEV_DESCRIPTOR", `${where} is not JSON: ${error.message}`, { cause: error });
  }
  if (!descriptor || typeof descriptor.key !== "string" || !descriptor.key) throw new DevHostError("ERR_DEV_DESCRIPTOR", `${where} has no "key"`);
  if (descriptor.modules !== undefined && (typeof descriptor.modules !== "object" || Array.isArray(descriptor.modules))) {
    throw new DevHostError("ERR_DEV_DESCRIPTOR", `${where}: "modules" must be an object`);
  }
  const baseUrl = String(spec.baseUrl ?? descriptor.baseUrl ?? "").replace(/\/+$/, "");
  if (!isLoopbackUrl(baseUrl)) {
    throw new DevHostError(
      "ERR_DEV_NOT_LOOPBACK",
      `the app's baseUrl ${JSON.stringify(baseUrl)} (${where}) is not on a loopback address: run the app locally and give its base URL (--base-url http://127.0.0.1:PORT), or serve a static app's directory (--serve DIR)`,
    );
  }
  return { descriptor, baseUrl };
}

/**
 * Sends a signed lifecycle callback (`installed` / `uninstalled`) to the app, when its descriptor declares one.
 * Signed like Atlassian's signed installs (RS256, `kid` of `keys`, `aud` the app's baseUrl, the POST's qsh) with the
 * per-run key of apkit/testing's createInstallKeys, which the host serves as an install-key server. Resolves the
 * app's status, or undefined when it declares no such callback.
 */
export async function sendLifecycle(app, eventType, { keys, payload, log }) {
  const path = app.descriptor.lifecycle?.[eventType];
  if (!path) return undefined;
  const callback = await (eventType === "installed" ? keys.installed : keys.uninstalled)({ appBaseUrl: app.baseUrl, path, payload: { ...payload, eventType } });
  const started = performance.now();
  let res;
  try {
    res = await fetch(callback.request, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new DevHostError("ERR_DEV_LIFECYCLE", `${eventType} of ${app.key}: POST ${callback.request.url} failed: ${error.message}`, { cause: error });
  }
  const text = await res.text();
  log.add({ platform: "host", kind: "lifecycle", app: app.key, method: "POST", url: callback.request.url, status: res.status, ms: Math.round(performance.now() - started), note: eventType });
  if (!res.ok) throw new DevHostError("ERR_DEV_LIFECYCLE", `${eventType} of ${app.key}: POST ${callback.request.url} answered ${res.status} ${text.slice(0, 300)}`);
  return res.status;
}

/** Values a module URL's `{name}` placeholders may use, from a Connect context (and macro parameters). */
function placeholders(context, extra = {}) {
  const out = { ...extra };
  const walk = (prefix, value) => {
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    else if (value !== undefined && value !== null) out[prefix] = String(value);
  };
  walk("", context.jira ?? {});
  walk("", context.confluence ?? {});
  // Confluence's names for the content: page.id, content.id.
  if (out["content.id"]) out["page.id"] ??= out["content.id"];
  return out;
}

/**
 * The URL a product frames a module at: the app's baseUrl + the module's url with `{issue.key}`-style placeholders
 * filled in from the context, the standard parameters (xdm_e, cp, lic, tz, loc), and for `authentication: jwt` apps a
 * `jwt` signed with the app's shared secret over the URL's qsh (as products sign iframe URLs; apkit/server's
 * verifyRequestToken checks it).
 */
export async function frameUrl(app, moduleUrl, { context = {}, params = {}, hostOrigin, contextPath = "", user, site, version }) {
  const values = placeholders(context, params);
  const path = String(moduleUrl).replace(/\{([\w.]+)\}/g, (m, name) => encodeURIComponent(values[name] ?? ""));
  const url = new URL(/^https?:\/\//.test(path) ? path : app.baseUrl + (path.startsWith("/") ? path : `/${path}`));
  const query = url.searchParams;
  query.set("xdm_e", hostOrigin);
  query.set("xdm_c", `channel-${app.key}`);
  query.set("cp", contextPath);
  query.set("xdm_deprecated_addon_key_do_not_use", app.key);
  query.set("lic", "none");
  query.set("cv", version);
  query.set("tz", user.timeZone ?? "UTC");
  query.set("loc", String(user.locale ?? "en-US").replace("_", "-"));
  if (app.sharedSecret) {
    const qsh = await computeQsh("GET", url.href, app.baseUrl);
    const now = Math.floor(Date.now() / 1000);
    query.set("jwt", await signContextToken({ iss: site.clientKey, sub: user.accountId, qsh, iat: now, exp: now + 180, context }, app.sharedSecret));
  }
  return url.href;
}

/**
 * Verifies the JWT an app backend signs for its calls to the product REST (atlassian-connect-express, apkit/server's
 * createProductClient): HS256 with the app's shared secret, `iss` the app key, `exp` in the future, `qsh` of this
 * request. (apkit/server's verifiers check the tokens products send to apps, which also carry a user: `sub`.)
 * Resolves the app key; throws a DevHostError ERR_DEV_PRODUCT_AUTH saying what is wrong.
 * @param {{ method: string, url: string, authorization?: string }} request url: path and query
 * @param {{ baseUrl: string, secretOf: (appKey: string) => string | undefined, now?: number }} options
 */
export async function verifyAppToken(request, { baseUrl, secretOf, now = Date.now() }) {
  const fail = (message) => new DevHostError("ERR_DEV_PRODUCT_AUTH", message);
  const token = /^JWT\s+(\S+)$/i.exec(request.authorization ?? "")?.[1];
  if (!token) throw fail("no Authorization: JWT <token> header");
  const [head, body, signature] = token.split(".");
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw fail("the token is not a JWT");
  }
  if (header.alg !== "HS256" || typeof signature !== "string") throw fail(`the token's alg must be HS256, not ${JSON.stringify(header.alg)}`);
  const secret = typeof claims.iss === "string" ? secretOf(claims.iss) : undefined;
  if (!secret) throw fail(`no installed app with authentication jwt has the key ${JSON.stringify(claims.iss)} (the token's iss)`);
  const expected = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fail("the signature does not match the app's shared secret");
  if (!(typeof claims.exp === "number" && claims.exp * 1000 > now)) throw fail("the token has expired (or has no exp)");
  const qsh = await computeQsh(request.method, request.url, baseUrl);
  if (claims.qsh !== qsh) throw fail("the qsh claim is not this request's (method, path and query)");
  return claims.iss;
}
