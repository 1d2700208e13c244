/**
 * Every failure `apkit/server` reports on purpose is an {@link APKitServerError} with a stable, literal `code`.
 * Branch on `code` (or `instanceof`), never on `message`. Caller mistakes (a missing option, a wrong argument
 * type) are plain `TypeError`s: they are bugs to fix, not requests to answer.
 *
 * This hierarchy is separate from the browser core's `APKitError` on purpose: the server entry imports nothing
 * from the core.
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
  | "ERR_INSTALL_CLIENT_KEY";

/** Options accepted by every error constructor. */
export interface APKitServerErrorOptions {
  /** The underlying value that caused this error (kept as `error.cause`). */
  cause?: unknown;
}

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
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // A brand that survives a second copy of apkit/server (ESM and CJS, or two builds): isAPKitServerError reads it.
    Object.defineProperty(this, Symbol.for("apkit.server.error"), { value: true });
  }
}

/**
 * The request carries no token where one is required (no `Authorization: JWT ...` header, no `?jwt=`).
 *
 * @example
 * ```ts
 * import { JWTMissingError } from "apkit/server";
 * if (error instanceof JWTMissingError) console.log("anonymous call to a protected route");
 * ```
 */
export class JWTMissingError extends APKitServerError {
  override name = "JWTMissingError";
  override readonly code = "ERR_JWT_MISSING" as const;
}

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
export class JWTAmbiguousError extends APKitServerError {
  override name = "JWTAmbiguousError";
  override readonly code = "ERR_JWT_AMBIGUOUS" as const;
}

/**
 * The token is longer than `maxTokenLength`; nothing of it was decoded.
 *
 * @example
 * ```ts
 * import { JWTTooLargeError } from "apkit/server";
 * if (error instanceof JWTTooLargeError) console.log(error.length, ">", error.limit);
 * ```
 */
export class JWTTooLargeError extends APKitServerError {
  override name = "JWTTooLargeError";
  override readonly code = "ERR_JWT_TOO_LARGE" as const;
  /** The token's length in characters. */
  readonly length: number;
  /** The limit it exceeded. */
  readonly limit: number;

  constructor(length: number, limit: number) {
    super(`The token is ${length} characters long; the limit is ${limit}.`);
    this.length = length;
    this.limit = limit;
  }
}

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
export class JWTMalformedError extends APKitServerError {
  override name = "JWTMalformedError";
  override readonly code = "ERR_JWT_MALFORMED" as const;
}

/**
 * The header's `alg` is not the one algorithm this check accepts (`"HS256"` for context and request tokens,
 * `"RS256"` for install lifecycle tokens). `none`, `HS384`, `HS512`, `hs256` ... are all rejected.
 *
 * @example
 * ```ts
 * import { JWTAlgorithmError } from "apkit/server";
 * if (error instanceof JWTAlgorithmError) console.warn("alg was", error.algorithm);
 * ```
 */
export class JWTAlgorithmError extends APKitServerError {
  override name = "JWTAlgorithmError";
  override readonly code = "ERR_JWT_ALG" as const;
  /** The `alg` the header named (whatever JSON value it was). */
  readonly algorithm: unknown;

  constructor(algorithm: unknown, expected: string) {
    super(`The token's alg must be ${expected}; got ${describe(algorithm)}.`);
    this.algorithm = algorithm;
  }
}

/**
 * The token's `iss` names no tenant this app knows (never installed, or uninstalled): there is no secret to
 * check it with.
 *
 * @example
 * ```ts
 * import { JWTTenantError } from "apkit/server";
 * if (error instanceof JWTTenantError) console.log("unknown clientKey", error.clientKey);
 * ```
 */
export class JWTTenantError extends APKitServerError {
  override name = "JWTTenantError";
  override readonly code = "ERR_JWT_TENANT" as const;
  /** The unverified `iss` of the token (attacker-controlled: log it, do not trust it). */
  readonly clientKey: string;

  constructor(clientKey: string, message = `No tenant is installed with clientKey ${describe(clientKey)}.`) {
    super(message);
    this.clientKey = clientKey;
  }
}

/**
 * The signature does not match: the token was altered, or signed with another secret or key.
 *
 * @example
 * ```ts
 * import { JWTSignatureError } from "apkit/server";
 * if (error instanceof JWTSignatureError) metrics.increment("jwt.tampered");
 * ```
 */
export class JWTSignatureError extends APKitServerError {
  override name = "JWTSignatureError";
  override readonly code = "ERR_JWT_SIGNATURE" as const;
}

