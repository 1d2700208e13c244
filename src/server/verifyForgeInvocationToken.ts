import { rsaVerify } from "#backend";
import { checkLeeway, checkMaxTokenAge, checkTime, DEFAULT_MAX_TOKEN_AGE, validateContextClaim } from "./lib/claims.js";
import { isThenable } from "./lib/hs256.js";
import { headerOf, tokenOf, type IncomingRequest } from "./lib/incoming.js";
import { jwksKey } from "./lib/jwks.js";
import { serviceUrl } from "./lib/serviceUrl.js";
import { decodeJws } from "./lib/jws.js";
import type { InferOutput, StandardSchemaV1 } from "./lib/standardSchema.js";
import { describe, JWTClaimError, JWTSignatureError } from "./errors.js";

/**
 * Where Forge publishes the keys that sign Forge Invocation Tokens (production): the default `jwksUrl` of
 * {@link verifyForgeInvocationToken}.
 *
 * @example
 * ```ts
 * import { FORGE_JWKS_URL, verifyForgeInvocationToken } from "apkit/server";
 * await verifyForgeInvocationToken(request, { appId, jwksUrl: FORGE_JWKS_URL });
 * ```
 */
export const FORGE_JWKS_URL = "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json";

/**
 * The key set of Forge's staging environment. apkit never picks it from a token (atlassian-connect-express does,
 * from the unverified `app.apiBaseUrl`): configure it explicitly for an app under development on staging.
 *
 * @example
 * ```ts
 * import { FORGE_STAGING_JWKS_URL, verifyForgeInvocationToken } from "apkit/server";
 * const jwksUrl = process.env.FORGE_ENV === "staging" ? FORGE_STAGING_JWKS_URL : undefined;
 * await verifyForgeInvocationToken(request, { appId, jwksUrl });
 * ```
 */
export const FORGE_STAGING_JWKS_URL = "https://forge.cdn.stg.atlassian-dev.net/.well-known/jwks.json";

/** The `iss` of every Forge Invocation Token. */
const ISSUER = "forge/invocation-token";
const APP_ARI = "ari:cloud:ecosystem::app/";
const INSTALLATION_ARI = /^ari:cloud:ecosystem::installation\/[A-Za-z0-9._:/-]{1,200}$/;
// Atlassian's API gateways: api.atlassian.com, api.stg.atlassian.com and the isolated clouds' (FedRAMP ...).
const API_HOST = /^(?:[a-z0-9-]+\.)*(?:atlassian\.com|atlassian\.net|atlassian-us-gov-mod\.com|atlassian-us-gov\.com|atlassian-fex\.com)$/;

/** Options of {@link verifyForgeInvocationToken}. */
export interface ForgeInvocationOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** The app's id from its `manifest.yml`: `ari:cloud:ecosystem::app/<uuid>`, or the bare uuid. The token's `aud`. */
  appId: string;
  /**
   * The key set that signs the tokens. Configuration only: it is never taken from a token. https, or http on
   * loopback (tests).
   * @default FORGE_JWKS_URL
   */
  jwksUrl?: string;
  /**
   * The current time in milliseconds since the epoch (inject it to test expiry and key caching).
   * @default Date.now
   */
  now?: () => number;
  /**
   * Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds; at most 30.
   * @default 0
   */
  clockTolerance?: number;
  /**
   * The longest lifetime (`exp - iat`, seconds) a token may claim.
   * @default 3600
   */
  maxTokenAge?: number;
  /**
   * Tokens longer than this many characters are rejected before anything is decoded.
   * @default 16384
   */
  maxTokenLength?: number;
  /** The fetch used for the key set; inject one in tests. @default globalThis.fetch */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /**
   * Milliseconds to wait for the key set.
   * @default 5000
   */
  jwksTimeout?: number;
  /** A Standard Schema (zod, valibot ...) for the `context` claim; the result's `context` gets its output type. */
  contextSchema?: S;
  /**
   * The Forge environments (`app.environment.type`: `"PRODUCTION"`, `"STAGING"`, `"DEVELOPMENT"`) whose tokens are
   * accepted; a token of another one, or without an environment, is `ERR_JWT_CLAIM`. Set it to `"PRODUCTION"` on a
   * production backend: every environment of an app shares its `appId`, so without it a development installation's
   * tokens verify there too.
   * @default every environment
   */
  environment?: string | readonly string[];
  /**
   * The Isolated Cloud whose tokens this verifier accepts (their `icLabel` claim). Isolated Cloud sites sign with keys
   * of their own, so configure their `jwksUrl` as well. Without it, a token that carries an `icLabel` is refused.
   * @default none: only tokens without an icLabel
   */
  icLabel?: string;
}

