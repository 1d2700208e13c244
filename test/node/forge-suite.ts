// Forge Invocation Token verification, run once per crypto backend (Web Crypto and node:crypto) against the
// sources and the built dist, with a real JWKS server on 127.0.0.1 that counts its requests and can be told to
// misbehave. Attack tokens are crafted here with node:crypto, independently of the code under test.
import { once } from "node:events";
import { createHmac, createSign, generateKeyPairSync, randomUUID, sign as nodeSign, constants } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createForgeKeys, createInstallKeys, type ForgeKeys } from "apkit/testing";
import { b64u, codeOf, type ServerModule } from "./server-helpers.js";

type Mode = "ok" | "500" | "hang" | "not-json" | "no-keys" | "ec-only" | "small-key" | "close" | "huge";

/** A JWKS server on loopback: serves `keys` at /jwks.json, counts requests per path, misbehaves on demand. */
export async function jwksServer(initial: () => { keys: unknown[] }) {
  let mode: Mode = "ok";
  let keys = initial;
  const hits: string[] = [];
  const streamed = { bytes: 0 };
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (mode === "hang") return; // never answers
    if (mode === "huge") return void streamHuge(res, streamed);
    if (mode === "close") return void req.socket.destroy();
    if (mode === "500") return void res.writeHead(500).end("down");
    if (mode === "not-json") return void res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
    const body =
      mode === "no-keys"
        ? { keys: [] }
        : mode === "ec-only"
          ? { keys: [{ kty: "EC", crv: "P-256", kid: "ec", x: "AA", y: "AA" }] }
          : mode === "small-key"
            ? { keys: [smallKey] }
            : keys();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=600" }).end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/.well-known/jwks.json`,
    base,
    hits,
    /** Bytes the "huge" mode managed to write before the client hung up. */
    streamed,
    set mode(m: Mode) {
      mode = m;
    },
    serve(next: () => { keys: unknown[] }) {
      keys = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A 160 MB answer without Content-Length, written as fast as the client reads it; `streamed.bytes` counts what went
 * out before the client hung up (security review 2, #09: it used to be read whole before the size check).
 */
export function streamHuge(res: import("node:http").ServerResponse, streamed: { bytes: number }): void {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let left = 160 * 16;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      left--;
      streamed.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on("close", () => (left = 0));
  pump();
}

const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
const smallKey = { ...(small.publicKey.export({ format: "jwk" }) as object), kid: "small", alg: "RS256", use: "sig" };


export function forgeSuite(label: string, load: () => Promise<ServerModule>): void {
  let s: ServerModule;
  let forge: ForgeKeys;
  let jwks: Awaited<ReturnType<typeof jwksServer>>;
  // An attacker's own RSA key, and the real one's public PEM (for the HS256 "public key as secret" attack).
  const attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });
  let clock = Date.UTC(2027, 0, 15, 8);
  const now = () => clock;

  beforeAll(async () => {
    s = await load();
    forge = await createForgeKeys({ now });
    jwks = await jwksServer(() => forge.jwks as { keys: unknown[] });
  });
  afterAll(async () => {
    await jwks?.close();
  });

  /** Fresh options per test: a JWKS URL of its own (a new query string), so every test starts with a cold cache. */
  const options = (extra: Record<string, unknown> = {}) => ({ appId: forge.appId, jwksUrl: `${jwks.url}?t=${randomUUID()}`, now, ...extra });
  /** Signs any header and payload with the attacker's key (RS256 over node:crypto). */
  const craftRs = (header: Record<string, unknown>, payload: unknown, key = attacker.privateKey) => {
    const input = `${b64u(header)}.${b64u(payload)}`;
    return `${input}.${createSign("RSA-SHA256").update(input).sign(key).toString("base64url")}`;
  };
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, any>;
  const headerOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, any>;

  describe(`${label}: Forge Invocation Tokens`, () => {
    test("a token signed like Forge's verifies, with typed fields; product tokens only from the request, never enumerable", async () => {
      const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
      const token = await forge.sign({ principal: "557058:abc", app: { installationId }, context: { extension: { issue: { key: "ABC-1" } } } });
      const o = options();
      const call = await s.verifyForgeInvocationToken(token, o);
      expect(call).toMatchObject({
        appId: forge.appId,
        installationId,
        accountId: "557058:abc",
        apiBaseUrl: expect.stringMatching(/^https:\/\/api\.atlassian\.com\/ex\/jira\//),
        module: { key: "issue-panel", type: "jira:issuePanel" },
        environment: { type: "DEVELOPMENT" },
        siteUrl: "https://example.atlassian.net",
        context: { extension: { issue: { key: "ABC-1" } } },
        tokens: { system: undefined, user: undefined },
      });
      expect(call.cloudId).toBe(claimsOf(token).context.cloudId);
      expect(call.expiresAt.getTime()).toBe(claimsOf(token).exp * 1000);

      const request = new Request("https://remote.example.com/api", {
        headers: { authorization: `Bearer ${token}`, "x-forge-oauth-system": "sys-token", "x-forge-oauth-user": "user-token", "x-b3-traceid": "t1", "x-b3-spanid": "s1" },
      });
      const fromRequest = await s.verifyForgeInvocationToken(request, o);
      expect(fromRequest.tokens).toEqual({ system: "sys-token", user: "user-token" });
      expect(fromRequest.trace).toEqual({ traceId: "t1", spanId: "s1" });
      expect(Object.keys(fromRequest)).not.toContain("tokens");
      expect(JSON.stringify(fromRequest)).not.toMatch(/sys-token|user-token/);
      // A Node request works the same; the bare uuid as appId too.
      const nodeRequest = { method: "POST", url: "/api", headers: { authorization: `Bearer ${token}`, "x-forge-oauth-system": "sys" } };
      const viaNode = await s.verifyForgeInvocationToken(nodeRequest, { ...o, appId: forge.appId.split("/")[1]! });
      expect(viaNode.tokens.system).toBe("sys");
    });

    test("after warm-up, 0 JWKS fetches per verification; 20 concurrent cold verifications share one fetch", async () => {
      const o = options();
      const before = jwks.hits.length;
      const tokens = await Promise.all(Array.from({ length: 20 }, () => forge.sign()));
      await Promise.all(tokens.map((t) => s.verifyForgeInvocationToken(t, o)));
      expect(jwks.hits.length - before).toBe(1);
      for (let i = 0; i < 100; i++) await s.verifyForgeInvocationToken(tokens[i % tokens.length]!, o);
      expect(jwks.hits.length - before).toBe(1);
    });

    type Attack = [name: string, code: string, token: () => Promise<string> | string, extra?: Record<string, unknown>];
    const attacks: Attack[] = [
      ["alg none", "ERR_JWT_ALG", async () => `${b64u({ alg: "none", kid: forge.kid })}.${b64u(claimsOf(await forge.sign()))}.${b64u("x")}`],
      [
        "HS256 signed with the public key as the secret",
        "ERR_JWT_ALG",
        async () => {
          const pem = JSON.stringify(forge.jwks.keys[0]);
          const input = `${b64u({ alg: "HS256", kid: forge.kid, typ: "JWT" })}.${b64u(claimsOf(await forge.sign()))}`;
          return `${input}.${createHmac("sha256", pem).update(input).digest("base64url")}`;
        },
      ],
      ["RS512", "ERR_JWT_ALG", async () => { const input = `${b64u({ alg: "RS512", kid: forge.kid })}.${b64u(claimsOf(await forge.sign()))}`; return `${input}.${createSign("RSA-SHA512").update(input).sign(attacker.privateKey).toString("base64url")}`; }],
      [
        "PS256",
        "ERR_JWT_ALG",
        async () => {
          const input = `${b64u({ alg: "PS256", kid: forge.kid })}.${b64u(claimsOf(await forge.sign()))}`;
          return `${input}.${nodeSign("sha256", Buffer.from(input), { key: attacker.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING }).toString("base64url")}`;
        },
      ],
      ["no kid", "ERR_JWT_KEY", async () => craftRs({ alg: "RS256", typ: "JWT" }, claimsOf(await forge.sign()))],
      ["an unknown kid", "ERR_JWT_KEY", async () => craftRs({ alg: "RS256", kid: randomUUID() }, claimsOf(await forge.sign()))],
      ["a kid with a path", "ERR_JWT_KEY", async () => craftRs({ alg: "RS256", kid: "../../evil" }, claimsOf(await forge.sign()))],
      ["the attacker's signature under the real kid", "ERR_JWT_SIGNATURE", async () => craftRs({ alg: "RS256", kid: forge.kid }, claimsOf(await forge.sign()))],
      ["a tampered payload", "ERR_JWT_SIGNATURE", async () => { const [h, , sig] = (await forge.sign()).split("."); return `${h}.${b64u({ ...claimsOf(await forge.sign()), principal: "557058:admin" })}.${sig}`; }],
      ["wrong iss", "ERR_JWT_CLAIM", () => forge.sign({ iss: "forge/other" })],
      ["wrong aud", "ERR_JWT_CLAIM", () => forge.sign({ aud: `ari:cloud:ecosystem::app/${randomUUID()}` })],
      ["aud listing another app too", "ERR_JWT_CLAIM", () => forge.sign({ aud: [forge.appId, `ari:cloud:ecosystem::app/${randomUUID()}`] as never })],
      ["app.id other than aud", "ERR_JWT_CLAIM", () => forge.sign({ app: { id: `ari:cloud:ecosystem::app/${randomUUID()}` } })],
      ["expired", "ERR_JWT_EXPIRED", () => forge.sign({ iat: Math.floor(clock / 1000) - 400, nbf: undefined, exp: Math.floor(clock / 1000) - 100 })],
      ["nbf in the future", "ERR_JWT_NOT_YET_VALID", () => forge.sign({ nbf: Math.floor(clock / 1000) + 60 })],
      ["iat in the future", "ERR_JWT_NOT_YET_VALID", () => forge.sign({ iat: Math.floor(clock / 1000) + 60, nbf: undefined, exp: Math.floor(clock / 1000) + 300 })],
      ["no exp", "ERR_JWT_CLAIM", () => forge.sign({ exp: undefined })],
      ["a lifetime of a year", "ERR_JWT_CLAIM", () => forge.sign({ exp: Math.floor(clock / 1000) + 365 * 86400 })],
      ["no app.installationId", "ERR_JWT_CLAIM", () => forge.sign({ app: { installationId: undefined } })],
      ["app.installationId not an installation ARI", "ERR_JWT_CLAIM", () => forge.sign({ app: { installationId: "ari:cloud:jira::site/1" } })],
      ["app.apiBaseUrl over http", "ERR_JWT_CLAIM", () => forge.sign({ app: { apiBaseUrl: "http://api.atlassian.com/ex/jira/1" } })],
      ["app.apiBaseUrl off Atlassian", "ERR_JWT_CLAIM", () => forge.sign({ app: { apiBaseUrl: "https://evil.example/ex/jira/1" } })],
      ["app.apiBaseUrl on a look-alike host", "ERR_JWT_CLAIM", () => forge.sign({ app: { apiBaseUrl: "https://api.atlassian.com.evil.example/ex" } })],
      ["app.apiBaseUrl with credentials", "ERR_JWT_CLAIM", () => forge.sign({ app: { apiBaseUrl: "https://evil@api.atlassian.com/ex" } })],
      ["no app.apiBaseUrl", "ERR_JWT_CLAIM", () => forge.sign({ app: { apiBaseUrl: undefined } })],
      ["an oversized token", "ERR_JWT_TOO_LARGE", () => forge.sign({ context: { padding: "x".repeat(20_000) } })],
      ["a malformed token", "ERR_JWT_MALFORMED", () => "not.a.jwt!"],
      ["padding in a segment", "ERR_JWT_MALFORMED", async () => `${await forge.sign()}==`],
    ];

    test.each(attacks)("%s → %s", async (_name, code, token, extra) => {
      expect(await codeOf(s.verifyForgeInvocationToken(await token(), options(extra)))).toBe(code);
    });

    test("the same tokens without the defect verify (the attacks fail for the reason named)", async () => {
      const o = options();
      await expect(s.verifyForgeInvocationToken(await forge.sign({ nbf: Math.floor(clock / 1000) + 5 }), { ...o, clockTolerance: 5 })).resolves.toMatchObject({ appId: forge.appId });
      await expect(s.verifyForgeInvocationToken(await forge.sign({ iat: undefined, nbf: undefined }), o)).resolves.toMatchObject({ appId: forge.appId });
      await expect(s.verifyForgeInvocationToken(await forge.sign({ aud: [forge.appId] as never }), o)).resolves.toMatchObject({ appId: forge.appId });
      await expect(s.verifyForgeInvocationToken(await forge.sign({ principal: undefined }), o)).resolves.toMatchObject({ accountId: undefined });
      for (const apiBaseUrl of ["https://api.atlassian.com/ex/confluence/1", "https://api.stg.atlassian.com/ex/jira/1", "https://api.atlassian-us-gov-mod.com/ex/jira/1"]) {
        await expect(s.verifyForgeInvocationToken(await forge.sign({ app: { apiBaseUrl } }), o), apiBaseUrl).resolves.toMatchObject({ apiBaseUrl });
      }
    });

    test("the JWKS URL is never taken from the token (jku, x5u, a staging apiBaseUrl)", async () => {
      const elsewhere = await jwksServer(() => ({ keys: [{ ...(attacker.publicKey.export({ format: "jwk" }) as object), kid: "evil", alg: "RS256" }] }));
      try {
        const claims = claimsOf(await forge.sign({ app: { apiBaseUrl: "https://api.stg.atlassian.com/ex/jira/1" } }));
        const token = craftRs({ alg: "RS256", kid: "evil", jku: elsewhere.url, x5u: elsewhere.url }, claims);
        const o = options();
        expect(await codeOf(s.verifyForgeInvocationToken(token, o))).toBe("ERR_JWT_KEY");
        expect(elsewhere.hits).toEqual([]);
        expect(jwks.hits.at(-1)).toBe(new URL(o.jwksUrl).pathname + new URL(o.jwksUrl).search);
      } finally {
        await elsewhere.close();
      }
    });

    test("forged kids cannot cause a fetch storm: 50 unknown kids within the cooldown, at most one refetch", async () => {
      const o = options();
      await s.verifyForgeInvocationToken(await forge.sign(), o); // warm
      const before = jwks.hits.length;
      const claims = claimsOf(await forge.sign());
      const codes = await Promise.all(Array.from({ length: 50 }, () => codeOf(s.verifyForgeInvocationToken(craftRs({ alg: "RS256", kid: randomUUID() }, claims), o))));
      expect(new Set(codes)).toEqual(new Set(["ERR_JWT_KEY"]));
      expect(jwks.hits.length - before).toBeLessThanOrEqual(1);
    });

    test("key rotation: a new kid verifies after one refetch once the cooldown has passed", async () => {
      const o = options();
      const keys = await createForgeKeys({ appId: forge.appId, now });
      const server = await jwksServer(() => keys.jwks as { keys: unknown[] });
      try {
        const opts = { ...o, jwksUrl: server.url };
        await s.verifyForgeInvocationToken(await keys.sign(), opts);
        const start = clock;
        await keys.rotate();
        const rotated = await keys.sign();
        expect(headerOf(rotated).kid).toBe(keys.kid);
        expect(keys.jwks.keys.map((k) => (k as { kid: string }).kid)).toEqual([keys.kid, expect.any(String)]);
        expect(await codeOf(s.verifyForgeInvocationToken(rotated, opts))).toBe("ERR_JWT_KEY"); // refetched at most once per 30 s
        expect(server.hits).toHaveLength(1);
        clock = start + 31_000;
        await expect(s.verifyForgeInvocationToken(await keys.sign(), opts)).resolves.toMatchObject({ appId: forge.appId });
        expect(server.hits).toHaveLength(2);
      } finally {
        clock = Date.UTC(2027, 0, 15, 8);
        await server.close();
      }
    });

    test.each(["500", "close", "not-json", "no-keys", "ec-only", "small-key"] as const)(
      "a JWKS that is %s on a cold cache: ERR_JWKS_UNAVAILABLE (503), nothing accepted",
      async (mode) => {
        jwks.mode = mode;
        try {
          const error = await s.verifyForgeInvocationToken(await forge.sign(), options()).catch((e) => e);
          expect(error).toMatchObject({ code: "ERR_JWKS_UNAVAILABLE" });
          expect(s.httpStatusOf(error)).toBe(503);
        } finally {
          jwks.mode = "ok";
        }
      },
    );

    test("a JWKS that never answers: ERR_JWKS_UNAVAILABLE after jwksTimeout", async () => {
      jwks.mode = "hang";
      try {
        const started = Date.now();
        expect(await codeOf(s.verifyForgeInvocationToken(await forge.sign(), options({ jwksTimeout: 100 })))).toBe("ERR_JWKS_UNAVAILABLE");
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        jwks.mode = "ok";
      }
    });

    test("an outage after warm-up: cached keys keep verifying past their max-age, unknown kids are still refused", async () => {
      const o = options();
      await s.verifyForgeInvocationToken(await forge.sign(), o);
      const start = clock;
      jwks.mode = "500";
      try {
        clock = start + 11 * 60_000; // past max-age=600: a refresh is due and fails
        await expect(s.verifyForgeInvocationToken(await forge.sign(), o)).resolves.toMatchObject({ appId: forge.appId });
        expect(await codeOf(s.verifyForgeInvocationToken(craftRs({ alg: "RS256", kid: randomUUID() }, claimsOf(await forge.sign())), o))).toBe("ERR_JWT_KEY");
        clock = start + 26 * 3600_000; // a day past expiry: the stale key is no longer trusted
        expect(await codeOf(s.verifyForgeInvocationToken(await forge.sign(), o))).toBe("ERR_JWKS_UNAVAILABLE");
      } finally {
        jwks.mode = "ok";
        clock = Date.UTC(2027, 0, 15, 8);
      }
    });

    test("caller mistakes are TypeErrors", async () => {
      const token = await forge.sign();
      await expect(s.verifyForgeInvocationToken(token, {} as never)).rejects.toThrow(TypeError);
      await expect(s.verifyForgeInvocationToken(token, { appId: "my-app" })).rejects.toThrow(/appId/);
      await expect(s.verifyForgeInvocationToken(token, { appId: forge.appId, jwksUrl: "http://forge.example/jwks.json" })).rejects.toThrow(/https/);
      await expect(s.verifyForgeInvocationToken(token, { appId: forge.appId, clockTolerance: 60 })).rejects.toThrow(TypeError);
      expect(() => s.createForgeInvocationMiddleware({ appId: "nope" })).toThrow(TypeError);
      expect(() => s.createAppVerifier({ appId: forge.appId, tenants: { get() {}, set() {}, delete() {} } as never })).toThrow(/getByInstallationId/);
    });
  });

  describe(`${label}: one route for both platforms (createAppVerifier)`, () => {
    test("a Connect context token and a FIT of the same site resolve to the same clientKey", async () => {
      const tenants = s.createMemoryTenantStore();
      const clientKey = randomUUID();
      const sharedSecret = randomUUID();
      const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
      tenants.set({ clientKey, sharedSecret, baseUrl: "https://example.atlassian.net", key: "com.example.app", installationId, cloudId: forge.cloudId });
      const verify = s.createAppVerifier({ ...options(), tenants });
      const jwt = await s.signContextToken({ iss: clientKey, sub: "557058:abc", context: { jira: { issue: { key: "ABC-1" } } }, iat: Math.floor(clock / 1000) }, sharedSecret);
      const fromConnect = await verify(new Request("https://app.example.com/api", { headers: { authorization: `JWT ${jwt}` } }));
      const fit = await forge.sign({ principal: "557058:abc", app: { installationId } });
      const fromForge = await verify({ method: "GET", url: "/api", headers: { authorization: `Bearer ${fit}` } });
      expect(fromConnect).toMatchObject({ platform: "connect", clientKey, accountId: "557058:abc", installationId, cloudId: forge.cloudId, forge: undefined });
      expect(fromForge).toMatchObject({ platform: "forge", clientKey, accountId: "557058:abc", installationId });
      expect(fromForge.forge?.apiBaseUrl).toMatch(/^https:\/\/api\.atlassian\.com\//);

      // A FIT of an installation and site no tenant is linked to is an unknown tenant; no token is missing.
      const stranger = await forge.sign({ app: { installationId: `ari:cloud:ecosystem::installation/${randomUUID()}` }, context: { cloudId: randomUUID() } });
      expect(await codeOf(verify({ method: "GET", url: "/api", headers: { authorization: `Bearer ${stranger}` } }))).toBe("ERR_JWT_TENANT");
      expect(await codeOf(verify({ method: "GET", url: "/api", headers: {} }))).toBe("ERR_JWT_MISSING");
      // Each token still goes through its own verifier's checks.
      expect(await codeOf(verify({ method: "GET", url: "/api", headers: { authorization: `Bearer ${jwt}` } }))).toBe("ERR_JWT_ALG");
      expect(await codeOf(verify({ method: "GET", url: "/api", headers: { authorization: `JWT ${fit}` } }))).toBe("ERR_JWT_ALG");
    });

    test("the memory store keeps installationId → clientKey in step with installs, reinstalls and uninstalls", () => {
      const tenants = s.createMemoryTenantStore();
      const a = `ari:cloud:ecosystem::installation/${randomUUID()}`;
      const b = `ari:cloud:ecosystem::installation/${randomUUID()}`;
      tenants.set({ clientKey: "k1", sharedSecret: "s", baseUrl: "https://x.atlassian.net", key: "app", installationId: a });
      expect(tenants.getByInstallationId(a)?.clientKey).toBe("k1");
      tenants.set({ clientKey: "k1", sharedSecret: "s", baseUrl: "https://x.atlassian.net", key: "app", installationId: b });
      expect(tenants.getByInstallationId(a)).toBeUndefined();
      expect(tenants.getByInstallationId(b)?.clientKey).toBe("k1");
      tenants.delete("k1");
      expect(tenants.getByInstallationId(b)).toBeUndefined();
    });
  });

  describe(`${label}: Forge Invocation Token claims (issue 22)`, () => {
    test("the site comes from context.cloudId, else the one cloudId of app.installation.contexts; a contradiction is refused", async () => {
      const o = options();
      const other = randomUUID();
      await expect(s.verifyForgeInvocationToken(await forge.sign(), o)).resolves.toMatchObject({ cloudId: forge.cloudId });
      const fromContexts = await forge.sign({ context: { cloudId: undefined }, app: { installation: { contexts: [{ cloudId: other }] } } });
      await expect(s.verifyForgeInvocationToken(fromContexts, o)).resolves.toMatchObject({ cloudId: other });
      const twoSites = await forge.sign({ context: { cloudId: undefined }, app: { installation: { contexts: [{ cloudId: other }, { cloudId: randomUUID() }] } } });
      await expect(s.verifyForgeInvocationToken(twoSites, o)).resolves.toMatchObject({ cloudId: undefined });
      const contradiction = await forge.sign({ app: { installation: { contexts: [{ cloudId: other }] } } });
      expect(await s.verifyForgeInvocationToken(contradiction, o).catch((e) => e)).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "context.cloudId" });
      await expect(s.verifyForgeInvocationToken(await forge.sign({ context: { cloudId: 42 } }), o)).resolves.toMatchObject({ cloudId: undefined });
    });

    test("app.appVersion is read (app.version is gone); environment and icLabel are checked when configured", async () => {
      const o = options();
      await expect(s.verifyForgeInvocationToken(await forge.sign({ app: { appVersion: "4.12.0" } }), o)).resolves.toMatchObject({ appVersion: "4.12.0", icLabel: undefined });
      await expect(s.verifyForgeInvocationToken(await forge.sign({ app: { version: "4.12.0" } }), o)).resolves.toMatchObject({ appVersion: undefined });
      const production = await forge.sign({ app: { environment: { type: "PRODUCTION", id: randomUUID() } } });
      await expect(s.verifyForgeInvocationToken(production, { ...o, environment: "PRODUCTION" })).resolves.toMatchObject({ environment: { type: "PRODUCTION" } });
      // Every environment of an app shares its appId: a development installation's token is refused by a production backend.
      const development = await forge.sign();
      expect(await s.verifyForgeInvocationToken(development, { ...o, environment: "PRODUCTION" }).catch((e) => e)).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "app.environment" });
      expect(await codeOf(s.verifyForgeInvocationToken(await forge.sign({ app: { environment: undefined } }), { ...o, environment: ["PRODUCTION", "STAGING"] }))).toBe("ERR_JWT_CLAIM");
      // An Isolated Cloud token only where that cloud is configured, and only that one.
      const isolated = await forge.sign({ icLabel: "fedramp-moderate" });
      expect(await s.verifyForgeInvocationToken(isolated, o).catch((e) => e)).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "icLabel" });
      await expect(s.verifyForgeInvocationToken(isolated, { ...o, icLabel: "fedramp-moderate" })).resolves.toMatchObject({ icLabel: "fedramp-moderate" });
      expect(await codeOf(s.verifyForgeInvocationToken(await forge.sign(), { ...o, icLabel: "fedramp-moderate" }))).toBe("ERR_JWT_CLAIM");
      expect(() => s.createForgeInvocationMiddleware({ ...o, environment: [] })).toThrow(TypeError);
      expect(() => s.createForgeInvocationMiddleware({ ...o, icLabel: "" })).toThrow(TypeError);
    });

    test("security review 2, also seen: aud is compared exactly, not case-insensitively", async () => {
      const o = options();
      const upper = forge.appId.replace(/[0-9a-f-]+$/, (uuid) => uuid.toUpperCase());
      expect(upper).not.toBe(forge.appId);
      expect(await s.verifyForgeInvocationToken(await forge.sign({ aud: upper }), o).catch((e) => e)).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "aud" });
      expect(await s.verifyForgeInvocationToken(await forge.sign({ app: { id: upper } }), o).catch((e) => e)).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "app.id" });
      // The configured id is normalised (Forge's ids are lower case), so configuring it in capitals still works.
      await expect(s.verifyForgeInvocationToken(await forge.sign(), { ...o, appId: upper })).resolves.toBeDefined();
    });

    test("security review 2, also seen: an inline fetch option shares one key cache (10 calls, 1 fetch; the cooldown holds)", async () => {
      const jwksUrl = `${jwks.url}?inline=${randomUUID()}`;
      const before = jwks.hits.length;
      for (let i = 0; i < 10; i++) {
        await s.verifyForgeInvocationToken(await forge.sign(), { appId: forge.appId, jwksUrl, now, fetch: (url, init) => fetch(url, init) });
      }
      expect(jwks.hits.length - before).toBe(1);
      const claims = claimsOf(await forge.sign());
      for (let i = 0; i < 10; i++) {
        const forged = craftRs({ alg: "RS256", kid: randomUUID() }, claims);
        expect(await codeOf(s.verifyForgeInvocationToken(forged, { appId: forge.appId, jwksUrl, now, fetch: (url, init) => fetch(url, init) }))).toBe("ERR_JWT_KEY");
      }
      expect(jwks.hits.length - before).toBeLessThanOrEqual(2);
    });

    test("security review 2, #09: a 160 MB key set is refused after reading at most a few hundred KB", async () => {
      jwks.mode = "huge";
      jwks.streamed.bytes = 0;
      try {
        const error = await s.verifyForgeInvocationToken(await forge.sign(), options()).catch((e) => e);
        expect(error).toMatchObject({ code: "ERR_JWKS_UNAVAILABLE" });
        expect(error.message).toMatch(/larger than 65536 bytes/);
        // What the server managed to write before the reader hung up: the budget plus what the sockets buffer.
        expect(jwks.streamed.bytes).toBeLessThan(8 * 1024 * 1024);
      } finally {
        jwks.mode = "ok";
      }
    });
  });

  describe(`${label}: tenants across the migration (issue 22)`, () => {
    const site = (extra: Record<string, unknown> = {}) => ({
      clientKey: randomUUID(),
      sharedSecret: randomUUID(),
      baseUrl: "https://example.atlassian.net",
      key: "com.example.app",
      ...extra,
    });
    const bearer = (token: string) => ({ method: "GET", url: "/api", headers: { authorization: `Bearer ${token}` } });
    const installation = () => `ari:cloud:ecosystem::installation/${randomUUID()}`;

    test("a reinstalled app (new installationId, same cloudId) resolves the same tenant, and is re-linked to it", async () => {
      const tenants = s.createMemoryTenantStore();
      const old = installation();
      const tenant = site({ installationId: old, cloudId: forge.cloudId });
      tenants.set(tenant);
      const verify = s.createAppVerifier({ ...options(), tenants });
      const renewed = installation();
      const identity = await verify(bearer(await forge.sign({ app: { installationId: renewed } })));
      expect(identity).toMatchObject({ platform: "forge", clientKey: tenant.clientKey, cloudId: forge.cloudId, installationId: renewed });
      expect(tenants.get(tenant.clientKey)).toMatchObject({ installationId: renewed, sharedSecret: tenant.sharedSecret });
      expect(tenants.getByInstallationId(old)).toBeUndefined();
    });

    test("a FIT whose cloudId differs from its tenant's is refused, whichever way it was linked", async () => {
      const tenants = s.createMemoryTenantStore();
      const installationId = installation();
      tenants.set(site({ installationId, cloudId: forge.cloudId }));
      const verify = s.createAppVerifier({ ...options(), tenants });
      const elsewhere = await forge.sign({ app: { installationId }, context: { cloudId: randomUUID() } });
      const error = await verify(bearer(elsewhere)).catch((e) => e);
      expect(error).toMatchObject({ code: "ERR_JWT_TENANT", installationId });
      expect(error.message).toMatch(/is linked to the site/);
      expect(s.errorResponse(error).status).toBe(401);
    });

    test("a tenant linked by installation alone adopts the first FIT's cloudId, but only for its own site", async () => {
      const tenants = s.createMemoryTenantStore();
      const mine = installation();
      const theirs = installation();
      const tenant = site({ installationId: mine });
      const other = site({ installationId: theirs, baseUrl: "https://other-site.atlassian.net/wiki" });
      tenants.set(tenant);
      tenants.set(other);
      const verify = s.createAppVerifier({ ...options(), tenants });
      await expect(verify(bearer(await forge.sign({ app: { installationId: mine } })))).resolves.toMatchObject({ clientKey: tenant.clientKey, cloudId: forge.cloudId });
      expect(tenants.get(tenant.clientKey)?.cloudId).toBe(forge.cloudId);
      // A FIT of example.atlassian.net naming the installation other-site's payload claimed is not believed.
      expect(await verify(bearer(await forge.sign({ app: { installationId: theirs }, context: { cloudId: randomUUID() } }))).catch((e) => e)).toMatchObject({ code: "ERR_JWT_TENANT" });
      expect(tenants.get(other.clientKey)?.cloudId).toBeUndefined();
    });

    test("handleForgeInstalled: a Forge-only site (lifecycle event to the remote) gets a tenant from the FIT's claims; the same verifier serves it", async () => {
      const tenants = s.createMemoryTenantStore();
      const o = { ...options(), tenants };
      const cloudId = randomUUID();
      const installationId = installation();
      const event = async (claims: Parameters<typeof forge.sign>[0], body: unknown = { id: randomUUID(), eventType: "avi:forge:installed:app" }) =>
        s.handleForgeInstalled(new Request("https://app.example.com/forge/installed", { method: "POST", headers: { authorization: `Bearer ${await forge.sign(claims)}` }, body: JSON.stringify(body) }), o);
      const installed = await event({ principal: undefined, app: { installationId }, context: { cloudId, siteUrl: "https://new-site.atlassian.net" } }, { cloudId: "forged", clientKey: "forged" });
      expect(installed.status).toBe(204);
      // Only the signed claims were stored; the unsigned body was not read.
      expect(tenants.list()).toEqual([{ cloudId, installationId, baseUrl: "https://new-site.atlassian.net" }]);
      const verify = s.createAppVerifier(o);
      const identity = await verify(bearer(await forge.sign({ app: { installationId }, context: { cloudId, siteUrl: "https://new-site.atlassian.net" } })));
      expect(identity).toMatchObject({ platform: "forge", clientKey: undefined, cloudId, installationId, accountId: expect.any(String) });
      // The upgraded event of a reinstalled app re-links the same tenant.
      const next = installation();
      expect((await event({ app: { installationId: next }, context: { cloudId } }, { eventType: "avi:forge:upgraded:app" })).status).toBe(204);
      expect(tenants.list()).toEqual([{ cloudId, installationId: next, baseUrl: "https://new-site.atlassian.net" }]);
      // Refusals: a token without a site, an installation of another site, a token that does not verify.
      const noSite = await event({ context: { cloudId: undefined } });
      expect(noSite.status).toBe(401);
      expect(noSite.headers.get("www-authenticate")).toBe("Bearer");
      expect((await noSite.json()).error.code).toBe("ERR_JWT_CLAIM");
      const hijack = await event({ app: { installationId: next }, context: { cloudId: randomUUID() } });
      expect(hijack.status).toBe(409);
      const forged = await s.handleForgeInstalled(new Request("https://app.example.com/forge/installed", { method: "POST", headers: { authorization: `Bearer ${craftRs({ alg: "RS256", kid: forge.kid }, claimsOf(await forge.sign()))}` } }), o);
      expect(forged.status).toBe(401);
      expect(tenants.list()).toEqual([{ cloudId, installationId: next, baseUrl: "https://new-site.atlassian.net" }]);
      expect(() => s.handleForgeInstalled(new Request("https://x.test"), { ...o, tenants: { get() {}, set() {}, delete() {} } as never })).rejects.toThrow(/getByInstallationId/);
    });

    test("a Connect install of a site created on Forge first becomes the same tenant, with the cloud id of its tenant_info", async () => {
      const tenants = s.createMemoryTenantStore();
      const cloudId = randomUUID();
      const installationId = installation();
      const o = { ...options(), tenants };
      const event = new Request("https://app.example.com/forge/installed", { method: "POST", headers: { authorization: `Bearer ${await forge.sign({ app: { installationId }, context: { cloudId } })}` } });
      expect((await s.handleForgeInstalled(event, o)).status).toBe(204);
      const keys = await createInstallKeys({ cloudId });
      const { request, payload } = await keys.installed({ appBaseUrl: "https://app.example.com", payload: { installationId } });
      expect((await s.handleInstalled(request, { baseUrl: "https://app.example.com", tenants, fetch: keys.fetch })).status).toBe(204);
      expect(tenants.size).toBe(1);
      expect(tenants.getByCloudId(cloudId)).toMatchObject({ clientKey: payload.clientKey, sharedSecret: payload.sharedSecret, installationId, cloudId });
      const identity = await s.createAppVerifier(o)(bearer(await forge.sign({ app: { installationId }, context: { cloudId } })));
      expect(identity).toMatchObject({ clientKey: payload.clientKey, cloudId });
    });
  });
}
