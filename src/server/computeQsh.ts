/**
 * The canonical request string Atlassian signs in a JWT's `qsh` claim: `METHOD&PATH&QUERY`.
 *
 * - METHOD is upper-cased.
 * - PATH is the URL path (still percent-encoded) with the app's base-URL path removed from its front, `&` escaped as
 *   `%26`, a leading `/` ensured and one trailing `/` dropped (`/` stays `/`).
 * - QUERY has the `jwt` parameter removed, keys sorted, repeated keys' values sorted and joined by `,`, and keys
 *   and values percent-encoded per RFC 3986 (so `+` in the query is a space, `%20`, and `!'()*` are escaped).
 *
 * @example
 * ```ts
 * import { canonicalRequest } from "apkit/server";
 * canonicalRequest("get", "https://app.example.com/connect/p?b=2&a=1", "https://app.example.com/connect");
 * // "GET&/p&a=1&b=2"
 * ```
 */
export function canonicalRequest(method: string, url: string | URL, baseUrl?: string | URL): string {
  if (typeof method !== "string" || method === "") throw new TypeError("apkit/server: method must be a non-empty string.");
  const parsed = new URL(String(url), "http://qsh.invalid");
  const basePath = baseUrl === undefined ? "" : new URL(String(baseUrl), "http://qsh.invalid").pathname;
  return `${method.toUpperCase()}&${canonicalPath(rawPath(String(url), parsed), basePath)}&${canonicalQuery(parsed.search)}`;
}

/**
 * The query string hash (`qsh`) of a request: the hex SHA-256 of {@link canonicalRequest}.
 *
 * @example
 * ```ts
 * import { computeQsh } from "apkit/server";
 * const qsh = await computeQsh("POST", "https://app.example.com/connect/installed", "https://app.example.com/connect");
 * ```
 */
export async function computeQsh(method: string, url: string | URL, baseUrl?: string | URL): Promise<string> {
  const data = new TextEncoder().encode(canonicalRequest(method, url, baseUrl));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

// URL normalises the path (dot segments, percent-encoding of some characters); the signer used the raw one.
function rawPath(url: string, parsed: URL): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url) ?? /^([^?#]*)/.exec(url);
  return match?.[1] || parsed.pathname;
}

function canonicalPath(path: string, basePath: string): string {
  let p = basePath && path.startsWith(basePath) ? path.slice(basePath.length) : path;
  if (p === "") return "/";
  p = p.replace(/&/g, "%26");
  if (!p.startsWith("/")) p = `/${p}`;
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

function canonicalQuery(search: string): string {
  const params = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(search)) {
    if (key === "jwt") continue;
    const values = params.get(key);
    if (values) values.push(value);
    else params.set(key, [value]);
  }
  return [...params.keys()]
    .sort()
    .map((key) => `${encodeRfc3986(key)}=${params.get(key)!.sort().map(encodeRfc3986).join(",")}`)
    .join("&");
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
