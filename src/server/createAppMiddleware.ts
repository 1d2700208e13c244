import { createAppVerifier, type AppIdentity, type AppVerifierOptions } from "./createAppVerifier.js";
import type { NodeRequestLike } from "./lib/incoming.js";
import { middleware, type NextFunction, type NodeResponseLike } from "./lib/node.js";

/**
 * {@link createAppVerifier} as middleware for Express and plain Node http: one route serves the Connect iframe
 * (`Authorization: JWT <context token>`) and the Forge Custom UI (`Authorization: Bearer <FIT>`). The identity goes
 * to `req.apkit` / `res.locals.apkit` (on Forge calls the invocation also to `req.forge`); any other request is
 * answered here, like the other apkit middlewares.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createAppMiddleware } from "apkit/server";
 * const app = express();
 * app.use("/api", createAppMiddleware({ tenants, appId: "ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a" }));
 * app.get("/api/items", async (req, res) => {
 *   const { clientKey, platform } = req.apkit!; // the same clientKey from either platform
 *   res.json({ items: await listItems(clientKey), platform });
 * });
 * ```
 */
export function createAppMiddleware(
  options: AppVerifierOptions,
): (req: NodeRequestLike, res: NodeResponseLike, next?: NextFunction) => Promise<AppIdentity | undefined> {
  return middleware(createAppVerifier(options));
}
