import { sha256Hex } from "#backend";
import { queryPairs } from "./lib/queryPairs.js";
import { JWTQshError } from "./errors.js";

/**
 * The canonical request Atlassian signs in a JWT's `qsh` claim: `METHOD&PATH&QUERY`, built the way Atlassian's
 * `atlassian-jwt` builds it for every request a browser or Node delivers (and matching every vector in
 * conformance/jwt-vectors.json byte for byte):
 *
 * - METHOD is upper-cased.
 * - PATH is the path as the server receives it: percent-encoding kept, no dot-segment resolution, `\` before the
 *   query read as `/`. Where atlassian-jwt's URL parser leaves its fast path (whitespace, a `#`, an `@` before the
 *   query, a leading `///`), the characters it escapes there (`"'<>^`{|}` and whitespace) are escaped too. The app
 *   base URL's path is cut from its front (only at a segment boundary), `&` is escaped as `%26`, a leading `/` is
 *   ensured and one trailing `/` dropped (`/` stays `/`).
 * - QUERY has every `jwt` parameter removed, keys sorted, a repeated key's values sorted and joined with `,`,
 *   keys and values form-decoded (`+` is a space) and re-encoded per RFC 3986 (`!'()*` escaped too). Everything
 *   after the first `?` is the query: `/p??a=1` has the key `?a`, as Express and `URL` see it. A fragment is
 *   ignored.
 *
 * An absolute URL is canonicalised like its request target (what reaches the server), so a Web `Request` and
 * Node's `req.url` for the same request agree. docs/server.md lists where this deliberately differs from
 * atlassian-jwt.
 *
 * @param method - The HTTP method, any case.
 * @param url - The request URL as sent: absolute, or a path with its query (Node's `req.url`).
 * @param baseUrl - The app's base URL from its descriptor; its path is removed from the front of the path.
 * @throws TypeError when `url` lies outside `baseUrl`'s path (no token is ever signed for such a URL).
 *
 * @example
 * ```ts
 * import { canonicalRequest } from "apkit/server";
 * canonicalRequest("get", "https://app.example.com/connect/p?b=2&a=1", "https://app.example.com/connect");
 * // "GET&/p&a=1&b=2"
 * ```
 */
export function canonicalRequest(method: string, url: string | URL, baseUrl?: string | URL): string {
  const canonical = canonicalOf(method, url, baseUrl);
  if (canonical === undefined) throw new TypeError(`apkit/server: ${String(url)} is outside the base URL ${String(baseUrl)}.`);
  return canonical;
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

/**
 * @internal {@link canonicalRequest}, or `undefined` for a URL outside the base URL's path. The verifiers turn
 * that into a coded error: a token for `/connect/x` must not open `/x` or `/connectx`.
 */
export function canonicalOf(method: string, url: string | URL, baseUrl?: string | URL): string | undefined {
  if (typeof method !== "string" || method === "") throw new TypeError("apkit/server: method must be a non-empty string.");
  if (typeof url !== "string" && !(url instanceof URL)) throw new TypeError("apkit/server: url must be a string or URL.");
  const basePath = basePathOf(baseUrl);
  let target = String(url).trim();
  const origin = ORIGIN.exec(target);
  if (origin) {
    // What the server receives for an absolute URL: its path and query, never its fragment.
    target = target.slice(origin[0].length);
    const hash = target.indexOf("#");
    if (hash >= 0) target = target.slice(0, hash);
    if (!target.startsWith("/")) target = `/${target}`;
  }
  const split = target.search(/[?#]/);
  let path = split >= 0 ? target.slice(0, split) : target;
  let query = "";
  if (split >= 0 && target[split] === "?") {
    const hash = target.indexOf("#", split);
    query = target.slice(split + 1, hash >= 0 ? hash : undefined);
  }
  path = path.replace(/\\/g, "/");
  // atlassian-jwt parses with Node's legacy url.parse: its fast path keeps a plain request target as sent; any
  // other input goes through the slow path, which escapes these characters.
  const fast = !target.includes("#") && !path.includes("@") && /^\/\/?(?!\/)\S*$/.test(path) && !/\s/.test(query);
  if (!fast) path = path.replace(/[\t\n\r "'<>^`{|}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  const relative = underBase(path, basePath);
  if (relative === undefined) return undefined;
  return `${method.toUpperCase()}&${canonicalPath(relative)}&${canonicalQuery(query)}`;
}

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/\\?#]*/i;

/**
 * @internal Checks a request token's `qsh` against the request it arrived with. A request outside the base URL's
 * path, or one whose hash differs, is `ERR_JWT_QSH`.
 */
export async function checkRequestQsh(qsh: string, method: string, url: string, baseUrl: string | URL): Promise<void> {
  const canonical = canonicalOf(method, url, baseUrl);
  const path = url.split("?")[0];
  if (canonical === undefined) {
    throw new JWTQshError(`${method} ${path} is outside the app's base URL ${String(baseUrl)}; no token is signed for it.`, { claim: "qsh" });
  }
  if (qsh !== (await sha256Hex(canonical))) throw new JWTQshError(`The token was signed for another request than ${method} ${path}.`, { claim: "qsh" });
}

function basePathOf(baseUrl: string | URL | undefined): string {
  if (baseUrl === undefined) return "";
  const text = String(baseUrl);
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(text);
  if (!match) throw new TypeError(`apkit/server: baseUrl must be an absolute URL; got ${text}.`);
  // The raw path, as the signer saw it: "https://a.example" has none, "https://a.example/" has "/".
  return match[1]!;
}

/** The path with the base path cut from its front, or `undefined` when the path is not under the base path. */
function underBase(path: string, basePath: string): string | undefined {
  const bare = basePath.endsWith("/") ? basePath.slice(0, -1) : basePath;
  if (bare === "") return basePath === "/" && path.startsWith("/") ? path.slice(1) : path;
  if (path === bare) return "";
  // A segment boundary: "/connect" covers "/connect/x", never "/connectx".
  return path.startsWith(`${bare}/`) ? path.slice(basePath.length) : undefined;
}

function canonicalPath(p: string): string {
  if (p === "") return "/";
  // An unescaped & would make /a&b=c?x and /a?b=c&x sign alike.
  p = p.replace(/&/g, "%26");
  if (!p.startsWith("/")) p = `/${p}`;
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

function canonicalQuery(query: string): string {
  const params = new Map<string, string[]>();
  for (const [key, value] of queryPairs(query)) {
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
