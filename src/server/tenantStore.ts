/**
 * A tenant: one installation of the app on one Atlassian site, as the `installed` lifecycle callback described it.
 * `sharedSecret` signs and verifies every HS256 token exchanged with that site: store it like a password.
 */
export interface Tenant {
  /** The installation's id, the `iss` of every token the site sends. */
  clientKey: string;
  /** The HS256 secret for this installation. */
  sharedSecret: string;
  /** The site's base URL, such as `https://example.atlassian.net`. */
  baseUrl: string;
  /** The app key from the descriptor. */
  key: string;
  /** `"jira"`, `"confluence"`, ... */
  productType?: string | undefined;
  /** The site URL users see, when it differs from `baseUrl`. */
  displayUrl?: string | undefined;
  /**
   * The Forge installation of the same app on the same site (`ari:cloud:ecosystem::installation/...`): sent in the
   * `installed` payload of a Connect app that has a Forge manifest. Links Forge calls to this tenant.
   */
  installationId?: string | undefined;
  /** Every other field of the install payload, kept as sent. */
  [field: string]: unknown;
}

/**
 * Where tenants live. The lifecycle handlers write it, the verifiers read it. Any method may return a promise,
 * so a database, a key-value store or a secrets manager fits behind it; see docs/server.md for SQL and Redis
 * examples. Implementations must treat `clientKey` as an opaque string.
 */
export interface TenantStore {
  /** The tenant with this clientKey, or `undefined`/`null` when there is none. */
  get(clientKey: string): Tenant | undefined | null | PromiseLike<Tenant | undefined | null>;
  /** Creates or replaces the tenant with `tenant.clientKey`. */
  set(tenant: Tenant): void | PromiseLike<void>;
  /** Removes the tenant; removing one that does not exist is not an error. */
  delete(clientKey: string): void | PromiseLike<void> | boolean | PromiseLike<boolean>;
  /**
   * The tenant whose `installationId` is this Forge installation, or `undefined`/`null`. Needed by
   * `createAppVerifier`, which serves Forge calls with the Connect tenant of the same installation.
   */
  getByInstallationId?(installationId: string): Tenant | undefined | null | PromiseLike<Tenant | undefined | null>;
}

/** The in-memory {@link TenantStore}, with a synchronous API and a way to look inside. */
export interface MemoryTenantStore extends TenantStore {
  get(clientKey: string): Tenant | undefined;
  getByInstallationId(installationId: string): Tenant | undefined;
  set(tenant: Tenant): void;
  delete(clientKey: string): boolean;
  /** How many tenants are stored. */
  readonly size: number;
  /** Every stored tenant. */
  list(): Tenant[];
}

/**
 * An in-memory {@link TenantStore}: fine for tests and a single-process development server; everything is lost on
 * restart (Atlassian then has to reinstall the app), so production needs a database behind the same interface.
 * Tenants are copied in and out, so callers cannot change stored secrets by accident. Tenants with an
 * `installationId` are also found by it (`getByInstallationId`), for Forge calls.
 *
 * @example
 * ```ts
 * import { createMemoryTenantStore, handleInstalled } from "apkit/server";
 * const tenants = createMemoryTenantStore();
 * export const POST = (request: Request) => handleInstalled(request, { baseUrl: "https://app.example.com", tenants });
 * ```
 */
export function createMemoryTenantStore(initial: Iterable<Tenant> = []): MemoryTenantStore {
  const map = new Map<string, Tenant>();
  // installationId -> clientKey, kept in step with the tenants.
  const byInstallation = new Map<string, string>();
  const unlink = (clientKey: string) => {
    const old = map.get(clientKey)?.installationId;
    if (typeof old === "string" && byInstallation.get(old) === clientKey) byInstallation.delete(old);
  };
  const store: MemoryTenantStore = {
    get: (clientKey) => {
      const tenant = map.get(clientKey);
      return tenant && { ...tenant };
    },
    getByInstallationId: (installationId) => {
      const clientKey = byInstallation.get(installationId);
      return clientKey === undefined ? undefined : store.get(clientKey);
    },
    set: (tenant) => {
      if (!tenant || typeof tenant.clientKey !== "string" || typeof tenant.sharedSecret !== "string") {
        throw new TypeError("apkit/server: a tenant needs a string clientKey and sharedSecret.");
      }
      unlink(tenant.clientKey);
      map.set(tenant.clientKey, { ...tenant });
      if (typeof tenant.installationId === "string") byInstallation.set(tenant.installationId, tenant.clientKey);
    },
    delete: (clientKey) => {
      unlink(clientKey);
      return map.delete(clientKey);
    },
    get size() {
      return map.size;
    },
    list: () => [...map.values()].map((t) => ({ ...t })),
  };
  for (const tenant of initial) store.set(tenant);
  return store;
}
