// Claim checks shared by the HS256 verifiers and the RS256 lifecycle verifier.
import * as z from "zod/mini";
import type { StandardSchemaV1 } from "./standardSchema.js";
import { JWTClaimError, JWTExpiredError, JWTNotYetValidError, JWTQshError } from "../errors.js";

/**
 * The most clock skew (`leeway`) a verifier accepts, in seconds: more would keep expired tokens alive.
 *
 * @example
 * ```ts
 * import { MAX_LEEWAY, verifyContextToken } from "apkit/server";
 * await verifyContextToken(token, { getSharedSecret, leeway: Math.min(10, MAX_LEEWAY) });
 * ```
 */
export const MAX_LEEWAY = 30;

/** @internal Checks a `leeway` option (seconds, 0 to 30). */
export function checkLeeway(leeway: unknown): number {
  if (typeof leeway !== "number" || !(leeway >= 0 && leeway <= MAX_LEEWAY)) {
    throw new TypeError(`apkit/server: leeway must be between 0 and ${MAX_LEEWAY} seconds; got ${String(leeway)}.`);
  }
  return leeway;
}

/** @internal Validates a verified payload with `schema`; the first problem becomes a coded claim error. */
export function parseClaims<T>(schema: z.ZodMiniType<T>, payload: Record<string, unknown>): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const claim = String(issue.path[0] ?? "payload");
  const reason = payload[claim] === undefined ? "missing" : "invalid";
  const Kind = claim === "qsh" ? JWTQshError : JWTClaimError;
  throw new Kind(`The ${claim} claim is ${reason}: ${issue.message}.`, { claim, reason, cause: parsed.error });
}

/**
 * The default `maxTokenAge`, in seconds: the longest lifetime (`exp - iat`) a token may claim. Atlassian's context
 * tokens live 900 s, iframe and lifecycle tokens 180 s, atlassian-connect-express's session tokens 900 s; an hour
 * covers them all with room, and refuses a token that claims to live for years.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_TOKEN_AGE, verifyContextToken } from "apkit/server";
 * await verifyContextToken(token, { getSharedSecret, maxTokenAge: DEFAULT_MAX_TOKEN_AGE / 2 });
 * ```
 */
export const DEFAULT_MAX_TOKEN_AGE = 3600;

/** @internal Checks a `maxTokenAge` option (seconds, a positive number). */
export function checkMaxTokenAge(maxTokenAge: unknown): number {
  if (typeof maxTokenAge !== "number" || !(maxTokenAge > 0 && maxTokenAge < Infinity)) {
    throw new TypeError(`apkit/server: maxTokenAge must be a positive number of seconds; got ${String(maxTokenAge)}.`);
  }
  return maxTokenAge;
}

/** @internal The time claims every verifier reads: whole seconds, safe integers (zod's `int`). */
export const TIME_CLAIMS = { iat: z.int(), exp: z.int(), nbf: z.optional(z.int()) };

/**
 * @internal `exp` must lie ahead, `iat` and `nbf` (when present) behind, all within `leeway` seconds, and the
 * lifetime `exp - iat` (or, without `iat`, what is left of it) at most `maxTokenAge`.
 */
export function checkTime(
  claims: { iat?: number | undefined; exp: number; nbf?: number | undefined },
  now: () => number,
  leeway: number,
  maxTokenAge: number,
): void {
  const t = now() / 1000;
  if (!Number.isFinite(t)) throw new TypeError("apkit/server: now() must return a finite number of milliseconds.");
  const { iat, exp, nbf } = claims;
  if (iat !== undefined && exp < iat) throw new JWTClaimError(`The token expires (exp ${exp}) before it was issued (iat ${iat}).`, { claim: "exp", reason: "invalid" });
  const lifetime = exp - (iat ?? Math.floor(t));
  if (lifetime > maxTokenAge) {
    throw new JWTClaimError(`The token claims to live ${lifetime} s (exp - iat); the most accepted is ${maxTokenAge} s.`, { claim: "exp" });
  }
  if (exp <= t - leeway) throw new JWTExpiredError(`The token expired at ${exp} (now ${Math.floor(t)}).`, { claim: "exp" });
  if (iat !== undefined && iat > t + leeway) {
    throw new JWTNotYetValidError(`The token was issued in the future (iat ${iat}, now ${Math.floor(t)}).`, { claim: "iat" });
  }
  if (nbf !== undefined && nbf > t + leeway) {
    throw new JWTNotYetValidError(`The token is not valid before ${nbf} (now ${Math.floor(t)}).`, { claim: "nbf" });
  }
}

/** @internal Validates the `context` claim with a Standard Schema; a mismatch is a coded claim error. */
export async function validateContextClaim(schema: StandardSchemaV1 | undefined, context: unknown): Promise<unknown> {
  if (!schema) return context;
  let result = schema["~standard"].validate(context);
  if (typeof (result as { then?: unknown }).then === "function") result = await result;
  const { issues, value } = result as { issues?: ReadonlyArray<{ message: string }>; value?: unknown };
  if (issues) {
    throw new JWTClaimError(`The context claim failed its schema: ${issues[0]?.message ?? "invalid"}.`, { claim: "context", reason: "invalid", cause: issues });
  }
  return value;
}
