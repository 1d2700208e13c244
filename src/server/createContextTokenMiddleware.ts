import { createContextTokenVerifier, type ContextTokenVerifierOptions } from "./createContextTokenVerifier.js";
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

/** A `(req, res, next)` middleware for Node http and Express that resolves the claims it let through. */
export type ConnectMiddleware<Claims> = (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<Claims | undefined>;

/**
 * Context-token middleware for Express and plain Node http. A request with a valid context token gets its claims
 * at `req.apkit` and `res.locals.apkit` and goes on to `next()`; any other is answered here with 401 (or 400/403)
 * and a JSON body `{ error: { code, message } }`. Unexpected errors (a failing tenant store) go to `next(error)`.
 * Without `next` (plain Node http), the returned promise resolves the claims, or `undefined` once it has answered.
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
  options: ContextTokenVerifierOptions<S>,
): ConnectMiddleware<ClaimsFor<S>> {
  return middleware(createContextTokenVerifier(options));
}
