// Where the installed sites are kept: PostgreSQL when DATABASE_URL is set (installs survive restarts, several
// instances share them), in memory otherwise (forgotten on restart: every site must then reinstall).
import { createMemoryTenantStore } from "apkit/server";

/**
 * @param {string | undefined} databaseUrl a postgres:// URL, or nothing for memory
 * @returns {Promise<import("apkit/server").TenantStore & { close(): Promise<void> }>}
 */
export async function openTenants(databaseUrl) {
  if (!databaseUrl) return Object.assign(createMemoryTenantStore(), { close: async () => {} });
  const [{ default: pg }, { createPostgresTenantStore }] = await Promise.all([import("pg"), import("apkit/postgres")]);
  const pool = new pg.Pool({ connectionString: databaseUrl });
  return Object.assign(createPostgresTenantStore({ pool }), { close: () => pool.end() });
}
