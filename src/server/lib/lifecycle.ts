// The Connect install lifecycle: RS256 tokens signed by Atlassian (the "signed-install" migration, now the only mode),
// verified with the public key published under their kid. A tenant's shared secret arrives in the body of such a
// request; nothing in this file ever trusts a body before its token is verified and bound to it. Each token is
// applied once, and never after a newer event of its tenant (security review 2, #08): the tenant keeps a stamp of the
// last event applied (its `iat` and the token's hash), in the store, so every instance of the app agrees.
import * as z from "zod/mini";
import { rsaVerify, sha256Hex } from "#backend";
import { checkRequestQsh } from "../computeQsh.js";
import {
  describe,
  errorResponse,
  InstallClientKeyError,
  InstallPayloadError,
  isAPKitServerError,
  JWTClaimError,
  JWTSignatureError,
  type AnyAPKitServerError,
} from "../errors.js";
import { checkLeeway, checkMaxTokenAge, checkTime, DEFAULT_MAX_TOKEN_AGE, parseClaims, TIME_CLAIMS } from "./claims.js";
import { checkHook, type ErrorHook } from "./hooks.js";
import { DEFAULT_MAX_TOKEN_LENGTH, decodeJws } from "./jws.js";
import { checkKeyOptions, installKey } from "./installKeys.js";
import { tokenOf } from "./incoming.js";
import { readText } from "./readText.js";
import { fetchCloudId, sameSite } from "./tenantInfo.js";
import { checkLifecycle, type LifecycleStamp, type Tenant, type TenantStore } from "../tenantStore.js";

/** Options of `handleInstalled` and `handleUninstalled`. */
export interface LifecycleOptions {
  /** The app's base URL, exactly as in its descriptor: the tokens' `aud`, and the base of their qsh. */
  baseUrl: string;
  /** Where tenants are written (installed) and removed (uninstalled). */
  tenants: TenantStore;
  /** When given, the payload's `key` must equal it (the app key from the descriptor). */
  appKey?: string;
  /**
   * The fetch for Atlassian's key server and the site's `/_edge/tenant_info`; inject one in tests.
   * @default globalThis.fetch
   */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** @default "https://connect-install-keys.atlassian.com" */
  keyServer?: string;
  /** Milliseconds to wait for the key server. @default 5000 */
  keyTimeout?: number;
  /** Milliseconds to wait for the site's cloud id (`<baseUrl>/_edge/tenant_info`). @default 5000 */
  tenantInfoTimeout?: number;
  /** The current time in milliseconds. @default Date.now */
  now?: () => number;
  /** Clock skew tolerated on `exp`/`nbf`, in seconds, at most 30. @default 0 */
  leeway?: number;
  /** The longest lifetime (`exp - iat`, seconds) a lifecycle token may claim. @default 3600 */
  maxTokenAge?: number;
  /** @default 8192 */
  maxTokenLength?: number;
  /** The largest body accepted, in bytes. @default 65536 */
  maxBodyBytes?: number;
  /**
   * Receives each coded error with its real reason: a refused request (answered with a generic message), and a
   * site's cloud id that could not be read (`ERR_TENANT_INFO`: the install goes on without it).
   */
  onError?: ErrorHook<Request>;
}

/** What an install or uninstall request proved, after verification. */
export interface LifecycleEvent {
  eventType: "installed" | "uninstalled";
  /** The verified payload; for `installed` it is stored as (part of) the tenant. */
  tenant: Tenant & { clientKey: string; baseUrl: string };
  /** The verified token claims. */
  claims: Readonly<Record<string, unknown>>;
  /** What the tenant will remember of this event: the token's `iat` and hash. */
  stamp: LifecycleStamp;
}

const Claims = z.object({
  iss: z.string().check(z.minLength(1)),
  aud: z.union([z.string(), z.array(z.string())]),
  qsh: z.string(),
  ...TIME_CLAIMS,
});

