/**
 * apkit/postgres: the {@link TenantStore} of apkit/server on PostgreSQL, so installs survive restarts and every
 * instance of a scaled-out backend sees the same tenants. It runs its SQL through the pool you give it (node-postgres
 * `pg`, or anything with the same `query`), so it has no dependency of its own.
 *
 * @packageDocumentation
 * @module apkit/postgres
 */
import type { Tenant, TenantStore } from "apkit/server";

/** Anything that runs a parameterised query the way node-postgres does: a `pg.Pool`, a `pg.Client`. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount?: number | null }>;
}

/** Options of {@link createPostgresTenantStore}. */
export interface PostgresTenantStoreOptions {
  /** Where queries run: a `pg.Pool` (recommended) or `pg.Client`. */
  pool: Queryable;
  /**
   * The table, optionally schema-qualified (`"apkit_tenants"`, `"app.tenants"`): lower-case letters, digits and
   * `_`, since it is part of the SQL text.
   * @default "apkit_tenants"
   */
  table?: string;
  /**
   * Create the table (if it does not exist) before the first query. Turn it off when your migrations create it
   * (the statement is {@link PostgresTenantStore.schemaSql}).
   * @default true
   */
  createTable?: boolean;
}

/** The PostgreSQL tenant store. */
export interface PostgresTenantStore extends TenantStore {
  get(clientKey: string): Promise<Tenant | undefined>;
  set(tenant: Tenant): Promise<void>;
  delete(clientKey: string): Promise<boolean>;
  getByInstallationId(installationId: string): Promise<Tenant | undefined>;
  /** Creates the table and its index if they do not exist (what `createTable` does on first use). */
  migrate(): Promise<void>;
  /** The `create table` and `create index` statements, for your own migrations. */
  readonly schemaSql: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/;

/**
 * A {@link TenantStore} on PostgreSQL. One row per tenant: `client_key` (primary key), `installation_id` (indexed,
 * for Forge calls), `base_url`, `shared_secret` in its own column, the rest of the install payload as `jsonb`, and
 * `updated_at`. Every value travels as a query parameter, never in the SQL text. The shared secret is a credential:
 * restrict the table's grants and encrypt the database at rest.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * import { createPostgresTenantStore } from "apkit/postgres";
 * import { createContextTokenMiddleware, handleInstalled, toNodeHandler } from "apkit/server";
 *
 * const tenants = createPostgresTenantStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * app.post("/installed", toNodeHandler((request) => handleInstalled(request, { baseUrl, tenants })));
 * app.use("/api", createContextTokenMiddleware({ tenants }));
 * ```
 */
export function createPostgresTenantStore(options: PostgresTenantStoreOptions): PostgresTenantStore {
  const { pool, table = "apkit_tenants", createTable = true } = options ?? ({} as PostgresTenantStoreOptions);
  if (!pool || typeof pool.query !== "function") throw new TypeError("apkit/postgres: pool must be a pg Pool (or anything with query).");
  if (typeof table !== "string" || !IDENTIFIER.test(table)) {
    throw new TypeError(`apkit/postgres: table must be a lower-case SQL identifier such as "apkit_tenants"; got ${String(table)}.`);
  }
  const index = `${table.replace(/\./g, "_")}_installation_id`;
  const schemaSql =
    `create table if not exists ${table} (\n` +
    `  client_key text primary key,\n` +
    `  installation_id text,\n` +
    `  base_url text not null,\n` +
    `  shared_secret text not null,\n` +
    `  payload jsonb not null,\n` +
    `  updated_at timestamptz not null default now()\n` +
    `);\n` +
    `create index if not exists ${index} on ${table} (installation_id);`;

  let ready: Promise<void> | undefined;
  const migrate = async (): Promise<void> => {
    await pool.query(schemaSql);
  };
  // The table is created once per store, on first use; a failure is retried by the next call.
  const query = async (text: string, values: unknown[]) => {
    if (createTable) {
      ready ??= migrate().catch((error) => {
        ready = undefined;
        throw error;
      });
      await ready;
    }
    return pool.query(text, values);
  };
  const toTenant = (row: { shared_secret: string; payload: Record<string, unknown> } | undefined): Tenant | undefined =>
    row ? ({ ...row.payload, sharedSecret: row.shared_secret } as Tenant) : undefined;
  const columns = `shared_secret, payload`;

  return {
    schemaSql,
    migrate,
    async get(clientKey) {
      const { rows } = await query(`select ${columns} from ${table} where client_key = $1`, [clientKey]);
      return toTenant(rows[0]);
    },
    async getByInstallationId(installationId) {
      // A reinstall under another clientKey may leave an older row with the same installation: the newest wins.
      const { rows } = await query(`select ${columns} from ${table} where installation_id = $1 order by updated_at desc limit 1`, [installationId]);
      return toTenant(rows[0]);
    },
    async set(tenant) {
      if (!tenant || typeof tenant.clientKey !== "string" || typeof tenant.sharedSecret !== "string" || typeof tenant.baseUrl !== "string") {
        throw new TypeError("apkit/postgres: a tenant needs string clientKey, sharedSecret and baseUrl.");
      }
      const { sharedSecret, ...payload } = tenant;
      const installationId = typeof tenant.installationId === "string" ? tenant.installationId : null;
      await query(
        `insert into ${table} (client_key, installation_id, base_url, shared_secret, payload, updated_at)
         values ($1, $2, $3, $4, $5::jsonb, clock_timestamp())
         on conflict (client_key) do update set installation_id = excluded.installation_id, base_url = excluded.base_url,
           shared_secret = excluded.shared_secret, payload = excluded.payload, updated_at = excluded.updated_at`,
        [tenant.clientKey, installationId, tenant.baseUrl, sharedSecret, JSON.stringify(payload)],
      );
    },
    async delete(clientKey) {
      const result = await query(`delete from ${table} where client_key = $1`, [clientKey]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}