/** What a verified Forge Invocation Token says about a call. */
export interface ForgeInvocation<C = Record<string, unknown>> {
  /** The app's id (`aud`, `app.id`): `ari:cloud:ecosystem::app/<uuid>`. */
  appId: string;
  /** The installation (`app.installationId`): `ari:cloud:ecosystem::installation/<uuid>`. */
  installationId: string;
  /** Where product API calls for this installation go (`app.apiBaseUrl`), with one of {@link ForgeInvocation.tokens}. */
  apiBaseUrl: string;
  /** `app.environment`: `{ type: "DEVELOPMENT" | "STAGING" | "PRODUCTION", id }`, when the token has it. */
  environment: { type: string; id: string } | undefined;
  /** `app.appVersion`, the installed version (Forge replaced `app.version` with it in 2025), when the token has it. */
  appVersion: string | undefined;
  /** `icLabel`: the Isolated Cloud of the site, when it is one. */
  icLabel: string | undefined;
  /** `app.module`: the manifest module that made the call, when the token has it. */
  module: { key: string; type: string } | undefined;
  /** The user (`principal`); `undefined` for calls without one (events, triggers). */
  accountId: string | undefined;
  /**
   * The site's cloud id: `context.cloudId`, or the one cloud id of `app.installation.contexts[]` when the context has
   * none. Atlassian recommends keying tenants on it across the move from Connect to Forge.
   */
  cloudId: string | undefined;
  /** `context.siteUrl`. */
  siteUrl: string | undefined;
  /** The `context` claim (validated by `contextSchema` when given); `{}` when the token has none. */
  context: C;
  /** `iat`, when the token has it. */
  issuedAt: Date | undefined;
  /** `exp`. */
  expiresAt: Date;
  /**
   * The product API tokens of the request (`x-forge-oauth-system`, `x-forge-oauth-user`), when a request was
   * verified and Forge sent them. Secrets: this property is not enumerable, so logging or serialising the result
   * leaves them out.
   */
  readonly tokens: { system: string | undefined; user: string | undefined };
  /** `x-b3-traceid` / `x-b3-spanid` of the request, for your logs. */
  trace: { traceId: string | undefined; spanId: string | undefined };
  /** The whole verified payload. */
  payload: Readonly<Record<string, unknown>>;
}

/** @internal Options checked once, with defaults. */
export interface ResolvedForge {
  appId: string;
  jwksUrl: string;
  now: () => number;
  clockTolerance: number;
  maxTokenAge: number;
  maxTokenLength: number;
  fetch: ForgeInvocationOptions["fetch"];
  jwksTimeout: number;
  contextSchema: StandardSchemaV1 | undefined;
  environments: readonly string[] | undefined;
  icLabel: string | undefined;
}

