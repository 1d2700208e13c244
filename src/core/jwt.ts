/**
 * @internal The `exp` claim of a JWT in seconds, read without any verification (the client only needs to know
 * when to fetch a new one; the server verifies). `undefined` when the token has no readable numeric `exp`.
 */
export function expOf(token: string): number | undefined {
  try {
    // atob is forgiving about missing padding; non-ASCII bytes stay inside JSON strings and do not hurt `exp`.
    const exp = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).exp;
    return typeof exp == "number" ? exp : undefined;
  } catch {
    return undefined;
  }
}
