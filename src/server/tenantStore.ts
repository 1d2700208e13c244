import { describe, TenantConflictError } from "./errors.js";

/**
 * A tenant: one site (`cloudId`) that has the app installed, with what each platform needs to serve it. A Connect
 * installation adds its `clientKey`, `sharedSecret` and the rest of the `installed` payload; a Forge installation
 * adds its `installationId`. Atlassian recommends keying data on the site's cloud id across the move from Connect to
 * Forge (see docs/server.md, "After Connect"); the Connect credentials are optional, so a site installed after the
 * last Connect module is gone is a tenant too. `sharedSecret` signs and verifies every HS256 token exchanged with
 * the site: store it like a password.
 */
export interface Tenant {
  /**
   * The site's cloud id: the key that stays the same across platforms, reinstalls and backups. A Connect tenant gets
   * it at install from `<baseUrl>/_edge/tenant_info`, or from the first Forge Invocation Token of its site.
   */
  cloudId?: string | undefined;
  /** The Connect installation's id, the `iss` of every token the site sends (Connect tenants only). */
  clientKey?: string | undefined;
  /** The Connect HS256 secret (Connect tenants only). */
  sharedSecret?: string | undefined;
  /** The site's base URL, such as `https://example.atlassian.net` (a Confluence Connect tenant's ends in `/wiki`). */
  baseUrl?: string | undefined;
  /** The Connect app key from the descriptor. */
  key?: string | undefined;
  /** `"jira"`, `"confluence"`, ... */
  productType?: string | undefined;
  /** The site URL users see, when it differs from `baseUrl`. */
  displayUrl?: string | undefined;
  /**
   * The Forge installation of the app on this site (`ari:cloud:ecosystem::installation/...`): from the Connect
   * `installed` payload of an app with a Forge manifest, or from a Forge Invocation Token. It can change (a reinstall)
   * without any event reaching the app; calls then find the tenant by `cloudId` and re-link it.
   */
  installationId?: string | undefined;
  /** The last lifecycle event applied to this tenant: lifecycle tokens are used once, and never out of order. */
  lifecycle?: LifecycleStamp | undefined;
  /** Every other field of the install payload, kept as sent. */
  [field: string]: unknown;
}

/** What a tenant remembers of the last lifecycle event applied to it. */
export interface LifecycleStamp {
  /** The lifecycle token's `iat`, in seconds. */
  iat: number;
  /** The hex SHA-256 of the lifecycle token. */
  token: string;
}

type MaybePromise<T> = T | PromiseLike<T>;

/**
 * Where tenants live. The lifecycle handlers write it, the verifiers read it. Any method may return a promise, so a
 * database, a key-value store or a secrets manager fits behind it; `apkit/postgres` is one, docs/server.md shows the
 * contract every store passes (`test/node/tenant-store-contract.ts`). `clientKey`, `cloudId` and `installationId`
 * are opaque strings, each held by at most one tenant.
 */
export interface TenantStore {
  /** The tenant with this Connect clientKey, or `undefined`/`null` when there is none. */
  get(clientKey: string): MaybePromise<Tenant | undefined | null>;
  /**
   * Creates or replaces a tenant: the stored one with the same `clientKey`, or, when `tenant` has no clientKey or none
   * is stored under it, the one with the same `cloudId`. Throws {@link TenantConflictError} (and writes nothing) when
   * another stored tenant holds its `clientKey`, `cloudId` or `installationId` (`conflict` names which), or when
   * `tenant.lifecycle` is not newer than the stored tenant's: the same token (`"replayed"`) or an older `iat`
   * (`"outdated"`). A tenant without `lifecycle` keeps the stored one's.
   */
  set(tenant: Tenant): MaybePromise<void>;
  /** Removes the tenant with this clientKey; removing one that does not exist is not an error. */
  delete(clientKey: string): MaybePromise<void | boolean>;
  /** The tenant of this Forge installation, or `undefined`/`null` (needed by `createAppVerifier` and the Forge lifecycle). */
  getByInstallationId?(installationId: string): MaybePromise<Tenant | undefined | null>;
  /** The tenant of this site, or `undefined`/`null` (needed by `createAppVerifier` and the Forge lifecycle). */
  getByCloudId?(cloudId: string): MaybePromise<Tenant | undefined | null>;
  /** Every stored tenant (needed by `linkCloudIds`). */
  list?(): MaybePromise<Iterable<Tenant>>;
}

/** The in-memory {@link TenantStore}, with a synchronous API and a way to look inside. */
export interface MemoryTenantStore extends TenantStore {
  get(clientKey: string): Tenant | undefined;
  getByInstallationId(installationId: string): Tenant | undefined;
  getByCloudId(cloudId: string): Tenant | undefined;
  set(tenant: Tenant): void;
  delete(clientKey: string): boolean;
  /** How many tenants are stored. */
  readonly size: number;
  /** Every stored tenant. */
  list(): Tenant[];
}

/** The fields each stored tenant holds alone. */
const UNIQUE = ["clientKey", "cloudId", "installationId"] as const;

