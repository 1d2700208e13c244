import { createAppVerifier, type AppIdentity, type AppVerifierOptions } from "./createAppVerifier.js";
import type { NodeRequestLike } from "./lib/incoming.js";
import { checkHook } from "./lib/hooks.js";
import { middleware, type MiddlewareOptions, type NextFunction, type NodeResponseLike } from "./lib/node.js";

/**
 * {@link createAppVerifier} as middleware for Express and plain Node http: one route serves the Connect iframe
 * (`Authorization: JWT <context token>`) and the Forge Custom UI (`Authorization: Bearer <FIT>`), through the whole
 * migration (docs/server.md, "After Connect"). The identity goes to `req.apkit` / `res.locals.apkit` (on Forge calls
 * the invocation also to `req.forge`); any other request is answered here, like the other apkit middlewares, with
 * the same refusal whatever the reason: `onError` sees the reason (for the likeliest migration mistake, a FIT linked
 * to no tenant, `ERR_JWT_TENANT` with its installation and site).
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createAppMiddleware, type AppIdentity } from "apkit/server";
 * const app = express();
 * const onError = (error: unknown) => console.warn("refused:", error); // ERR_JWT_TENANT: "No tenant is linked to ..."
 * app.use("/api", createAppMiddleware({ tenants, appId: "ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a", onError }));
 * app.get("/api/items", async (req, res) => {
 *   const { cloudId, platform } = req.apkit as AppIdentity; // the same site from either platform
 *   res.json({ items: await listItems(cloudId), platform });
 * });
 * ```
 */
export function createAppMiddleware(
  options: AppVerifierOptions & MiddlewareOptions,
): (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<AppIdentity | undefined> {
  const verify = createAppVerifier(options);
  checkHook(options.onError);
  return middleware(verify, { onError: options.onError });
}
