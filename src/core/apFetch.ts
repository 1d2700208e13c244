import { getToken } from "./context.js";
import { settleAs } from "./bridge.js";
import { BodyNotReplayableError, CrossOriginTokenError, TokenError } from "./errors.js";
import { expOf } from "./jwt.js";
import { override } from "./port.js";

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
  const { now = Date.now, margin = 60_000, headerScheme = "JWT", allowOrigins = [] } = options;
  if (!(margin >= 0)) throw new TypeError("apkit: margin must be >= 0 ms");
  let token: string | undefined;
  let staleAt = 0;
  let pending: Promise<string> | undefined;

  const adopt = (t: string) => {
    token = t;
    staleAt = (expOf(t) ?? 0) * 1000 - margin;
    return t;
  };

  const fresh = (signal?: AbortSignal | null): Promise<string> => {
    if (token && now() < staleAt) return Promise.resolve(token);
    pending ??= (async () => {
      try {
        const t = await (options.getToken ?? getToken)();
        if (typeof t != "string" || !t) throw new TokenError("apkit: getToken gave no token", { cause: t });
        return adopt(t);
      } finally {
        pending = undefined;
      }
    })();
    if (!signal) return pending;
    // Only this caller stops waiting; the shared token fetch goes on for the others. (The token source has its own
    // deadline: the wait has none.)
    const shared = pending;
    return settleAs<string>("apkit: token", { signal, timeout: Infinity }, (done) => shared.then(done.resolve, done.reject));
  };

  const call = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const origin = options.baseUrl ?? globalThis.location?.origin;
    if (origin === undefined) {
      throw new TypeError("apkit: no page origin; pass createApFetch({ baseUrl })");
    }
    const base = new URL(origin);
    const req = input instanceof Request ? input : undefined;
    const url = new URL(req ? req.url : (input as string | URL), base);
    const own = url.origin == base.origin;
    if (!own && !allowOrigins.includes(url.origin)) throw new CrossOriginTokenError("Token not sent cross-origin", { url: url.href });
    // On another platform (Forge: requestRemote) its own way to the backend replaces the context JWT.
    const backend = override("backend");
    if (backend) {
      const body = req && !/^(GET|HEAD)$/.test(req.method) ? await req.arrayBuffer() : undefined;
      return backend.fetch(url, req ? { method: req.method, headers: req.headers, body, ...init } : init);
    }
    const signal = init.signal ?? req?.signal;
    const streamed = typeof ReadableStream != "undefined" && init.body instanceof ReadableStream;
    // A Request's body is read once; keep an untouched copy (clone tees and buffers it) for the retry.
    const spare = req?.clone();
    const send = (t: string, r?: Request) => {
      const headers = new Headers(init.headers ?? req?.headers);
      headers.set("Authorization", `${headerScheme} ${t}`);
      return (options.fetch ?? fetch)(r ?? url.href, { ...init, headers });
    };

    let used = await fresh(signal);
    let res = await send(used, req);
    if (res.status == 401) {
      if (streamed) throw new BodyNotReplayableError("401: stream body not replayable", { response: res });
      res.body?.cancel().catch(() => {});
      if (token == used) token = undefined;
      used = await fresh(signal);
      res = await send(used, spare);
    }
    // Only a response from the token's own origin may replace it: a redirect to another origin must not be able to
    // hand every later call an attacker's token. (A fetch stub's Response has no url; it cannot have redirected.)
    const answered = res.url ? new URL(res.url).origin : url.origin;
    const next = answered == base.origin && res.headers.get("x-acpt");
    // Nor may it switch tenant or user: a shared cache can hand out another caller's answer, token and all.
    if (next && expOf(next) && subjectOf(next) == subjectOf(used)) adopt(next);
    return res;
  };
  return Object.assign(call, {
    reset: () => {
      token = undefined;
      staleAt = 0;
    },
  });
}

/** The tenant and user a token is for (`iss` and `sub`, unverified), or `undefined` when it cannot be read. */
function subjectOf(token: string): string | undefined {
  try {
    const { iss, sub } = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    return JSON.stringify([iss, sub]);
  } catch {
    return undefined;
  }
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
