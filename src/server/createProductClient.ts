import { canonicalOf } from "./computeQsh.js";
import { describe, ProductRequestError } from "./errors.js";
import { sha256Hex } from "#backend";
import { signHs256 } from "./lib/jws.js";
import { serviceUrl } from "./lib/serviceUrl.js";
import type { Tenant } from "./tenantStore.js";
import type { ForgeInvocation } from "./verifyForgeInvocationToken.js";

/** `RequestInit` whose `body` may also be a plain object or array, sent as JSON. */
export interface ProductRequestInit extends Omit<RequestInit, "body"> {
  /** A string, `FormData` (multipart, e.g. Jira attachments), `URLSearchParams`, bytes, or an object/array (JSON). */
  body?: BodyInit | Record<string, unknown> | unknown[] | null;
}

/** A `fetch` for one tenant's product REST API (see {@link createProductClient}). */
export interface ProductClient {
  (path: string | URL, init?: ProductRequestInit): Promise<Response>;
  /** Where requests go: the tenant's `baseUrl` (Connect) or the invocation's `apiBaseUrl` (Forge). */
  readonly baseUrl: string;
  /**
   * The same client acting as a user. Connect: an OAuth 2.0 access token from the JWT bearer grant for
   * `accountId` (the app needs the `ACT_AS_USER` scope), cached until 30 s before it expires, one grant request for
   * any number of concurrent calls. Forge: the invocation's user token (`x-forge-oauth-user`); `accountId` must be
   * the invocation's principal when given.
   */
  asUser(accountId?: string, options?: { scopes?: readonly string[] }): ProductClient;
}

/** Options of {@link createProductClient}. */
export interface ProductClientOptions {
  /**
   * The app key, the `iss` of the JWTs (Connect).
   * @default tenant.key
   */
  appKey?: string;
  /** @default globalThis.fetch */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /**
   * The clock, in milliseconds.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Milliseconds before a request (or a grant) fails with `ERR_PRODUCT_REQUEST` (`reason: "timeout"`).
   * @default 30000
   */
  timeout?: number;
  /**
   * The OAuth 2.0 authorization server for {@link ProductClient.asUser} (https, or http on loopback for tests).
   * @default Atlassian's: https://oauth-2-authorization-server.services.atlassian.com (its staging twin for *.jira-dev.com sites)
   */
  authorizationServer?: string;
}

const GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const AUTH_SERVER = "https://oauth-2-authorization-server.services.atlassian.com";
const AUTH_SERVER_STAGING = "https://oauth-2-authorization-server.stg.services.atlassian.com";
const TOKEN_LIFETIME = 180;
const GRANT_MARGIN_MS = 30_000;

// Access tokens by authorization server, tenant (clientKey, site and a hash of the secret), user and scopes, shared by
// every client (apps make one client per request). The site and the secret are part of the key, so after a tenant
// changes (a reinstall that moves or re-keys it) no token of the old record is ever sent to the new site
// (security review 2, #06).
interface Grant {
  token: string;
  expiresAt: number;
}
const grants = new Map<string, Promise<Grant>>();
const MAX_GRANTS = 1000;

/**
 * A `fetch` for the product REST API of one tenant, for an app's backend. On **Connect** (a `Tenant` from your
 * store), every request carries a fresh JWT (`iss` = the app key, `qsh` of exactly this method, path and query,
 * computed by the same `canonicalRequest` that verifies incoming tokens, 3 minutes of life) signed with the
 * tenant's shared secret; `.asUser(accountId)` acts as a user through OAuth 2.0. On **Forge Remote** (a verified
 * `ForgeInvocation`), requests go to its `apiBaseUrl` with the system token, `.asUser()` with the user token.
 *
 * Paths are relative to the base URL (`/rest/api/3/...`; Confluence tenants' `baseUrl` ends in `/wiki`); an
 * absolute URL elsewhere is a `TypeError`, so the credentials never leave the product. Objects and arrays are sent
 * as JSON; `FormData` as multipart with `X-Atlassian-Token: no-check` (Jira attachments). Any HTTP status resolves as
 * a `Response`; no answer at all rejects with `ProductRequestError`.
 *
 * @example
 * ```ts
 * import { createProductClient } from "apkit/server";
 * app.post("/api/comment", async (req, res) => {
 *   const tenant = await tenants.get(req.apkit!.clientKey);
 *   const product = createProductClient(tenant!);
 *   const issue = await (await product(`/rest/api/3/issue/${req.body.key}?fields=summary`)).json();
 *   const made = await product.asUser(req.apkit!.accountId)(`/rest/api/3/issue/${req.body.key}/comment`, {
 *     method: "POST",
 *     body: { body: { type: "doc", version: 1, content: [] } },
 *   });
 *   res.status(made.status).end();
 * });
 * ```
 */
