// The apkit/server conformance suite. It runs once per crypto backend (Web Crypto and node:crypto), against the
// sources and against the built dist files, so both builds are held to the same vectors and attacks.
import { existsSync } from "node:fs";
import * as atlassianJwt from "atlassian-jwt";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, test, vi } from "vitest";
import {
  HS256,
  NOW_MS,
  NOW_S,
  SHARED_VECTORS_FILE,
  b64u,
  clientKey,
  codeOf,
  contextClaims,
  craft,
  keyServerFetch,
  loadVectors,
  rsaKeys,
  secret,
  type ServerModule,
} from "./server-helpers.js";
import { compareOne, emptyResult, qshDifferential } from "./qsh-differential.js";

const vectors = loadVectors();


export function serverSuite(label: string, load: () => Promise<ServerModule>): void {
  let s: ServerModule;
  beforeAll(async () => {
    s = await load();
  });

  describe(`${label}: query string hash`, () => {
    test.each(vectors.qsh.map((v) => [v.id, v] as const))("vector %s: canonical request and qsh byte for byte", async (_id, v) => {
      expect(s.canonicalRequest(v.method, v.url, v.baseUrl)).toBe(v.canonical);
      expect(await s.computeQsh(v.method, v.url, v.baseUrl)).toBe(v.qsh);
    });

    test("the repository's copy of the vectors is the shared one", () => {
      if (!existsSync(SHARED_VECTORS_FILE)) return; // a fresh clone has only the copy, which the tests above use
      expect(loadVectors()).toEqual(loadVectors(SHARED_VECTORS_FILE));
    });

    test("agrees with atlassian-jwt on awkward URLs (differential)", () => {
      const urls = [
        "/a b/c\"d<e>f^g`h{i|j}k'l\\m/n?x=1\\2#frag",
        "http://h/a%20b/./c/../d?q=1",
        "http://h//a//b",
        "/p?a=%E2%9C&b=%zz&c=%",
        "http://user:pw@h:80/x y?z",
        "  /lead",
        "/tab\there",
        "HTTP://H/ABC",
        "/a#b?c",
        "/x?y#z?w",
        "http://h",
        "http://h?x=1",
        "//h/path?x",
        "/p/%2F/q",
        "/p?__proto__=1&constructor=2&toString=3",
        "/p?a=1&a=&a=%20&b",
        "/p?%41=%61&A=B",
        "/p?a=%F0%9F%98%80&b=ü&c=é",
        "/p?jwt=x&jwt=y&a=1",
        "/p?=x&&a",
        "/p?a+b=c+d",
        "/ü/ä?x=ß",
        "/p?a=1;b=2",
        "/p?q=%2B%26%3D",
        "/connect/a?b=1",
        "/connectx/a",
        "http://h/connect",
        "/p?k=v1&k=V1&k=a&k=_",
        "/a/b//?x",
        "/%7e?~",
      ];
      const bases = [undefined, "http://h", "http://h/", "http://h/connect", "http://h/connect/"];
      const result = emptyResult();
      for (const url of urls) for (const base of bases) for (const method of ["get", "POST"]) compareOne(s.canonicalRequest, method, url, base, result);
      expect(result.total).toBe(300);
      // Every disagreement is one of the documented, deliberate differences (docs/server.md).
      expect(result.unexplained).toEqual([]);
      expect(result.absoluteMismatches).toEqual([]);
      expect(result.differences).toEqual({ "outside-base": 112, "target-with-host": 0, "base-without-slash": 2 });
    });

    test("differential: 20,000 generated request targets agree with atlassian-jwt but for the documented differences", () => {
      const result = qshDifferential(s.canonicalRequest, 20_000);
      expect(result.unexplained).toEqual([]);
      expect(result.absoluteMismatches).toEqual([]);
      // Seeded, so the split is exact; see docs/server.md ("Where apkit differs from atlassian-jwt").
      expect({ ...result, unexplained: undefined, absoluteMismatches: undefined }).toEqual({
        total: 20_000,
        agree: 15_363,
        differences: { "outside-base": 3040, "target-with-host": 1497, "base-without-slash": 100 },
        // atlassian-jwt itself canonicalises these absolute URLs unlike their request target; apkit never does.
        referenceAbsoluteDiffers: 4030,
        unexplained: undefined,
        absoluteMismatches: undefined,
      });
    });

    test("jwt parameters are not part of the hash; a base URL path is", async () => {
      expect(s.canonicalRequest("GET", "/x?jwt=abc&b=1", "https://a.example")).toBe("GET&/x&b=1");
      expect(await s.computeQsh("POST", "https://app.example.com/connect/installed?jwt=1", "https://app.example.com/connect")).toBe(
        vectors.qsh.find((v) => v.id === "V3")!.qsh,
      );
      expect(() => s.canonicalRequest("", "/x")).toThrow(TypeError);
      expect(() => s.canonicalRequest("GET", "/x", "not a url")).toThrow(TypeError);
    });
  });

  describe(`${label}: known-answer token`, () => {
    const kat = vectors.knownAnswerTokens[0]!;
    const getSharedSecret = (key: string) => (key === kat.claims.iss ? kat.sharedSecret : undefined);

    test("verifies at validAt with typed claims", async () => {
      const claims = await s.verifyContextToken(kat.token, { getSharedSecret, now: () => kat.validAt * 1000 });
      expect(claims).toEqual({
        clientKey: kat.claims.iss,
        accountId: kat.claims.sub,
        context: kat.claims.context,
        issuedAt: new Date((kat.claims.iat as number) * 1000),
        expiresAt: new Date((kat.claims.exp as number) * 1000),
        payload: kat.claims,
      });
    });

    test("fails as expired at expiredAt", async () => {
      const error = await s.verifyContextToken(kat.token, { getSharedSecret, now: () => kat.expiredAt * 1000 }).catch((e) => e);
      expect(error).toBeInstanceOf(s.JWTExpiredError);
      expect(error).toBeInstanceOf(s.JWTClaimError);
      expect(error).toMatchObject({ code: "ERR_JWT_EXPIRED", claim: "exp", name: "JWTExpiredError" });
    });

    test("signContextToken reproduces the token byte for byte", async () => {
      expect(await s.signContextToken(kat.claims as never, kat.sharedSecret)).toBe(kat.token);
    });

    test("tokens from atlassian-jwt and jose verify too (cross-implementation)", async () => {
      const key = secret();
      const iss = clientKey();
      const claims = contextClaims(iss);
      const fromAtlassian = atlassianJwt.encodeSymmetric(claims, key);
      const fromJose = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(key));
      for (const token of [fromAtlassian, fromJose]) {
        const out = await s.verifyContextToken(token, { getSharedSecret: () => key, now: () => NOW_MS });
        expect(out.clientKey).toBe(iss);
      }
      // and ours verifies with theirs
      const ours = await s.signContextToken(claims as never, key);
      expect(atlassianJwt.decodeSymmetric(ours, key, atlassianJwt.SymmetricAlgorithm.HS256)).toEqual(claims);
    });
  });

  describe(`${label}: context token verification rejects bad input`, () => {
    const key = secret();
    const otherKey = secret();
    const iss = clientKey();
    const otherIss = clientKey();
    const secrets: Record<string, string> = { [iss]: key, [otherIss]: otherKey };
    const good = () => craft(HS256, contextClaims(iss), key);
    const withPayload = (extra: Record<string, unknown>) => craft(HS256, contextClaims(iss, extra), key);
    const without = (claim: string) => {
      const c = contextClaims(iss);
      delete c[claim];
      return craft(HS256, c, key);
    };
    const withHeader = (header: Record<string, unknown>) => craft(header, contextClaims(iss), key);
    const [gh, gp, gs] = craft(HS256, contextClaims(iss), key).split(".") as [string, string, string];
    const lastBitsSet = (sig: string) => {
      // 32 bytes are 43 characters; the last carries 2 unused bits. Setting one keeps the same bytes.
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      return sig.slice(0, -1) + alphabet[alphabet.indexOf(sig.at(-1)!) | 1];
    };

    type Case = [name: string, code: string, token: () => unknown, options?: Record<string, unknown>];
    const cases: Case[] = [
      // size, before anything is parsed
      ["a token over 8192 characters", "ERR_JWT_TOO_LARGE", () => "x".repeat(8193)],
      ["a valid token over a custom maxTokenLength", "ERR_JWT_TOO_LARGE", () => good(), { maxTokenLength: 100 }],
      // structure and encoding
      ["not a string", "ERR_JWT_MALFORMED", () => 42],
      ["an empty string", "ERR_JWT_MALFORMED", () => ""],
      ["two segments", "ERR_JWT_MALFORMED", () => `${gh}.${gp}`],
      ["four segments", "ERR_JWT_MALFORMED", () => `${gh}.${gp}.${gs}.${gs}`],
      ["an empty signature (unsecured JWS)", "ERR_JWT_MALFORMED", () => `${gh}.${gp}.`],
      ["padding in a segment", "ERR_JWT_MALFORMED", () => `${gh}.${gp}==.${gs}`],
      ["standard base64 + and /", "ERR_JWT_MALFORMED", () => `${gh}.${gp.replace(/-/g, "+").replace(/_/g, "/")}+/.${gs}`],
      ["whitespace inside", "ERR_JWT_MALFORMED", () => `${gh}.${gp.slice(0, 10)} ${gp.slice(10)}.${gs}`],
      ["a newline inside", "ERR_JWT_MALFORMED", () => `${gh}.\n${gp}.${gs}`],
      ["non-canonical trailing bits in the signature (same bytes)", "ERR_JWT_MALFORMED", () => `${gh}.${gp}.${lastBitsSet(gs)}`],
      ["a segment of impossible length (4n+1)", "ERR_JWT_MALFORMED", () => `${gh}.${gp}A.${gs}`],
      ["a header that is not JSON", "ERR_JWT_MALFORMED", () => craft(null, contextClaims(iss), key, { header: b64u("{alg:HS256}") })],
      ["a header that is a JSON array", "ERR_JWT_MALFORMED", () => craft(["HS256"], contextClaims(iss), key)],
      ["a payload that is JSON null", "ERR_JWT_MALFORMED", () => craft(HS256, null, key)],
      ["a payload that is a JSON string", "ERR_JWT_MALFORMED", () => craft(HS256, "claims", key)],
      ["a payload that is not UTF-8", "ERR_JWT_MALFORMED", () => craft(HS256, null, key, { payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString("base64url") })],
      ["a header with crit", "ERR_JWT_MALFORMED", () => withHeader({ ...HS256, crit: ["exp"] })],
      ["a header with typ JWS", "ERR_JWT_MALFORMED", () => withHeader({ typ: "JWS", alg: "HS256" })],
      // algorithm
      ["alg none", "ERR_JWT_ALG", () => withHeader({ typ: "JWT", alg: "none" })],
      ["alg none with an empty signature", "ERR_JWT_MALFORMED", () => `${b64u({ alg: "none" })}.${gp}.`],
      ["alg HS384", "ERR_JWT_ALG", () => withHeader({ typ: "JWT", alg: "HS384" })],
      ["alg HS512", "ERR_JWT_ALG", () => withHeader({ typ: "JWT", alg: "HS512" })],
      ["alg RS256", "ERR_JWT_ALG", () => withHeader({ typ: "JWT", alg: "RS256" })],
      ["alg hs256 (lower case)", "ERR_JWT_ALG", () => withHeader({ typ: "JWT", alg: "hs256" })],
      ["alg missing", "ERR_JWT_ALG", () => withHeader({ typ: "JWT" })],
      ["alg as an array", "ERR_JWT_ALG", () => withHeader({ typ: "JWT", alg: ["HS256"] })],
      // tenant
      ["an iss no tenant has", "ERR_JWT_TENANT", () => craft(HS256, contextClaims(clientKey()), key)],
      ["no iss", "ERR_JWT_CLAIM", () => without("iss")],
      ["iss as a number", "ERR_JWT_CLAIM", () => withPayload({ iss: 12345 })],
      ["a kid pointing at another tenant (secrets go by iss only)", "ERR_JWT_SIGNATURE", () => craft({ ...HS256, kid: otherIss }, contextClaims(iss), otherKey)],
      // signature
      ["a tampered payload (sub changed)", "ERR_JWT_SIGNATURE", () => `${gh}.${b64u(contextClaims(iss, { sub: "557058:attacker" }))}.${gs}`],
      ["another tenant's secret", "ERR_JWT_SIGNATURE", () => craft(HS256, contextClaims(iss), otherKey)],
      ["a truncated signature", "ERR_JWT_SIGNATURE", () => `${gh}.${gp}.${gs.slice(0, 40)}`],
      ["a signature from another token", "ERR_JWT_SIGNATURE", () => `${gh}.${gp}.${craft(HS256, contextClaims(iss, { sub: "x" }), key).split(".")[2]}`],
      // time
      ["expired a second ago", "ERR_JWT_EXPIRED", () => withPayload({ exp: NOW_S - 1 })],
      ["expiring exactly now", "ERR_JWT_EXPIRED", () => withPayload({ exp: NOW_S })],
      ["expired beyond the leeway", "ERR_JWT_EXPIRED", () => withPayload({ exp: NOW_S - 11 }), { leeway: 10 }],
      ["no exp", "ERR_JWT_CLAIM", () => without("exp")],
      ["exp as a string", "ERR_JWT_CLAIM", () => withPayload({ exp: String(NOW_S + 60) })],
      ["no iat", "ERR_JWT_CLAIM", () => without("iat")],
      ["iat as a string", "ERR_JWT_CLAIM", () => withPayload({ iat: String(NOW_S) })],
      ["nbf in the future", "ERR_JWT_NOT_YET_VALID", () => withPayload({ nbf: NOW_S + 5 })],
      ["nbf as a string", "ERR_JWT_CLAIM", () => withPayload({ nbf: String(NOW_S) })],
      // time claims that are not plain, sane NumericDates (security review finding 4)
      ["iat in the future beyond the leeway", "ERR_JWT_NOT_YET_VALID", () => withPayload({ iat: NOW_S + 60 })],
      ["exp 1e300 (Invalid Date)", "ERR_JWT_CLAIM", () => withPayload({ exp: 1e300 })],
      ["exp past 2^53", "ERR_JWT_CLAIM", () => withPayload({ exp: 2 ** 53 + 2 })],
      ["iat as a fraction", "ERR_JWT_CLAIM", () => withPayload({ iat: NOW_S - 0.5 })],
      ["nbf as a fraction", "ERR_JWT_CLAIM", () => withPayload({ nbf: NOW_S - 0.5 })],
      ["a lifetime of ten years", "ERR_JWT_CLAIM", () => withPayload({ exp: NOW_S + 10 * 365 * 86400 })],
      ["a lifetime over a custom maxTokenAge", "ERR_JWT_CLAIM", () => good(), { maxTokenAge: 600 }],
      ["exp before iat", "ERR_JWT_CLAIM", () => withPayload({ iat: NOW_S + 10, exp: NOW_S + 5 })],
      // qsh
      ["no qsh", "ERR_JWT_QSH", () => without("qsh")],
      ["a request token's qsh", "ERR_JWT_QSH", () => withPayload({ qsh: vectors.qsh[0]!.qsh })],
      ["qsh CONTEXT-QSH (case)", "ERR_JWT_QSH", () => withPayload({ qsh: "CONTEXT-QSH" })],
      // user and context
      ["no sub", "ERR_JWT_CLAIM", () => without("sub")],
      ["an empty sub", "ERR_JWT_CLAIM", () => withPayload({ sub: "" })],
      ["context as an array", "ERR_JWT_CLAIM", () => withPayload({ context: [1, 2] })],

    ];

    test("there are at least 30 attack cases", () => {
      expect(cases.length).toBeGreaterThanOrEqual(30);
    });

    test.each(cases)("%s → %s", async (_name, code, token, extra) => {
      const lookup = vi.fn((k: string) => secrets[k]);
      const got = await codeOf(s.verifyContextToken(token() as string, { getSharedSecret: lookup, now: () => NOW_MS, ...extra }));
      expect(got).toBe(code);
      // The secret is looked up only for well-formed HS256 tokens, and only by their iss.
      if (["ERR_JWT_TOO_LARGE", "ERR_JWT_MALFORMED", "ERR_JWT_ALG"].includes(code)) expect(lookup).not.toHaveBeenCalled();
      for (const [arg] of lookup.mock.calls) expect(typeof arg).toBe("string");
    });

    test("the same tokens without the defect verify (the cases fail for the reason named)", async () => {
      const opts = { getSharedSecret: (k: string) => secrets[k], now: () => NOW_MS };
      await expect(s.verifyContextToken(good(), opts)).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(withPayload({ exp: NOW_S - 9 }), { ...opts, leeway: 10 })).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(withPayload({ nbf: NOW_S + 5 }), { ...opts, leeway: 5 })).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(withPayload({ nbf: NOW_S }), opts)).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(craft({ alg: "HS256" }, contextClaims(iss), key), opts)).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(without("context"), opts)).resolves.toMatchObject({ context: {} });
      await expect(s.verifyContextToken(good(), { ...opts, maxTokenLength: good().length })).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(withPayload({ iat: NOW_S + 5 }), { ...opts, leeway: 5 })).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(good(), { ...opts, maxTokenAge: 900 })).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(withPayload({ iat: NOW_S - 3000, exp: NOW_S + 600 }), opts)).resolves.toMatchObject({ clientKey: iss });
      const anonymous = await s.verifyContextToken(without("sub"), { ...opts, allowAnonymous: true });
      expect(anonymous.accountId).toBeUndefined();
    });

    test("errors carry claim, reason, name and a cause where there is one", async () => {
      const opts = { getSharedSecret: (k: string) => secrets[k], now: () => NOW_MS };
      const missing = await s.verifyContextToken(without("exp"), opts).catch((e) => e);
      expect(missing).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "exp", reason: "missing", name: "JWTClaimError" });
      expect(missing.cause).toBeDefined();
      const invalid = await s.verifyContextToken(withPayload({ iat: "yesterday" }), opts).catch((e) => e);
      expect(invalid).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "iat", reason: "invalid" });
      const alg = await s.verifyContextToken(withHeader({ alg: "none" }), opts).catch((e) => e);
      expect(alg).toBeInstanceOf(s.JWTAlgorithmError);
      expect(alg).toBeInstanceOf(s.APKitServerError);
      expect(alg.algorithm).toBe("none");
      const tenant = await s.verifyContextToken(craft(HS256, contextClaims("nobody"), key), opts).catch((e) => e);
      expect(tenant).toMatchObject({ code: "ERR_JWT_TENANT", clientKey: "nobody" });
      expect(s.httpStatusOf(tenant)).toBe(401);
      const large = await s.verifyContextToken("x".repeat(9000), opts).catch((e) => e);
      expect(large).toMatchObject({ code: "ERR_JWT_TOO_LARGE", length: 9000, limit: 8192 });
    });

    test("caller mistakes are TypeErrors", async () => {
      const token = good();
      await expect(s.verifyContextToken(token, undefined as never)).rejects.toThrow(TypeError);
      await expect(s.verifyContextToken(token, {} as never)).rejects.toThrow(TypeError);
      await expect(s.verifyContextToken(token, { getSharedSecret: () => key, tenants: s.createMemoryTenantStore() })).rejects.toThrow(TypeError);
      await expect(s.verifyContextToken(token, { getSharedSecret: () => key, leeway: 31 })).rejects.toThrow(/30/);
      await expect(s.verifyContextToken(token, { getSharedSecret: () => key, leeway: -1 })).rejects.toThrow(TypeError);
      await expect(s.verifyContextToken(token, { getSharedSecret: () => key, maxTokenLength: 0 })).rejects.toThrow(TypeError);
      await expect(s.verifyContextToken(token, { getSharedSecret: () => key, maxTokenAge: 0 })).rejects.toThrow(TypeError);
      await expect(s.verifyContextToken(token, { getSharedSecret: () => key, maxTokenAge: Infinity })).rejects.toThrow(TypeError);
    });

    test("async lookups, tenant stores and context schemas", async () => {
      const tenants = s.createMemoryTenantStore([{ clientKey: iss, sharedSecret: key, baseUrl: "https://x.atlassian.net", key: "app" }]);
      await expect(s.verifyContextToken(good(), { tenants, now: () => NOW_MS })).resolves.toMatchObject({ clientKey: iss });
      await expect(s.verifyContextToken(good(), { getSharedSecret: async (k) => secrets[k], now: () => NOW_MS })).resolves.toMatchObject({ clientKey: iss });
      const { z } = await import("zod");
      const schema = z.object({ jira: z.object({ issue: z.object({ key: z.string() }) }) });
      const typed = await s.verifyContextToken(good(), { tenants, now: () => NOW_MS, contextSchema: schema });
      expect(typed.context.jira.issue.key).toBe("ABC-1");
      const strict = z.object({ confluence: z.object({}) });
      const error = await s.verifyContextToken(good(), { tenants, now: () => NOW_MS, contextSchema: strict }).catch((e) => e);
      expect(error).toMatchObject({ code: "ERR_JWT_CLAIM", claim: "context", reason: "invalid" });
    });

    test("createContextTokenVerifier reads Authorization: JWT from Web and Node requests", async () => {
      const verify = s.createContextTokenVerifier({ getSharedSecret: (k) => secrets[k], now: () => NOW_MS });
      const token = good();
      const web = new Request("https://app.example.com/api/items", { headers: { authorization: `JWT ${token}` } });
      await expect(verify(web)).resolves.toMatchObject({ clientKey: iss });
      await expect(verify({ method: "GET", url: "/api/items", headers: { authorization: `jwt ${token}` } })).resolves.toMatchObject({ clientKey: iss });
      const code = (req: Parameters<typeof verify>[0]) => codeOf(verify(req));
      expect(await code({ url: "/api", headers: {} })).toBe("ERR_JWT_MISSING");
      expect(await code({ url: "/api", headers: { authorization: `Bearer ${token}` } })).toBe("ERR_JWT_MISSING");
      expect(await code({ url: `/api?jwt=${token}`, headers: {} })).toBe("ERR_JWT_MISSING");
      expect(await code({ url: `/api?jwt=${token}`, headers: { authorization: `JWT ${token}` } })).toBe("ERR_JWT_AMBIGUOUS");
      expect(await code({ url: "/api", headers: { authorization: `JWT ${token}, JWT ${token}` } })).toBe("ERR_JWT_AMBIGUOUS");
      expect(await code({ url: "/api", headers: { authorization: ["JWT a", "JWT b"] } })).toBe("ERR_JWT_AMBIGUOUS");
      const bearer = s.createContextTokenVerifier({ getSharedSecret: (k) => secrets[k], now: () => NOW_MS, headerScheme: "Bearer" });
      await expect(bearer({ url: "/api", headers: { authorization: `Bearer ${token}` } })).resolves.toMatchObject({ clientKey: iss });
      expect(() => s.createContextTokenVerifier({ getSharedSecret: () => key, headerScheme: "J W T" })).toThrow(TypeError);
      expect(() => s.createContextTokenVerifier({} as never)).toThrow(TypeError);
    });
  });

  describe(`${label}: request tokens`, () => {
    const key = secret();
    const iss = clientKey();
    const baseUrl = "https://app.example.com/connect";
    const opts = () => ({ baseUrl, getSharedSecret: (k: string) => (k === iss ? key : undefined), now: () => NOW_MS });
    const signedFor = async (method: string, url: string, extra: Record<string, unknown> = {}) =>
      craft(HS256, contextClaims(iss, { qsh: await s.computeQsh(method, url, baseUrl), ...extra }), key);

    test("iframe load with ?jwt= and a webhook with Authorization verify, with the full qsh", async () => {
      const page = await signedFor("GET", "/connect/panel?issueKey=ABC-1&lic=active");
      await expect(
        s.verifyRequestToken({ method: "GET", url: `/connect/panel?issueKey=ABC-1&jwt=${page}&lic=active`, headers: {} }, opts()),
      ).resolves.toMatchObject({ clientKey: iss });
      const hook = await signedFor("POST", "/connect/webhooks/issue-updated");
      const request = new Request("https://app.example.com/connect/webhooks/issue-updated", {
        method: "POST",
        headers: { authorization: `JWT ${hook}`, "content-type": "application/json" },
        body: "{}",
      });
      await expect(s.verifyRequestToken(request, opts())).resolves.toMatchObject({ clientKey: iss });
      // also through atlassian-jwt's own qsh for the same request
      const qsh = atlassianJwt.createQueryStringHash(atlassianJwt.fromMethodAndUrl("GET", "/connect/x?b=2&a=1"), false, baseUrl);
      const theirs = craft(HS256, contextClaims(iss, { qsh }), key);
      await expect(s.verifyRequestToken({ method: "GET", url: `/connect/x?a=1&b=2&jwt=${theirs}`, headers: {} }, opts())).resolves.toMatchObject({ clientKey: iss });
    });

    test("rejects tokens for another request, context tokens, and double tokens", async () => {
      const page = await signedFor("GET", "/connect/panel?issueKey=ABC-1");
      const code = (req: Parameters<typeof s.verifyRequestToken>[0], o = opts()) => codeOf(s.verifyRequestToken(req, o));
      expect(await code({ method: "GET", url: `/connect/panel?issueKey=ABC-2&jwt=${page}`, headers: {} })).toBe("ERR_JWT_QSH");
      expect(await code({ method: "POST", url: `/connect/panel?issueKey=ABC-1&jwt=${page}`, headers: {} })).toBe("ERR_JWT_QSH");
      expect(await code({ method: "GET", url: `/connect/other?issueKey=ABC-1&jwt=${page}`, headers: {} })).toBe("ERR_JWT_QSH");
      const context = craft(HS256, contextClaims(iss), key);
      expect(await code({ method: "GET", url: `/connect/panel?jwt=${context}`, headers: {} })).toBe("ERR_JWT_QSH");
      expect(await code({ method: "GET", url: `/connect/panel?issueKey=ABC-1&jwt=${page}`, headers: { authorization: `JWT ${page}` } })).toBe(
        "ERR_JWT_AMBIGUOUS",
      );
      expect(await code({ method: "GET", url: `/connect/panel?issueKey=ABC-1&jwt=${page}&jwt=${page}`, headers: {} })).toBe("ERR_JWT_AMBIGUOUS");
      expect(await code({ method: "GET", url: "/connect/panel?issueKey=ABC-1", headers: {} })).toBe("ERR_JWT_MISSING");
      expect(await code({ method: "GET", url: "/connect/panel?issueKey=ABC-1&jwt=", headers: {} })).toBe("ERR_JWT_MISSING");
      const expired = await signedFor("GET", "/connect/panel", { exp: NOW_S - 1 });
      expect(await code({ method: "GET", url: `/connect/panel?jwt=${expired}`, headers: {} })).toBe("ERR_JWT_EXPIRED");
      await expect(s.verifyRequestToken({ url: "/x", headers: {} }, { getSharedSecret: () => key } as never)).rejects.toThrow(TypeError);
      expect(() => s.createRequestTokenMiddleware({ baseUrl } as never)).toThrow(TypeError);
      expect(() => s.createRequestTokenMiddleware({ getSharedSecret: () => key } as never)).toThrow(TypeError);
      expect(() => s.createRequestTokenMiddleware({ baseUrl, getSharedSecret: () => key, leeway: 99 })).toThrow(TypeError);
    });
  });

  describe(`${label}: security review findings (each an attack that worked before the fix)`, () => {
    const key = secret();
    const iss = clientKey();
    const baseUrl = "https://app.example.com/connect";
    const opts = (extra: Record<string, unknown> = {}) => ({ baseUrl, getSharedSecret: (k: string) => (k === iss ? key : undefined), now: () => NOW_MS, ...extra });
    /** A genuine request token for `target` (under the base URL), with atlassian-jwt's own qsh: what Atlassian signs. */
    const genuine = (method: string, target: string) =>
      craft(HS256, contextClaims(iss, { qsh: atlassianJwt.createQueryStringHash(atlassianJwt.fromMethodAndUrl(method, target), false, baseUrl) }), key);
    const at = (url: string, token: string, method = "GET") => ({ method, url, headers: { authorization: `JWT ${token}` } });

    test("1. a leading ?? does not hide the first signed parameter (canonical and ?jwt= lookup)", async () => {
      const token = genuine("GET", "/connect/p?mode=readonly&x=1");
      await expect(s.verifyRequestToken(at("/connect/p?mode=readonly&x=1", token), opts())).resolves.toMatchObject({ clientKey: iss });
      // Replayed with ??: Express and URL now see the key "?mode"; the token signed "mode".
      expect(await codeOf(s.verifyRequestToken(at("/connect/p??mode=readonly&x=1", token), opts()))).toBe("ERR_JWT_QSH");
      expect(s.canonicalRequest("GET", "/p??mode=readonly&x=1")).toBe("GET&/p&%3Fmode=readonly&x=1");
      expect(s.canonicalRequest("GET", "/p??mode=readonly&x=1")).toBe(
        atlassianJwt.createCanonicalRequest(atlassianJwt.fromMethodAndUrl("GET", "/p??mode=readonly&x=1"), false, undefined as never),
      );
      // The token lookup reads the query the same way: "??jwt=" is the parameter "?jwt", not a token.
      const page = genuine("GET", "/connect/panel");
      expect(await codeOf(s.verifyRequestToken({ method: "GET", url: `/connect/panel??jwt=${page}`, headers: {} }, opts()))).toBe("ERR_JWT_MISSING");
    });

    test.each(["/connect/page/o'brien", "/connect/a^b", "/connect/a|b", "/connect/x'^|/y?q='^|"])(
      "2. a genuine token for %s verifies, from Node's req.url and from a Web Request",
      async (target) => {
        const token = genuine("GET", target);
        await expect(s.verifyRequestToken(at(target, token), opts())).resolves.toMatchObject({ clientKey: iss });
        const request = new Request(`https://app.example.com${target}`, { headers: { authorization: `JWT ${token}` } });
        expect(new URL(request.url).pathname).toBe(target.split("?")[0]); // the Web runtime keeps ' ^ | raw too
        await expect(s.verifyRequestToken(request, opts())).resolves.toMatchObject({ clientKey: iss });
      },
    );

    test("3. the base path is cut only at a segment boundary: a token for /connect/x opens neither /x nor /connectx", async () => {
      const token = genuine("GET", "/connect/x");
      await expect(s.verifyRequestToken(at("/connect/x", token), opts())).resolves.toMatchObject({ clientKey: iss });
      for (const elsewhere of ["/x", "/connectx", "/other/connect/x"]) {
        const error = await s.verifyRequestToken(at(elsewhere, token), opts()).catch((e) => e);
        expect(error, elsewhere).toMatchObject({ code: "ERR_JWT_QSH", claim: "qsh" });
        expect(error.message, elsewhere).toMatch(/outside the app's base URL/);
      }
      expect(() => s.canonicalRequest("GET", "/connectx", baseUrl)).toThrow(TypeError);
      expect(s.canonicalRequest("GET", "/connect", baseUrl)).toBe("GET&/&");
      expect(s.canonicalRequest("GET", "/connect/", baseUrl)).toBe("GET&/&");
    });

    test("4. time claims: the lifecycle verifier refuses absurd ones too", async () => {
      // (The context-token cases are in the table above: iat in the future, 1e300, > 2^53, fractions, lifetimes.)
      const keys = rsaKeys();
      const kid = "b1b2c3d4-e5f6-4789-abcd-0123456789ab";
      const server = keyServerFetch({ [kid]: keys.pem });
      const tenants = s.createMemoryTenantStore();
      const base = "https://app.example.com";
      const ck = clientKey();
      const install = async (extra: Record<string, unknown>) => {
        const claims = { iss: ck, aud: [base], qsh: await s.computeQsh("POST", `${base}/installed`, base), iat: NOW_S - 10, exp: NOW_S + 170, ...extra };
        const body = { key: "com.example.app", clientKey: ck, sharedSecret: secret(), baseUrl: "https://example.atlassian.net", eventType: "installed" };
        const request = new Request(`${base}/installed`, { method: "POST", headers: { authorization: `JWT ${keys.sign({ kid }, claims)}` }, body: JSON.stringify(body) });
        const response = await s.handleInstalled(request, { baseUrl: base, tenants, fetch: server.fetch, now: () => NOW_MS });
        return response.status === 204 ? 204 : ((await response.json()) as { error: { code: string } }).error.code;
      };
      expect(await install({ exp: 1e300 })).toBe("ERR_JWT_CLAIM");
      expect(await install({ iat: NOW_S + 120 })).toBe("ERR_JWT_NOT_YET_VALID");
      expect(await install({ exp: NOW_S + 86_400 * 365 })).toBe("ERR_JWT_CLAIM");
      expect(tenants.size).toBe(0);
      expect(await install({})).toBe(204);
    });

    test.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])(
      "5. iss %j against a plain-object lookup is an unknown tenant, not a crash",
      async (name) => {
        const secrets: Record<string, string> = { [iss]: key };
        const forged = craft(HS256, contextClaims(name), "guess");
        const error = await s.verifyContextToken(forged, { getSharedSecret: (k) => secrets[k], now: () => NOW_MS }).catch((e) => e);
        expect(error).toMatchObject({ code: "ERR_JWT_TENANT", clientKey: name });
        expect(s.httpStatusOf(error)).toBe(401);
      },
    );

    test("5. a lookup answering anything but a non-empty string is an unknown tenant", async () => {
      const token = craft(HS256, contextClaims(iss), key);
      for (const answer of ["", 0, 1, {}, [], true, () => key, Promise.resolve(""), Promise.resolve({ sharedSecret: key })]) {
        const error = await s.verifyContextToken(token, { getSharedSecret: () => answer as never, now: () => NOW_MS }).catch((e) => e);
        expect(error?.code, String(answer)).toBe("ERR_JWT_TENANT");
      }
      // A tenant store whose tenant has no usable secret is no tenant either.
      const broken = { get: () => ({ clientKey: iss, sharedSecret: 42 }), set() {}, delete() {} } as never;
      expect(await codeOf(s.verifyContextToken(token, { tenants: broken, now: () => NOW_MS }))).toBe("ERR_JWT_TENANT");
    });

    test("6. unknown tenant and bad signature: distinct codes on the error, identical errorResponse", async () => {
      const tenant = await s.verifyContextToken(craft(HS256, contextClaims(clientKey()), key), opts()).catch((e) => e);
      const signature = await s.verifyContextToken(craft(HS256, contextClaims(iss), secret()), opts()).catch((e) => e);
      expect([tenant.code, signature.code]).toEqual(["ERR_JWT_TENANT", "ERR_JWT_SIGNATURE"]);
      const answer = async (r: Response) => ({ status: r.status, headers: [...r.headers], body: await r.text() });
      const [a, b] = [await answer(s.errorResponse(tenant)), await answer(s.errorResponse(signature))];
      expect(a).toEqual(b);
      expect(a.status).toBe(401);
      expect(a.body).not.toMatch(/tenant|install|clientKey/i);
      // Errors that are not apkit's say nothing of themselves.
      const internal = s.errorResponse(new Error("connection string postgres://user:pw@db"));
      expect(internal.status).toBe(500);
      expect(await internal.text()).not.toMatch(/postgres/);
    });
  });

  describe(`${label}: install lifecycle`, () => {
    const baseUrl = "https://app.example.com";
    const keys = rsaKeys();
    const attacker = rsaKeys();
    const kid = "a1b2c3d4-e5f6-4789-abcd-0123456789ab";
    const installedQsh = vectors.qsh.find((v) => v.id === "V3")!; // POST /installed under a base path

    const payload = (key: string, sharedSecret: string, eventType = "installed") => ({
      key: "com.example.app",
      clientKey: key,
      publicKey: "MIIB...",
      sharedSecret,
      serverVersion: "100",
      pluginsVersion: "1.0",
      baseUrl: "https://example.atlassian.net",
      displayUrl: "https://example.atlassian.net",
      productType: "jira",
      description: "Atlassian JIRA at https://example.atlassian.net",
      eventType,
    });
    const claims = async (iss: string, path = "/installed", extra: Record<string, unknown> = {}) => ({
      iss,
      sub: "557058:installer",
      aud: [baseUrl],
      qsh: await s.computeQsh("POST", `${baseUrl}${path}`, baseUrl),
      iat: NOW_S - 10,
      exp: NOW_S + 170,
      context: {},
      ...extra,
    });
    const post = (path: string, body: unknown, token?: string) =>
      new Request(`${baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `JWT ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const setup = (served: Record<string, string> = { [kid]: keys.pem }) => {
      const server = keyServerFetch(served);
      const tenants = s.createMemoryTenantStore();
      const options = { baseUrl, tenants, fetch: server.fetch, now: () => NOW_MS };
      return { server, tenants, options };
    };
    const answer = async (response: Response) => ({
      status: response.status,
      code: response.status === 204 ? undefined : ((await response.json()) as { error: { code: string } }).error.code,
    });

    test("a signed install stores the tenant; the key is fetched once by kid and cached", async () => {
      const { server, tenants, options } = setup();
      const ck = clientKey();
      const sharedSecret = secret();
      const token = keys.sign({ kid }, await claims(ck));
      expect(await answer(await s.handleInstalled(post("/installed", payload(ck, sharedSecret), token), options))).toEqual({
        status: 204,
        code: undefined,
      });
      expect(tenants.get(ck)).toMatchObject({ clientKey: ck, sharedSecret, productType: "jira", serverVersion: "100" });
      // A reinstall is another token (a later iat); the key is not fetched again.
      const again = keys.sign({ kid }, await claims(ck, "/installed", { iat: NOW_S - 5 }));
      expect((await s.handleInstalled(post("/installed", payload(ck, sharedSecret), again), options)).status).toBe(204);
      expect(server.calls.filter((url) => url.startsWith("https://connect-install-keys"))).toEqual([`https://connect-install-keys.atlassian.com/${kid}`]);
      // The stored secret now verifies context tokens for that tenant.
      await expect(s.verifyContextToken(craft(HS256, contextClaims(ck), sharedSecret), { tenants, now: () => NOW_MS })).resolves.toMatchObject({ clientKey: ck });
    });

    test("qsh and aud follow a base URL with a path (vector V3)", async () => {
      const { options } = setup();
      const base = installedQsh.baseUrl;
      const ck = clientKey();
      const token = keys.sign({ kid }, { ...(await claims(ck)), aud: base, qsh: installedQsh.qsh });
      const request = new Request(installedQsh.url, { method: "POST", headers: { authorization: `JWT ${token}` }, body: JSON.stringify(payload(ck, secret())) });
      expect((await s.handleInstalled(request, { ...options, baseUrl: base })).status).toBe(204);
    });

    test("an existing tenant keeps its secret against every unproven install (takeover attempts)", async () => {
      const { server, tenants, options } = setup({ [kid]: keys.pem, "attacker-kid": attacker.pem, small: rsaKeys(1024).pem, junk: "hello", redirected: "redirect", broken: "error" });
      const victim = clientKey();
      const original = secret();
      expect((await s.handleInstalled(post("/installed", payload(victim, original), keys.sign({ kid }, await claims(victim))), options)).status).toBe(204);
      const stolen = secret();
      const body = payload(victim, stolen);
      const other = clientKey();
      const hs256 = craft(HS256, await claims(victim), stolen); // the legacy way: signed with the secret it carries
      const attempts: Array<[string, Request, number, string]> = [
        ["no token", post("/installed", body), 401, "ERR_JWT_MISSING"],
        ["HS256 signed with the new secret", post("/installed", body, hs256), 401, "ERR_JWT_ALG"],
        ["RS256 by another key under the real kid", post("/installed", body, attacker.sign({ kid }, await claims(victim))), 401, "ERR_JWT_SIGNATURE"],
        ["the attacker's own kid (not served)", post("/installed", body, attacker.sign({ kid: "unknown-kid" }, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["a kid with a path", post("/installed", body, attacker.sign({ kid: "../evil" }, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["a kid that is a URL", post("/installed", body, attacker.sign({ kid: "https://evil.example/k" }, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["no kid", post("/installed", body, attacker.sign({}, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["a key server redirect", post("/installed", body, keys.sign({ kid: "redirected" }, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["a key server error", post("/installed", body, keys.sign({ kid: "broken" }, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["a key server answer that is not a key", post("/installed", body, keys.sign({ kid: "junk" }, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["a 1024-bit key", post("/installed", body, keys.sign({ kid: "small" }, await claims(victim))), 401, "ERR_INSTALL_KEY"],
        ["a genuine token of another tenant", post("/installed", body, keys.sign({ kid }, await claims(other))), 403, "ERR_INSTALL_CLIENT_KEY"],
        ["aud of another app", post("/installed", body, keys.sign({ kid }, await claims(victim, "/installed", { aud: ["https://evil.example"] }))), 401, "ERR_JWT_CLAIM"],
        ["no aud", post("/installed", body, keys.sign({ kid }, await claims(victim, "/installed", { aud: undefined }))), 401, "ERR_JWT_CLAIM"],
        ["qsh of another request", post("/installed", body, keys.sign({ kid }, await claims(victim, "/uninstalled"))), 401, "ERR_JWT_QSH"],
        ["context-qsh", post("/installed", body, keys.sign({ kid }, await claims(victim, "/installed", { qsh: "context-qsh" }))), 401, "ERR_JWT_QSH"],
        ["expired", post("/installed", body, keys.sign({ kid }, await claims(victim, "/installed", { exp: NOW_S - 1 }))), 401, "ERR_JWT_EXPIRED"],
        ["alg none", post("/installed", body, `${b64u({ alg: "none", kid })}.${b64u(await claims(victim))}.`), 401, "ERR_JWT_MALFORMED"],
        ["a ?jwt= query token", new Request(`${baseUrl}/installed?jwt=${keys.sign({ kid }, await claims(victim))}`, { method: "POST", body: JSON.stringify(body) }), 401, "ERR_JWT_MISSING"],
      ];
      for (const [name, request, status, code] of attempts) {
        expect(await answer(await s.handleInstalled(request, options)), name).toEqual({ status, code });
        expect(tenants.get(victim)?.sharedSecret, name).toBe(original);
      }
      expect(tenants.size).toBe(1);
      // Nothing outside the strict kid pattern ever reached the key server.
      const keyCalls = server.calls.filter((url) => !url.endsWith("/_edge/tenant_info"));
      expect(keyCalls.every((url) => /^https:\/\/connect-install-keys\.atlassian\.com\/[A-Za-z0-9_-]+$/.test(url))).toBe(true);
      // A properly signed reinstall (a later token) does rotate the secret.
      expect((await s.handleInstalled(post("/installed", body, keys.sign({ kid }, await claims(victim, "/installed", { iat: NOW_S - 5 }))), options)).status).toBe(204);
      expect(tenants.get(victim)?.sharedSecret).toBe(stolen);
    });

    test("bad payloads are 400 and store nothing", async () => {
      const { tenants, options } = setup();
      const ck = clientKey();
      const token = keys.sign({ kid }, await claims(ck));
      const bad: Array<[string, unknown]> = [
        ["not JSON", "{"],
        ["no sharedSecret", { ...payload(ck, secret()), sharedSecret: undefined }],
        ["no clientKey", { ...payload(ck, secret()), clientKey: undefined }],
        ["a baseUrl that is not a URL", { ...payload(ck, secret()), baseUrl: "javascript:alert(1)" }],
        ["the uninstalled event", payload(ck, secret(), "uninstalled")],
      ];
      for (const [name, body] of bad) {
        const request = new Request(`${baseUrl}/installed`, { method: "POST", headers: { authorization: `JWT ${token}` }, body: typeof body === "string" ? body : JSON.stringify(body) });
        expect(await answer(await s.handleInstalled(request, options)), name).toEqual({ status: 400, code: "ERR_INSTALL_PAYLOAD" });
      }
      const wrongApp = await s.handleInstalled(post("/installed", payload(ck, secret()), token), { ...options, appKey: "com.example.other" });
      expect(await answer(wrongApp)).toEqual({ status: 400, code: "ERR_INSTALL_PAYLOAD" });
      expect(tenants.size).toBe(0);
    });

    test("a hanging key server times out with ERR_INSTALL_KEY", async () => {
      // A kid of its own: keys are cached by their URL, whatever fetch asks.
      const hangingKid = "c1b2c3d4-e5f6-4789-abcd-0123456789ab";
      const { options } = setup({ [hangingKid]: "hang" });
      const ck = clientKey();
      const response = await s.handleInstalled(post("/installed", payload(ck, secret()), keys.sign({ kid: hangingKid }, await claims(ck))), { ...options, keyTimeout: 50 });
      expect(await answer(response)).toEqual({ status: 401, code: "ERR_INSTALL_KEY" });
    });

    test("uninstall removes only a properly proven tenant", async () => {
      const { tenants, options } = setup();
      const a = clientKey();
      const b = clientKey();
      for (const ck of [a, b]) {
        expect((await s.handleInstalled(post("/installed", payload(ck, secret()), keys.sign({ kid }, await claims(ck))), options)).status).toBe(204);
      }
      const uninstallA = payload(a, secret(), "uninstalled");
      const forged = await s.handleUninstalled(post("/uninstalled", uninstallA, keys.sign({ kid }, await claims(b, "/uninstalled"))), options);
      expect(await answer(forged)).toEqual({ status: 403, code: "ERR_INSTALL_CLIENT_KEY" });
      const unsigned = await s.handleUninstalled(post("/uninstalled", uninstallA), options);
      expect(await answer(unsigned)).toEqual({ status: 401, code: "ERR_JWT_MISSING" });
      expect(tenants.size).toBe(2);
      const { sharedSecret, ...withoutSecret } = uninstallA;
      void sharedSecret;
      const real = await s.handleUninstalled(post("/uninstalled", withoutSecret, keys.sign({ kid }, await claims(a, "/uninstalled"))), options);
      expect(real.status).toBe(204);
      expect(tenants.get(a)).toBeUndefined();
      expect(tenants.get(b)).toBeDefined();
    });

    test("lifecycle caller mistakes are TypeErrors", async () => {
      const { options } = setup();
      const request = post("/installed", {});
      await expect(s.handleInstalled(request, { ...options, baseUrl: "app.example.com" })).rejects.toThrow(TypeError);
      await expect(s.handleInstalled(request, { ...options, tenants: {} as never })).rejects.toThrow(TypeError);
      await expect(s.handleInstalled(request, { ...options, keyServer: "http://keys.example.com" })).rejects.toThrow(/https/);
      await expect(s.handleInstalled(request, { ...options, leeway: 60 })).rejects.toThrow(TypeError);
    });
  });
}
