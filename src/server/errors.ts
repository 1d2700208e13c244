/**
 * Every failure `apkit/server` reports on purpose is an {@link APKitServerError} with a stable, literal `code`.
 * Branch on `code` (with {@link isAPKitServerError}, or `instanceof`), never on `message`. Caller mistakes (a missing
 * option, a wrong argument type) are plain `TypeError`s: they are bugs to fix, not requests to answer.
 *
 * The design is the browser core's (`define(name, code)`, fields through a typed options object, a brand that a
 * second copy of the package recognises), but the hierarchy is its own: the server entry imports nothing from the
 * core, and its brand is `Symbol.for("apkit.server.error")`, so the core's `isAPKitError` never mistakes a server
 * error for one of its own codes.
 */

/** Every code `apkit/server` can produce. */
export type APKitServerErrorCode =
  | "ERR_JWT_MISSING"
  | "ERR_JWT_AMBIGUOUS"
  | "ERR_JWT_TOO_LARGE"
  | "ERR_JWT_MALFORMED"
  | "ERR_JWT_ALG"
  | "ERR_JWT_TENANT"
  | "ERR_JWT_SIGNATURE"
  | "ERR_JWT_CLAIM"
  | "ERR_JWT_EXPIRED"
  | "ERR_JWT_NOT_YET_VALID"
  | "ERR_JWT_QSH"
  | "ERR_JWT_KEY"
  | "ERR_JWKS_UNAVAILABLE"
  | "ERR_PRODUCT_REQUEST"
  | "ERR_BODY_TOO_LARGE"
  | "ERR_INSTALL_KEY"
  | "ERR_INSTALL_PAYLOAD"
  | "ERR_INSTALL_CLIENT_KEY"
  | "ERR_TENANT_CONFLICT"
  | "ERR_TENANT_INFO";

/**
 * What every error constructor takes after the message: the `cause`. Classes with fields of their own (`claim`,
 * `kid`, `limit`, ...) take those too, typed per class, and copy them onto the error.
 */
export interface APKitServerErrorOptions {
  /** The underlying value that caused this error (kept as `error.cause`). */
  cause?: unknown;
}

/** The options of an error class with fields `F`: required when it has fields, optional otherwise. */
export type APKitServerErrorArgs<F> = {} extends F ? [options?: F & APKitServerErrorOptions] : [options: F & APKitServerErrorOptions];

/** The type of a server error class made for one code and its fields (what the error classes extend). */
export interface APKitServerErrorClass<C extends APKitServerErrorCode, F> {
  new (message: string, ...options: APKitServerErrorArgs<F>): APKitServerError & Readonly<F> & { readonly code: C };
  readonly prototype: APKitServerError;
}

const BRAND = Symbol.for("apkit.server.error");

/**
 * Base class of every error `apkit/server` throws on purpose. {@link httpStatusOf} maps each code to the status
 * an endpoint should answer with (401 for token problems).
 *
 * @example
 * ```ts
 * import { APKitServerError, verifyContextToken } from "apkit/server";
 * try {
 *   const claims = await verifyContextToken(token, { getSharedSecret });
 * } catch (error) {
 *   if (error instanceof APKitServerError) return new Response(error.code, { status: 401 });
 *   throw error;
 * }
 * ```
 */
export abstract class APKitServerError extends Error {
  // A string, not the constructor's name: bundlers that minify (workers) rename classes.
  override name = "APKitServerError";
  /** A stable code to branch on; each subclass has its own. */
  abstract readonly code: APKitServerErrorCode;

  constructor(message: string, options?: APKitServerErrorOptions) {
    const { cause, ...fields } = options ?? {};
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
    // A brand that survives a second copy of apkit/server (ESM and CJS, or two builds): isAPKitServerError,
    // httpStatusOf and the middlewares read it, not instanceof.
    Object.defineProperty(this, BRAND, { value: true });
  }
}

// One small class per code: the name and code are strings, so they survive minification; the fields `F` come in
// through the options, typed. The explicit return type keeps Error's (Node-typed) statics out of the declarations.
// Pure, so bundlers drop the classes an app never uses.
const define = <C extends APKitServerErrorCode, F = {}>(name: string, code: C): APKitServerErrorClass<C, F> =>
  class extends APKitServerError {
    override name = name;
    override readonly code: C = code;
  } as unknown as APKitServerErrorClass<C, F>;

