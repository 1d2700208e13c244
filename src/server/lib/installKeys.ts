// Atlassian's public keys for install lifecycle tokens, fetched by kid and cached (keys never change under a kid:
// a rotated key gets a new kid). One cache per fetch function, so tests with their own fetch stay apart.
import { importRsaPublicKey, modulusLength, type PublicKey } from "#backend";
import { describe, InstallKeyError } from "../errors.js";
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
const MAX_PEM = 16 * 1024;

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
const caches = new WeakMap<object, Map<string, Promise<PublicKey>>>();
const defaultCacheOwner = {};

/** @internal Options for fetching keys. */
export interface KeyOptions {
  fetch?: Fetch | undefined;
  keyServer?: string | undefined;
  keyTimeout?: number | undefined;
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
    return Promise.reject(new InstallKeyError(`The token's kid ${describe(kid)} is missing or not a valid key id.`, kid));
  }
  const fetchFn: Fetch | undefined = o.fetch ?? (globalThis.fetch as Fetch | undefined);
  if (typeof fetchFn !== "function") return Promise.reject(new TypeError("apkit/server: no fetch available; pass options.fetch."));
  const server = (o.keyServer ?? INSTALL_KEYS_URL).replace(/\/+$/, "");
  let cache = caches.get(o.fetch ?? defaultCacheOwner);
  if (!cache) caches.set(o.fetch ?? defaultCacheOwner, (cache = new Map()));
  const id = `${server}/${kid}`;
  let key = cache.get(id);
  if (!key) {
    if (cache.size >= MAX_KEYS) cache.delete(cache.keys().next().value as string);
    key = load(fetchFn, id, kid, o.keyTimeout ?? 5000);
    const c = cache;
    // Failures are not cached: the next install retries.
    key.catch(() => c.get(id) === key && c.delete(id));
    cache.set(id, key);
  }
  return key;
}

async function load(fetchFn: Fetch, url: string, kid: string, timeout: number): Promise<PublicKey> {
  let response: Response;
  try {
    // No redirects: a 3xx is a non-200 like any other, so a key can only come from the key server itself.
    response = await fetchFn(url, { redirect: "manual", signal: AbortSignal.timeout(timeout), headers: { accept: "text/plain" } });
  } catch (error) {
    throw new InstallKeyError(`Fetching the install key ${kid} failed: ${(error as Error)?.message ?? String(error)}.`, kid, { cause: error });
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new InstallKeyError(`The key server answered ${response.status} for kid ${kid}.`, kid);
  }
  let pem: string;
  try {
    pem = await response.text();
  } catch (error) {
    throw new InstallKeyError(`Reading the install key ${kid} failed.`, kid, { cause: error });
  }
  if (pem.length > MAX_PEM) throw new InstallKeyError(`The key server sent ${pem.length} characters for kid ${kid}; not a key.`, kid);
  let key: PublicKey;
  try {
    key = await importRsaPublicKey(pem);
  } catch (error) {
    throw new InstallKeyError(`The key server's answer for kid ${kid} is not an RSA public key.`, kid, { cause: error });
  }
  if (modulusLength(key) < 2048) throw new InstallKeyError(`The key for kid ${kid} is shorter than 2048 bits.`, kid);
  return key;
}
