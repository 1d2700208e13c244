import { describe, errorResponse, isAPKitServerError, JWTClaimError, TenantConflictError } from "./errors.js";
import { checkForgeStore } from "./lib/forgeTenant.js";
import { checkHook, type ErrorHook } from "./lib/hooks.js";
import { sameSite } from "./lib/tenantInfo.js";
import type { Tenant, TenantStore } from "./tenantStore.js";
import { resolveForgeOptions, verifyForge, type ForgeInvocationOptions } from "./verifyForgeInvocationToken.js";

/** Options of {@link handleForgeInstalled}: the Forge app, and where its tenants live. */
export interface ForgeLifecycleOptions extends Omit<ForgeInvocationOptions, "contextSchema"> {
  /** Where tenants live; tenants are found by installation and by site, so it needs `getByInstallationId` and `getByCloudId`. */
  tenants: TenantStore;
  /** Receives each coded error with its real reason while the answer stays generic. */
  onError?: ErrorHook<Request>;
}

/**
 * The Forge lifecycle events `avi:forge:installed:app` and `avi:forge:upgraded:app`, delivered to the app's remote
 * (a `trigger` module with an `endpoint`: Forge POSTs them with a Forge Invocation Token), for Web-API runtimes (wrap
 * it with `toNodeHandler` for Node http and Express). After the last Connect module is gone, new installs are
 * Forge-only: no shared secret, no Connect lifecycle; this is how their tenants come to be, keyed by the site.
 *
 * The request is verified as a FIT (every check of `verifyForgeInvocationToken`), and everything stored comes from
 * the token's signed claims, never from the body (which Forge does not sign): the site (`context.cloudId`, required),
 * the installation (`app.installationId`) and the site URL (`context.siteUrl`). The tenant of that installation or
 * site is updated (re-linked to this installation), or a tenant is created; a Connect tenant of the same site keeps
 * its credentials. The same route of `createAppVerifier` then serves the site's calls. Answers 204; 401 for a token
 * that does not verify; 409 (`ERR_TENANT_CONFLICT`) when the installation is another site's tenant's. There is no
 * Forge `uninstalled` counterpart: Forge's lifecycle reference lists installed and upgraded only.
 *
 * @example
 * ```ts
 * import { createMemoryTenantStore, handleForgeInstalled } from "apkit/server";
 * const tenants = createMemoryTenantStore();
 * // manifest.yml: a trigger on avi:forge:installed:app and avi:forge:upgraded:app with endpoint -> route /forge/installed
 * export const POST = (request: Request) =>
 *   handleForgeInstalled(request, { tenants, appId: "ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a" });
 * ```
 */
export async function handleForgeInstalled(request: Request, options: ForgeLifecycleOptions): Promise<Response> {
  if (!options || typeof options !== "object") throw new TypeError("apkit/server: handleForgeInstalled needs options.");
  const { tenants } = options;
  checkForgeStore(tenants, "handleForgeInstalled");
  checkHook(options.onError);
  const resolved = resolveForgeOptions(options, "handleForgeInstalled");
  if (!request || typeof request !== "object") throw new TypeError("apkit/server: handleForgeInstalled needs a request.");
  try {
    const { installationId, cloudId, siteUrl } = await verifyForge(request, resolved);
    if (cloudId === undefined) {
      throw new JWTClaimError("A Forge lifecycle token must name its site (context.cloudId): a tenant is keyed by it.", { claim: "context.cloudId", reason: "missing" });
    }
    const existing = ((await tenants.getByInstallationId(installationId)) ?? (await tenants.getByCloudId(cloudId))) ?? undefined;
    if (existing?.cloudId !== undefined && existing.cloudId !== cloudId) {
      throw new TenantConflictError(`The installation ${describe(installationId)} belongs to the site ${describe(existing.cloudId)}, not ${describe(cloudId)}.`, { conflict: "site" });
    }
    if (existing?.cloudId === undefined && siteUrl !== undefined && typeof existing?.baseUrl === "string" && !sameSite(existing.baseUrl, siteUrl)) {
      throw new TenantConflictError(`The installation ${describe(installationId)} belongs to ${describe(existing.baseUrl)}, not ${describe(siteUrl)}.`, { conflict: "site" });
    }
    // Without the lifecycle stamp: Forge events keep a Connect tenant's stamp as it is.
    const { lifecycle, ...before } = existing ?? {};
    void lifecycle;
    const tenant: Tenant = { ...before, cloudId, installationId };
    if (tenant.baseUrl === undefined && siteUrl !== undefined) tenant.baseUrl = siteUrl;
    await tenants.set(tenant);
  } catch (error) {
    if (!isAPKitServerError(error)) throw error;
    options.onError?.(error, request);
    const response = errorResponse(error);
    if (response.status === 401) response.headers.set("www-authenticate", "Bearer");
    return response;
  }
  return new Response(null, { status: 204 });
}