/**
 * The request carries no token where one is required (no `Authorization: JWT ...` header, no `?jwt=`).
 *
 * @example
 * ```ts
 * import { JWTMissingError } from "apkit/server";
 * if (error instanceof JWTMissingError) console.log("anonymous call to a protected route");
 * ```
 */
export class JWTMissingError extends /* @__PURE__ */ define("JWTMissingError", "ERR_JWT_MISSING") {}

/**
 * The request carries more than one token (header and query, two `jwt` parameters, a header listing two), so
 * which one authorises it is ambiguous. Rejected rather than guessed.
 *
 * @example
 * ```ts
 * import { JWTAmbiguousError } from "apkit/server";
 * if (error instanceof JWTAmbiguousError) log.warn("double token", error.message);
 * ```
 */
export class JWTAmbiguousError extends /* @__PURE__ */ define("JWTAmbiguousError", "ERR_JWT_AMBIGUOUS") {}

/**
 * The token is longer than `maxTokenLength`; nothing of it was decoded.
 *
 * @example
 * ```ts
 * import { JWTTooLargeError } from "apkit/server";
 * if (error instanceof JWTTooLargeError) console.log(error.length, ">", error.limit);
 * ```
 */
export class JWTTooLargeError extends /* @__PURE__ */ define<"ERR_JWT_TOO_LARGE", {
  /** The token's length in characters. */
  length: number;
  /** The limit it exceeded. */
  limit: number;
}>("JWTTooLargeError", "ERR_JWT_TOO_LARGE") {}

/**
 * The token is not a well-formed compact JWS: not exactly three segments, a segment that is not strict
 * base64url (padding, `+`, `/`, whitespace, non-canonical trailing bits), a header or payload that is not a
 * UTF-8 JSON object, or a header that asks for something unsupported (`crit`, an unexpected `typ`).
 *
 * @example
 * ```ts
 * import { JWTMalformedError } from "apkit/server";
 * if (error instanceof JWTMalformedError) return reply(401, "bad token");
 * ```
 */
export class JWTMalformedError extends /* @__PURE__ */ define("JWTMalformedError", "ERR_JWT_MALFORMED") {}

/**
 * The header's `alg` is not the one algorithm this check accepts (`"HS256"` for context and request tokens,
 * `"RS256"` for install lifecycle tokens and Forge Invocation Tokens). `none`, `HS384`, `HS512`, `hs256` ... are all
 * rejected.
 *
 * @example
 * ```ts
 * import { JWTAlgorithmError } from "apkit/server";
 * if (error instanceof JWTAlgorithmError) console.warn("alg was", error.algorithm);
 * ```
 */
export class JWTAlgorithmError extends /* @__PURE__ */ define<"ERR_JWT_ALG", {
  /** The `alg` the header named (whatever JSON value it was). */
  algorithm: unknown;
}>("JWTAlgorithmError", "ERR_JWT_ALG") {}

/**
 * No tenant this app knows fits the token: the `iss` of a Connect token names no installed tenant (never installed,
 * or uninstalled: there is no secret to check it with), or a Forge Invocation Token is linked to no tenant (neither
 * its installation nor its site), or to one of another site.
 *
 * @example
 * ```ts
 * import { JWTTenantError } from "apkit/server";
 * if (error instanceof JWTTenantError) console.log("unknown tenant", error.clientKey ?? error.cloudId);
 * ```
 */
export class JWTTenantError extends /* @__PURE__ */ define<"ERR_JWT_TENANT", {
  /** The unverified `iss` of a Connect token (attacker-controlled: log it, do not trust it). */
  clientKey?: string | undefined;
  /** A Forge Invocation Token's installation. */
  installationId?: string | undefined;
  /** A Forge Invocation Token's site. */
  cloudId?: string | undefined;
}>("JWTTenantError", "ERR_JWT_TENANT") {}

/**
 * The signature does not match: the token was altered, or signed with another secret or key.
 *
 * @example
 * ```ts
 * import { JWTSignatureError } from "apkit/server";
 * if (error instanceof JWTSignatureError) metrics.increment("jwt.tampered");
 * ```
 */
export class JWTSignatureError extends /* @__PURE__ */ define("JWTSignatureError", "ERR_JWT_SIGNATURE") {}

/** Why a claim was rejected. */
export type ClaimReason = "missing" | "invalid" | "check_failed";

/** The fields of a {@link JWTClaimError}. */
export interface ClaimErrorFields {
  /** The claim's name, such as `"exp"` or `"qsh"`. */
  claim: string;
  /**
   * Why it was rejected.
   * @default "check_failed"
   */
  reason?: ClaimReason;
}

