/**
 * apkit/postgres: the {@link TenantStore} of apkit/server on PostgreSQL, so installs survive restarts and every
 * instance of a scaled-out backend sees the same tenants. It runs its SQL through the pool you give it (node-postgres
 * `pg`, or anything with the same `query`), so it has no dependency of its own.
 *
 * @packageDocumentation
 * @module apkit/postgres
 */
import { TenantConflictError, type Tenant, type TenantConflict, type TenantStore } from "apkit/server";

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
   * Migrate the table to this version's schema (creating it if it does not exist) before the first query. Turn it off
   * when your own migrations run {@link PostgresTenantStore.migrate} or {@link PostgresTenantStore.schemaSql}.
   * @default true
   */
  createTable?: boolean;
}

/** What {@link PostgresTenantStore.migrate} found and left. */
export interface MigrationResult {
  /** The schema version before: 0 (no table), 1 (apkit 0.3's), 2 (this one's). */
  from: number;
  /** The schema version now. */
  to: number;
}

/** The PostgreSQL tenant store. */
export interface PostgresTenantStore extends TenantStore {
  get(clientKey: string): Promise<Tenant | undefined>;
  set(tenant: Tenant): Promise<void>;
  delete(clientKey: string): Promise<boolean>;
  getByInstallationId(installationId: string): Promise<Tenant | undefined>;
  getByCloudId(cloudId: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
  /**
   * Brings the table to this version's schema, once, whatever else runs at the same time: under a PostgreSQL advisory
   * lock, in one transaction, recorded in `apkit_schema_versions` (in the table's schema). Safe to call on every start.
   */
  migrate(): Promise<MigrationResult>;
  /** The `create table` and `create index` statements of this version's schema, for your own migrations. */
  readonly schemaSql: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/;
const SCHEMA_VERSION = 2;
/** The first half of the advisory lock's key (any constant; the second half is the table's). */
const LOCK_CLASS = 0x61706b74;
const COLUMNS = "client_key, cloud_id, installation_id, base_url, shared_secret, payload, lifecycle_iat, lifecycle_token";

interface Row {
  client_key: string | null;
  cloud_id: string | null;
  installation_id: string | null;
  base_url: string | null;
  shared_secret: string | null;
  payload: Record<string, unknown>;
  lifecycle_iat: string | number | null;
  lifecycle_token: string | null;
}

/**
 * A {@link TenantStore} on PostgreSQL. One row per tenant, keyed by the site and the Connect installation alike:
 * `client_key`, `cloud_id` and `installation_id` (each unique, each indexed), `base_url`, `shared_secret` in its own
 * column, the last lifecycle event applied (`lifecycle_iat`, `lifecycle_token`), the rest of the install payload as
 * `jsonb`, and `updated_at`. Every value travels as a query parameter, never in the SQL text; writes that would
 * contradict the table (a link another tenant holds, a lifecycle token used twice or out of order) are refused
 * atomically, across every instance, with `TenantConflictError`. The shared secret is a credential: restrict the
 * table's grants and encrypt the database at rest.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * import { createPostgresTenantStore } from "apkit/postgres";
 * import { createAppMiddleware, handleInstalled, toNodeHandler } from "apkit/server";
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on("error", (error) => console.error("idle client", error));
 * const tenants = createPostgresTenantStore({ pool });
 * app.post("/installed", toNodeHandler((request) => handleInstalled(request, { baseUrl, tenants })));
 * app.use("/api", createAppMiddleware({ tenants, appId }));
 * ```
 */
export function createPostgresTenantStore(options: PostgresTenantStoreOptions): PostgresTenantStore {
  const { pool, table = "apkit_tenants", createTable = true } = options ?? ({} as PostgresTenantStoreOptions);
  if (!pool || typeof pool.query !== "function") throw new TypeError("apkit/postgres: pool must be a pg Pool (or anything with query).");
  if (typeof table !== "string" || !IDENTIFIER.test(table)) {
    throw new TypeError(`apkit/postgres: table must be a lower-case SQL identifier such as "apkit_tenants"; got ${String(table)}.`);
  }
  const dot = table.indexOf(".");
  const schema = dot < 0 ? "" : `${table.slice(0, dot)}.`;
  const base = table.replace(/\./g, "_");
  const versions = `${schema}apkit_schema_versions`;
  const uniqueIndexes = (["client_key", "cloud_id", "installation_id"] as const)
    .map((column) => `create unique index ${base}_${column}_key on ${table} (${column});`)
    .join("\n");
  const schemaSql =
    `create table ${table} (\n` +
    `  id bigint generated always as identity primary key,\n` +
    `  client_key text,\n` +
    `  cloud_id text,\n` +
    `  installation_id text,\n` +
    `  base_url text,\n` +
    `  shared_secret text,\n` +
    `  payload jsonb not null,\n` +
    `  lifecycle_iat bigint,\n` +
    `  lifecycle_token text,\n` +
    `  updated_at timestamptz not null default now(),\n` +
    `  constraint ${base}_identity check (client_key is not null or cloud_id is not null)\n` +
    `);\n` +
    uniqueIndexes;

  // One simple-protocol query (no parameters) is one implicit transaction on one connection, whatever the pool: the
  // advisory lock is held until it ends, so concurrent starts migrate one after the other, and a failure rolls all back.
  // Version 1 is apkit 0.3's table: client_key the primary key, shared_secret and base_url required, installation_id
  // indexed but not unique (0.3 let the newest install win an installation id held twice: only that row keeps it).
  const migrationSql = `
select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext('${table}'));
create table if not exists ${versions} (table_name text primary key, version integer not null, migrated_from integer, migrated_by bigint);
do $apkit$
declare
  current integer;
  pk text;
begin
  select version into current from ${versions} where table_name = '${table}';
  if current is null then
    current := case when to_regclass('${table}') is null then 0 else 1 end;
  end if;
  if current = ${SCHEMA_VERSION} then
    return;
  end if;
  if current = 0 then
    ${schemaSql}
  elsif current = 1 then
    alter table ${table} add column id bigint generated always as identity;
    select conname into pk from pg_constraint where conrelid = '${table}'::regclass and contype = 'p';
    if pk is not null then
      execute format('alter table ${table} drop constraint %I', pk);
    end if;
    alter table ${table} add primary key (id);
    alter table ${table} alter column client_key drop not null, alter column base_url drop not null, alter column shared_secret drop not null;
    alter table ${table} add column cloud_id text, add column lifecycle_iat bigint, add column lifecycle_token text;
    update ${table} set installation_id = null where id in (
      select id from (
        select id, row_number() over (partition by installation_id order by updated_at desc, id desc) as n
        from ${table} where installation_id is not null
      ) ranked where n > 1
    );
    update ${table} set cloud_id = payload->>'cloudId' where payload->>'cloudId' in (
      select payload->>'cloudId' from ${table} group by 1 having count(*) = 1
    );
    drop index if exists ${schema}${base}_installation_id;
    alter table ${table} add constraint ${base}_identity check (client_key is not null or cloud_id is not null);
    ${uniqueIndexes}
  else
    raise exception 'apkit/postgres: ${table} has schema version %, newer than this apkit (${SCHEMA_VERSION})', current;
  end if;
  insert into ${versions} (table_name, version, migrated_from, migrated_by) values ('${table}', ${SCHEMA_VERSION}, current, txid_current())
    on conflict (table_name) do update set version = excluded.version, migrated_from = excluded.migrated_from, migrated_by = excluded.migrated_by;
end
$apkit$;
select version, case when migrated_by = txid_current() then migrated_from else version end as "from" from ${versions} where table_name = '${table}';`;

  const migrate = async (): Promise<MigrationResult> => {
    const results = (await pool.query(migrationSql)) as unknown as Array<{ rows: Array<{ version: number; from: number }> }>;
    const row = (Array.isArray(results) ? results.at(-1)!.rows : (results as { rows: Array<{ version: number; from: number }> }).rows)[0]!;
    return { from: Number(row.from), to: Number(row.version) };
  };
  let ready: Promise<unknown> | undefined;
  // Migrated once per store, on first use; a failure is retried by the next call.
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
  const select = `select ${COLUMNS} from ${table}`;
  // PostgreSQL text cannot hold U+0000 (it refuses the query with 22021); no tenant has such a key, so such a lookup
  // (an unverified `iss` with a NUL in it) is nothing, without a query (security review 2, #04).
  const one = async (column: string, value: string): Promise<Tenant | undefined> => {
    if (typeof value !== "string" || value.includes("\u0000")) return undefined;
    const { rows } = await query(`${select} where ${column} = $1`, [value]);
    return rows[0] && toTenant(rows[0]);
  };

  const store: PostgresTenantStore = {
    schemaSql,
    migrate,
    get: (clientKey) => one("client_key", clientKey),
    getByCloudId: (cloudId) => one("cloud_id", cloudId),
    getByInstallationId: (installationId) => one("installation_id", installationId),
    async list() {
      const { rows } = await query(`${select} order by id`, []);
      return rows.map(toTenant);
    },
    async set(tenant) {
      checkTenant(tenant);
      const { sharedSecret, lifecycle, ...payload } = tenant;
      const values = [
        tenant.clientKey ?? null,
        tenant.cloudId ?? null,
        tenant.installationId ?? null,
        tenant.baseUrl ?? null,
        sharedSecret ?? null,
        JSON.stringify(payload),
        lifecycle?.iat ?? null,
        lifecycle?.token ?? null,
      ];
      // Two writers inserting the same new tenant at once: the second meets the first's row on retry.
      for (let attempt = 0; ; attempt++) {
        try {
          const { rows } = await query(upsert, values);
          const { matched, written } = rows[0] as { matched: number; written: number };
          if (matched > 0 && written === 0) {
            // Refused by the stamp: which way, from what is stored now (the statement saw its own snapshot).
            const stored = (await store.get(tenant.clientKey ?? "")) ?? (tenant.cloudId === undefined ? undefined : await store.getByCloudId(tenant.cloudId));
            const replayed = stored?.lifecycle?.token === lifecycle?.token;
            throw new TenantConflictError(
              replayed ? "This lifecycle token was applied already." : "A newer lifecycle event was applied already than this one.",
              { conflict: replayed ? "replayed" : "outdated" },
            );
          }
          return;
        } catch (error) {
          const conflict = uniqueConflict(error);
          if (!conflict) throw error;
          if (conflict === "clientKey" && attempt === 0) continue;
          throw new TenantConflictError(`Another tenant holds this tenant's ${conflict}.`, { conflict, cause: error });
        }
      }
    },
    async delete(clientKey) {
      if (typeof clientKey !== "string" || clientKey.includes("\u0000")) return false;
      const result = await query(`delete from ${table} where client_key = $1`, [clientKey]);
      return (result.rowCount ?? 0) > 0;
    },
  };

  // Replaces the tenant with this clientKey, else the one of this site that has no other clientKey, else adds one; a
  // lifecycle stamp must be newer than the stored one (another token, an iat not older), or nothing is written. The
  // stamp is compared on the row's own columns, not the snapshot's: a writer that waited for a concurrent one's row
  // lock re-checks the condition against what that one wrote, so of two writers of one token, one writes.
  const upsert = `
with target as (
  select id, lifecycle_iat, lifecycle_token, 0 as rank from ${table} where client_key = $1::text
  union all
  select id, lifecycle_iat, lifecycle_token, 1 as rank from ${table}
    where cloud_id = $2::text and (client_key is null or $1::text is null)
      and not exists (select 1 from ${table} where client_key = $1::text)
  order by rank
  limit 1
),
updated as (
  update ${table} set client_key = $1::text, cloud_id = $2::text, installation_id = $3::text, base_url = $4::text,
    shared_secret = $5::text, payload = $6::jsonb,
    lifecycle_iat = coalesce($7::bigint, ${table}.lifecycle_iat), lifecycle_token = coalesce($8::text, ${table}.lifecycle_token),
    updated_at = clock_timestamp()
  from target
  where ${table}.id = target.id
    and ($7::bigint is null or ${table}.lifecycle_iat is null or ($8::text <> ${table}.lifecycle_token and $7::bigint >= ${table}.lifecycle_iat))
  returning ${table}.id
),
inserted as (
  insert into ${table} (${COLUMNS}, updated_at)
  select $1::text, $2::text, $3::text, $4::text, $5::text, $6::jsonb, $7::bigint, $8::text, clock_timestamp()
  where not exists (select 1 from target)
  returning id
)
select (select count(*) from target)::int as matched,
  ((select count(*) from updated) + (select count(*) from inserted))::int as written`;

  /** Which unique column a unique violation (23505) is about, by the index's name. */
  const uniqueConflict = (error: unknown): TenantConflict | undefined => {
    const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
    if (code !== "23505" || typeof constraint !== "string") return undefined;
    if (constraint === `${base}_client_key_key`) return "clientKey";
    if (constraint === `${base}_cloud_id_key`) return "cloudId";
    if (constraint === `${base}_installation_id_key`) return "installationId";
    return undefined;
  };
  return store;
}

function toTenant(row: Row): Tenant {
  const tenant: Tenant = { ...row.payload };
  // The columns are what the store indexes and checks: they win over copies in the payload.
  const columns = { clientKey: row.client_key, cloudId: row.cloud_id, installationId: row.installation_id, baseUrl: row.base_url, sharedSecret: row.shared_secret };
  for (const [field, value] of Object.entries(columns)) {
    if (value === null) delete tenant[field];
    else tenant[field] = value;
  }
  if (row.lifecycle_iat !== null && row.lifecycle_token !== null) tenant.lifecycle = { iat: Number(row.lifecycle_iat), token: row.lifecycle_token };
  else delete tenant.lifecycle;
  return tenant;
}

// What the columns hold: a clientKey or cloudId to find the row by, and text (node-postgres would turn a number into
// text silently).
function checkTenant(tenant: Tenant): void {
  if (!tenant || (typeof tenant.clientKey !== "string" && typeof tenant.cloudId !== "string")) {
    throw new TypeError("apkit/postgres: a tenant needs a string clientKey (Connect) or cloudId (its site).");
  }
  for (const field of ["clientKey", "cloudId", "installationId", "sharedSecret", "baseUrl"] as const) {
    if (tenant[field] !== undefined && typeof tenant[field] !== "string") throw new TypeError(`apkit/postgres: a tenant's ${field} must be a string.`);
  }
  const stamp = tenant.lifecycle;
  if (stamp !== undefined && !(Number.isSafeInteger(stamp?.iat) && typeof stamp?.token === "string")) {
    throw new TypeError("apkit/postgres: a tenant's lifecycle must be { iat: integer, token: string }.");
  }
}