/** @internal Checks Forge options (caller mistakes are TypeErrors) and applies defaults. */
export function resolveForgeOptions(options: ForgeInvocationOptions<StandardSchemaV1 | undefined> | undefined, fn: string): ResolvedForge {
  if (!options || typeof options !== "object") throw new TypeError(`apkit/server: ${fn} needs options with the app's appId.`);
  const { appId, jwksUrl = FORGE_JWKS_URL, now = Date.now, clockTolerance = 0, maxTokenAge = DEFAULT_MAX_TOKEN_AGE } = options;
  const { maxTokenLength = 16_384, fetch, jwksTimeout = 5000, contextSchema, environment, icLabel } = options;
  if (typeof appId !== "string" || !/^(ari:cloud:ecosystem::app\/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    throw new TypeError(`apkit/server: appId must be the app id from manifest.yml (ari:cloud:ecosystem::app/<uuid>); got ${String(appId)}.`);
  }
  const url = serviceUrl(jwksUrl, "jwksUrl");
  if (typeof now !== "function") throw new TypeError("apkit/server: now must be a function returning milliseconds.");
  checkLeeway(clockTolerance);
  checkMaxTokenAge(maxTokenAge);
  if (!Number.isInteger(maxTokenLength) || maxTokenLength <= 0) throw new TypeError("apkit/server: maxTokenLength must be a positive integer.");
  if (fetch !== undefined && typeof fetch !== "function") throw new TypeError("apkit/server: fetch must be a function.");
  if (!(typeof jwksTimeout === "number" && jwksTimeout > 0)) throw new TypeError("apkit/server: jwksTimeout must be a positive number of milliseconds.");
  if (contextSchema !== undefined && typeof contextSchema?.["~standard"]?.validate !== "function") {
    throw new TypeError("apkit/server: contextSchema must implement Standard Schema (zod 4, valibot, arktype ...).");
  }
  const environments = typeof environment === "string" ? [environment] : environment;
  if (environments !== undefined && !(Array.isArray(environments) && environments.length > 0 && environments.every((e) => typeof e === "string" && e !== ""))) {
    throw new TypeError('apkit/server: environment must be an environment type such as "PRODUCTION", or a list of them.');
  }
  if (icLabel !== undefined && (typeof icLabel !== "string" || icLabel === "")) throw new TypeError("apkit/server: icLabel must be a non-empty string.");
  // Forge's app ids are lower case; the configured one is normalised, the token's compared exactly.
  const ari = (/^ari:cloud:ecosystem::app\//i.test(appId) ? appId : APP_ARI + appId).toLowerCase();
  return { appId: ari, jwksUrl: url.href, now, clockTolerance, maxTokenAge, maxTokenLength, fetch, jwksTimeout, contextSchema, environments, icLabel };
}

/**
 * Verifies a **Forge Invocation Token** (FIT), the RS256 JWT Forge sends to a Forge Remote backend as
 * `Authorization: Bearer <FIT>` (from `invokeRemote`, `requestRemote`, events and scheduled triggers), and returns
 * what it says about the call. Give the request to also read the product API tokens and trace ids it carries.
 *
 * Checked, each failure with its own code: the length before decoding (`ERR_JWT_TOO_LARGE`); strict compact
 * JWS (`ERR_JWT_MALFORMED`); `alg` exactly `"RS256"` (`ERR_JWT_ALG`: `none`, `HS256` with the public key as a
 * secret, `RS512`, `PS256` are refused); a `kid` whose key is in the key set at `jwksUrl`, fetched and cached
 * (`ERR_JWT_KEY`; `ERR_JWKS_UNAVAILABLE` when the key set cannot be had); the signature (`ERR_JWT_SIGNATURE`);
 * `iss` = `forge/invocation-token`, `aud` = `appId`, `app.id` = `aud`, `app.installationId` an installation ARI,
 * `app.apiBaseUrl` an https URL on an Atlassian API host (`ERR_JWT_CLAIM`); `exp` required and `iat`/`nbf`
 * honoured within `clockTolerance`, lifetime at most `maxTokenAge` (`ERR_JWT_EXPIRED`, `ERR_JWT_NOT_YET_VALID`,
 * `ERR_JWT_CLAIM`).
 *
 * @example
 * ```ts
 * import { verifyForgeInvocationToken } from "apkit/server";
 * export async function POST(request: Request) {
 *   const call = await verifyForgeInvocationToken(request, { appId: "ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a" });
 *   const issues = await fetch(`${call.apiBaseUrl}/rest/api/3/search/jql`, {
 *     headers: { authorization: `Bearer ${call.tokens.system}` },
 *   });
 *   return Response.json({ installation: call.installationId, user: call.accountId });
 * }
 * ```
 */
export async function verifyForgeInvocationToken<S extends StandardSchemaV1 | undefined = undefined>(
  tokenOrRequest: string | IncomingRequest,
  options: ForgeInvocationOptions<S>,
): Promise<ForgeInvocation<InferOutput<S, Record<string, unknown>>>> {
  return verifyForge(tokenOrRequest, resolveForgeOptions(options, "verifyForgeInvocationToken")) as Promise<
    ForgeInvocation<InferOutput<S, Record<string, unknown>>>
  >;
}

/** @internal {@link verifyForgeInvocationToken} with options resolved once. */
export async function verifyForge(tokenOrRequest: string | IncomingRequest, o: ResolvedForge): Promise<ForgeInvocation<unknown>> {
  const request = typeof tokenOrRequest === "string" ? undefined : tokenOrRequest;
  if (request !== undefined && (!request || typeof request !== "object")) throw new TypeError("apkit/server: expected a token or a request.");
  const token = request ? tokenOf(request, "Bearer", false) : tokenOrRequest;
  const { header, payload, input, signature } = decodeJws(token, "RS256", o.maxTokenLength);
  // Both are synchronous on the hot path (a cached key, node:crypto's verify): awaited only when they are promises.
  let key = jwksKey(header.kid, { url: o.jwksUrl, fetch: o.fetch, timeout: o.jwksTimeout, now: o.now });
  if (isThenable(key)) key = await key;
  let valid: boolean | PromiseLike<boolean> = rsaVerify(key, input, signature);
  if (isThenable(valid)) valid = await valid;
  if (!valid) throw new JWTSignatureError("The token's signature does not match the key for its kid.");

  // The claims, checked by hand rather than by a schema: this is the hot path of every Forge call.
  const { iss, aud, exp, iat, nbf, principal } = payload;
  const app = objectClaim(payload.app, "app", true)!;
  const raw = objectClaim(payload.context, "context", false) ?? {};
  if (iss !== ISSUER) throw new JWTClaimError(`The iss claim must be "${ISSUER}"; got ${describe(iss)}.`, { claim: "iss", reason: reasonOf(iss) });
  // One audience, exactly this app (no case folding: the token names the app as Forge wrote it).
  const audience = Array.isArray(aud) && aud.length === 1 ? aud[0] : aud;
  if (audience !== o.appId) throw new JWTClaimError(`The token is for ${describe(aud)}, not this app (${o.appId}).`, { claim: "aud", reason: reasonOf(aud) });
  if (app.id !== o.appId) throw new JWTClaimError(`The app.id claim ${describe(app.id)} is not the token's audience.`, { claim: "app.id", reason: reasonOf(app.id) });
  // Every claim's type before time, as a schema would check them: a malformed token is ERR_JWT_CLAIM whenever it expired.
  if (principal !== undefined && typeof principal !== "string") {
    throw new JWTClaimError(`The principal claim must be an account id; got ${describe(principal)}.`, { claim: "principal", reason: "invalid" });
  }
  checkTime({ exp: numericDate(exp, "exp", true)!, iat: numericDate(iat, "iat", false), nbf: numericDate(nbf, "nbf", false) }, o.now, o.clockTolerance, o.maxTokenAge);
  const installationId = app.installationId;
  if (typeof installationId !== "string" || !INSTALLATION_ARI.test(installationId)) {
    throw new JWTClaimError(`The app.installationId claim ${describe(installationId)} is not an installation ARI.`, { claim: "app.installationId", reason: reasonOf(installationId) });
  }
  const apiBaseUrl = apiBaseUrlOf(app.apiBaseUrl);
  const environment = pair(app.environment, "type", "id") as ForgeInvocation["environment"];
  if (o.environments && !o.environments.includes(environment?.type as string)) {
    throw new JWTClaimError(`The token is from the ${describe(environment?.type)} environment; this verifier accepts ${o.environments.join(", ")}.`, { claim: "app.environment", reason: environment ? "check_failed" : "missing" });
  }
  // Isolated Cloud sites sign with keys of their own; a verifier serves one cloud.
  const icLabel = payload.icLabel;
  if (icLabel !== o.icLabel) {
    throw new JWTClaimError(`The token's icLabel ${describe(icLabel)} is not the one this verifier serves (${describe(o.icLabel)}).`, { claim: "icLabel", reason: icLabel === undefined ? "missing" : "check_failed" });
  }
  const cloudId = cloudIdOf(raw, app);
  const context = o.contextSchema ? await validateContextClaim(o.contextSchema, raw) : raw;
  const requestHeader = (name: string) => (request ? headerOf(request, name) : undefined);
  const invocation: Omit<ForgeInvocation<unknown>, "tokens"> = {
    appId: o.appId,
    installationId,
    apiBaseUrl,
    environment,
    appVersion: typeof app.appVersion === "string" ? app.appVersion : undefined,
    icLabel: icLabel as string | undefined,
    module: pair(app.module, "key", "type") as ForgeInvocation["module"],
    accountId: principal,
    cloudId,
    siteUrl: typeof raw.siteUrl === "string" ? raw.siteUrl : undefined,
    context,
    issuedAt: iat === undefined ? undefined : new Date((iat as number) * 1000),
    expiresAt: new Date((exp as number) * 1000),
    trace: { traceId: requestHeader("x-b3-traceid"), spanId: requestHeader("x-b3-spanid") },
    payload,
  };
  // Product API tokens are secrets: added as a property that is not enumerable, so a logged result does not leak them.
  return Object.defineProperty(invocation, "tokens", {
    value: Object.freeze({ system: requestHeader("x-forge-oauth-system"), user: requestHeader("x-forge-oauth-user") }),
    enumerable: false,
  }) as ForgeInvocation<unknown>;
}

const reasonOf = (value: unknown) => (value === undefined ? "missing" : "invalid");

/** A time claim: whole seconds, a safe integer (JSON numbers like 1e300 or 1.5 are refused). */
function numericDate(value: unknown, claim: string, required: boolean): number | undefined {
  if (Number.isSafeInteger(value) || (value === undefined && !required)) return value as number | undefined;
  throw new JWTClaimError(`The ${claim} claim must be a whole number of seconds; got ${describe(value)}.`, { claim, reason: reasonOf(value) });
}

function objectClaim(value: unknown, claim: string, required: boolean): Record<string, unknown> | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JWTClaimError(`The ${claim} claim must be an object; got ${describe(value)}.`, { claim, reason: reasonOf(value) });
  }
  return value as Record<string, unknown>;
}

