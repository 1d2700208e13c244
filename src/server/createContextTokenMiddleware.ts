import { contextVerifier, type ContextTokenVerifierOptions } from "./createContextTokenVerifier.js";
import { CONTEXT_QSH } from "./lib/contextQsh.js";
import { signHs256 } from "./lib/jws.js";
import type { ClaimsFor, ConnectClaims } from "./lib/hs256.js";
import type { AppIdentity } from "./createAppVerifier.js";
import type { ForgeInvocation } from "./verifyForgeInvocationToken.js";
import type { NodeRequestLike } from "./lib/incoming.js";
import { middleware, type NextFunction, type NodeResponseLike } from "./lib/node.js";
import type { StandardSchemaV1 } from "./lib/standardSchema.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * The verified Connect claims, set by apkit's Connect middlewares; `createAppMiddleware` sets an
       * `AppIdentity` here (the same fields, plus `platform`, `installationId`, `cloudId`, `forge`).
       */
      apkit?: ConnectClaims<any> & Partial<Pick<AppIdentity, "platform" | "installationId" | "cloudId" | "forge">>;
      /** The verified Forge invocation, set by `createForgeInvocationMiddleware` (and `createAppMiddleware` on Forge calls). */
      forge?: ForgeInvocation<any>;
    }
  }
}

/** Options of {@link createContextTokenMiddleware}. */
export interface ContextTokenMiddlewareOptions<S extends StandardSchemaV1 | undefined = undefined> extends ContextTokenVerifierOptions<S> {
  /**
   * Answer every verified request with a fresh context token for the same tenant, user and context in the `X-acpt`
   * response header (15 minutes, like atlassian-connect-express's session tokens). `apFetch` adopts it, so the
   * iframe stops asking the host for tokens while it keeps calling the backend.
   * @default false
   */
  sessionTokens?: boolean;
}

/** A `(req, res, next)` middleware for Node http and Express that resolves the claims it let through. */
export type ConnectMiddleware<Claims> = (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<Claims | undefined>;

/**
 * Context-token middleware for Express and plain Node http. A request with a valid context token gets its claims
 * at `req.apkit` and `res.locals.apkit` and goes on to `next()`; any other is answered here with 401 (or 400/403)
 * and a JSON body `{ error: { code, message } }`. Unexpected errors (a failing tenant store) go to `next(error)`.
 * Without `next` (plain Node http), the returned promise resolves the claims, or `undefined` once it has answered.
 * With `sessionTokens: true`, every verified request is answered with a fresh context token in `X-acpt`.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createContextTokenMiddleware } from "apkit/server";
 * const app = express();
 * app.use("/api", createContextTokenMiddleware({ tenants }));
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
  const now = options.now ?? Date.now;
  if (!options.sessionTokens) return middleware(async (req) => (await verify(req)).claims as ClaimsFor<S>);
  const inner = middleware(async (req) => verify(req));
  return async (req, res, next) => {
    // Verified first, with a next that passes on only failures, so the session token is on the response before
    // the route writes it (and the claims replace what inner put on req, which included the secret).
    const verified = await inner(req, res, next && ((error?: unknown) => void (error !== undefined && next(error))));
    if (!verified) return undefined;
    const { claims, secret } = verified;
    const iat = Math.floor(now() / 1000);
    const session: Record<string, unknown> = { iss: claims.clientKey, ...(claims.accountId ? { sub: claims.accountId } : {}), qsh: CONTEXT_QSH, iat, exp: iat + 900 };
    if (claims.payload.context !== undefined) session.context = claims.payload.context;
    res.setHeader("x-acpt", await signHs256(session, secret));
    const bag = req as unknown as Record<string, unknown>;
    bag.apkit = claims;
    if (res.locals && typeof res.locals === "object") res.locals.apkit = claims;
    next?.();
    return claims as ClaimsFor<S>;
  };
}
