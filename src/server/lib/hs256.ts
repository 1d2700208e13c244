// HS256 verification shared by context tokens and request tokens: option checks, tenant lookup by `iss` only,
// the signature, then the claims (zod), then time. The qsh is left to the caller, which knows what it expects.
import * as z from "zod/mini";
import { hmacVerify } from "./backend.js";
import { DEFAULT_MAX_TOKEN_LENGTH, decodeJws } from "./jws.js";
import type { InferOutput, StandardSchemaV1 } from "./standardSchema.js";
import { checkLeeway, checkTime, parseClaims } from "./claims.js";
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
  maxTokenLength: number;
  allowAnonymous: boolean;
  contextSchema: StandardSchemaV1 | undefined;
}

/** @internal Checks options (caller mistakes are TypeErrors) and applies defaults. */
export function resolveOptions(options: VerifyOptions<StandardSchemaV1 | undefined> | undefined, fn: string): Resolved {
  if (!options || typeof options !== "object") throw new TypeError(`apkit/server: ${fn} needs options with getSharedSecret or tenants.`);
  const { getSharedSecret, tenants, now = Date.now, leeway = 0, maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH } = options;
  if ((getSharedSecret === undefined) === (tenants === undefined)) {
    throw new TypeError(`apkit/server: ${fn} needs exactly one of getSharedSecret and tenants.`);
  }
  if (getSharedSecret !== undefined && typeof getSharedSecret !== "function") {
    throw new TypeError("apkit/server: getSharedSecret must be a function.");
  }
  if (tenants !== undefined && typeof tenants?.get !== "function") throw new TypeError("apkit/server: tenants must be a TenantStore.");
  if (typeof now !== "function") throw new TypeError("apkit/server: now must be a function returning milliseconds.");
  checkLeeway(leeway);
  if (!Number.isInteger(maxTokenLength) || maxTokenLength <= 0) {
    throw new TypeError("apkit/server: maxTokenLength must be a positive integer.");
  }
  const schema = options.contextSchema;
  if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function") {
    throw new TypeError("apkit/server: contextSchema must implement Standard Schema (zod 4, valibot, arktype ...).");
  }
  const store = tenants;
  const lookup: SharedSecretLookup = getSharedSecret ?? ((key) => then(store!.get(key), (t) => t?.sharedSecret));
  return { lookup, now, leeway, maxTokenLength, allowAnonymous: options.allowAnonymous === true, contextSchema: schema };
}

const Payload = z.object({
  iss: z.string(),
  sub: z.optional(z.string().check(z.minLength(1))),
  qsh: z.string(),
  iat: z.number(),
  exp: z.number(),
  nbf: z.optional(z.number()),
  context: z.optional(z.looseObject({})),
});

/** @internal Verifies an HS256 Connect token up to (not including) its qsh; returns claims and the qsh claim. */
export async function verifyHs256(token: unknown, o: Resolved): Promise<{ claims: ConnectClaims<unknown>; qsh: string }> {
  const { payload, input, signature } = decodeJws(token, "HS256", o.maxTokenLength);
  const iss = payload.iss;
  if (typeof iss !== "string" || iss === "" || iss.length > 256) {
    throw new JWTClaimError(`The iss claim must be a clientKey string; got ${describe(iss)}.`, "iss", iss === undefined ? "missing" : "invalid");
  }
  let secret = o.lookup(iss);
  if (isThenable(secret)) secret = await secret;
  if (secret === undefined || secret === null) throw new JWTTenantError(iss);
  if (typeof secret !== "string" || secret === "") {
    // An empty key would make every token forgeable: fail closed, loudly.
    throw new TypeError("apkit/server: the shared secret lookup must return a non-empty string or nothing.");
  }
  let valid: boolean | PromiseLike<boolean> = hmacVerify(secret, input, signature);
  if (isThenable(valid)) valid = await valid;
  if (!valid) throw new JWTSignatureError("The token's signature does not match its tenant's shared secret.");

  const c = parseClaims(Payload, payload);
  if (c.sub === undefined && !o.allowAnonymous) throw new JWTClaimError("The sub claim (the user's account id) is missing.", "sub", "missing");
  checkTime(c, o.now, o.leeway);
  let context: unknown = c.context ?? {};
  if (o.contextSchema) {
    let result = o.contextSchema["~standard"].validate(context);
    if (isThenable(result)) result = await result;
    if (result.issues) {
      throw new JWTClaimError(`The context claim failed its schema: ${result.issues[0]?.message ?? "invalid"}.`, "context", "invalid", {
        cause: result.issues,
      });
    }
    context = result.value;
  }
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
  };
}

/** @internal */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function then<T, R>(value: T | PromiseLike<T>, fn: (v: T) => R): R | PromiseLike<R> {
  return isThenable(value) ? value.then(fn) : fn(value);
}