/**
 * A claim is missing, has the wrong type, or fails a check. Subclasses narrow the case: {@link JWTExpiredError},
 * {@link JWTNotYetValidError}, {@link JWTQshError}; `instanceof JWTClaimError` catches them all.
 *
 * @example
 * ```ts
 * import { JWTClaimError } from "apkit/server";
 * if (error instanceof JWTClaimError) console.log(error.claim, error.reason); // "sub" "missing"
 * ```
 */
export class JWTClaimError extends APKitServerError {
  override name = "JWTClaimError";
  override readonly code: "ERR_JWT_CLAIM" | "ERR_JWT_EXPIRED" | "ERR_JWT_NOT_YET_VALID" | "ERR_JWT_QSH" = "ERR_JWT_CLAIM";
  /** The claim's name, such as `"exp"` or `"qsh"`. */
  declare readonly claim: string;
  /** Why it was rejected. */
  declare readonly reason: ClaimReason;

  constructor(message: string, options: ClaimErrorFields & APKitServerErrorOptions) {
    super(message, { reason: "check_failed", ...options });
  }
}

/**
 * `exp` has passed (beyond the leeway).
 *
 * @example
 * ```ts
 * import { JWTExpiredError } from "apkit/server";
 * if (error instanceof JWTExpiredError) return reply(401, "token expired, fetch a fresh one");
 * ```
 */
export class JWTExpiredError extends JWTClaimError {
  override name = "JWTExpiredError";
  override readonly code = "ERR_JWT_EXPIRED" as const;
}

/**
 * `nbf` has not been reached yet, or `iat` lies in the future (beyond the leeway).
 *
 * @example
 * ```ts
 * import { JWTNotYetValidError } from "apkit/server";
 * if (error instanceof JWTNotYetValidError) console.warn("clock skew?", error.message);
 * ```
 */
export class JWTNotYetValidError extends JWTClaimError {
  override name = "JWTNotYetValidError";
  override readonly code = "ERR_JWT_NOT_YET_VALID" as const;
}

/**
 * The query string hash does not fit: a context token (`qsh: "context-qsh"`) where a request token is needed or
 * the other way round, or a request token signed for another method, path or query.
 *
 * @example
 * ```ts
 * import { JWTQshError } from "apkit/server";
 * if (error instanceof JWTQshError) console.warn("token replayed on another URL?");
 * ```
 */
export class JWTQshError extends JWTClaimError {
  override name = "JWTQshError";
  override readonly code = "ERR_JWT_QSH" as const;
}

/**
 * No public key verifies this token: its `kid` is missing or malformed, or the key set (a JWKS, such as Forge's
 * invocation keys) has no key under it, even after the one refetch a cooldown allows.
 *
 * @example
 * ```ts
 * import { JWTKeyError } from "apkit/server";
 * if (error instanceof JWTKeyError) log.warn("unknown kid", error.kid);
 * ```
 */
export class JWTKeyError extends /* @__PURE__ */ define<"ERR_JWT_KEY", {
  /** The `kid` from the token header (unverified). */
  kid: unknown;
}>("JWTKeyError", "ERR_JWT_KEY") {}

/**
 * The key set (JWKS) could not be fetched or read (network error, timeout, non-200, over 64 KB, not a JWKS, no usable
 * key), and no cached key can stand in. Nothing was accepted; answered 503 so the caller retries later.
 *
 * @example
 * ```ts
 * import { JWKSUnavailableError } from "apkit/server";
 * if (error instanceof JWKSUnavailableError) metrics.increment("forge.jwks.down");
 * ```
 */
export class JWKSUnavailableError extends /* @__PURE__ */ define<"ERR_JWKS_UNAVAILABLE", {
  /** The key set's URL. */
  url: string;
}>("JWKSUnavailableError", "ERR_JWKS_UNAVAILABLE") {}

/**
 * The public key for an install lifecycle token could not be had: `kid` missing or outside the strict pattern,
 * the key server answered non-200, timed out, or sent something that is not an RSA public key (or more than 16 KB).
 *
 * @example
 * ```ts
 * import { InstallKeyError } from "apkit/server";
 * if (error instanceof InstallKeyError) log.error("install key", error.kid, error.cause);
 * ```
 */
export class InstallKeyError extends /* @__PURE__ */ define<"ERR_INSTALL_KEY", {
  /** The `kid` from the token header (unverified). */
  kid: unknown;
}>("InstallKeyError", "ERR_INSTALL_KEY") {}