/**
 * The site of the call: `context.cloudId`, else the one cloud id the installation's contexts name
 * (`app.installation.contexts[].cloudId`). A context cloud id that none of the installation's contexts has is a
 * contradiction, and refused.
 */
function cloudIdOf(context: Record<string, unknown>, app: Record<string, unknown>): string | undefined {
  const contexts = (app.installation as { contexts?: unknown } | undefined)?.contexts;
  const named = Array.isArray(contexts) ? [...new Set(contexts.map((c) => c?.cloudId).filter((id) => typeof id === "string"))] : [];
  const cloudId = context.cloudId;
  if (typeof cloudId === "string") {
    if (named.length > 0 && !named.includes(cloudId)) {
      throw new JWTClaimError(`The context.cloudId ${describe(cloudId)} is none of the installation's sites.`, { claim: "context.cloudId" });
    }
    return cloudId;
  }
  // A context cloud id that is not a string is no site (as before this check existed); the contexts may still name one.
  return named.length === 1 ? (named[0] as string) : undefined;
}

// The apiBaseUrls accepted lately: an app's calls name a few, and parsing a URL is a good part of the claims' cost.
const acceptedApiBaseUrls = new Map<string, string>();

function apiBaseUrlOf(value: unknown): string {
  const known = typeof value === "string" ? acceptedApiBaseUrls.get(value) : undefined;
  if (known !== undefined) return known;
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  // The product tokens are sent to this URL: it must be Atlassian's, over https, with nothing smuggled in.
  if (!url || url.protocol !== "https:" || url.username || url.password || url.port || !API_HOST.test(url.hostname)) {
    throw new JWTClaimError(`The app.apiBaseUrl claim ${describe(value)} is not an https URL on an Atlassian API host.`, { claim: "app.apiBaseUrl", reason: value === undefined ? "missing" : "invalid" });
  }
  const accepted = String(value).replace(/\/+$/, "");
  if (acceptedApiBaseUrls.size >= 64) acceptedApiBaseUrls.delete(acceptedApiBaseUrls.keys().next().value as string);
  acceptedApiBaseUrls.set(String(value), accepted);
  return accepted;
}

/** `{ [a]: string, [b]: string }` from a claim, or undefined when it is not that. */
function pair(value: unknown, a: string, b: string): Record<string, string> | undefined {
  const v = value as Record<string, unknown> | undefined;
  return v && typeof v === "object" && typeof v[a] === "string" && typeof v[b] === "string" ? { ...(v as Record<string, string>) } : undefined;
}
