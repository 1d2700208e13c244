// Which tenant a verified Forge Invocation Token belongs to. `app.installationId` changes when the app is reinstalled,
// in some paths without any lifecycle event reaching the app (community.developer.atlassian.com/t/98403, 2026), while
// the site's cloud id does not; Forge signs both into the token (`app.installationId`, `context.cloudId`). So a token
// is linked by its installation first (the link a Connect `installed` payload of a Forge-manifest app carries), else
// by its site, and the tenant picked must be that site: its cloud id, and the host of its base URL.
import { describe, JWTTenantError } from "../errors.js";
import { isThenable } from "./hs256.js";
import { sameSite } from "./tenantInfo.js";
import type { Tenant, TenantStore } from "../tenantStore.js";
import type { ForgeInvocation } from "../verifyForgeInvocationToken.js";

/** @internal A store that can find tenants for Forge calls. */
export type ForgeTenantStore = TenantStore & Required<Pick<TenantStore, "getByInstallationId" | "getByCloudId">>;

/** @internal Checks that `tenants` can serve Forge calls; caller mistakes are TypeErrors. */
export function checkForgeStore(tenants: unknown, fn: string): asserts tenants is ForgeTenantStore {
  const t = tenants as Partial<TenantStore> | undefined;
  for (const method of ["get", "set", "getByInstallationId", "getByCloudId"] as const) {
    if (!t || typeof t[method] !== "function") {
      throw new TypeError(`apkit/server: ${fn} needs a TenantStore with get, set, getByInstallationId and getByCloudId as tenants (${method} is missing).`);
    }
  }
}

const isTenant = (value: unknown): value is Tenant => !!value && typeof value === "object";

/**
 * @internal The tenant of a verified invocation, re-linked when the invocation proves something new about it (a new
 * installation id, the site's cloud id). `JWTTenantError` when it is linked to no tenant, or the tenant found is
 * another site's.
 */
export async function tenantOfInvocation(tenants: ForgeTenantStore, invocation: ForgeInvocation<unknown>): Promise<Tenant> {
  const { installationId, cloudId, siteUrl } = invocation;
  const fields = { installationId, cloudId };
  let found = tenants.getByInstallationId(installationId);
  let tenant = isThenable(found) ? await found : found;
  let relink = false;
  if (!isTenant(tenant)) {
    found = cloudId === undefined ? undefined : tenants.getByCloudId(cloudId);
    tenant = isThenable(found) ? await found : found;
    if (!isTenant(tenant)) {
      throw new JWTTenantError(
        `No tenant is linked to the Forge installation ${describe(installationId)} or its site ${describe(cloudId)}: no Connect install carried ` +
          "this installationId, no Forge lifecycle event created the site, and no tenant has its cloudId yet.",
        fields,
      );
    }
    relink = true;
  }
  // The tenant must be the token's site: by cloud id when both know theirs (a renamed site keeps its cloud id, so
  // its host may differ then), else by the host of the site URL (a link by installation id alone, as a Connect
  // payload states it, is only believed for the site that payload came from).
  if (cloudId !== undefined && tenant.cloudId !== undefined) {
    if (tenant.cloudId !== cloudId) {
      throw new JWTTenantError(`The Forge installation ${describe(installationId)} is linked to the site ${describe(tenant.cloudId)}, but the token is from ${describe(cloudId)}.`, fields);
    }
  } else if (siteUrl !== undefined && typeof tenant.baseUrl === "string" && !sameSite(siteUrl, tenant.baseUrl)) {
    throw new JWTTenantError(`The token is from ${describe(siteUrl)}, but its tenant's site is ${describe(tenant.baseUrl)}.`, fields);
  }
  if (relink || (cloudId !== undefined && tenant.cloudId === undefined)) {
    // Without its lifecycle stamp: this write reflects no lifecycle event, and keeps the stored one.
    const { lifecycle, ...rest } = tenant;
    void lifecycle;
    tenant = { ...rest, installationId, cloudId: tenant.cloudId ?? cloudId };
    await tenants.set(tenant);
  }
  return tenant;
}