/** Why a claim was rejected. */
export type ClaimReason = "missing" | "invalid" | "check_failed";

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
  override readonly code: "ERR_JWT_CLAIM" | "ERR_JWT_EXPIRED" | "ERR_JWT_NOT_YET_VALID" | "ERR_JWT_QSH" =
    "ERR_JWT_CLAIM";
  /** The claim's name, such as `"exp"` or `"qsh"`. */
  readonly claim: string;
  /** Why it was rejected. */
  readonly reason: ClaimReason;

  constructor(message: string, claim: string, reason: ClaimReason = "check_failed", options?: APKitServerErrorOptions) {
    super(message, options);
    this.claim = claim;
    this.reason = reason;
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
 * `nbf` has not been reached yet (beyond the leeway).
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
export class JWTKeyError extends APKitServerError {
  override name = "JWTKeyError";
  override readonly code = "ERR_JWT_KEY" as const;
  /** The `kid` from the token header (unverified). */
  readonly kid: unknown;

  constructor(message: string, kid: unknown, options?: APKitServerErrorOptions) {
    super(message, options);
    this.kid = kid;
  }
}

/**
 * The key set (JWKS) could not be fetched or read (network error, timeout, non-200, not a JWKS, no usable key), and
 * no cached key can stand in. Nothing was accepted; answered 503 so the caller retries later.
 *
 * @example
 * ```ts
 * import { JWKSUnavailableError } from "apkit/server";
 * if (error instanceof JWKSUnavailableError) metrics.increment("forge.jwks.down");
 * ```
 */
export class JWKSUnavailableError extends APKitServerError {
  override name = "JWKSUnavailableError";
  override readonly code = "ERR_JWKS_UNAVAILABLE" as const;
  /** The key set's URL. */
  readonly url: string;

  constructor(message: string, url: string, options?: APKitServerErrorOptions) {
    super(message, options);
    this.url = url;
  }
}

/**
 * The public key for an install lifecycle token could not be had: `kid` missing or outside the strict pattern,
 * the key server answered non-200, timed out, or sent something that is not an RSA public key.
 *
 * @example
 * ```ts
 * import { InstallKeyError } from "apkit/server";
 * if (error instanceof InstallKeyError) log.error("install key", error.kid, error.cause);
 * ```
 */
export class InstallKeyError extends APKitServerError {
  override name = "InstallKeyError";
  override readonly code = "ERR_INSTALL_KEY" as const;
  /** The `kid` from the token header (unverified). */
  readonly kid: unknown;

  constructor(message: string, kid: unknown, options?: APKitServerErrorOptions) {
    super(message, options);
    this.kid = kid;
  }
}

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
export class InstallPayloadError extends APKitServerError {
  override name = "InstallPayloadError";
  override readonly code = "ERR_INSTALL_PAYLOAD" as const;
  /** What was wrong, one line per problem. */
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = [], options?: APKitServerErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}

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
export class InstallClientKeyError extends APKitServerError {
  override name = "InstallClientKeyError";
  override readonly code = "ERR_INSTALL_CLIENT_KEY" as const;
  /** The verified `iss` of the token. */
  readonly issuer: string;
  /** The `clientKey` the body claimed. */
  readonly clientKey: string;

  constructor(issuer: string, clientKey: string) {
    super(`The lifecycle token was issued by ${describe(issuer)}, but the body is for ${describe(clientKey)}.`);
    this.issuer = issuer;
    this.clientKey = clientKey;
  }
}

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
export class BodyTooLargeError extends APKitServerError {
  override name = "BodyTooLargeError";
  override readonly code = "ERR_BODY_TOO_LARGE" as const;
  /** The limit, in bytes. */
  readonly limit: number;

  constructor(limit: number) {
    super(`The body is larger than ${limit} bytes.`);
    this.limit = limit;
  }
}

/**
 * The HTTP status an endpoint should answer an error with: 400 for a bad install payload, 413 for a body over the
 * limit, 403 for a lifecycle
 * request aimed at another tenant, 502 when a request to the product got no answer, 503 when a key set could not be
 * fetched, 401 for every other `apkit/server` error, and 500 for anything else.
 *
 * @example
 * ```ts
 * import { httpStatusOf } from "apkit/server";
 * return Response.json({ error: { code: error.code } }, { status: httpStatusOf(error) });
 * ```
 */
export function httpStatusOf(error: unknown): 400 | 401 | 403 | 413 | 500 | 502 | 503 {
  if (!(error instanceof APKitServerError)) return 500;
  if (error.code === "ERR_INSTALL_PAYLOAD") return 400;
  if (error.code === "ERR_BODY_TOO_LARGE") return 413;
  if (error.code === "ERR_INSTALL_CLIENT_KEY") return 403;
  if (error.code === "ERR_JWKS_UNAVAILABLE") return 503;
  if (error.code === "ERR_PRODUCT_REQUEST") return 502;
  return 401;
}

/** @internal What an HTTP answer says about an error: never more than an attacker may learn. */
export function publicAnswer(error: unknown): { status: ReturnType<typeof httpStatusOf>; code: string; message: string } {
  if (!(error instanceof APKitServerError)) return { status: 500, code: "ERR_INTERNAL", message: "The server failed to handle the request." };
  // An unknown clientKey and a bad signature answer alike, or anyone could ask which sites have the app installed.
  if (error.code === "ERR_JWT_TENANT" || error.code === "ERR_JWT_SIGNATURE") {
    return { status: 401, code: "ERR_JWT_SIGNATURE", message: "The token could not be verified." };
  }
  return { status: httpStatusOf(error), code: error.code, message: error.message };
}

/**
 * The JSON answer the apkit middlewares give for an error, for `Request → Response` runtimes: the status of
 * {@link httpStatusOf} and a body `{ error: { code, message } }`. An unknown tenant (`ERR_JWT_TENANT`) answers
 * exactly like a bad signature, so the answer never tells whether a site has the app installed (the thrown error
 * keeps its own code for your logs). Any other error than an {@link APKitServerError} answers a plain 500
 * without its message.
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
  ERR_PRODUCT_REQUEST: import("./createProductClient.js").ProductRequestError;
}

/** Any error apkit/server throws on purpose, discriminated by `code`. */
export type AnyAPKitServerError = APKitServerErrorMap[APKitServerErrorCode];

/**
 * Whether `error` is an apkit/server error (with `code`, whether it has that code), typed so that checking `code`
 * narrows to the error's class and its fields.
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
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[Symbol.for("apkit.server.error")] === true && (code === undefined || e.code === code);
}