const Payload = z.looseObject({
  key: z.string().check(z.minLength(1)),
  clientKey: z.string().check(z.minLength(1), z.maxLength(256)),
  sharedSecret: z.optional(z.string().check(z.minLength(1))),
  baseUrl: z.url({ protocol: /^https?$/ }),
  eventType: z.enum(["installed", "uninstalled"]),
  productType: z.optional(z.string()),
  displayUrl: z.optional(z.string()),
  // A Connect app with a Forge manifest: the Forge installation of the same app on the same site.
  installationId: z.optional(z.string().check(z.regex(/^ari:cloud:ecosystem::installation\/[A-Za-z0-9._:/-]{1,200}$/))),
});

/** Verifies a lifecycle request end to end and returns what it proved. */
async function verifyLifecycle(request: Request, options: LifecycleOptions, eventType: LifecycleEvent["eventType"]): Promise<LifecycleEvent> {
  const token = tokenOf(request, "JWT", false);
  const { header, payload, input, signature } = decodeJws(token, "RS256", options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH);
  const key = await installKey(header.kid, options);
  if (!(await rsaVerify(key, input, signature))) {
    throw new JWTSignatureError("The lifecycle token's signature does not match Atlassian's key for its kid.");
  }

  const c = parseClaims(Claims, payload);
  checkTime(c, options.now ?? Date.now, options.leeway ?? 0, options.maxTokenAge ?? DEFAULT_MAX_TOKEN_AGE);
  const audiences = typeof c.aud === "string" ? [c.aud] : c.aud;
  const base = trimSlash(options.baseUrl);
  if (!audiences.some((aud) => trimSlash(aud) === base)) {
    throw new JWTClaimError(`The lifecycle token is for ${describe(c.aud)}, not this app (${base}).`, { claim: "aud" });
  }
  await checkRequestQsh(c.qsh, request.method, request.url, options.baseUrl);

  const body = await readJson(request, options.maxBodyBytes ?? 65_536);
  const result = Payload.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    throw new InstallPayloadError(`The ${eventType} payload is invalid (${issues[0]}).`, { issues });
  }
  const tenant = result.data as LifecycleEvent["tenant"];
  // The token is genuine, but is it about this tenant? Without this, any site's token installs over any other.
  if (tenant.clientKey !== c.iss) {
    throw new InstallClientKeyError(`The lifecycle token was issued by ${describe(c.iss)}, but the body is for ${describe(tenant.clientKey)}.`, { issuer: c.iss, clientKey: tenant.clientKey });
  }
  if (tenant.eventType !== eventType) {
    throw new InstallPayloadError(`This endpoint handles "${eventType}" events; got "${tenant.eventType}".`, { issues: [`eventType: expected ${eventType}`] });
  }
  if (eventType === "installed" && tenant.sharedSecret === undefined) {
    throw new InstallPayloadError("The installed payload has no sharedSecret.", { issues: ["sharedSecret: required"] });
  }
  if (options.appKey !== undefined && tenant.key !== options.appKey) {
    throw new InstallPayloadError(`The payload is for app ${describe(tenant.key)}, not ${describe(options.appKey)}.`, { issues: ["key: another app"] });
  }
  return { eventType, tenant, claims: payload, stamp: { iat: c.iat, token: await sha256Hex(token) } };
}

/** Checks lifecycle options once per call; caller mistakes are TypeErrors. */
function checkLifecycleOptions(options: LifecycleOptions, fn: string): void {
  if (!options || typeof options !== "object") throw new TypeError(`apkit/server: ${fn} needs options.`);
  if (typeof options.baseUrl !== "string" || !/^https?:\/\/[^/]/.test(options.baseUrl)) {
    throw new TypeError(`apkit/server: ${fn} needs the app's baseUrl (an absolute http(s) URL).`);
  }
  const t = options.tenants;
  if (!t || typeof t.get !== "function" || typeof t.set !== "function" || typeof t.delete !== "function") {
    throw new TypeError(`apkit/server: ${fn} needs a TenantStore (get, set, delete) as tenants.`);
  }
  checkLeeway(options.leeway ?? 0);
  checkMaxTokenAge(options.maxTokenAge ?? DEFAULT_MAX_TOKEN_AGE);
  if (options.now !== undefined && typeof options.now !== "function") throw new TypeError("apkit/server: now must be a function.");
  if (options.tenantInfoTimeout !== undefined && !(typeof options.tenantInfoTimeout === "number" && options.tenantInfoTimeout > 0)) {
    throw new TypeError("apkit/server: tenantInfoTimeout must be a positive number of milliseconds.");
  }
  checkHook(options.onError);
  checkKeyOptions(options);
}

