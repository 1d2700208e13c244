import { installedTenant, lifecycleResponse, type LifecycleOptions } from "./lib/lifecycle.js";

/**
 * The `installed` lifecycle callback, for Web-API runtimes (wrap it with {@link toNodeHandler} for Node http and
 * Express). Stores the tenant (clientKey, sharedSecret, baseUrl ...) only when the request is proven to come from
 * Atlassian for that very tenant, with the site's cloud id (read from `<baseUrl>/_edge/tenant_info` on Atlassian's
 * site hosts; when that fails the install goes on, `onError` hears `ERR_TENANT_INFO`, and the first Forge
 * Invocation Token of the site supplies it). A tenant of the same site created by a Forge lifecycle event
 * (`handleForgeInstalled`) becomes this one. Answers:
 *
 * - 204 when the tenant was stored (a first install, or a reinstall that rotates the secret);
 * - 401 when the `Authorization: JWT` token is missing, not RS256, its `kid` is invalid or its key cannot be
 *   fetched from Atlassian's key server, its signature fails, it expired, its `aud` is not `baseUrl`, or its
 *   `qsh` is not this request's;
 * - 403 when a genuine token names another tenant than `body.clientKey` (a takeover attempt);
 * - 409 when the token was applied already, a newer event of the tenant was (by `iat`), or another tenant holds
 *   the payload's `installationId` or the site's cloud id (`ERR_TENANT_CONFLICT`);
 * - 400 when the body is not a valid install payload.
 *
 * On any non-204 answer the store is not touched, so an existing tenant keeps its secret. The answer's message is a
 * fixed sentence per code; `onError` gets the error with its reason. Errors from the store itself (other than its
 * conflicts) are not caught: they reach your framework as a 500.
 *
 * @example
 * ```ts
 * import { createMemoryTenantStore, handleInstalled } from "apkit/server";
 * const tenants = createMemoryTenantStore();
 * // Next.js: app/installed/route.ts
 * export const POST = (request: Request) =>
 *   handleInstalled(request, { baseUrl: "https://app.example.com", tenants, onError: (error) => console.warn(error) });
 * ```
 */
export function handleInstalled(request: Request, options: LifecycleOptions): Promise<Response> {
  return lifecycleResponse(request, options, "installed", async (event, reportError) => options.tenants.set(await installedTenant(event, options, reportError)));
}
