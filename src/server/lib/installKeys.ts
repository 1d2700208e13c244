// Atlassian's public keys for install lifecycle tokens, fetched by kid and cached per key URL as the key server's
// Cache-Control allows (an hour when it says nothing, a day at most), so a key Atlassian withdraws stops verifying.
import { importRsaPublicKey, modulusLength, type PublicKey } from "#backend";
import { describe, InstallKeyError } from "../errors.js";
import { maxAgeOf, readText } from "./readText.js";
import { serviceUrl } from "./serviceUrl.js";

/**
 * Atlassian's install-key server: `GET <server>/<kid>` answers the PEM public key that signed an install
 * lifecycle token. The default `keyServer` of the lifecycle handlers.
 *
 * @example
 * ```ts
 * import { INSTALL_KEYS_URL } from "apkit/server";
 * const fetch = (url: string) => (url.startsWith(INSTALL_KEYS_URL) ? Promise.resolve(new Response(testPem)) : globalThis.fetch(url));
 * ```
 */
export const INSTALL_KEYS_URL = "https://connect-install-keys.atlassian.com";

/** Atlassian's kids are UUIDs; anything outside this pattern never reaches a URL. */
const KID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const MAX_KEYS = 64;
const MAX_PEM_BYTES = 16 * 1024;
const MIN_AGE = 60_000;
const DEFAULT_AGE = 3_600_000;
const MAX_AGE = 86_400_000;

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
interface CachedKey {
  key: Promise<PublicKey>;
  /** Until when (ms) it may be used; set when the key arrives. */
  expiresAt: number;
}
// By key URL, whatever fetch reads it (a fetch written inline must not mean a cold cache per install).
const cache = new Map<string, CachedKey>();

/** @internal Options for fetching keys. */
export interface KeyOptions {
  fetch?: Fetch | undefined;
  keyServer?: string | undefined;
  keyTimeout?: number | undefined;
  now?: (() => number) | undefined;
}

/** @internal Checks the key options once. */
export function checkKeyOptions(o: KeyOptions): void {
  if (o.fetch !== undefined && typeof o.fetch !== "function") throw new TypeError("apkit/server: fetch must be a function.");
  if (o.keyTimeout !== undefined && !(typeof o.keyTimeout === "number" && o.keyTimeout > 0)) {
    throw new TypeError("apkit/server: keyTimeout must be a positive number of milliseconds.");
  }
  if (o.keyServer !== undefined) serviceUrl(o.keyServer, "keyServer");
}

/** @internal The public key for `kid`, from the cache or the key server. */
export function installKey(kid: unknown, o: KeyOptions): Promise<PublicKey> {
  if (typeof kid !== "string" || !KID.test(kid)) {
    return Promise.reject(new InstallKeyError(`The token's kid ${describe(kid)} is missing or not a valid key id.`, { kid }));
  }
  const fetchFn: Fetch | undefined = o.fetch ?? (globalThis.fetch as Fetch | undefined);
  if (typeof fetchFn !== "function") return Promise.reject(new TypeError("apkit/server: no fetch available; pass options.fetch."));
  const now = o.now ?? Date.now;
  const url = `${(o.keyServer ?? INSTALL_KEYS_URL).replace(/\/+$/, "")}/${kid}`;
  const cached = cache.get(url);
  if (cached && now() < cached.expiresAt) return cached.key;
  if (cached) cache.delete(url);
  if (cache.size >= MAX_KEYS) cache.delete(cache.keys().next().value as string);
  const pending = load(fetchFn, url, kid, o.keyTimeout ?? 5000);
  const entry: CachedKey = { key: pending.then((loaded) => loaded.key), expiresAt: Infinity };
  pending.then(
    (loaded) => (entry.expiresAt = now() + loaded.maxAge),
    // Failures are not cached: the next install retries.
    () => cache.get(url) === entry && cache.delete(url),
  );
  cache.set(url, entry);
  return entry.key;
}

async function load(fetchFn: Fetch, url: string, kid: string, timeout: number): Promise<{ key: PublicKey; maxAge: number }> {
  let response: Response;
  let pem: string | undefined;
  try {
    // No redirects: a 3xx is a non-200 like any other, so a key can only come from the key server itself.
    response = await fetchFn(url, { redirect: "manual", signal: AbortSignal.timeout(timeout), headers: { accept: "text/plain" } });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new InstallKeyError(`The key server answered ${response.status} for kid ${kid}.`, { kid });
    }
    pem = await readText(response, MAX_PEM_BYTES);
  } catch (error) {
    if (error instanceof InstallKeyError) throw error;
    throw new InstallKeyError(`Fetching the install key ${kid} failed: ${(error as Error)?.message ?? String(error)}.`, { kid, cause: error });
  }
  if (pem === undefined) throw new InstallKeyError(`The key server sent more than ${MAX_PEM_BYTES} bytes for kid ${kid}; not a key.`, { kid });
  let key: PublicKey;
  try {
    key = await importRsaPublicKey(pem);
  } catch (error) {
    throw new InstallKeyError(`The key server's answer for kid ${kid} is not an RSA public key.`, { kid, cause: error });
  }
  if (modulusLength(key) < 2048) throw new InstallKeyError(`The key for kid ${kid} is shorter than 2048 bits.`, { kid });
  return { key, maxAge: maxAgeOf(response.headers.get("cache-control"), { min: MIN_AGE, max: MAX_AGE, fallback: DEFAULT_AGE }) };
}
