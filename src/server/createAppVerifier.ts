import { isThenable, resolveOptions, verifyHs256, type SharedSecretLookup } from "./lib/hs256.js";
import { checkForgeStore, tenantOfInvocation } from "./lib/forgeTenant.js";
import { checkScheme, headerOf, tokenOf, type IncomingRequest } from "./lib/incoming.js";
import type { Tenant, TenantStore } from "./tenantStore.js";
import { resolveForgeOptions, verifyForge, type ForgeInvocation, type ForgeInvocationOptions } from "./verifyForgeInvocationToken.js";
import { checkContextQsh } from "./verifyContextToken.js";

/** Options of {@link createAppVerifier}: the tenant store, and the Forge app the calls may also come from. */
export interface AppVerifierOptions extends Omit<ForgeInvocationOptions, "contextSchema" | "clockTolerance"> {
  /**
   * Where the tenants live. Forge calls are linked through `getByInstallationId`, else `getByCloudId` (and re-linked
   * with `set`), so the store must have all of them.
   */
  tenants: TenantStore;
  /**
   * Clock skew tolerated on both kinds of token, in seconds; at most 30.
   * @default 0
   */
  leeway?: number;
  /**
   * The scheme of Connect context tokens in the Authorization header (Forge's is always `Bearer`).
   * @default "JWT"
   */
  headerScheme?: string;
}

/**
 * Who is calling, whichever platform the call came from. A Connect iframe's context token and a Forge Invocation
 * Token from the same site resolve to the same tenant: the same `cloudId` (the key to keep data under across the
 * move), and the same `clientKey` while the site has a Connect installation.
 */
export interface AppIdentity {
  /** Which platform signed the call. */
  platform: "connect" | "forge";
  /** The tenant's Connect clientKey; `undefined` for a site installed after Connect (a Forge-only tenant). */
  clientKey: string | undefined;
  /** The site's cloud id: the FIT's on Forge, the tenant's on Connect (once known: see docs/server.md "After Connect"). */
  cloudId: string | undefined;
  /** The Forge installation: the FIT's on Forge, the tenant's on Connect when known. */
  installationId: string | undefined;
  /** The Atlassian account id of the user (`sub` or `principal`); `undefined` for calls without a user. */
  accountId: string | undefined;
  /**
   * The product context. The shapes differ: Connect's context token has `{ jira: { issue, project } }`, a FIT has
   * Forge's (`{ cloudId, siteUrl, extension: { issue, project } ... }`).
   */
  context: Record<string, unknown>;
  /** `iat` (a FIT without one: its `exp`). */
  issuedAt: Date;
  /** `exp`. */
  expiresAt: Date;
  /** The whole verified payload. */
  payload: Readonly<Record<string, unknown>>;
  /** On Forge, the whole verified invocation (`apiBaseUrl`, the product `tokens`, `module` ...). */
  forge: ForgeInvocation | undefined;
}

/** Verifies either kind of token on a request and resolves one {@link AppIdentity}. */
export type AppVerifier = (request: IncomingRequest) => Promise<AppIdentity>;

/**
 * One route for both platforms, through the whole migration from Connect to Forge: a verifier that accepts a Connect
 * context token (`Authorization: JWT ...`, from `apFetch` in a Connect iframe) or a Forge Invocation Token
 * (`Authorization: Bearer ...`, from `requestRemote`/`invokeRemote` in a Forge Custom UI) and resolves one identity.
 *
 * A Forge call is linked to its tenant by its installation (`app.installationId`, which a Connect `installed` payload
 * of a Forge-manifest app carries and `handleForgeInstalled` stores), else by its signed site (`context.cloudId`),
 * re-linking a changed installation id; the tenant picked must be the token's site (its cloud id, or, while the
 * tenant's is unknown, the host of its base URL). A Forge call that fits no tenant is `ERR_JWT_TENANT` (answered
 * like any token that does not verify; the `onError` hook of the middleware sees the real reason). Every check of
 * `verifyContextToken` and `verifyForgeInvocationToken` applies.
 *
 * @example
 * ```ts
 * import { createAppVerifier, createMemoryTenantStore, errorResponse } from "apkit/server";
 * const tenants = createMemoryTenantStore();
 * const verify = createAppVerifier({ tenants, appId: "ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a" });
 * export async function GET(request: Request) {
 *   try {
 *     const { cloudId, platform, accountId } = await verify(request);
 *     return Response.json({ items: await listItems(cloudId), platform, accountId });
 *   } catch (error) {
 *     return errorResponse(error);
 *   }
 * }
 * ```
 */
export function createAppVerifier(options: AppVerifierOptions): AppVerifier {
  if (!options || typeof options !== "object") throw new TypeError("apkit/server: createAppVerifier needs options.");
  const { tenants, leeway = 0 } = options;
  checkForgeStore(tenants, "createAppVerifier");
  const connect = resolveOptions({ tenants, now: options.now, leeway, maxTokenAge: options.maxTokenAge }, "createAppVerifier");
  const forge = resolveForgeOptions({ ...options, clockTolerance: leeway }, "createAppVerifier");
  const scheme = checkScheme(options.headerScheme ?? "JWT");

  return async (request) => {
    if (!request || typeof request !== "object") throw new TypeError("apkit/server: the verifier needs a request.");
    const auth = headerOf(request, "authorization")?.trim() ?? "";
    if (/^bearer\s/i.test(auth)) {
      const invocation = (await verifyForge(request, forge)) as ForgeInvocation;
      const tenant = await tenantOfInvocation(tenants, invocation);
      return {
        platform: "forge",
        clientKey: tenant.clientKey,
        cloudId: tenant.cloudId ?? invocation.cloudId,
        installationId: invocation.installationId,
        accountId: invocation.accountId,
        context: invocation.context,
        issuedAt: invocation.issuedAt ?? invocation.expiresAt,
        expiresAt: invocation.expiresAt,
        payload: invocation.payload,
        forge: invocation,
      };
    }
    // The Connect tenant is looked up for its secret; keep it for the identity's installationId and cloudId.
    let found: Tenant | undefined;
    const lookup: SharedSecretLookup = (clientKey) => {
      const tenant = tenants.get(clientKey);
      const take = (t: Tenant | undefined | null) => ((found = t && typeof t === "object" ? t : undefined), t?.sharedSecret);
      return isThenable(tenant) ? tenant.then(take) : take(tenant);
    };
    const { claims, qsh } = await verifyHs256(tokenOf(request, scheme, false), { ...connect, lookup });
    checkContextQsh(qsh);
    const t = found as Tenant | undefined;
    return {
      platform: "connect",
      clientKey: claims.clientKey,
      cloudId: typeof t?.cloudId === "string" ? t.cloudId : undefined,
      installationId: typeof t?.installationId === "string" ? t.installationId : undefined,
      accountId: claims.accountId,
      context: claims.context as Record<string, unknown>,
      issuedAt: claims.issuedAt,
      expiresAt: claims.expiresAt,
      payload: claims.payload,
      forge: undefined,
    };
  };
}
