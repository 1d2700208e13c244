import * as z from "zod/mini";
import { rsaVerify } from "#backend";
import { checkLeeway, checkMaxTokenAge, checkTime, DEFAULT_MAX_TOKEN_AGE, parseClaims, validateContextClaim } from "./lib/claims.js";
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
  /** `app.module`: the manifest module that made the call, when the token has it. */
  module: { key: string; type: string } | undefined;
  /** The user (`principal`); `undefined` for calls without one (events, triggers). */
  accountId: string | undefined;
  /** `context.cloudId`. */
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
}

/** @internal Checks Forge options (caller mistakes are TypeErrors) and applies defaults. */
export function resolveForgeOptions(options: ForgeInvocationOptions<StandardSchemaV1 | undefined> | undefined, fn: string): ResolvedForge {
  if (!options || typeof options !== "object") throw new TypeError(`apkit/server: ${fn} needs options with the app's appId.`);
  const { appId, jwksUrl = FORGE_JWKS_URL, now = Date.now, clockTolerance = 0, maxTokenAge = DEFAULT_MAX_TOKEN_AGE } = options;
  const { maxTokenLength = 16_384, fetch, jwksTimeout = 5000, contextSchema } = options;
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
  const ari = appId.startsWith(APP_ARI) ? appId : APP_ARI + appId;
  return { appId: ari.toLowerCase(), jwksUrl: url.href, now, clockTolerance, maxTokenAge, maxTokenLength, fetch, jwksTimeout, contextSchema };
}

const Claims = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.int(),
  iat: z.optional(z.int()),
  nbf: z.optional(z.int()),
  app: z.looseObject({}),
  principal: z.optional(z.string()),
  context: z.optional(z.looseObject({})),
});

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
  const key = await jwksKey(header.kid, { url: o.jwksUrl, fetch: o.fetch, timeout: o.jwksTimeout, now: o.now });
  if (!(await rsaVerify(key, input, signature))) throw new JWTSignatureError("The token's signature does not match the key for its kid.");

  const c = parseClaims(Claims, payload);
  if (c.iss !== ISSUER) throw new JWTClaimError(`The iss claim must be "${ISSUER}"; got ${describe(c.iss)}.`, "iss");
  const audiences = typeof c.aud === "string" ? [c.aud] : c.aud;
  if (audiences.length !== 1 || audiences[0]!.toLowerCase() !== o.appId) {
    throw new JWTClaimError(`The token is for ${describe(c.aud)}, not this app (${o.appId}).`, "aud");
  }
  const app = c.app as Record<string, unknown>;
  if (typeof app.id !== "string" || app.id.toLowerCase() !== o.appId) {
    throw new JWTClaimError(`The app.id claim ${describe(app.id)} is not the token's audience.`, "app.id");
  }
  checkTime(c, o.now, o.clockTolerance, o.maxTokenAge);
  const installationId = app.installationId;
  if (typeof installationId !== "string" || !INSTALLATION_ARI.test(installationId)) {
    throw new JWTClaimError(`The app.installationId claim ${describe(installationId)} is not an installation ARI.`, "app.installationId", installationId === undefined ? "missing" : "invalid");
  }
  const apiBaseUrl = apiBaseUrlOf(app.apiBaseUrl);

  const context = await validateContextClaim(o.contextSchema, c.context ?? {});
  const raw = (c.context ?? {}) as Record<string, unknown>;
  const requestHeader = (name: string) => (request ? headerOf(request, name) : undefined);
  const invocation: ForgeInvocation<unknown> = {
    appId: o.appId,
    installationId,
    apiBaseUrl,
    environment: pair(app.environment, "type", "id") as ForgeInvocation["environment"],
    module: pair(app.module, "key", "type") as ForgeInvocation["module"],
    accountId: c.principal,
    cloudId: typeof raw.cloudId === "string" ? raw.cloudId : undefined,
    siteUrl: typeof raw.siteUrl === "string" ? raw.siteUrl : undefined,
    context,
    issuedAt: c.iat === undefined ? undefined : new Date(c.iat * 1000),
    expiresAt: new Date(c.exp * 1000),
    tokens: { system: undefined, user: undefined },
    trace: { traceId: requestHeader("x-b3-traceid"), spanId: requestHeader("x-b3-spanid") },
    payload,
  };
  // Product API tokens are secrets: kept off the enumerable properties, so a logged result does not leak them.
  Object.defineProperty(invocation, "tokens", {
    value: Object.freeze({ system: requestHeader("x-forge-oauth-system"), user: requestHeader("x-forge-oauth-user") }),
    enumerable: false,
  });
  return invocation;
}

function apiBaseUrlOf(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  // The product tokens are sent to this URL: it must be Atlassian's, over https, with nothing smuggled in.
  if (!url || url.protocol !== "https:" || url.username || url.password || url.port || !API_HOST.test(url.hostname)) {
    throw new JWTClaimError(`The app.apiBaseUrl claim ${describe(value)} is not an https URL on an Atlassian API host.`, "app.apiBaseUrl", value === undefined ? "missing" : "invalid");
  }
  return String(value).replace(/\/+$/, "");
}

/** `{ [a]: string, [b]: string }` from a claim, or undefined when it is not that. */
function pair(value: unknown, a: string, b: string): Record<string, string> | undefined {
  const v = value as Record<string, unknown> | undefined;
  return v && typeof v === "object" && typeof v[a] === "string" && typeof v[b] === "string" ? { ...(v as Record<string, string>) } : undefined;
}
