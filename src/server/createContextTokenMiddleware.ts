import { contextVerifier, type ContextTokenVerifierOptions } from "./createContextTokenVerifier.js";
import { CONTEXT_QSH } from "./lib/contextQsh.js";
import { checkHook } from "./lib/hooks.js";
import { signHs256 } from "./lib/jws.js";
import { DEFAULT_MAX_TOKEN_AGE } from "./lib/claims.js";
import type { ClaimsFor, ConnectClaims } from "./lib/hs256.js";
import type { AppIdentity } from "./createAppVerifier.js";
import type { ForgeInvocation } from "./verifyForgeInvocationToken.js";
import type { NodeRequestLike } from "./lib/incoming.js";
import { middleware, type MiddlewareOptions, type NextFunction, type NodeResponseLike } from "./lib/node.js";
import type { StandardSchemaV1 } from "./lib/standardSchema.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * The verified Connect claims, set by apkit's Connect middlewares; `createAppMiddleware` sets an `AppIdentity`
       * here (with `platform`, `cloudId`, `installationId`, `forge`; its `clientKey` is `undefined` for a site
       * installed after Connect).
       */
      apkit?: ConnectClaims<any> | AppIdentity;
      /** The verified Forge invocation, set by `createForgeInvocationMiddleware` (and `createAppMiddleware` on Forge calls). */
      forge?: ForgeInvocation<any>;
    }
  }
}

/** How long session tokens (`X-acpt`) keep a session going. */
export interface SessionTokenOptions {
  /**
   * The longest a session lasts, in seconds, from the `iat` of the context token the host issued: renewed tokens carry
   * that start (`sessionStartedAt`) and never expire after it. Then `apFetch` asks the host for a fresh token.
   * @default 3600
   */
  maxAge?: number;
}

/** Options of {@link createContextTokenMiddleware}. */
export interface ContextTokenMiddlewareOptions<S extends StandardSchemaV1 | undefined = undefined> extends ContextTokenVerifierOptions<S>, MiddlewareOptions {
  /**
   * Answer verified requests with a fresh context token for the same tenant, user and context in the `X-acpt`
   * response header, like atlassian-connect-express's session tokens; `apFetch` adopts it, so the iframe stops asking
   * the host for tokens while it keeps calling the backend. A session has a maximum age (`maxAge`, carried in the
   * token), an expired token is never renewed, and no token is issued for longer than 15 minutes, `maxTokenAge` or
   * what is left of the session. The header only travels on answers no shared cache may keep: it gets
   * `Cache-Control: private, no-store` and `Vary: Authorization` when the route sets no Cache-Control, and is dropped
   * when the route makes its answer shareable (anything but `private` or `no-store`).
   * @default false
   */
  sessionTokens?: boolean | SessionTokenOptions;
}

