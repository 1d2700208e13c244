import type { NodeRequestLike } from "./lib/incoming.js";
import { checkHook } from "./lib/hooks.js";
import { middleware, type MiddlewareOptions, type NextFunction, type NodeResponseLike } from "./lib/node.js";
import type { InferOutput, StandardSchemaV1 } from "./lib/standardSchema.js";
import { resolveForgeOptions, verifyForge, type ForgeInvocation, type ForgeInvocationOptions } from "./verifyForgeInvocationToken.js";

/** A `(req, res, next)` middleware for Node http and Express that resolves the invocation it let through. */
export type ForgeMiddleware<Invocation> = (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<Invocation | undefined>;

/**
 * Forge Invocation Token middleware for Express and plain Node http: the routes of a Forge Remote backend. A
 * request with a valid `Authorization: Bearer <FIT>` gets its {@link ForgeInvocation} at `req.forge` and
 * `res.locals.forge` and goes on to `next()`; any other is answered here (401 JSON; 503 while the key set cannot be
 * fetched), after `onError` saw the error with its reason. Options are checked once, here; the key set is fetched on
 * the first request and cached.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createForgeInvocationMiddleware } from "apkit/server";
 * const app = express();
 * app.use("/forge", createForgeInvocationMiddleware({ appId: "ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a", environment: "PRODUCTION" }));
 * app.post("/forge/issue-event", (req, res) => {
 *   console.log(req.forge!.installationId, req.forge!.module?.key);
 *   res.status(204).end();
 * });
 * ```
 */
export function createForgeInvocationMiddleware<S extends StandardSchemaV1 | undefined = undefined>(
  options: ForgeInvocationOptions<S> & MiddlewareOptions,
): ForgeMiddleware<ForgeInvocation<InferOutput<S, Record<string, unknown>>>> {
  const resolved = resolveForgeOptions(options, "createForgeInvocationMiddleware");
  checkHook(options.onError);
  return middleware((req) => verifyForge(req, resolved) as Promise<ForgeInvocation<InferOutput<S, Record<string, unknown>>>>, {
    field: "forge",
    scheme: "Bearer",
    onError: options.onError,
  });
}