/**
 * The lifecycle request body is not a valid install payload (not JSON, too large, or missing `clientKey`,
 * `sharedSecret`, `baseUrl`, ...).
 *
 * @example
 * ```ts
 * import { InstallPayloadError } from "apkit/server";
 * if (error instanceof InstallPayloadError) console.log(error.issues);
 * ```
 */
export class InstallPayloadError extends /* @__PURE__ */ define<"ERR_INSTALL_PAYLOAD", {
  /** What was wrong, one line per problem. */
  issues: readonly string[];
}>("InstallPayloadError", "ERR_INSTALL_PAYLOAD") {}

/**
 * A correctly signed lifecycle token was issued for another tenant than the body names (`iss` differs from
 * `body.clientKey`): someone is replaying a genuine token to take over or remove another installation.
 * Answered with 403; the stored tenant is left alone.
 *
 * @example
 * ```ts
 * import { InstallClientKeyError } from "apkit/server";
 * if (error instanceof InstallClientKeyError) security.alert(error.issuer, error.clientKey);
 * ```
 */
export class InstallClientKeyError extends /* @__PURE__ */ define<"ERR_INSTALL_CLIENT_KEY", {
  /** The verified `iss` of the token. */
  issuer: string;
  /** The `clientKey` the body claimed. */
  clientKey: string;
}>("InstallClientKeyError", "ERR_INSTALL_CLIENT_KEY") {}

/**
 * A request body is larger than the handler accepts (`toNodeHandler`'s `maxBodyBytes`); nothing was read past the
 * limit. Answered 413.
 *
 * @example
 * ```ts
 * import { BodyTooLargeError } from "apkit/server";
 * if (error instanceof BodyTooLargeError) console.warn(`body over ${error.limit} bytes`);
 * ```
 */
export class BodyTooLargeError extends /* @__PURE__ */ define<"ERR_BODY_TOO_LARGE", {
  /** The limit, in bytes. */
  limit: number;
}>("BodyTooLargeError", "ERR_BODY_TOO_LARGE") {}

/** Why a product request did not get an answer. */
export type ProductRequestFailure = "network" | "timeout" | "aborted" | "grant";

/**
 * A request to the product got no HTTP answer (network failure, timeout, your `AbortSignal`), or, acting as a user,
 * the authorization server refused the grant (`reason: "grant"`, with its `status`). HTTP error statuses from the
 * product itself are not errors: they are `Response`s, as with `fetch`. Answered 502.
 *
 * @example
 * ```ts
 * import { ProductRequestError } from "apkit/server";
 * try {
 *   await product("/rest/api/3/myself");
 * } catch (error) {
 *   if (error instanceof ProductRequestError && error.reason === "timeout") retryLater();
 * }
 * ```
 */
export class ProductRequestError extends /* @__PURE__ */ define<"ERR_PRODUCT_REQUEST", {
  /** What went wrong. */
  reason: ProductRequestFailure;
  /** The authorization server's status, for `reason: "grant"`. */
  status?: number | undefined;
}>("ProductRequestError", "ERR_PRODUCT_REQUEST") {}

/** What a {@link TenantConflictError} is about. */
export type TenantConflict =
  /** Another tenant already holds this Connect clientKey. */
  | "clientKey"
  /** Another tenant (another clientKey or site) already holds this Forge installation. */
  | "installationId"
  /** Another Connect tenant (another clientKey) already holds this site. */
  | "cloudId"
  /** A token's site is not the site of the tenant it is linked to. */
  | "site"
  /** This lifecycle token was applied already: one use per token. */
  | "replayed"
  /** A newer lifecycle event (by `iat`) has been applied to this tenant already. */
  | "outdated";

/**
 * A write would make the tenant store contradict itself or go back in time: a link (installation, site) that
 * another tenant holds, a lifecycle token used a second time, or a lifecycle event older than the one the tenant
 * already reflects. Nothing was written. Answered 409.
 *
 * @example
 * ```ts
 * import { isAPKitServerError } from "apkit/server";
 * if (isAPKitServerError(error, "ERR_TENANT_CONFLICT")) security.alert(error.conflict, error.message);
 * ```
 */
export class TenantConflictError extends /* @__PURE__ */ define<"ERR_TENANT_CONFLICT", {
  /** What conflicts. */
  conflict: TenantConflict;
}>("TenantConflictError", "ERR_TENANT_CONFLICT") {}