/**
 * @internal The body of both lifecycle handlers: check options, verify, then `apply` the event to the store and
 * answer 204. Coded errors (of the verification or the store) become their JSON answer after `onError` saw them;
 * anything else (a failing database) propagates.
 */
export async function lifecycleResponse(
  request: Request,
  options: LifecycleOptions,
  eventType: LifecycleEvent["eventType"],
  apply: (event: LifecycleEvent, reportError: (error: AnyAPKitServerError) => void) => unknown,
): Promise<Response> {
  checkLifecycleOptions(options, eventType === "installed" ? "handleInstalled" : "handleUninstalled");
  const reportError = (error: AnyAPKitServerError) => options.onError?.(error, request);
  try {
    await apply(await verifyLifecycle(request, options, eventType), reportError);
  } catch (error) {
    if (!isAPKitServerError(error)) throw error;
    reportError(error);
    return errorResponse(error);
  }
  return new Response(null, { status: 204 });
}

/** @internal Refuses an event its tenant has seen already, or an older one than it reflects (the store checks again, atomically). */
export function checkStamp(existing: Tenant | undefined | null, stamp: LifecycleStamp): void {
  if (existing?.lifecycle) checkLifecycle(stamp, existing.lifecycle);
}

/**
 * @internal The tenant an `installed` event makes: the payload, over what the store knows of the same Connect
 * installation or (a site installed on Forge first) of the same site, with the site's cloud id.
 */
export async function installedTenant(event: LifecycleEvent, options: LifecycleOptions, reportError: (error: AnyAPKitServerError) => void): Promise<Tenant> {
  const { tenants } = options;
  const payload = event.tenant;
  const existing = (await tenants.get(payload.clientKey)) ?? undefined;
  checkStamp(existing, event.stamp);
  // The site's cloud id: known already for this site, else asked of the site itself.
  let cloudId = existing?.cloudId !== undefined && typeof existing.baseUrl === "string" && sameSite(existing.baseUrl, payload.baseUrl) ? existing.cloudId : undefined;
  if (cloudId === undefined) {
    try {
      cloudId = await fetchCloudId(payload.baseUrl, options.fetch, options.tenantInfoTimeout ?? 5000);
    } catch (error) {
      if (!isAPKitServerError(error)) throw error;
      // Not a reason to refuse the install: the first Forge Invocation Token of the site proves its cloud id.
      reportError(error);
      cloudId = existing?.cloudId;
    }
  }
  const site = cloudId === undefined || !tenants.getByCloudId ? undefined : ((await tenants.getByCloudId(cloudId)) ?? undefined);
  // A tenant of the same site without Connect credentials (installed on Forge first) becomes this one.
  const forgeOnly = site && site.clientKey === undefined ? site : undefined;
  const { lifecycle, ...before } = existing ?? forgeOnly ?? {};
  void lifecycle;
  const tenant: Tenant = { ...before, ...payload, lifecycle: event.stamp };
  if (cloudId !== undefined) tenant.cloudId = cloudId;
  if (payload.installationId === undefined && typeof before.installationId === "string") tenant.installationId = before.installationId;
  return tenant;
}

async function readJson(request: Request, limit: number): Promise<unknown> {
  let text: string | undefined;
  try {
    text = await readText(request, limit);
  } catch (error) {
    throw new InstallPayloadError("The body could not be read.", { issues: ["body: unreadable"], cause: error });
  }
  if (text === undefined) throw new InstallPayloadError(`The body is larger than ${limit} bytes.`, { issues: ["body: too large"] });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InstallPayloadError("The body is not JSON.", { issues: ["body: not JSON"], cause: error });
  }
}

function trimSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}
