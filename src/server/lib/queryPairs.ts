// One query parser for everything apkit/server reads from a query string (the qsh and the `?jwt=` lookup), so
// the hash and the token lookup can never see different parameters.

/**
 * @internal The form-decoded `[key, value]` pairs of a raw query string (the text after the first `?`), parsed
 * the way Node's `querystring` (Express's `req.query`) and atlassian-jwt parse it. `URLSearchParams` would also
 * drop one leading `?`, which makes `/p??mode=x` hash like `/p?mode=x` while the app sees the key `?mode`; an
 * empty first pair stops that (empty pairs are skipped).
 */
export function queryPairs(query: string): URLSearchParams {
  return new URLSearchParams(query.startsWith("?") ? `&${query}` : query);
}
