import { jwtBackend } from "./connect/backend.js";
import { getToken } from "./context.js";
import { CrossOriginTokenError } from "./errors.js";
import { port } from "./platform.js";
import { settle } from "./settle.js";

/** Options of {@link createApFetch}. */
export interface ApFetchOptions {
  /**
   * The `fetch` to call.
   * @default globalThis.fetch, read at call time
   */
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /**
   * Where tokens come from.
   * @default getToken, i.e. AP.context.getToken() over the bridge
   */
  getToken?: () => Promise<string>;
  /**
   * The clock, in milliseconds since the epoch (inject it in tests).
   * @default Date.now
   */
  now?: () => number;
  /**
   * A cached token is replaced this many milliseconds before its `exp`.
   * @default 60000
   */
  margin?: number;
  /**
   * Relative URLs resolve against it, and only its origin receives the token.
   * @default the page's origin (location.origin)
   */
  baseUrl?: string | URL;
  /**
   * The Authorization scheme: `Authorization: <headerScheme> <token>`.
   * @default "JWT"
   */
  headerScheme?: string;
  /** Other origins (such as `"https://api.example.com"`) that may receive the token. Nothing else does. */
  allowOrigins?: readonly string[];
  /**
   * Milliseconds the whole call (token, request, a retry) may take before it rejects with `TimeoutError` and the
   * request is aborted. The same on every platform.
   * @default none, like fetch (pass `init.signal` to stop a call)
   */
  timeout?: number;
}

/** A `fetch` for the app's own backend that adds the context token. */
export interface ApFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * Forgets the cached token, so the next call asks for a fresh one (a mock host's `install`/`uninstall` call it on
   * the default `apFetch`, so one test's token never reaches the next test's backend).
   */
  reset(): void;
}

/**
 * Makes an {@link ApFetch} with its own token cache. The token (from `AP.context.getToken()` unless
 * `getToken` is given) is reused until `margin` before its `exp` (decoded, not verified: the server verifies),
 * and fetched once for any number of concurrent calls. A 401 drops the token, fetches a fresh one and retries
 * once (any method: a 401 means the server did nothing); a `ReadableStream` body cannot be replayed, so that
 * retry rejects with `BodyNotReplayableError` instead. An `X-acpt` response header (atlassian-connect-express
 * sends a fresh token there) becomes the next token, when the response came from `baseUrl`'s origin (after any
 * redirects: `response.url`) and the token is for the same tenant and user (`iss` and `sub`) as the one sent.
 * `init.signal` aborts the token wait and the request. The
 * token is only ever sent to `baseUrl`'s origin and `allowOrigins`; other URLs reject with
 * `CrossOriginTokenError` before anything is sent.
 *
 * @example
 * ```ts
 * import { createApFetch } from "apkit";
 * const api = createApFetch({ baseUrl: "https://app.example.com/", margin: 120_000 });
 * const items = await (await api("api/items")).json();
 * ```
 */
export function createApFetch(options: ApFetchOptions = {}): ApFetch {
  const { margin = 60_000, headerScheme = "JWT", allowOrigins = [], timeout } = options;
  if (!(margin >= 0)) throw new TypeError(`apkit: createApFetch's margin must be a number of milliseconds >= 0, got ${String(margin)}`);
  if (timeout !== undefined && !(timeout > 0)) throw new TypeError(`apkit: createApFetch's timeout must be a number of milliseconds > 0, got ${String(timeout)}`);
  const baseOf = (): URL => {
    const origin = options.baseUrl ?? globalThis.location?.origin;
    if (origin === undefined) throw new TypeError("apkit: no page origin; pass createApFetch({ baseUrl })");
    return new URL(origin);
  };
  // Connect's way to the backend (a context JWT); another platform's replaces it (Forge: requestRemote and a FIT).
  const connect = jwtBackend({
    fetch: options.fetch,
    getToken: options.getToken ?? (() => getToken()),
    now: options.now ?? Date.now,
    margin,
    headerScheme,
    origin: () => baseOf().origin,
  });

  const call = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const base = baseOf();
    const target = input instanceof Request ? input : new URL(input, base);
    const url = new URL(target instanceof Request ? target.url : target, base);
    if (url.origin !== base.origin && !allowOrigins.includes(url.origin)) {
      throw new CrossOriginTokenError(`Token not sent to ${url.origin}: only to ${base.origin} (baseUrl) and allowOrigins`, { url: url.href });
    }
    const backend = port("backend", connect);
    if (timeout === undefined) return backend.fetch(target, init);
    // The deadline covers the whole call (token, request, a retry) on every platform, and aborts the request.
    const abort = new AbortController();
    const caller = init.signal ?? (target instanceof Request ? target.signal : undefined);
    return settle<Response>("apkit: apFetch", { timeout, signal: caller ?? undefined }, (done) => {
      backend.fetch(target, { ...init, signal: abort.signal }).then(done.resolve, done.reject);
    }).finally(() => abort.abort());
  };
  return Object.assign(call, { reset: () => connect.reset() });
}

/**
 * `fetch` for the app's own backend with `Authorization: JWT <context token>`, cached and refreshed for you
 * (see {@link createApFetch} for the rules; this is the default instance: page origin, 60 s margin, the
 * bridge's `getToken`). Resolves the standard `Response`, whatever its status.
 *
 * @example
 * ```ts
 * import { apFetch } from "apkit";
 * const res = await apFetch("/api/items", { method: "POST", body: JSON.stringify({ title: "Hi" }) });
 * if (!res.ok) throw new Error(`backend said ${res.status}`);
 * ```
 */
export const apFetch: ApFetch = /* @__PURE__ */ createApFetch();