/**
 * A site's cloud id could not be read from `<baseUrl>/_edge/tenant_info` (not an Atlassian site host, no answer in
 * time, non-200, over 4 KB, not `{ "cloudId": "..." }`). An install goes on without it (the first Forge Invocation
 * Token of the site proves it later) and reports this error to `onError`; `linkCloudIds` lists it per tenant.
 *
 * @example
 * ```ts
 * import { isAPKitServerError } from "apkit/server";
 * if (isAPKitServerError(error, "ERR_TENANT_INFO")) log.warn("no cloud id yet for", error.baseUrl);
 * ```
 */
export class TenantInfoError extends /* @__PURE__ */ define<"ERR_TENANT_INFO", {
  /** The site whose cloud id was asked for. */
  baseUrl: string;
}>("TenantInfoError", "ERR_TENANT_INFO") {}

/** Each server error code and the class it belongs to: what {@link isAPKitServerError} narrows to. */
export interface APKitServerErrorMap {
  ERR_JWT_MISSING: JWTMissingError;
  ERR_JWT_AMBIGUOUS: JWTAmbiguousError;
  ERR_JWT_TOO_LARGE: JWTTooLargeError;
  ERR_JWT_MALFORMED: JWTMalformedError;
  ERR_JWT_ALG: JWTAlgorithmError;
  ERR_JWT_TENANT: JWTTenantError;
  ERR_JWT_SIGNATURE: JWTSignatureError;
  ERR_JWT_CLAIM: JWTClaimError & { readonly code: "ERR_JWT_CLAIM" };
  ERR_JWT_EXPIRED: JWTExpiredError;
  ERR_JWT_NOT_YET_VALID: JWTNotYetValidError;
  ERR_JWT_QSH: JWTQshError;
  ERR_JWT_KEY: JWTKeyError;
  ERR_JWKS_UNAVAILABLE: JWKSUnavailableError;
  ERR_INSTALL_KEY: InstallKeyError;
  ERR_INSTALL_PAYLOAD: InstallPayloadError;
  ERR_INSTALL_CLIENT_KEY: InstallClientKeyError;
  ERR_BODY_TOO_LARGE: BodyTooLargeError;
  ERR_PRODUCT_REQUEST: ProductRequestError;
  ERR_TENANT_CONFLICT: TenantConflictError;
  ERR_TENANT_INFO: TenantInfoError;
}

/** Any error apkit/server throws on purpose, discriminated by `code`. */
export type AnyAPKitServerError = APKitServerErrorMap[APKitServerErrorCode];

/**
 * Whether `error` is an apkit/server error (with `code`, whether it has that code), typed so that checking `code`
 * narrows to the error's class and its fields. Unlike `instanceof`, it also recognises errors of another copy of
 * apkit/server in the same process (the ESM and the CJS build, or the node and the Web Crypto build, side by side).
 *
 * @example
 * ```ts
 * import { isAPKitServerError, verifyContextToken } from "apkit/server";
 * try {
 *   await verifyContextToken(token, { tenants });
 * } catch (error) {
 *   if (isAPKitServerError(error, "ERR_JWT_TENANT")) log.info("unknown site", error.clientKey);
 *   else if (isAPKitServerError(error) && error.code === "ERR_JWT_EXPIRED") log.debug(error.claim);
 *   throw error;
 * }
 * ```
 */
export function isAPKitServerError(error: unknown): error is AnyAPKitServerError;
export function isAPKitServerError<C extends APKitServerErrorCode>(error: unknown, code: C): error is APKitServerErrorMap[C];
export function isAPKitServerError(error: unknown, code?: string): boolean {
  const e = error as { code?: unknown } | null;
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true && (code === undefined || e.code === code);
}

/** The status each code answers, when it is not 401. */
const STATUS: Partial<Record<APKitServerErrorCode, 400 | 403 | 409 | 413 | 502 | 503>> = {
  ERR_INSTALL_PAYLOAD: 400,
  ERR_INSTALL_CLIENT_KEY: 403,
  ERR_TENANT_CONFLICT: 409,
  ERR_BODY_TOO_LARGE: 413,
  ERR_PRODUCT_REQUEST: 502,
  ERR_TENANT_INFO: 502,
  ERR_JWKS_UNAVAILABLE: 503,
};