/** A `(req, res, next)` middleware for Node http and Express that resolves the claims it let through. */
export type ConnectMiddleware<Claims> = (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<Claims | undefined>;

/** The lifetime of a session token, as atlassian-connect-express's (15 minutes). */
const SESSION_TOKEN_LIFETIME = 900;

/**
 * Context-token middleware for Express and plain Node http. A request with a valid context token gets its claims
 * at `req.apkit` and `res.locals.apkit` and goes on to `next()`; any other is answered here with 401 (or 400/403)
 * and a JSON body `{ error: { code, message } }`, after `onError` saw the error. Unexpected errors (a failing tenant
 * store) go to `next(error)`. Without `next` (plain Node http), the returned promise resolves the claims, or
 * `undefined` once it has answered. With `sessionTokens`, verified requests are answered with a fresh context token in
 * `X-acpt`, within the session's maximum age.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createContextTokenMiddleware } from "apkit/server";
 * const app = express();
 * app.use("/api", createContextTokenMiddleware({ tenants, onError: (error, req) => console.warn(req.url, error) }));
 * app.get("/api/me", (req, res) => res.json({ accountId: req.apkit!.accountId }));
 *
 * // plain Node http
 * const auth = createContextTokenMiddleware({ getSharedSecret });
 * http.createServer(async (req, res) => {
 *   const claims = await auth(req, res);
 *   if (claims) res.end(`hello ${claims.accountId}`);
 * });
 * ```
 */
export function createContextTokenMiddleware<S extends StandardSchemaV1 | undefined = undefined>(
  options: ContextTokenMiddlewareOptions<S>,
): ConnectMiddleware<ClaimsFor<S>> {
  const verify = contextVerifier(options, "createContextTokenMiddleware");
  checkHook(options.onError);
  const now = options.now ?? Date.now;
  const { sessionTokens, onError } = options;
  if (!sessionTokens) return middleware(async (req) => (await verify(req)).claims as ClaimsFor<S>, { onError });
  const maxAge = typeof sessionTokens === "object" ? (sessionTokens.maxAge ?? 3600) : 3600;
  if (!(typeof maxAge === "number" && maxAge > 0 && maxAge < Infinity)) throw new TypeError("apkit/server: sessionTokens.maxAge must be a positive number of seconds.");
  const longest = Math.min(SESSION_TOKEN_LIFETIME, options.maxTokenAge ?? DEFAULT_MAX_TOKEN_AGE);
  const inner = middleware(async (req) => verify(req), { onError });
  return async (req, res, next) => {
    // Verified first, with a next that passes on only failures, so the session token is on the response before
    // the route writes it (and the claims replace what inner put on req, which included the secret).
    const verified = await inner(req, res, next && ((error?: unknown) => void (error !== undefined && next(error))));
    if (!verified) return undefined;
    const { claims, secret } = verified;
    const t = Math.floor(now() / 1000);
    const iat = claims.issuedAt.getTime() / 1000;
    const carried = claims.payload.sessionStartedAt;
    // The session began when the host issued its token; a renewed token carries that moment (never a later one).
    const started = typeof carried === "number" && Number.isSafeInteger(carried) && carried <= iat ? carried : iat;
    const exp = Math.min(t + longest, started + Math.floor(maxAge));
    // Never renew a token that has expired (one let through by the leeway), nor past the session's end.
    if (t < claims.expiresAt.getTime() / 1000 && exp > t) {
      const session: Record<string, unknown> = { iss: claims.clientKey, ...(claims.accountId ? { sub: claims.accountId } : {}), qsh: CONTEXT_QSH, iat: t, exp, sessionStartedAt: started };
      if (claims.payload.context !== undefined) session.context = claims.payload.context;
      keepPrivate(res);
      res.setHeader("x-acpt", await signHs256(session, secret));
    }
    const bag = req as unknown as Record<string, unknown>;
    bag.apkit = claims;
    if (res.locals && typeof res.locals === "object") res.locals.apkit = claims;
    next?.();
    return claims as ClaimsFor<S>;
  };
}

/**
 * An answer carrying a session token must never be stored by a shared cache (a CDN would hand one user's renewable
 * token to everyone). Checked when the headers go out, whatever the route did meanwhile: no Cache-Control becomes
 * `private, no-store`; one that lets shared caches store the answer (neither `private` nor `no-store`) loses the
 * token instead.
 */
function keepPrivate(res: NodeResponseLike): void {
  const writeHead = res.writeHead;
  if (typeof writeHead !== "function") {
    res.setHeader("cache-control", "private, no-store");
    res.setHeader("vary", "Authorization");
    return;
  }
  res.writeHead = function (this: NodeResponseLike, statusCode: number, ...rest: unknown[]) {
    const given = rest.find((arg) => arg !== null && typeof arg === "object");
    const cacheControl = headerIn(given, "cache-control") ?? res.getHeader?.("cache-control");
    if (cacheControl === undefined) res.setHeader("cache-control", "private, no-store");
    else if (!/(^|[\s,])(private|no-store)\s*(=|,|$)/i.test(String(cacheControl))) res.removeHeader?.("x-acpt");
    const vary = res.getHeader?.("vary");
    if (vary === undefined) res.setHeader("vary", "Authorization");
    else if (!/(^|,)\s*(authorization|\*)\s*(,|$)/i.test(String(vary))) res.setHeader("vary", `${String(vary)}, Authorization`);
    return writeHead.call(this, statusCode, ...rest);
  };
}

/** A header from writeHead's headers argument (an object, or a flat [name, value, ...] list). */
function headerIn(headers: unknown, name: string): unknown {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (String(headers[i]).toLowerCase() === name) return headers[i + 1];
    return undefined;
  }
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
