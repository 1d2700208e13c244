// HS256 verification shared by context tokens and request tokens: option checks, tenant lookup by `iss` only,
// the signature, then the claims (zod), then time. The qsh is left to the caller, which knows what it expects.
import * as z from "zod/mini";
import { hmacVerify } from "#backend";
import { DEFAULT_MAX_TOKEN_LENGTH, decodeJws } from "./jws.js";
import type { InferOutput, StandardSchemaV1 } from "./standardSchema.js";
import { checkLeeway, checkMaxTokenAge, checkTime, DEFAULT_MAX_TOKEN_AGE, parseClaims, TIME_CLAIMS, validateContextClaim } from "./claims.js";
import { describe, JWTClaimError, JWTSignatureError, JWTTenantError } from "../errors.js";
import type { TenantStore } from "../tenantStore.js";

/** Looks up the shared secret of a tenant by its clientKey (the token's `iss`); nullish when there is none. */
export type SharedSecretLookup = (
  clientKey: string,
) => string | undefined | null | PromiseLike<string | undefined | null>;

/** Options shared by the HS256 verifiers. Give exactly one of `getSharedSecret` and `tenants`. */
export interface VerifyOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** Returns the shared secret for a clientKey, or nullish for an unknown tenant. */
  getSharedSecret?: SharedSecretLookup;
  /** Alternatively, the tenant store the lifecycle handlers write. */
  tenants?: TenantStore;
  /**
   * The current time in milliseconds since the epoch (inject it to test expiry).
   * @default Date.now
   */
  now?: () => number;
  /**
   * Clock skew tolerated on `exp` and `nbf`, in seconds; at most 30.
   * @default 0
   */
  leeway?: number;
  /**
   * The longest lifetime (`exp - iat`, seconds) a token may claim; longer ones are `ERR_JWT_CLAIM` on `exp`.
   * @default 3600 (DEFAULT_MAX_TOKEN_AGE)
   */
  maxTokenAge?: number;
  /**
   * Tokens longer than this many characters are rejected before anything is decoded.
   * @default 8192
   */
  maxTokenLength?: number;
  /**
   * Accept tokens without `sub` (anonymous users, some webhooks); then `accountId` is `undefined`.
   * @default false
   */
  allowAnonymous?: boolean;
  /** A Standard Schema (zod, valibot ...) for the `context` claim; the claims' `context` gets its output type. */
  contextSchema?: S;
}

/** The verified claims of a Connect HS256 token. */
export interface ConnectClaims<C = Record<string, unknown>> {
  /** The tenant's clientKey (`iss`). */
  clientKey: string;
  /** The Atlassian account id of the user (`sub`); `undefined` only with `allowAnonymous`. */
  accountId: string | undefined;
  /** The product context (`context`), validated by `contextSchema` when given; `{}` when the token has none. */
  context: C;
  /** `iat`. */
  issuedAt: Date;
  /** `exp`. */
  expiresAt: Date;
  /** The whole verified payload, for claims apkit does not model. */
  payload: Readonly<Record<string, unknown>>;
}

/** The claims type a verifier resolves to for a given `contextSchema`. */
export type ClaimsFor<S> = ConnectClaims<InferOutput<S, Record<string, unknown>>>;

/** @internal Options checked once and defaults applied. */
export interface Resolved {
  lookup: SharedSecretLookup;
  now: () => number;
  leeway: number;
  maxTokenAge: number;
  maxTokenLength: number;
  allowAnonymous: boolean;
  contextSchema: StandardSchemaV1 | undefined;
}

