/**
 * @internal Connect's way to the app's backend: `fetch` with `Authorization: JWT <context token>`, the token cached
 * until `margin` before its `exp`, one token fetch for any number of concurrent calls, a 401 answered by one retry
 * with a fresh token, and an `X-acpt` answer adopted as the next token (from the backend's origin, for the same tenant
 * and user as the token sent). One per `createApFetch` instance: the
 * instance's options are its state.
 */
import { BodyNotReplayableError, TokenError } from "../errors.js";
import { claimsOf, expOf } from "../jwt.js";
import type { BackendPort } from "../port.js";
import { settle } from "../settle.js";

/** @internal What Connect's backend needs of its `createApFetch` options. */
export interface JwtBackendOptions {
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  getToken: () => Promise<string>;
  now: () => number;
  margin: number;
  headerScheme: string;
  /** The origin whose answers may replace the token (`X-acpt`). */
  origin: () => string;
}

/** @internal A {@link BackendPort} over context JWTs, and how to forget its token. */
export interface JwtBackend extends BackendPort {
  reset(): void;
}

/** The tenant and user a token is for (`iss` and `sub`, unverified), or `undefined` when it cannot be read. */
function subjectOf(token: string): string | undefined {
  const claims = claimsOf(token);
  return claims ? JSON.stringify([claims.iss, claims.sub]) : undefined;
}

/** @internal */
export function jwtBackend(options: JwtBackendOptions): JwtBackend {
  let token: string | undefined;
  let staleAt = 0;
  let pending: Promise<string> | undefined;

  const adopt = (t: string) => {
    token = t;
    staleAt = (expOf(t) ?? 0) * 1000 - options.margin;
    return t;
  };

  const fresh = (signal?: AbortSignal | null): Promise<string> => {
    if (token && options.now() < staleAt) return Promise.resolve(token);
    pending ??= (async () => {
      try {
        const t = await options.getToken();
        if (typeof t !== "string" || !t) throw new TokenError("apkit: getToken gave no token", { cause: t });
        return adopt(t);
      } finally {
        pending = undefined;
      }
    })();
    if (!signal) return pending;
    // Only this caller stops waiting; the shared token fetch goes on for the others. (The token source has its own
    // deadline: the wait has none.)
    const shared = pending;
    return settle<string>("apkit: token", { signal, timeout: Infinity }, (done) => shared.then(done.resolve, done.reject));
  };

  return {
    async fetch(input, init) {
      const req = input instanceof Request ? input : undefined;
      const signal = init.signal ?? req?.signal;
      const streamed = typeof ReadableStream !== "undefined" && init.body instanceof ReadableStream;
      // A Request's body is read once; keep an untouched copy (clone tees and buffers it) for the retry.
      const spare = req?.clone();
      const send = (t: string, r?: Request) => {
        const headers = new Headers(init.headers ?? req?.headers);
        headers.set("Authorization", `${options.headerScheme} ${t}`);
        return (options.fetch ?? fetch)(r ?? input.toString(), { ...init, headers });
      };

      let used = await fresh(signal);
      let res = await send(used, req);
      if (res.status === 401) {
        if (streamed) throw new BodyNotReplayableError("401: stream body not replayable", { response: res });
        res.body?.cancel().catch(() => {});
        if (token === used) token = undefined;
        used = await fresh(signal);
        res = await send(used, spare);
      }
      // Only a response from the token's own origin may replace it: a redirect to another origin must not be able to
      // hand every later call an attacker's token. (A fetch stub's Response has no url; it cannot have redirected.)
      const answered = res.url ? new URL(res.url).origin : new URL(req ? req.url : input.toString()).origin;
      const next = answered === options.origin() && res.headers.get("x-acpt");
      // Nor may it switch tenant or user: a shared cache can hand out another caller's answer, token and all.
      if (next && expOf(next) && subjectOf(next) === subjectOf(used)) adopt(next);
      return res;
    },
    reset() {
      token = undefined;
      staleAt = 0;
    },
  };
}
