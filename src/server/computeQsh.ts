import { sha256Hex } from "./lib/backend.js";

/**
 * The canonical request Atlassian signs in a JWT's `qsh` claim: `METHOD&PATH&QUERY`, built the way Atlassian's
 * `atlassian-jwt` builds it (and matching every vector in conformance/jwt-vectors.json byte for byte):
 *
 * - METHOD is upper-cased.
 * - PATH is the raw path (percent-encoding kept, no dot-segment resolution, `\` before the query read as `/`,
 *   and the characters legacy URL parsers escape escaped), with the app base URL's path cut from its front,
 *   `&` escaped as `%26`, a leading `/` ensured and one trailing `/` dropped (`/` stays `/`).
 * - QUERY has every `jwt` parameter removed, keys sorted, a repeated key's values sorted and joined with `,`,
 *   keys and values form-decoded (`+` is a space) and re-encoded per RFC 3986 (`!'()*` escaped too). A
 *   fragment is ignored.
 *
 * @param method - The HTTP method, any case.
 * @param url - The request URL as sent: absolute, or a path with its query (Node's `req.url`).
 * @param baseUrl - The app's base URL from its descriptor; its path is removed from the front of the path.
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
  if (typeof url !== "string" && !(url instanceof URL)) throw new TypeError("apkit/server: url must be a string or URL.");
  let rest = String(url).trim();
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  const query = q >= 0 ? rest.slice(q + 1) : "";
  let path = q >= 0 ? rest.slice(0, q) : rest;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/\\]*/i.exec(path);
  if (origin) path = path.slice(origin[0].length) || "/";
  path = path.replace(/\\/g, "/").replace(/[\t\n\r "'<>^`{|}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `${method.toUpperCase()}&${canonicalPath(path, basePathOf(baseUrl))}&${canonicalQuery(query)}`;
}

/**
 * The query string hash (`qsh`) of a request: the hex SHA-256 of {@link canonicalRequest}. Request tokens
 * (iframe loads, webhooks, lifecycle callbacks) carry it; context tokens carry the fixed `"context-qsh"` instead.
 *
 * @example
 * ```ts
 * import { computeQsh } from "apkit/server";
 * const qsh = await computeQsh("POST", "https://app.example.com/connect/installed", "https://app.example.com/connect");
 * // "4a2e1de8ca74e6cafe8862d332fa3ac7a8e51e692bc6d798ea4dfedc14948bf4"
 * ```
 */
export async function computeQsh(method: string, url: string | URL, baseUrl?: string | URL): Promise<string> {
  return sha256Hex(canonicalRequest(method, url, baseUrl));
}

function basePathOf(baseUrl: string | URL | undefined): string {
  if (baseUrl === undefined) return "";
  const text = String(baseUrl);
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(text);
  if (!match) throw new TypeError(`apkit/server: baseUrl must be an absolute URL; got ${text}.`);
  // The raw path, as the signer saw it: "https://a.example" has none, "https://a.example/" has "/".
  return match[1]!;
}

function canonicalPath(path: string, basePath: string): string {
  let p = basePath && path.startsWith(basePath) ? path.slice(basePath.length) : path;
  if (p === "") return "/";
  // An unescaped & would make /a&b=c?x and /a?b=c&x sign alike.
  p = p.replace(/&/g, "%26");
  if (!p.startsWith("/")) p = `/${p}`;
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

function canonicalQuery(query: string): string {
  const params = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(query)) {
    // atlassian-jwt drops __proto__ (it never survives its object copy), so a signer never covers it.
    if (key === "jwt" || key === "__proto__") continue;
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
