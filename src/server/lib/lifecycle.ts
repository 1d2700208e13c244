// The install lifecycle: RS256 tokens signed by Atlassian (the "signed-install" migration, now the only mode),
// verified with the public key published under their kid. A tenant's shared secret arrives in the body of such a
// request; nothing in this file ever trusts a body before its token is verified and bound to it.
import * as z from "zod/mini";
import { rsaVerify } from "#backend";
import { checkRequestQsh } from "../computeQsh.js";
import {
  APKitServerError,
  describe,
  errorResponse,
  InstallClientKeyError,
  InstallPayloadError,
  JWTClaimError,
  JWTSignatureError,
} from "../errors.js";
import { checkLeeway, checkMaxTokenAge, checkTime, DEFAULT_MAX_TOKEN_AGE, parseClaims, TIME_CLAIMS } from "./claims.js";
import { DEFAULT_MAX_TOKEN_LENGTH, decodeJws } from "./jws.js";
import { checkKeyOptions, installKey, type KeyOptions } from "./installKeys.js";
import { tokenOf } from "./incoming.js";
import type { Tenant, TenantStore } from "../tenantStore.js";

/** Options of `handleInstalled` and `handleUninstalled`. */
export interface LifecycleOptions {
  /** The app's base URL, exactly as in its descriptor: the tokens' `aud`, and the base of their qsh. */
  baseUrl: string;
  /** Where tenants are written (installed) and removed (uninstalled). */
  tenants: TenantStore;
  /** When given, the payload's `key` must equal it (the app key from the descriptor). */
  appKey?: string;
  /** The fetch used for Atlassian's key server; inject one in tests. @default globalThis.fetch */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** @default "https://connect-install-keys.atlassian.com" */
  keyServer?: string;
  /** Milliseconds to wait for the key server. @default 5000 */
  keyTimeout?: number;
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
}

/** What an install or uninstall request proved, after verification. */
export interface LifecycleEvent {
  eventType: "installed" | "uninstalled";
  /** The verified payload; for `installed` it is stored as the tenant. */
  tenant: Tenant;
  /** The verified token claims. */
  claims: Readonly<Record<string, unknown>>;
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
async function verifyLifecycle(
  request: Request,
  options: LifecycleOptions,
  eventType: LifecycleEvent["eventType"],
): Promise<LifecycleEvent> {
  const token = tokenOf(request, "JWT", false);
  const { header, payload, input, signature } = decodeJws(token, "RS256", options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH);
  const key = await installKey(header.kid, options as KeyOptions);
  if (!(await rsaVerify(key, input, signature))) {
    throw new JWTSignatureError("The lifecycle token's signature does not match Atlassian's key for its kid.");
  }

  const c = parseClaims(Claims, payload);
  checkTime(c, options.now ?? Date.now, options.leeway ?? 0, options.maxTokenAge ?? DEFAULT_MAX_TOKEN_AGE);
  const audiences = typeof c.aud === "string" ? [c.aud] : c.aud;
  const base = trimSlash(options.baseUrl);
  if (!audiences.some((aud) => trimSlash(aud) === base)) {
    throw new JWTClaimError(`The lifecycle token is for ${describe(c.aud)}, not this app (${base}).`, "aud");
  }
  await checkRequestQsh(c.qsh, request.method, request.url, options.baseUrl);

  const body = await readJson(request, options.maxBodyBytes ?? 65_536);
  const result = Payload.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    throw new InstallPayloadError(`The ${eventType} payload is invalid (${issues[0]}).`, issues);
  }
  const tenant = result.data as Tenant & z.infer<typeof Payload>;
  // The token is genuine, but is it about this tenant? Without this, any site's token installs over any other.
  if (tenant.clientKey !== c.iss) throw new InstallClientKeyError(c.iss, tenant.clientKey);
  if (tenant.eventType !== eventType) {
    throw new InstallPayloadError(`This endpoint handles "${eventType}" events; got "${tenant.eventType}".`, [`eventType: expected ${eventType}`]);
  }
  if (eventType === "installed" && tenant.sharedSecret === undefined) {
    throw new InstallPayloadError("The installed payload has no sharedSecret.", ["sharedSecret: required"]);
  }
  if (options.appKey !== undefined && tenant.key !== options.appKey) {
    throw new InstallPayloadError(`The payload is for app ${describe(tenant.key)}, not ${describe(options.appKey)}.`, ["key: another app"]);
  }
  return { eventType, tenant, claims: payload };
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
  checkKeyOptions(options);
}

/**
 * @internal The body of both lifecycle handlers: check options, verify, then `apply` the event to the store and
 * answer 204. Coded errors become their JSON answer; errors of the store itself propagate.
 */
export async function lifecycleResponse(
  request: Request,
  options: LifecycleOptions,
  eventType: LifecycleEvent["eventType"],
  apply: (event: LifecycleEvent) => unknown,
): Promise<Response> {
  checkLifecycleOptions(options, eventType === "installed" ? "handleInstalled" : "handleUninstalled");
  let event: LifecycleEvent;
  try {
    event = await verifyLifecycle(request, options, eventType);
  } catch (error) {
    // Coded errors are answers; anything else (a failing key fetch implementation, say) is the framework's.
    if (!(error instanceof APKitServerError)) throw error;
    return errorResponse(error);
  }
  await apply(event);
  return new Response(null, { status: 204 });
}

async function readJson(request: Request, limit: number): Promise<unknown> {
  const length = Number(request.headers.get("content-length"));
  if (length > limit) throw new InstallPayloadError(`The body is larger than ${limit} bytes.`, ["body: too large"]);
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    throw new InstallPayloadError("The body could not be read.", ["body: unreadable"], { cause: error });
  }
  if (new TextEncoder().encode(text).length > limit) throw new InstallPayloadError(`The body is larger than ${limit} bytes.`, ["body: too large"]);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InstallPayloadError("The body is not JSON.", ["body: not JSON"], { cause: error });
  }
}

function trimSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}
