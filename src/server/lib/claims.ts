// Claim checks shared by the HS256 verifiers and the RS256 lifecycle verifier.
import type * as z from "zod/mini";
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
  throw new Kind(`The ${claim} claim is ${reason}: ${issue.message}.`, claim, reason, { cause: parsed.error });
}

/** @internal `exp` must lie ahead and `nbf` (when present) behind, both within `leeway` seconds. */
export function checkTime(claims: { exp: number; nbf?: number | undefined }, now: () => number, leeway: number): void {
  const t = now() / 1000;
  if (!Number.isFinite(t)) throw new TypeError("apkit/server: now() must return a finite number of milliseconds.");
  if (claims.exp <= t - leeway) throw new JWTExpiredError(`The token expired at ${claims.exp} (now ${Math.floor(t)}).`, "exp");
  if (claims.nbf !== undefined && claims.nbf > t + leeway) {
    throw new JWTNotYetValidError(`The token is not valid before ${claims.nbf} (now ${Math.floor(t)}).`, "nbf");
  }
}