/** @internal Checks options (caller mistakes are TypeErrors) and applies defaults. */
export function resolveOptions(options: VerifyOptions<StandardSchemaV1 | undefined> | undefined, fn: string): Resolved {
  if (!options || typeof options !== "object") throw new TypeError(`apkit/server: ${fn} needs options with getSharedSecret or tenants.`);
  const { getSharedSecret, tenants, now = Date.now, leeway = 0, maxTokenAge = DEFAULT_MAX_TOKEN_AGE } = options;
  const { maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH } = options;
  if ((getSharedSecret === undefined) === (tenants === undefined)) {
    throw new TypeError(`apkit/server: ${fn} needs exactly one of getSharedSecret and tenants.`);
  }
  if (getSharedSecret !== undefined && typeof getSharedSecret !== "function") {
    throw new TypeError("apkit/server: getSharedSecret must be a function.");
  }
  if (tenants !== undefined && typeof tenants?.get !== "function") throw new TypeError("apkit/server: tenants must be a TenantStore.");
  if (typeof now !== "function") throw new TypeError("apkit/server: now must be a function returning milliseconds.");
  checkLeeway(leeway);
  checkMaxTokenAge(maxTokenAge);
  if (!Number.isInteger(maxTokenLength) || maxTokenLength <= 0) {
    throw new TypeError("apkit/server: maxTokenLength must be a positive integer.");
  }
  const schema = options.contextSchema;
  if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function") {
    throw new TypeError("apkit/server: contextSchema must implement Standard Schema (zod 4, valibot, arktype ...).");
  }
  const store = tenants;
  const lookup: SharedSecretLookup = getSharedSecret ?? ((key) => then(store!.get(key), (t) => t?.sharedSecret));
  return { lookup, now, leeway, maxTokenAge, maxTokenLength, allowAnonymous: options.allowAnonymous === true, contextSchema: schema };
}

const Payload = z.object({
  iss: z.string(),
  sub: z.optional(z.string().check(z.minLength(1))),
  qsh: z.string(),
  ...TIME_CLAIMS,
  context: z.optional(z.looseObject({})),
});

/** @internal Verifies an HS256 Connect token up to (not including) its qsh; returns claims and the qsh claim. */
export async function verifyHs256(token: unknown, o: Resolved): Promise<{ claims: ConnectClaims<unknown>; qsh: string; secret: string }> {
  const { payload, input, signature } = decodeJws(token, "HS256", o.maxTokenLength);
  const iss = payload.iss;
  if (typeof iss !== "string" || iss === "" || iss.length > 256) {
    throw new JWTClaimError(`The iss claim must be a clientKey string; got ${describe(iss)}.`, { claim: "iss", reason: iss === undefined ? "missing" : "invalid" });
  }
  let secret: unknown = o.lookup(iss);
  if (isThenable(secret)) secret = await secret;
  // The iss is unverified: a plain-object lookup answers "constructor" with a function, "__proto__" with an
  // object. Anything but a non-empty string (an empty key would make every token forgeable) is no tenant. The
  // signature is checked anyway, against a key nobody has, so an unknown tenant costs what a bad signature does.
  const known = typeof secret === "string" && secret !== "";
  let valid: boolean | PromiseLike<boolean> = hmacVerify(known ? (secret as string) : NO_TENANT, input, signature);
  if (isThenable(valid)) valid = await valid;
  if (!known) throw new JWTTenantError(`No tenant is installed with clientKey ${describe(iss)}.`, { clientKey: iss });
  if (!valid) throw new JWTSignatureError("The token's signature does not match its tenant's shared secret.");

  const c = parseClaims(Payload, payload);
  if (c.sub === undefined && !o.allowAnonymous) throw new JWTClaimError("The sub claim (the user's account id) is missing.", { claim: "sub", reason: "missing" });
  checkTime(c, o.now, o.leeway, o.maxTokenAge);
  const context = await validateContextClaim(o.contextSchema, c.context ?? {});
  return {
    claims: {
      clientKey: iss,
      accountId: c.sub,
      context,
      issuedAt: new Date(c.iat * 1000),
      expiresAt: new Date(c.exp * 1000),
      payload,
    },
    qsh: c.qsh,
    secret: secret as string,
  };
}

// The key an unknown tenant's signature is checked against, only to spend the same time: whatever the outcome,
// the token is refused, so this key needs no secrecy.
const NO_TENANT = "apkit/server: no tenant";

/** @internal */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function then<T, R>(value: T | PromiseLike<T>, fn: (v: T) => R): R | PromiseLike<R> {
  return isThenable(value) ? value.then(fn) : fn(value);
}