/**
 * An in-memory {@link TenantStore}: fine for tests and a single-process development server; everything is lost on
 * restart (Atlassian then has to reinstall the app), so production needs a database behind the same interface
 * (`apkit/postgres`). Tenants are copied in and out, so callers cannot change stored secrets by accident; they are
 * found by clientKey, cloud id and installation id.
 *
 * @example
 * ```ts
 * import { createMemoryTenantStore, handleInstalled } from "apkit/server";
 * const tenants = createMemoryTenantStore();
 * export const POST = (request: Request) => handleInstalled(request, { baseUrl: "https://app.example.com", tenants });
 * ```
 */
export function createMemoryTenantStore(initial: Iterable<Tenant> = []): MemoryTenantStore {
  const all = new Set<Tenant>();
  const index = { clientKey: new Map<string, Tenant>(), cloudId: new Map<string, Tenant>(), installationId: new Map<string, Tenant>() };
  const find = (field: (typeof UNIQUE)[number], value: unknown) => (typeof value === "string" ? index[field].get(value) : undefined);
  // A copy out: the strings as they are, what is nested cloned (structuredClone of the whole is several times slower).
  const copy = (tenant: Tenant | undefined) => {
    if (!tenant) return undefined;
    const out: Tenant = { ...tenant };
    for (const field in out) if (typeof out[field] === "object" && out[field] !== null) out[field] = structuredClone(out[field]);
    return out;
  };

  const store: MemoryTenantStore = {
    get: (clientKey) => copy(find("clientKey", clientKey)),
    getByCloudId: (cloudId) => copy(find("cloudId", cloudId)),
    getByInstallationId: (installationId) => copy(find("installationId", installationId)),
    set(tenant) {
      checkTenant(tenant, "apkit/server");
      // The tenant replaced: the one with this clientKey, else the one of this site unless another clientKey holds it.
      const site = find("cloudId", tenant.cloudId);
      const target = find("clientKey", tenant.clientKey) ?? (site && (site.clientKey === undefined || tenant.clientKey === undefined) ? site : undefined);
      for (const field of UNIQUE) {
        const holder = find(field, tenant[field]);
        if (holder && holder !== target) {
          throw new TenantConflictError(`Another tenant holds the ${field} ${describe(tenant[field])}.`, { conflict: field });
        }
      }
      const lifecycle = tenant.lifecycle ?? target?.lifecycle;
      if (tenant.lifecycle && target?.lifecycle) checkLifecycle(tenant.lifecycle, target.lifecycle);
      if (target) remove(target);
      const stored = structuredClone({ ...tenant, lifecycle });
      if (stored.lifecycle === undefined) delete stored.lifecycle;
      all.add(stored);
      for (const field of UNIQUE) if (typeof stored[field] === "string") index[field].set(stored[field], stored);
    },
    delete(clientKey) {
      const tenant = find("clientKey", clientKey);
      if (tenant) remove(tenant);
      return tenant !== undefined;
    },
    get size() {
      return all.size;
    },
    list: () => [...all].map(copy) as Tenant[],
  };
  function remove(tenant: Tenant): void {
    all.delete(tenant);
    for (const field of UNIQUE) if (typeof tenant[field] === "string" && index[field].get(tenant[field]) === tenant) index[field].delete(tenant[field]);
  }
  for (const tenant of initial) store.set(tenant);
  return store;
}

/**
 * @internal A tenant's shape, checked before a store writes it (caller mistakes are TypeErrors): a string
 * clientKey or cloudId (at least one), and strings or nothing in the other known fields.
 */
export function checkTenant(tenant: Tenant, entry: string): void {
  if (!tenant || typeof tenant !== "object") throw new TypeError(`${entry}: a tenant must be an object.`);
  if (typeof tenant.clientKey !== "string" && typeof tenant.cloudId !== "string") {
    throw new TypeError(`${entry}: a tenant needs a string clientKey (Connect) or cloudId (its site).`);
  }
  for (const field of ["clientKey", "cloudId", "installationId", "sharedSecret", "baseUrl"] as const) {
    if (tenant[field] !== undefined && typeof tenant[field] !== "string") throw new TypeError(`${entry}: a tenant's ${field} must be a string.`);
  }
  const stamp = tenant.lifecycle;
  if (stamp !== undefined && !(stamp && Number.isSafeInteger(stamp.iat) && typeof stamp.token === "string")) {
    throw new TypeError(`${entry}: a tenant's lifecycle must be { iat: integer, token: string }.`);
  }
}

/** @internal Refuses a lifecycle event that is not newer than the one a tenant already reflects. */
export function checkLifecycle(next: LifecycleStamp, stored: LifecycleStamp): void {
  if (next.token === stored.token) throw new TenantConflictError("This lifecycle token was applied already.", { conflict: "replayed" });
  if (next.iat < stored.iat) {
    throw new TenantConflictError(`A newer lifecycle event (iat ${stored.iat}) was applied already than this one (iat ${next.iat}).`, { conflict: "outdated" });
  }
}
