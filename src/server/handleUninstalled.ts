import { checkStamp, lifecycleResponse, type LifecycleOptions } from "./lib/lifecycle.js";

/**
 * The `uninstalled` lifecycle callback, for Web-API runtimes (wrap it with {@link toNodeHandler} for Node http
 * and Express). Verified exactly like {@link handleInstalled} (RS256 from Atlassian's key server, `aud`, `qsh`,
 * `iss` equal to `body.clientKey`); only then is the tenant deleted, so nobody can uninstall someone else, and never
 * by an event older than the tenant's last one (a replayed `uninstalled` after a reinstall is 409
 * `ERR_TENANT_CONFLICT`). Answers 204 (also when the tenant was already gone), 401, 403, 409 or 400 as
 * `handleInstalled` does.
 *
 * @example
 * ```ts
 * import { handleUninstalled } from "apkit/server";
 * export const POST = (request: Request) => handleUninstalled(request, { baseUrl: "https://app.example.com", tenants });
 * ```
 */
export function handleUninstalled(request: Request, options: LifecycleOptions): Promise<Response> {
  return lifecycleResponse(request, options, "uninstalled", async (event) => {
    checkStamp(await options.tenants.get(event.tenant.clientKey), event.stamp);
    await options.tenants.delete(event.tenant.clientKey);
  });
}
