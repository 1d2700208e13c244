import type { ConnectMiddleware } from "./createContextTokenMiddleware.js";
import { resolveOptions, type ClaimsFor } from "./lib/hs256.js";
import { checkScheme } from "./lib/incoming.js";
import { checkHook } from "./lib/hooks.js";
import { middleware, type MiddlewareOptions } from "./lib/node.js";
import type { StandardSchemaV1 } from "./lib/standardSchema.js";
import { verifyRequestToken, type RequestTokenOptions } from "./verifyRequestToken.js";

/**
 * Request-token middleware for Express and plain Node http: iframe page loads (`?jwt=`) and webhooks
 * (`Authorization: JWT`), with the full qsh check of {@link verifyRequestToken}. Behaves like
 * `createContextTokenMiddleware`: claims at `req.apkit` / `res.locals.apkit`, 401 JSON otherwise (the reason to
 * `onError`).
 *
 * @example
 * ```ts
 * import { createRequestTokenMiddleware } from "apkit/server";
 * const signed = createRequestTokenMiddleware({ baseUrl: "https://app.example.com", tenants });
 * app.get("/issue-panel", signed, (req, res) => res.send(renderPanel(req.apkit!.context)));
 * app.post("/webhooks/issue-updated", express.json(), signed, (req, res) => res.sendStatus(204));
 * ```
 */
export function createRequestTokenMiddleware<S extends StandardSchemaV1 | undefined = undefined>(
  options: RequestTokenOptions<S> & MiddlewareOptions,
): ConnectMiddleware<ClaimsFor<S>> {
  // Checks the options now rather than on the first request.
  resolveOptions(options, "createRequestTokenMiddleware");
  checkScheme(options.headerScheme ?? "JWT");
  if (options.baseUrl === undefined) throw new TypeError("apkit/server: createRequestTokenMiddleware needs the app's baseUrl.");
  checkHook(options.onError);
  return middleware((req) => verifyRequestToken(req, options), { onError: options.onError });
}
