// Reading what the verifiers need from either a Web `Request` or a Node/Express request.
import { JWTAmbiguousError, JWTMissingError } from "../errors.js";
import { queryPairs } from "./queryPairs.js";

/**
 * A Node `IncomingMessage`, an Express `Request`, or anything with the same three fields. Web `Request`s are
 * accepted wherever this is.
 */
export interface NodeRequestLike {
  method?: string | undefined;
  /** The path and query (`req.url`); Express's `originalUrl` wins when present, so mounted routers still work. */
  url?: string | undefined;
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/** Any request the verifiers accept. */
export type IncomingRequest = Request | NodeRequestLike;

/** @internal */
export function isWebRequest(request: IncomingRequest): request is Request {
  return typeof (request as Request).headers?.get === "function";
}

/** @internal A header's value; repeated headers are joined with ", " (as `Headers#get` does). */
export function headerOf(request: IncomingRequest, name: string): string | undefined {
  if (isWebRequest(request)) return request.headers.get(name) ?? undefined;
  const value = request.headers?.[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** @internal The method and URL (absolute, or path + query) of a request. */
export function targetOf(request: IncomingRequest): { method: string; url: string } {
  if (isWebRequest(request)) return { method: request.method, url: request.url };
  const url = request.originalUrl ?? request.url;
  if (typeof url !== "string") throw new TypeError("apkit/server: the request has no url.");
  return { method: request.method ?? "GET", url };
}

/** @internal Checks a header scheme option. */
export function checkScheme(scheme: unknown): string {
  if (typeof scheme !== "string" || !/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*$/.test(scheme)) {
    throw new TypeError(`apkit/server: headerScheme must be an HTTP auth scheme such as "JWT"; got ${String(scheme)}.`);
  }
  return scheme;
}

/**
 * @internal The one token of a request. From `Authorization: <scheme> <token>` and, when `query` is true, from
 * `?jwt=`. More than one token anywhere is ambiguous and rejected; an Authorization header with another scheme is
 * not ours and is ignored.
 */
export function tokenOf(request: IncomingRequest, scheme: string, query: boolean): string {
  const found: string[] = [];
  let inHeader = false;
  const auth = headerOf(request, "authorization");
  if (auth !== undefined) {
    const trimmed = auth.trim();
    if (trimmed.slice(0, scheme.length + 1).toLowerCase() === `${scheme.toLowerCase()} `) {
      const token = trimmed.slice(scheme.length + 1).trim();
      // Two Authorization headers arrive joined by ", ".
      if (token.includes(",")) throw new JWTAmbiguousError("The Authorization header carries more than one token.");
      found.push(token);
      inHeader = true;
    }
  }
  const { url } = targetOf(request);
  const q = url.indexOf("?");
  if (q >= 0) {
    const hash = url.indexOf("#", q);
    found.push(...queryPairs(url.slice(q + 1, hash >= 0 ? hash : undefined)).getAll("jwt"));
  }
  if (found.length > 1) throw new JWTAmbiguousError(`The request carries ${found.length} tokens; exactly one is accepted.`);
  if (found.length === 1 && !query && !inHeader) {
    throw new JWTMissingError(`This token is accepted in the Authorization header only, not in ?jwt=.`);
  }
  if (found.length === 0 || found[0] === "") {
    throw new JWTMissingError(`The request has no token (Authorization: ${scheme} <token>${query ? " or ?jwt=" : ""}).`);
  }
  return found[0]!;
}
