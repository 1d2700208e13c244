/**
 * @internal The claims of a JWT, read without any verification (the client only needs to know when to fetch a new
 * token, and whose it is; the server verifies). `undefined` when the payload is not readable JSON.
 */
export function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    // atob is forgiving about missing padding; non-ASCII bytes stay inside JSON strings and do not hurt the claims.
    const claims: unknown = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** @internal The `exp` claim in seconds, or `undefined` when the token has no readable numeric `exp`. */
export function expOf(token: string): number | undefined {
  const exp = claimsOf(token)?.exp;
  return typeof exp === "number" ? exp : undefined;
}
