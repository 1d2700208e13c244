import { computeQsh } from "../server/computeQsh.js";
import { toBase64url } from "../server/lib/backend.js";
import { newRs256KeyPair, signRs256, subtleFor } from "./rs256.js";

/** What {@link InstallKeys.installed} and {@link InstallKeys.uninstalled} put in the payload (any field may be overridden). */
export interface InstallPayload {
  key: string;
  clientKey: string;
  sharedSecret?: string;
  baseUrl: string;
  productType?: string;
  eventType?: "installed" | "uninstalled";
  [field: string]: unknown;
}

/** Options of a signed lifecycle callback. */
export interface LifecycleCallbackOptions {
  /** The app's base URL, as in its descriptor (the token's `aud` and the base of its qsh). */
  appBaseUrl: string;
  /**
   * The callback's path under `appBaseUrl`.
   * @default "/installed" or "/uninstalled"
   */
  path?: string;
  /** Payload fields over the defaults (a random clientKey and sharedSecret, `https://example.atlassian.net`, jira). */
  payload?: Partial<InstallPayload>;
  /** Token claims over the defaults (`iss` = clientKey, `aud`, `qsh`, `iat` now, `exp` now + 180 s). */
  claims?: Record<string, unknown>;
}

/** A signed lifecycle callback, ready to send or to hand to `handleInstalled` / `handleUninstalled`. */
export interface LifecycleCallback {
  /** The request, with `Authorization: JWT <RS256 token>` and the JSON payload. */
  request: Request;
  /** The payload it carries (so the test knows the clientKey and sharedSecret). */
  payload: InstallPayload;
}

/** Options of {@link createInstallKeys}. */
export interface InstallKeysOptions {
  /**
   * The cloud id {@link InstallKeys.fetch} answers for a site's `/_edge/tenant_info` (where `handleInstalled` reads a
   * site's cloud id). Without it, `fetch` answers 404 there, and installs go on without a cloud id (as when a site's
   * tenant_info cannot be read): several callbacks of one `createInstallKeys()` are then different sites.
   * @default none
   */
  cloudId?: string;
}

/** A local stand-in for Atlassian's install-key service and the lifecycle callbacks it signs. */
export interface InstallKeys {
  /** The kid of the signing key. */
  readonly kid: string;
  /** The public key as PEM (SPKI), what `GET <keyServer>/<kid>` answers. */
  readonly pem: string;
  /** The cloud id `fetch` answers for a site's tenant_info, when one was given. */
  readonly cloudId: string | undefined;
  /**
   * A fetch that serves {@link InstallKeys.pem} for `.../<kid>`, `{ "cloudId": ... }` for a site's
   * `/_edge/tenant_info` when {@link InstallKeysOptions.cloudId} was given, and 404 for anything else; give it as
   * `fetch`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** A signed `installed` callback. */
  installed(options: LifecycleCallbackOptions): Promise<LifecycleCallback>;
  /** A signed `uninstalled` callback. */
  uninstalled(options: LifecycleCallbackOptions): Promise<LifecycleCallback>;
}


/**
 * Install lifecycle callbacks for tests, without Atlassian: an RS256 key pair (Web Crypto), `installed` and
 * `uninstalled` requests signed the way Atlassian signs them (`kid` header, `iss` = clientKey, `aud` = your base URL,
 * the qsh of the POST), and the key service's answer, as a `fetch` to pass to `handleInstalled` or as PEM to serve on
 * loopback (`keyServer: "http://127.0.0.1:<port>"` is accepted for loopback).
 *
 * @example
 * ```ts
 * import { createInstallKeys } from "apkit/testing";
 * import { createMemoryTenantStore, handleInstalled } from "apkit/server";
 * const keys = await createInstallKeys();
 * const tenants = createMemoryTenantStore();
 * const { request, payload } = await keys.installed({ appBaseUrl: "https://app.example.com" });
 * const response = await handleInstalled(request, { baseUrl: "https://app.example.com", tenants, fetch: keys.fetch });
 * // response.status === 204; tenants.get(payload.clientKey)?.sharedSecret === payload.sharedSecret
 * ```
 */
export async function createInstallKeys(options: InstallKeysOptions = {}): Promise<InstallKeys> {
  const subtle = subtleFor("createInstallKeys");
  const { cloudId } = options;
  const pair = await newRs256KeyPair(subtle);
  const kid = crypto.randomUUID();
  const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
  const pem = `-----BEGIN PUBLIC KEY-----\n${base64(spki).replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END PUBLIC KEY-----\n`;

  const callback = async (eventType: "installed" | "uninstalled", options: LifecycleCallbackOptions): Promise<LifecycleCallback> => {
    const appBaseUrl = options.appBaseUrl.replace(/\/+$/, "");
    const path = options.path ?? `/${eventType}`;
    const payload: InstallPayload = {
      key: "com.example.app",
      clientKey: crypto.randomUUID(),
      ...(eventType === "installed" ? { sharedSecret: toBase64url(crypto.getRandomValues(new Uint8Array(32))) } : {}),
      baseUrl: "https://example.atlassian.net",
      displayUrl: "https://example.atlassian.net",
      productType: "jira",
      description: "Atlassian JIRA at https://example.atlassian.net",
      eventType,
      ...options.payload,
    };
    const iat = Math.floor(Date.now() / 1000);
    // The qsh of this POST, by the same canonicalRequest the verifiers use.
    const qsh = await computeQsh("POST", `${appBaseUrl}${path}`, appBaseUrl);
    const claims = { iss: payload.clientKey, sub: "557058:installer", aud: [appBaseUrl], qsh, iat, exp: iat + 180, context: {}, ...options.claims };
    const token = await signRs256(subtle, pair.privateKey, { typ: "JWT", alg: "RS256", kid }, claims);
    const request = new Request(`${appBaseUrl}${path}`, {
      method: "POST",
      headers: { authorization: `JWT ${token}`, "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    return { request, payload };
  };

  return {
    kid,
    pem,
    cloudId,
    fetch: async (input) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith(`/${kid}`)) return new Response(pem, { status: 200 });
      if (cloudId !== undefined && url.endsWith("/_edge/tenant_info")) return Response.json({ cloudId });
      return new Response("Not Found", { status: 404 });
    },
    installed: (options) => callback("installed", options),
    uninstalled: (options) => callback("uninstalled", options),
  };
}

/** Standard base64 (with padding), for the PEM. */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
