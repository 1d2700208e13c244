import { newRs256KeyPair, signRs256, subtleFor } from "./rs256.js";

/** Options of {@link createForgeKeys}. */
export interface ForgeKeysOptions {
  /**
   * The app id the tokens are for (their `aud` and `app.id`).
   * @default a random `ari:cloud:ecosystem::app/<uuid>`
   */
  appId?: string;
  /**
   * The clock for `iat` and `exp`, in milliseconds.
   * @default Date.now
   */
  now?: () => number;
  /**
   * The site every token is from (`context.cloudId`, and the cloud id in `app.apiBaseUrl`), unless a token names
   * another: verifiers check that a tenant and its tokens are of one site.
   * @default a random id per `createForgeKeys()`
   */
  cloudId?: string;
  /**
   * The site URL every token names (`context.siteUrl`), unless a token names another.
   * @default "https://example.atlassian.net"
   */
  siteUrl?: string;
}

/** The claims of a Forge Invocation Token, as {@link ForgeKeys.sign} fills them in. */
export interface ForgeInvocationClaims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  nbf?: number;
  principal?: string;
  app: {
    id: string;
    installationId: string;
    apiBaseUrl: string;
    environment?: { type: string; id: string };
    module?: { key: string; type: string };
    [field: string]: unknown;
  };
  context: Record<string, unknown>;
  [claim: string]: unknown;
}

/** A local stand-in for Forge's token signing keys: sign FITs, serve their JWKS, rotate. */
export interface ForgeKeys {
  /** The app id every token is for. */
  readonly appId: string;
  /** The site the tokens are from by default (`context.cloudId`). */
  readonly cloudId: string;
  /**
   * A JWKS URL of this key pair alone (`https://forge-keys.test/<id>/.well-known/jwks.json`), for `jwksUrl`: the
   * verifiers cache key sets by URL, so two `createForgeKeys()` in one process need a URL each.
   */
  readonly jwksUrl: string;
  /** The kid of the current signing key. */
  readonly kid: string;
  /** The public key set (every key made so far, newest first), to serve as JSON at your `jwksUrl`. */
  readonly jwks: { keys: JsonWebKey[] };
  /**
   * A `fetch` that answers the JWKS for any URL (give it as `fetch` to the verifiers), and counts its calls in
   * {@link ForgeKeys.fetches}.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** How often {@link ForgeKeys.fetch} has been called. */
  readonly fetches: number;
  /**
   * Signs a Forge Invocation Token with the current key. `claims` are merged over defaults (`iss`
   * `forge/invocation-token`, `aud` and `app.id` the app id, a random `app.installationId`, `app.apiBaseUrl`
   * `https://api.atlassian.com/ex/jira/<cloudId>`, a principal, a context with {@link ForgeKeys.cloudId} and
   * `siteUrl`, `iat` now, `exp` now + 300 s); `app` and `context` are merged one level deep. `header` overrides header
   * fields.
   */
  sign(claims?: Partial<Omit<ForgeInvocationClaims, "app">> & { app?: Partial<ForgeInvocationClaims["app"]> }, header?: Record<string, unknown>): Promise<string>;
  /** Makes a new signing key with a new kid; the old one stays in the JWKS (like a real rotation). */
  rotate(): Promise<void>;
}


/**
 * Forge Invocation Tokens for tests, with no Atlassian account: a generated RS256 key pair (Web Crypto, so it works
 * in Node, jsdom and browsers), tokens signed like Forge's, and the JWKS to serve on loopback (or the `fetch` that
 * serves it). apkit/server's `verifyForgeInvocationToken`, `createForgeInvocationMiddleware` and
 * `createAppVerifier` accept these tokens when pointed at that JWKS, so Forge Remote routes are tested end to end.
 *
 * @example
 * ```ts
 * import { createForgeKeys } from "apkit/testing";
 * import { verifyForgeInvocationToken } from "apkit/server";
 * const forge = await createForgeKeys();
 * const token = await forge.sign({ principal: "557058:user", app: { installationId: "ari:cloud:ecosystem::installation/1b2c" } });
 * const call = await verifyForgeInvocationToken(token, { appId: forge.appId, jwksUrl: forge.jwksUrl, fetch: forge.fetch });
 * call.accountId; // "557058:user"
 * ```
 */
export async function createForgeKeys(options: ForgeKeysOptions = {}): Promise<ForgeKeys> {
  const subtle = subtleFor("createForgeKeys");
  const appId = options.appId ?? `ari:cloud:ecosystem::app/${crypto.randomUUID()}`;
  const now = options.now ?? Date.now;
  const cloudId = options.cloudId ?? crypto.randomUUID();
  const siteUrl = options.siteUrl ?? "https://example.atlassian.net";
  const keys: JsonWebKey[] = [];
  let current: { kid: string; privateKey: CryptoKey };
  let fetches = 0;

  const rotate = async () => {
    const pair = await newRs256KeyPair(subtle);
    const kid = crypto.randomUUID();
    const { kty, n, e } = await subtle.exportKey("jwk", pair.publicKey);
    keys.unshift({ kty, n, e, kid, alg: "RS256", use: "sig" } as JsonWebKey);
    current = { kid, privateKey: pair.privateKey };
  };
  await rotate();

  return {
    appId,
    cloudId,
    jwksUrl: `https://forge-keys.test/${crypto.randomUUID()}/.well-known/jwks.json`,
    get kid() {
      return current.kid;
    },
    jwks: { keys },
    get fetches() {
      return fetches;
    },
    fetch: async () => {
      fetches++;
      return new Response(JSON.stringify({ keys }), { status: 200, headers: { "content-type": "application/json", "cache-control": "max-age=300" } });
    },
    rotate,
    async sign(claims = {}, header = {}) {
      const iat = Math.floor(now() / 1000);
      const { app, context, ...rest } = claims;
      const payload = {
        iss: "forge/invocation-token",
        aud: appId,
        iat,
        nbf: iat,
        exp: iat + 300,
        principal: "557058:00000000-1111-2222-3333-444444444444",
        ...rest,
        app: {
          id: appId,
          installationId: `ari:cloud:ecosystem::installation/${crypto.randomUUID()}`,
          apiBaseUrl: `https://api.atlassian.com/ex/jira/${cloudId}`,
          environment: { type: "DEVELOPMENT", id: crypto.randomUUID() },
          module: { key: "issue-panel", type: "jira:issuePanel" },
          ...app,
        },
        context: { cloudId, siteUrl, ...(context as Record<string, unknown> | undefined) },
      };
      return signRs256(subtle, current.privateKey, { alg: "RS256", kid: current.kid, typ: "JWT", ...header }, payload);
    },
  };
}
