import { isAPKitServerError, type AnyAPKitServerError } from "./errors.js";
import { fetchCloudId } from "./lib/tenantInfo.js";
import type { Tenant, TenantStore } from "./tenantStore.js";

/** Options of {@link linkCloudIds}. */
export interface LinkCloudIdsOptions {
  /** The store whose Connect tenants get their cloud id; it needs `list` and `set`. */
  tenants: TenantStore;
  /** The fetch for `<baseUrl>/_edge/tenant_info`. @default globalThis.fetch */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Milliseconds to wait for each site. @default 5000 */
  timeout?: number;
  /** How many sites are asked at a time. @default 4 */
  concurrency?: number;
}

/** What {@link linkCloudIds} did, tenant by tenant. */
export interface LinkCloudIdsReport {
  /** Tenants that got their cloud id now: map your own clientKey-keyed data with these pairs. */
  linked: Array<{ clientKey: string; cloudId: string }>;
  /** Connect tenants that had their cloud id already (also pairs to map your data with). */
  known: Array<{ clientKey: string; cloudId: string }>;
  /** Tenants whose cloud id could not be had or stored (`ERR_TENANT_INFO`, `ERR_TENANT_CONFLICT`); run it again later. */
  failed: Array<{ clientKey: string; baseUrl: string | undefined; error: AnyAPKitServerError }>;
}

/**
 * The one-time migration step that links every Connect tenant (by `clientKey`) to its site's cloud id, read from
 * `<baseUrl>/_edge/tenant_info` and stored on the tenant, so Forge calls find it by site and data keyed by
 * `clientKey` can be re-keyed by `cloudId`. Run it before Connect's end of support: Atlassian documents retrieving
 * the Connect clientKey from Forge as "a one-time migration activity" that stops working then ("Retrieving the
 * Connect clientKey in Forge", developer.atlassian.com/platform/adopting-forge-from-connect/migrate-connect-clientkey,
 * 2026-03-24). It is safe to run again: tenants with a cloud id are not asked, failures are listed, not thrown.
 *
 * @example
 * ```ts
 * import { linkCloudIds } from "apkit/server";
 * const report = await linkCloudIds({ tenants });
 * for (const { clientKey, cloudId } of [...report.known, ...report.linked]) {
 *   await db.query("update items set cloud_id = $2 where client_key = $1", [clientKey, cloudId]);
 * }
 * if (report.failed.length) console.warn("not linked yet:", report.failed);
 * ```
 */
export async function linkCloudIds(options: LinkCloudIdsOptions): Promise<LinkCloudIdsReport> {
  const { tenants, fetch, timeout = 5000, concurrency = 4 } = options ?? ({} as LinkCloudIdsOptions);
  if (!tenants || typeof tenants.list !== "function" || typeof tenants.set !== "function") {
    throw new TypeError("apkit/server: linkCloudIds needs a TenantStore with list and set as tenants.");
  }
  if (fetch !== undefined && typeof fetch !== "function") throw new TypeError("apkit/server: fetch must be a function.");
  if (!(typeof timeout === "number" && timeout > 0)) throw new TypeError("apkit/server: timeout must be a positive number of milliseconds.");
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError("apkit/server: concurrency must be a positive integer.");

  const report: LinkCloudIdsReport = { linked: [], known: [], failed: [] };
  const queue: Array<Tenant & { clientKey: string }> = [];
  for (const tenant of await tenants.list()) {
    if (typeof tenant.clientKey !== "string") continue;
    if (typeof tenant.cloudId === "string") report.known.push({ clientKey: tenant.clientKey, cloudId: tenant.cloudId });
    else queue.push(tenant as Tenant & { clientKey: string });
  }
  const link = async (tenant: Tenant & { clientKey: string }) => {
    try {
      const cloudId = await fetchCloudId(String(tenant.baseUrl), fetch, timeout);
      // Without its lifecycle stamp: linking is no lifecycle event, and keeps the stored one.
      const { lifecycle, ...rest } = tenant;
      void lifecycle;
      await tenants.set({ ...rest, cloudId });
      report.linked.push({ clientKey: tenant.clientKey, cloudId });
    } catch (error) {
      if (!isAPKitServerError(error)) throw error;
      report.failed.push({ clientKey: tenant.clientKey, baseUrl: tenant.baseUrl, error });
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await link(next);
  });
  await Promise.all(workers);
  return report;
}