/**
 * The HTTP status an endpoint should answer an error with: 400 for a bad install payload, 403 for a lifecycle
 * request aimed at another tenant, 409 for a tenant conflict, 413 for a body over the limit, 502 when a request to the
 * product or a site got no answer, 503 when a key set could not be fetched, 401 for every other `apkit/server` error
 * (of this copy of the package or another: it goes by the brand and the code), and 500 for anything else.
 *
 * @example
 * ```ts
 * import { httpStatusOf } from "apkit/server";
 * return Response.json({ error: { code: error.code } }, { status: httpStatusOf(error) });
 * ```
 */
export function httpStatusOf(error: unknown): 400 | 401 | 403 | 409 | 413 | 500 | 502 | 503 {
  if (!isAPKitServerError(error)) return 500;
  return STATUS[error.code] ?? 401;
}

// What an HTTP answer says: a fixed sentence per code, never the error's own message, which may name internal
// hosts, the configured key set URL, a proxy's credentials or the underlying fetch error (security review 2, #07).
// Details go to the thrown error and the middlewares' onError hook.
const PUBLIC_MESSAGES: Record<APKitServerErrorCode, string> = {
  ERR_JWT_MISSING: "The request carries no token.",
  ERR_JWT_AMBIGUOUS: "The request carries more than one token.",
  ERR_JWT_TOO_LARGE: "The token is too large.",
  ERR_JWT_MALFORMED: "The token is malformed.",
  ERR_JWT_ALG: "The token's algorithm is not accepted.",
  ERR_JWT_TENANT: "The token could not be verified.",
  ERR_JWT_SIGNATURE: "The token could not be verified.",
  ERR_JWT_CLAIM: "A claim of the token is missing or invalid.",
  ERR_JWT_EXPIRED: "The token has expired.",
  ERR_JWT_NOT_YET_VALID: "The token is not valid yet.",
  ERR_JWT_QSH: "The token was not issued for this request.",
  ERR_JWT_KEY: "The token's key is not known.",
  ERR_JWKS_UNAVAILABLE: "The keys that verify the token cannot be fetched now; try again later.",
  ERR_INSTALL_KEY: "The key of the lifecycle token could not be had.",
  ERR_INSTALL_PAYLOAD: "The lifecycle payload is invalid.",
  ERR_INSTALL_CLIENT_KEY: "The lifecycle token was issued for another tenant.",
  ERR_BODY_TOO_LARGE: "The request body is too large.",
  ERR_PRODUCT_REQUEST: "A request to the product got no answer.",
  ERR_TENANT_CONFLICT: "The request conflicts with the stored tenant.",
  ERR_TENANT_INFO: "The site's cloud id could not be read.",
};

/** @internal What an HTTP answer says about an error: never more than an attacker may learn. */
export function publicAnswer(error: unknown): { status: ReturnType<typeof httpStatusOf>; code: string; message: string } {
  if (!isAPKitServerError(error)) return { status: 500, code: "ERR_INTERNAL", message: "The server failed to handle the request." };
  // An unknown tenant and a bad signature answer alike, or anyone could ask which sites have the app installed.
  const code = error.code === "ERR_JWT_TENANT" ? "ERR_JWT_SIGNATURE" : error.code;
  return { status: httpStatusOf(error), code, message: PUBLIC_MESSAGES[code] };
}

/**
 * The JSON answer the apkit middlewares give for an error, for `Request → Response` runtimes: the status of
 * {@link httpStatusOf} and a body `{ error: { code, message } }` whose message is a fixed sentence per code (the
 * error's own message, with its details, is for your logs). An unknown tenant (`ERR_JWT_TENANT`) answers exactly
 * like a bad signature, so the answer never tells whether a site has the app installed. Any other error than an
 * {@link APKitServerError} answers a plain 500 without its message.
 *
 * @example
 * ```ts
 * import { createContextTokenVerifier, errorResponse } from "apkit/server";
 * const verify = createContextTokenVerifier({ tenants });
 * export async function GET(request: Request) {
 *   try {
 *     const { clientKey } = await verify(request);
 *     return Response.json(await listItems(clientKey));
 *   } catch (error) {
 *     console.warn(error); // the full error, ERR_JWT_TENANT included
 *     return errorResponse(error);
 *   }
 * }
 * ```
 */
export function errorResponse(error: unknown): Response {
  const { status, code, message } = publicAnswer(error);
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...(status === 401 ? { "www-authenticate": "JWT" } : {}) },
  });
}

/** @internal Quotes an untrusted value for a message, capped so a huge claim cannot bloat logs. */
export function describe(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
