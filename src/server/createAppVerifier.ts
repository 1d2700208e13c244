import { describe, JWTTenantError } from "./errors.js";
import { isThenable, resolveOptions, verifyHs256, type ConnectClaims, type SharedSecretLookup } from "./lib/hs256.js";
import { checkScheme, headerOf, tokenOf, type IncomingRequest } from "./lib/incoming.js";
import type { Tenant, TenantStore } from "./tenantStore.js";
import { resolveForgeOptions, verifyForge, type ForgeInvocation, type ForgeInvocationOptions } from "./verifyForgeInvocationToken.js";
import { checkContextQsh } from "./verifyContextToken.js";

/** Options of {@link createAppVerifier}: the tenant store, and the Forge app the calls may also come from. */
export interface AppVerifierOptions extends Omit<ForgeInvocationOptions, "contextSchema" | "clockTolerance"> {
  /** Where the Connect tenants live; it must implement `getByInstallationId` to serve Forge calls. */
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
 * Token from the same site resolve to the same `clientKey`, so data keyed by it keeps working while modules move.
 */
export interface AppIdentity extends ConnectClaims<Record<string, unknown>> {
  /** Which platform signed the call. */
  platform: "connect" | "forge";
  /** The Forge installation: the FIT's on Forge, the tenant's (from its install payload) on Connect when known. */
  installationId: string | undefined;
  /** The site's cloud id: the FIT's `context.cloudId` on Forge, the tenant's `cloudId` on Connect when known. */
  cloudId: string | undefined;
  /**
   * The product context. The shapes differ: Connect's context token has `{ jira: { issue, project } }`, a FIT has
   * Forge's (`{ cloudId, siteUrl, extension: { issue, project } ... }`).
   */
  context: Record<string, unknown>;
  /** On Forge, the whole verified invocation (`apiBaseUrl`, the product `tokens`, `module` ...). */
  forge: ForgeInvocation | undefined;
}

/** Verifies either kind of token on a request and resolves one {@link AppIdentity}. */
export type AppVerifier = (request: IncomingRequest) => Promise<AppIdentity>;

/**
 * One route for both platforms during the migration from Connect to Forge: a verifier that accepts a Connect
 * context token (`Authorization: JWT ...`, from `apFetch` in a Connect iframe) or a Forge Invocation Token
 * (`Authorization: Bearer ...`, from `requestRemote`/`invokeRemote` in a Forge Custom UI) and resolves one
 * identity. A Forge call is linked to its Connect tenant through the installation id that Atlassian sends in the
 * Connect `installed` payload (stored by `handleInstalled`); a Forge call without such a tenant is
 * `ERR_JWT_TENANT`. Every check of `verifyContextToken` and `verifyForgeInvocationToken` applies.
 *
 * @example
 * ```ts
 * import { createAppVerifier, createMemoryTenantStore, errorResponse } from "apkit/server";
 * const tenants = createMemoryTenantStore();
 * const verify = createAppVerifier({ tenants, appId: "ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a" });
 * export async function GET(request: Request) {
 *   try {
 *     const { clientKey, platform, accountId } = await verify(request);
 *     return Response.json({ items: await listItems(clientKey), platform, accountId });
 *   } catch (error) {
 *     return errorResponse(error);
 *   }
 * }
 * ```
 */
export function createAppVerifier(options: AppVerifierOptions): AppVerifier {
  if (!options || typeof options !== "object") throw new TypeError("apkit/server: createAppVerifier needs options.");
  const { tenants, leeway = 0 } = options;
  if (!tenants || typeof tenants.get !== "function" || typeof tenants.getByInstallationId !== "function") {
    throw new TypeError("apkit/server: createAppVerifier needs a TenantStore with get and getByInstallationId as tenants.");
  }
  const connect = resolveOptions({ tenants, now: options.now, leeway, maxTokenAge: options.maxTokenAge }, "createAppVerifier");
  const forge = resolveForgeOptions({ ...options, clockTolerance: leeway }, "createAppVerifier");
  const scheme = checkScheme(options.headerScheme ?? "JWT");

  return async (request) => {
    if (!request || typeof request !== "object") throw new TypeError("apkit/server: the verifier needs a request.");
    const auth = headerOf(request, "authorization")?.trim() ?? "";
    if (/^bearer\s/i.test(auth)) {
      const invocation = (await verifyForge(request, forge)) as ForgeInvocation;
      let tenant = tenants.getByInstallationId!(invocation.installationId);
      if (isThenable(tenant)) tenant = await tenant;
      if (!isTenant(tenant)) {
        throw new JWTTenantError(
          invocation.installationId,
          `No Connect tenant is linked to the Forge installation ${describe(invocation.installationId)} (its installed callback carried no such installationId).`,
        );
      }
      return {
        platform: "forge",
        clientKey: tenant.clientKey,
        accountId: invocation.accountId,
        context: invocation.context,
        issuedAt: invocation.issuedAt ?? invocation.expiresAt,
        expiresAt: invocation.expiresAt,
        payload: invocation.payload,
        installationId: invocation.installationId,
        cloudId: invocation.cloudId,
        forge: invocation,
      };
    }
    // The Connect tenant is looked up for its secret; keep it for the identity's installationId and cloudId.
    let found: Tenant | undefined;
    const lookup: SharedSecretLookup = (clientKey) => {
      const tenant = tenants.get(clientKey);
      const take = (t: Tenant | undefined | null) => ((found = isTenant(t) ? t : undefined), t?.sharedSecret);
      return isThenable(tenant) ? tenant.then(take) : take(tenant);
    };
    const { claims, qsh } = await verifyHs256(tokenOf(request, scheme, false), { ...connect, lookup });
    checkContextQsh(qsh);
    const t = found as Tenant | undefined;
    return {
      ...(claims as ConnectClaims<Record<string, unknown>>),
      platform: "connect",
      installationId: typeof t?.installationId === "string" ? t.installationId : undefined,
      cloudId: typeof t?.cloudId === "string" ? t.cloudId : undefined,
      forge: undefined,
    };
  };
}

function isTenant(value: unknown): value is Tenant {
  return !!value && typeof value === "object" && typeof (value as Tenant).clientKey === "string";
}