export function createProductClient(source: Tenant | ForgeInvocation, options: ProductClientOptions = {}): ProductClient {
  const fetchFn = options.fetch;
  const now = options.now ?? Date.now;
  const timeout = options.timeout ?? 30_000;
  if (fetchFn !== undefined && typeof fetchFn !== "function") throw new TypeError("apkit/server: fetch must be a function.");
  if (typeof now !== "function") throw new TypeError("apkit/server: now must be a function.");
  if (!(typeof timeout === "number" && timeout > 0)) throw new TypeError("apkit/server: timeout must be a positive number of milliseconds.");
  if (!source || typeof source !== "object") throw new TypeError("apkit/server: createProductClient needs a tenant or a Forge invocation.");

  if (isInvocation(source)) {
    const forge = source;
    const bearer = (which: "system" | "user") => async () => {
      const token = forge.tokens?.[which];
      if (!token) {
        throw new TypeError(`apkit/server: the Forge invocation carries no ${which} token (x-forge-oauth-${which}); verify the request, not the bare token, and ask for it in the manifest's remote auth.`);
      }
      return `Bearer ${token}`;
    };
    const make = (authorize: () => Promise<string>): ProductClient =>
      client(forge.apiBaseUrl, () => authorize(), fetchFn, timeout, () => {
        throw new TypeError("apkit/server: this client acts as the user already.");
      });
    const app = make(bearer("system"));
    const user = make(bearer("user"));
    return Object.assign(app, {
      asUser: (accountId?: string) => {
        if (accountId !== undefined && accountId !== forge.accountId) {
          throw new TypeError(`apkit/server: a Forge client acts only as the invocation's user (${describe(forge.accountId)}).`);
        }
        return user;
      },
    });
  }

  const tenant = source;
  const appKey = options.appKey ?? tenant.key;
  if (!isConnectTenant(tenant)) {
    throw new TypeError("apkit/server: createProductClient needs a Connect tenant (clientKey, sharedSecret and baseUrl) or a verified Forge invocation.");
  }
  // Hashed once per client, on first use, for the grant cache's key (the secret itself is never a key).
  let secretHash: Promise<string> | undefined;
  const hashOfSecret = () => (secretHash ??= Promise.resolve(sha256Hex(tenant.sharedSecret)));
  if (typeof appKey !== "string" || appKey === "") throw new TypeError("apkit/server: createProductClient needs the app key (options.appKey or tenant.key).");
  const baseUrl = tenant.baseUrl.replace(/\/+$/, "");
  const authorizationServer = checkedServer(options.authorizationServer ?? (/\.jira-dev\.com$/i.test(new URL(baseUrl).hostname) ? AUTH_SERVER_STAGING : AUTH_SERVER));

  const jwt = async (method: string, url: URL) => {
    const canonical = canonicalOf(method, url.href, baseUrl);
    const iat = Math.floor(now() / 1000);
    // canonicalOf cannot be undefined here: client() only sends URLs under baseUrl.
    return `JWT ${await signHs256({ iss: appKey, iat, exp: iat + TOKEN_LIFETIME, qsh: await sha256Hex(canonical!) }, tenant.sharedSecret)}`;
  };
  const asUser = (accountId?: string, o: { scopes?: readonly string[] } = {}): ProductClient => {
    if (typeof accountId !== "string" || accountId === "") throw new TypeError("apkit/server: asUser needs the user's accountId.");
    const oauthClientId = tenant.oauthClientId;
    if (typeof oauthClientId !== "string" || oauthClientId === "") {
      throw new TypeError("apkit/server: this tenant has no oauthClientId (the installed payload carries it; the app needs the ACT_AS_USER scope).");
    }
    const scopes = [...(o.scopes ?? [])].map((s) => s.toUpperCase()).sort();
    const grant = async () => accessToken(tenant, await hashOfSecret(), oauthClientId, accountId, scopes, authorizationServer, fetchFn, now, timeout);
    return client(baseUrl, async () => `Bearer ${(await grant()).token}`, fetchFn, timeout, () => {
      throw new TypeError("apkit/server: this client acts as a user already.");
    });
  };
  return client(baseUrl, jwt, fetchFn, timeout, asUser);
}

/** The fetch-shaped function for one base URL and one way of authorising. */
function client(
  baseUrl: string,
  authorize: (method: string, url: URL) => Promise<string>,
  fetchFn: ProductClientOptions["fetch"],
  timeout: number,
  asUser: ProductClient["asUser"],
): ProductClient {
  const base = new URL(`${baseUrl}/`);
  const call = async (path: string | URL, init: ProductRequestInit = {}): Promise<Response> => {
    const url = resolve(base, path);
    const method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers);
    let body = init.body as BodyInit | null | undefined;
    if (isJsonBody(body)) {
      body = JSON.stringify(body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    } else if (typeof FormData !== "undefined" && body instanceof FormData && !headers.has("x-atlassian-token")) {
      // Multipart uploads (Jira attachments) are refused without it (XSRF protection).
      headers.set("x-atlassian-token", "no-check");
    }
    if (!headers.has("accept")) headers.set("accept", "application/json");
    headers.set("authorization", await authorize(method, url));
    return send(url.href, { ...init, method, headers, body, redirect: init.redirect ?? "manual" }, fetchFn, timeout);
  };
  return Object.assign(call, { baseUrl, asUser });
}

