// Remote JSON Web Key Sets (Forge's invocation keys). The URL is configuration, never read from a token. A set is
// fetched once per URL and kept as its Cache-Control allows; a kid it lacks causes at most one refetch per cooldown,
// so forged kids cannot make the server hammer the key host; while the host is down, keys already fetched keep
// working for a day past their expiry, and nothing else is ever accepted.
import { importRsaJwk, modulusLength, type PublicKey } from "#backend";
import { describe, JWKSUnavailableError, JWTKeyError } from "../errors.js";
import { maxAgeOf, readText } from "./readText.js";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** @internal Where and how a key set is fetched. */
export interface JwksSource {
  url: string;
  fetch: Fetch | undefined;
  /** Milliseconds to wait for the key host. */
  timeout: number;
  /** The clock (ms) of the verification, so tests move cache time with token time. */
  now: () => number;
}

interface KeySet {
  keys: Map<string, PublicKey>;
  /** Fresh until (ms). */
  expiresAt: number;
  /** When the last fetch started (ms), for the cooldown; undefined before the first. */
  fetchedAt: number | undefined;
  /** Why the last fetch failed, when it did. */
  error: JWKSUnavailableError | undefined;
  pending: Promise<void> | undefined;
}

/** A kid outside this pattern is refused before any lookup. */
const KID = /^[A-Za-z0-9._:-]{1,128}$/;
const COOLDOWN = 30_000;
const MIN_AGE = 60_000;
const DEFAULT_AGE = 600_000;
const MAX_AGE = 86_400_000;
/** How long past its expiry a fetched key still verifies while the key host cannot be reached. */
const STALE = 86_400_000;
const MAX_BYTES = 65_536;
const MAX_KEYS = 32;

// One cache per URL, whatever fetch reads it: a fetch written inline (a new function per call) must not get a cold
// cache, and no cooldown, on every verification (security review 2, "also seen").
const sets = new Map<string, KeySet>();

/**
 * @internal The RS256 key for `kid` from the key set at `source.url`: at once when the set has it fresh (every call but
 * the first few), a promise when the set must be fetched; a kid outside the pattern is refused either way.
 */
export function jwksKey(kid: unknown, source: JwksSource): PublicKey | Promise<PublicKey> {
  if (typeof kid !== "string" || !KID.test(kid)) {
    throw new JWTKeyError(`The token's kid ${describe(kid)} is missing or not a valid key id.`, { kid });
  }
  const set = keySet(source);
  const t = source.now();
  const fresh = t < set.expiresAt ? set.keys.get(kid) : undefined;
  return fresh ?? fetchKey(kid, set, source, t);
}

async function fetchKey(kid: string, set: KeySet, source: JwksSource, t: number): Promise<PublicKey> {
  // Wait for a fetch already under way; otherwise fetch, unless one started less than a cooldown ago. A failed
  // fetch is remembered in set.error and decided on below.
  if (set.pending) await set.pending.catch(() => undefined);
  else if (set.fetchedAt === undefined || t - set.fetchedAt >= COOLDOWN || t < set.fetchedAt) await refresh(set, source, t).catch(() => undefined);
  const key = t < set.expiresAt + STALE ? set.keys.get(kid) : undefined;
  if (key) return key;
  // The key host is down and there is nothing (or nothing recent enough) to stand in: 503, never an acceptance.
  if (set.error && (set.keys.size === 0 || set.keys.has(kid))) throw set.error;
  throw new JWTKeyError(`No key with kid ${describe(kid)} in the key set ${source.url}.`, { kid });
}

function keySet(source: JwksSource): KeySet {
  let set = sets.get(source.url);
  if (!set) sets.set(source.url, (set = { keys: new Map(), expiresAt: 0, fetchedAt: undefined, error: undefined, pending: undefined }));
  return set;
}

/** Fetches the set once for any number of concurrent callers. */
function refresh(set: KeySet, source: JwksSource, t: number): Promise<void> {
  if (set.pending) return set.pending;
  set.fetchedAt = t;
  const pending = load(source).then(
    ({ keys, maxAge }) => {
      set.keys = keys;
      set.expiresAt = t + maxAge;
      set.error = undefined;
    },
    (error: JWKSUnavailableError) => {
      set.error = error;
      throw error;
    },
  );
  set.pending = pending;
  pending.then(
    () => (set.pending = undefined),
    () => (set.pending = undefined),
  );
  return pending;
}

async function load(source: JwksSource): Promise<{ keys: Map<string, PublicKey>; maxAge: number }> {
  const { url } = source;
  const fail = (why: string, cause?: unknown) => new JWKSUnavailableError(`The key set ${url} ${why}.`, { url, cause });
  const fetchFn = source.fetch ?? (globalThis.fetch as Fetch | undefined);
  if (typeof fetchFn !== "function") throw fail("cannot be fetched: no fetch in this runtime; pass options.fetch");
  let response: Response;
  let text: string | undefined;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(source.timeout), headers: { accept: "application/json" } });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw fail(`answered ${response.status}`);
    }
    text = await readText(response, MAX_BYTES);
  } catch (error) {
    if (error instanceof JWKSUnavailableError) throw error;
    throw fail(`could not be fetched: ${(error as Error)?.message ?? String(error)}`, error);
  }
  if (text === undefined) throw fail(`is larger than ${MAX_BYTES} bytes; not a key set`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw fail("is not JSON", error);
  }
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw fail("has no keys array");
  const keys = new Map<string, PublicKey>();
  for (const jwk of list.slice(0, MAX_KEYS) as Array<Record<string, unknown>>) {
    // Only RSA signing keys for RS256 count; anything else in the set is skipped, not trusted.
    if (!jwk || jwk.kty !== "RSA" || typeof jwk.kid !== "string" || !KID.test(jwk.kid)) continue;
    if ((jwk.use !== undefined && jwk.use !== "sig") || (jwk.alg !== undefined && jwk.alg !== "RS256")) continue;
    if (typeof jwk.n !== "string" || typeof jwk.e !== "string") continue;
    try {
      const key = await importRsaJwk({ kty: "RSA", n: jwk.n, e: jwk.e });
      if (modulusLength(key) >= 2048) keys.set(jwk.kid, key);
    } catch {
      // a malformed key is skipped like any other unusable entry
    }
  }
  if (keys.size === 0) throw fail("has no usable RS256 key");
  return { keys, maxAge: maxAgeOf(response.headers.get("cache-control"), { min: MIN_AGE, max: MAX_AGE, fallback: DEFAULT_AGE }) };
}