/** A URL under `base`, or a TypeError: credentials are only ever sent to the product itself. */
function resolve(base: URL, path: string | URL): URL {
  const text = String(path);
  // "/rest/api/3/..." is relative to the base URL's path (a Confluence tenant's /wiki); "//host/..." is not a path.
  const url = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(text) ? new URL(text, base) : new URL(text.replace(/^\//, ""), base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || url.username || url.password) {
    throw new TypeError(`apkit/server: ${text} is not under ${base.href}; product credentials are never sent elsewhere.`);
  }
  return url;
}

/** fetch with a deadline and the caller's signal; no answer at all becomes a coded error. */
async function send(url: string, init: RequestInit, fetchFn: ProductClientOptions["fetch"], timeout: number): Promise<Response> {
  const f = fetchFn ?? (globalThis.fetch as NonNullable<ProductClientOptions["fetch"]> | undefined);
  if (typeof f !== "function") throw new TypeError("apkit/server: no fetch in this runtime; pass options.fetch.");
  const controller = new AbortController();
  const caller = init.signal ?? undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onAbort = () => controller.abort();
  if (caller?.aborted) onAbort();
  caller?.addEventListener("abort", onAbort, { once: true });
  try {
    return await f(url, { ...init, signal: controller.signal });
  } catch (error) {
    const where = url.split("?")[0];
    if (timedOut) throw new ProductRequestError(`No answer from ${where} in ${timeout} ms.`, { reason: "timeout", cause: error });
    if (caller?.aborted) throw new ProductRequestError(`The request to ${where} was aborted.`, { reason: "aborted", cause: caller.reason });
    throw new ProductRequestError(`The request to ${where} failed: ${(error as Error)?.message ?? String(error)}.`, { reason: "network", cause: error });
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  }
}

/** The OAuth 2.0 JWT bearer grant for Connect apps, single-flight and cached per tenant, user and scopes. */
function accessToken(
  tenant: Tenant & { sharedSecret: string },
  secretHash: string,
  oauthClientId: string,
  accountId: string,
  scopes: string[],
  server: string,
  fetchFn: ProductClientOptions["fetch"],
  now: () => number,
  timeout: number,
): Promise<Grant> {
  const key = JSON.stringify([server, tenant.clientKey, tenant.baseUrl, secretHash, oauthClientId, accountId, scopes]);
  const cached = grants.get(key);
  if (cached) {
    return cached.then((grant) => {
      if (now() < grant.expiresAt - GRANT_MARGIN_MS) return grant;
      if (grants.get(key) === cached) grants.delete(key);
      return accessToken(tenant, secretHash, oauthClientId, accountId, scopes, server, fetchFn, now, timeout);
    });
  }
  const pending = (async (): Promise<Grant> => {
    const iat = Math.floor(now() / 1000);
    const assertion = await signHs256(
      {
        iss: `urn:atlassian:connect:clientid:${oauthClientId}`,
        sub: `urn:atlassian:connect:useraccountid:${accountId}`,
        tnt: tenant.baseUrl,
        aud: server,
        iat,
        exp: iat + 60,
      },
      tenant.sharedSecret,
    );
    const form = new URLSearchParams({ grant_type: GRANT_TYPE, assertion });
    if (scopes.length) form.set("scope", scopes.join(" "));
    const response = await send(`${server}/oauth2/token`, { method: "POST", body: form, headers: { accept: "application/json" } }, fetchFn, timeout);
    const text = await response.text().catch(() => "");
    let body: { access_token?: unknown; expires_in?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // handled below: no token
    }
    if (!response.ok || typeof body.access_token !== "string" || typeof body.expires_in !== "number") {
      throw new ProductRequestError(`The authorization server refused the grant for ${describe(accountId)} (${response.status}).`, { reason: "grant", status: response.status });
    }
    return { token: body.access_token, expiresAt: now() + body.expires_in * 1000 };
  })();
  if (grants.size >= MAX_GRANTS) grants.delete(grants.keys().next().value as string);
  grants.set(key, pending);
  // A failed grant is not cached: the next call asks again.
  pending.catch(() => grants.get(key) === pending && grants.delete(key));
  return pending;
}

function checkedServer(server: string): string {
  return serviceUrl(server, "authorizationServer").href.replace(/\/+$/, "");
}

function isConnectTenant(tenant: Tenant): tenant is Tenant & { clientKey: string; sharedSecret: string; baseUrl: string } {
  return typeof tenant.baseUrl === "string" && typeof tenant.sharedSecret === "string" && tenant.sharedSecret !== "" && typeof tenant.clientKey === "string";
}

function isInvocation(source: Tenant | ForgeInvocation): source is ForgeInvocation {
  return typeof (source as ForgeInvocation).apiBaseUrl === "string" && typeof (source as ForgeInvocation).installationId === "string" && !("sharedSecret" in source);
}

function isJsonBody(body: unknown): body is Record<string, unknown> | unknown[] {
  if (body === null || typeof body !== "object") return false;
  if (Array.isArray(body)) return true;
  const proto = Object.getPrototypeOf(body);
  return proto === Object.prototype || proto === null;
}
