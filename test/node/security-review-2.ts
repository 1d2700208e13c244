// The second security review's findings (issue 22, B), each an attack that worked before its fix, run once per crypto
// backend (Web Crypto and node:crypto) against the sources and the built dist. Real HTTP servers on 127.0.0.1 where a
// finding is about what goes over the wire; the lifecycle tokens are signed like Atlassian's (apkit/testing's
// createInstallKeys), the context tokens with generated secrets.
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createInstallKeys, type InstallKeys } from "apkit/testing";
import { streamHuge } from "./forge-suite.js";
import { HS256, craft, rsaKeys, secret, type ServerModule } from "./server-helpers.js";

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function securityReview2Suite(label: string, load: () => Promise<ServerModule>): void {
  let s: ServerModule;
  beforeAll(async () => {
    s = await load();
  });

  describe(`${label}: security review 2, #01 and #02: session tokens (X-acpt)`, () => {
    const clientKey = randomUUID();
    const sharedSecret = secret();
    const clock = { now: Date.UTC(2027, 0, 15, 8) };
    const nowS = () => Math.floor(clock.now / 1000);
    let app: Awaited<ReturnType<typeof listen>>;
    /** What the route does with the answer's caching before it writes, per path. */
    const routes: Record<string, (res: ServerResponse) => void> = {
      "/plain": () => undefined,
      "/public": (res) => res.setHeader("Cache-Control", "public, max-age=600"),
      "/plain-max-age": (res) => res.setHeader("Cache-Control", "max-age=600"),
      "/s-maxage-in-writeHead": (res) => void res.writeHead(200, { "Cache-Control": "s-maxage=60", "content-type": "application/json" }),
      "/private": (res) => {
        res.setHeader("Cache-Control", "private, max-age=60");
        res.setHeader("Vary", "Accept-Encoding");
      },
    };
    const middlewares: Record<string, ReturnType<ServerModule["createContextTokenMiddleware"]>> = {};

    beforeAll(async () => {
      const options = { getSharedSecret: (k: string) => (k === clientKey ? sharedSecret : undefined), now: () => clock.now };
      middlewares.default = s.createContextTokenMiddleware({ ...options, sessionTokens: true, leeway: 30 });
      middlewares.short = s.createContextTokenMiddleware({ ...options, sessionTokens: { maxAge: 1200 }, maxTokenAge: 300 });
      app = await listen(async (req, res) => {
        const [path, query] = (req.url ?? "/").split("?");
        const claims = await middlewares[query === "short" ? "short" : "default"]!(req, res);
        if (!claims) return;
        routes[path!]?.(res);
        res.end(JSON.stringify({ sub: claims.accountId }));
      });
    });
    afterAll(() => app?.close());

    const hostToken = (extra: Record<string, unknown> = {}) =>
      craft(HS256, { iss: clientKey, sub: "557058:user", qsh: "context-qsh", iat: nowS(), exp: nowS() + 900, context: { n: 1 }, ...extra }, sharedSecret);
    const call = async (token: string, path = "/plain") => {
      const response = await fetch(`${app.url}${path}`, { headers: { authorization: `JWT ${token}` } });
      await response.arrayBuffer();
      return { status: response.status, next: response.headers.get("x-acpt"), cacheControl: response.headers.get("cache-control"), vary: response.headers.get("vary") };
    };
    const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, number | string>;

    test("#01: a session has a maximum age, carried in the token: renewing every 10 minutes ends after the hour", async () => {
      const start = clock.now;
      try {
        let token = hostToken();
        const started = nowS();
        let renewals = 0;
        for (;;) {
          clock.now += 600_000;
          const answer = await call(token);
          if (answer.status !== 200) break;
          if (!answer.next) break;
          renewals++;
          const claims = claimsOf(answer.next);
          expect(claims.sessionStartedAt).toBe(started);
          expect(claims.exp).toBeLessThanOrEqual(started + 3600);
          token = answer.next;
          expect(renewals).toBeLessThan(10); // before the fix: renewed forever (103 times over 24 h)
        }
        expect(renewals).toBe(5);
        // The last token runs out with the session, and is then refused: the iframe asks the host again.
        clock.now = start + 3600_000 + 31_000;
        expect((await call(token)).status).toBe(401);
      } finally {
        clock.now = start;
      }
    });

    test("#01: an expired token let through by the leeway is answered, never renewed; a forged later session start is ignored", async () => {
      const expired = hostToken({ iat: nowS() - 920, exp: nowS() - 20 });
      const answer = await call(expired);
      expect(answer.status).toBe(200); // within leeway: 30
      expect(answer.next).toBeNull();
      const later = await call(hostToken({ sessionStartedAt: nowS() + 86_400 }));
      expect(claimsOf(later.next!).sessionStartedAt).toBe(nowS());
    });

    test("#01: issued lifetimes respect maxTokenAge and the session's maxAge, so the middleware accepts its own tokens", async () => {
      const answer = await call(hostToken({ exp: nowS() + 300 }), "/plain?short");
      const claims = claimsOf(answer.next!);
      expect((claims.exp as number) - (claims.iat as number)).toBe(300);
      expect((await call(answer.next!, "/plain?short")).status).toBe(200);
    });

    test("#02: the answer carrying X-acpt is private: Cache-Control private, no-store and Vary: Authorization when the route says nothing", async () => {
      const answer = await call(hostToken());
      expect(answer.next).toBeTruthy();
      expect(answer.cacheControl).toBe("private, no-store");
      expect(answer.vary).toBe("Authorization");
    });

    test.each(["/public", "/plain-max-age", "/s-maxage-in-writeHead"])("#02: %s makes the answer shareable, so it goes without X-acpt", async (path) => {
      const answer = await call(hostToken(), path);
      expect(answer.status).toBe(200);
      expect(answer.next).toBeNull();
      expect(answer.cacheControl).not.toBe("private, no-store");
    });

    test("#02: a private answer keeps X-acpt, and Vary gets Authorization next to the route's own", async () => {
      const answer = await call(hostToken(), "/private");
      expect(answer.next).toBeTruthy();
      expect(answer.cacheControl).toBe("private, max-age=60");
      expect(answer.vary).toBe("Accept-Encoding, Authorization");
    });
  });

  describe(`${label}: security review 2, #03, #07, #08, #09 and also seen: the install lifecycle`, () => {
    const appBaseUrl = "https://app.example.com";
    let keys: InstallKeys;
    beforeAll(async () => {
      keys = await createInstallKeys();
    });
    const answer = async (response: Response) => ({ status: response.status, code: response.status === 204 ? undefined : ((await response.json()) as { error: { code: string } }).error.code });

    test("#08: a lifecycle token is used once; an older event never undoes a newer one", async () => {
      const tenants = s.createMemoryTenantStore();
      const options = { baseUrl: appBaseUrl, tenants, fetch: keys.fetch };
      const iat = Math.floor(Date.now() / 1000);
      const clientKey = randomUUID();
      const install = (sharedSecret: string, at: number) => keys.installed({ appBaseUrl, payload: { clientKey, sharedSecret }, claims: { iat: at, exp: at + 180 } });
      const first = await install("first-secret", iat - 60);
      const replay = first.request.clone();
      expect(await answer(await s.handleInstalled(first.request, options))).toEqual({ status: 204, code: undefined });
      // The same token again, with a body that carries another secret (the token does not cover the body).
      const tampered = new Request(replay.url, { method: "POST", headers: replay.headers, body: JSON.stringify({ ...first.payload, sharedSecret: "attacker-secret" }) });
      expect(await answer(await s.handleInstalled(tampered, options))).toEqual({ status: 409, code: "ERR_TENANT_CONFLICT" });
      expect(tenants.get(clientKey)?.sharedSecret).toBe("first-secret");
      // A reinstall rotates the secret; the older install, arriving late, does not bring the rotated-out one back.
      const late = await install("rotated-out", iat - 30);
      expect((await s.handleInstalled((await install("rotated", iat - 10)).request, options)).status).toBe(204);
      expect(await answer(await s.handleInstalled(late.request, options))).toEqual({ status: 409, code: "ERR_TENANT_CONFLICT" });
      expect(tenants.get(clientKey)?.sharedSecret).toBe("rotated");
      // An uninstall older than the reinstall (replayed) does not delete the new tenant.
      const oldUninstall = await keys.uninstalled({ appBaseUrl, payload: { clientKey }, claims: { iat: iat - 20, exp: iat + 160 } });
      expect(await answer(await s.handleUninstalled(oldUninstall.request, options))).toEqual({ status: 409, code: "ERR_TENANT_CONFLICT" });
      expect(tenants.get(clientKey)?.sharedSecret).toBe("rotated");
      const uninstall = await keys.uninstalled({ appBaseUrl, payload: { clientKey } });
      expect((await s.handleUninstalled(uninstall.request, options)).status).toBe(204);
      expect(tenants.get(clientKey)).toBeUndefined();
    });

    test("#03: a later install cannot take over another site's installationId; A's uninstall leaves B alone", async () => {
      const tenants = s.createMemoryTenantStore();
      const options = { baseUrl: appBaseUrl, tenants, fetch: keys.fetch };
      const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
      const siteA = await createInstallKeys({ cloudId: randomUUID() });
      const a = await siteA.installed({ appBaseUrl, payload: { clientKey: "site-A", installationId, baseUrl: "https://site-a.atlassian.net" } });
      expect((await s.handleInstalled(a.request, { ...options, fetch: siteA.fetch })).status).toBe(204);
      const siteB = await createInstallKeys({ cloudId: randomUUID() }); // another site: another cloud id from its tenant_info
      const b = await siteB.installed({ appBaseUrl, payload: { clientKey: "site-B", installationId, baseUrl: "https://site-b.atlassian.net" } });
      const refused = await s.handleInstalled(b.request, { ...options, fetch: siteB.fetch });
      expect(await answer(refused)).toEqual({ status: 409, code: "ERR_TENANT_CONFLICT" });
      expect(tenants.get("site-B")).toBeUndefined();
      expect(tenants.getByInstallationId(installationId)?.clientKey).toBe("site-A");
      const uninstallA = await siteA.uninstalled({ appBaseUrl, payload: { clientKey: "site-A" } });
      expect((await s.handleUninstalled(uninstallA.request, { ...options, fetch: siteA.fetch })).status).toBe(204);
      expect(tenants.getByInstallationId(installationId)).toBeUndefined();
    });

    test("#07: HTTP answers carry a fixed message per code, never the fetch error, the key server or the JWKS URL", async () => {
      const leaky = async (): Promise<Response> => {
        throw new TypeError("fetch failed: connect ECONNREFUSED http://proxyuser:proxypass@proxy.internal:3128 (https://keys.internal.example/jwks)");
      };
      const jwksError = await s
        .verifyForgeInvocationToken(craft({ alg: "RS256", kid: "k1", typ: "JWT" }, {}, "x"), { appId: "00000000-0000-4000-8000-000000000000", jwksUrl: `https://keys.internal.example/${randomUUID()}`, fetch: leaky })
        .catch((e) => e);
      expect(jwksError).toMatchObject({ code: "ERR_JWKS_UNAVAILABLE" });
      expect(jwksError.message).toMatch(/proxy\.internal/); // the details stay on the thrown error, for the logs
      const junk = craft({ alg: "RS256", kid: randomUUID(), typ: "JWT" }, { iss: "x" }, "x");
      const install = await s.handleInstalled(new Request(`${appBaseUrl}/installed`, { method: "POST", headers: { authorization: `JWT ${junk}` }, body: "{}" }), {
        baseUrl: appBaseUrl,
        tenants: s.createMemoryTenantStore(),
        fetch: leaky,
      });
      const productError = new s.ProductRequestError("The request to https://internal.example/rest failed: getaddrinfo ENOTFOUND internal.example.", { reason: "network" });
      for (const [response, status] of [[s.errorResponse(jwksError), 503], [install, 401], [s.errorResponse(productError), 502]] as const) {
        expect(response.status).toBe(status);
        const text = await response.text();
        expect(text).not.toMatch(/proxy|internal|ECONNREFUSED|ENOTFOUND|keys\.|https?:/);
        expect(JSON.parse(text).error.message).toMatch(/^[A-Z][^:]*\.$/);
      }
    });

    test("#09: a 160 MB answer of the key server is refused after reading at most a few hundred KB", async () => {
      const streamed = { bytes: 0 };
      const keyServer = await listen((_req, res) => streamHuge(res, streamed));
      try {
        const { request } = await keys.installed({ appBaseUrl });
        const response = await s.handleInstalled(request, { baseUrl: appBaseUrl, tenants: s.createMemoryTenantStore(), keyServer: keyServer.url, fetch: (url, init) => fetch(url, init) });
        expect(await answer(response)).toEqual({ status: 401, code: "ERR_INSTALL_KEY" });
        expect(streamed.bytes).toBeLessThan(8 * 1024 * 1024);
      } finally {
        await keyServer.close();
      }
    });

    test("also seen: install keys expire as the key server's Cache-Control says (they were cached for ever)", async () => {
      const kid = randomUUID();
      let served = rsaKeys();
      let fetches = 0;
      const keyServer = await listen((req, res) => {
        fetches++;
        if (req.url !== `/${kid}`) return void res.writeHead(404).end();
        res.writeHead(200, { "cache-control": "max-age=60" }).end(served.pem);
      });
      let now = Date.now();
      try {
        const tenants = s.createMemoryTenantStore();
        const options = { baseUrl: appBaseUrl, tenants, keyServer: keyServer.url, now: () => now, fetch: (url: string, init?: RequestInit) => (url.startsWith(keyServer.url) ? fetch(url, init) : keys.fetch(url, init)) };
        const signed = async (signer: ReturnType<typeof rsaKeys>) => {
          const iat = Math.floor(now / 1000);
          const qsh = await s.computeQsh("POST", `${appBaseUrl}/installed`, appBaseUrl);
          const clientKey = randomUUID();
          const token = signer.sign({ kid }, { iss: clientKey, aud: [appBaseUrl], qsh, iat, exp: iat + 180 });
          const body = { key: "com.example.app", clientKey, sharedSecret: secret(), baseUrl: "https://example.atlassian.net", eventType: "installed" };
          return s.handleInstalled(new Request(`${appBaseUrl}/installed`, { method: "POST", headers: { authorization: `JWT ${token}` }, body: JSON.stringify(body) }), options);
        };
        const first = served;
        expect((await signed(first)).status).toBe(204);
        expect((await signed(first)).status).toBe(204);
        expect(fetches).toBe(1);
        // Atlassian withdraws the key behind this kid: after its max-age, tokens of the old key no longer verify.
        served = rsaKeys();
        now += 61_000;
        expect(await answer(await signed(first))).toEqual({ status: 401, code: "ERR_JWT_SIGNATURE" });
        expect(fetches).toBe(2);
        expect((await signed(served)).status).toBe(204);
      } finally {
        await keyServer.close();
      }
    });

    test("the lifecycle handlers' onError sees each refusal with its reason; the answer stays generic", async () => {
      const seen: Array<{ code: string; message: string; url: string }> = [];
      const options = { baseUrl: appBaseUrl, tenants: s.createMemoryTenantStore(), fetch: keys.fetch, onError: (error: { code: string; message: string }, request: Request) => void seen.push({ code: error.code, message: error.message, url: request.url }) };
      const stranger = await createInstallKeys();
      const forged = await stranger.installed({ appBaseUrl });
      const response = await s.handleInstalled(forged.request, options);
      expect(await answer(response)).toEqual({ status: 401, code: "ERR_INSTALL_KEY" });
      expect(seen).toEqual([{ code: "ERR_INSTALL_KEY", message: expect.stringMatching(/answered 404/), url: `${appBaseUrl}/installed` }]);
      expect(() => s.handleInstalled(forged.request, { ...options, onError: "log" as never })).rejects.toThrow(TypeError);
    });
  });

  describe(`${label}: the site's cloud id (tenant_info), bounded`, () => {
    type SiteMode = "ok" | "hang" | "huge" | "500" | "not-json";
    let mode: SiteMode = "ok";
    const hits: string[] = [];
    const streamed = { bytes: 0 };
    let site: Awaited<ReturnType<typeof listen>>;
    const cloudId = randomUUID();
    let keys: InstallKeys;
    beforeAll(async () => {
      keys = await createInstallKeys();
      site = await listen((req, res) => {
        hits.push(`${req.headers.host}${req.url}`);
        if (mode === "hang") return;
        if (mode === "huge") return streamHuge(res, streamed);
        if (mode === "500") return void res.writeHead(500).end();
        if (mode === "not-json") return void res.writeHead(200).end("<html>");
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ cloudId }));
      });
    });
    afterAll(() => site?.close());
    /** Atlassian's site hosts, routed to the loopback site (the host stays in the Host header for the record). */
    const fetchVia = async (url: string, init?: RequestInit) => {
      const target = new URL(url);
      if (!target.pathname.endsWith("/_edge/tenant_info")) return keys.fetch(url, init);
      return fetch(`${site.url}${target.pathname}`, { ...init, headers: { ...init?.headers, "x-site": target.hostname } });
    };
    const install = async (extra: Record<string, unknown> = {}) => {
      const errors: string[] = [];
      const tenants = s.createMemoryTenantStore();
      const { request, payload } = await keys.installed({ appBaseUrl: "https://app.example.com", payload: { baseUrl: "https://example.atlassian.net/wiki", ...extra } });
      const started = Date.now();
      const response = await s.handleInstalled(request, {
        baseUrl: "https://app.example.com",
        tenants,
        fetch: fetchVia,
        tenantInfoTimeout: 200,
        onError: (error) => void errors.push(error.code),
      });
      return { status: response.status, ms: Date.now() - started, errors, tenant: tenants.get(payload.clientKey) };
    };

    test("an install stores the site's cloud id from <origin>/_edge/tenant_info", async () => {
      mode = "ok";
      expect(await install()).toMatchObject({ status: 204, errors: [], tenant: { cloudId } });
      expect(hits.at(-1)).toMatch(/\/_edge\/tenant_info$/);
    });

    test.each(["hang", "huge", "500", "not-json"] as const)("a site that is %s: the install goes on without a cloud id, onError hears ERR_TENANT_INFO", async (m) => {
      mode = m;
      streamed.bytes = 0;
      try {
        const result = await install();
        expect(result).toMatchObject({ status: 204, errors: ["ERR_TENANT_INFO"] });
        expect(result.tenant?.cloudId).toBeUndefined();
        expect(result.ms).toBeLessThan(3000);
        expect(streamed.bytes).toBeLessThan(8 * 1024 * 1024);
      } finally {
        mode = "ok";
      }
    });

    test("a body naming a host that is not an Atlassian site is never asked (no request to where the body points)", async () => {
      const before = hits.length;
      for (const baseUrl of ["https://metadata.internal", "http://example.atlassian.net", "https://example.atlassian.net.evil.example", "https://user@example.atlassian.net"]) {
        expect((await install({ baseUrl })).errors, baseUrl).toEqual(["ERR_TENANT_INFO"]);
      }
      expect(hits.length).toBe(before);
    });

    test("linkCloudIds links every Connect tenant to its cloud id once, and lists what it could not", async () => {
      mode = "ok";
      const tenants = s.createMemoryTenantStore([
        { clientKey: "known", sharedSecret: "s", baseUrl: "https://known.atlassian.net", cloudId: "c-known" },
        { clientKey: "linkable", sharedSecret: "s", baseUrl: "https://linkable.atlassian.net" },
        { clientKey: "elsewhere", sharedSecret: "s", baseUrl: "https://jira.example.com" },
        { cloudId: "forge-only", baseUrl: "https://forge.atlassian.net" },
      ]);
      const report = await s.linkCloudIds({ tenants, fetch: fetchVia });
      expect(report.known).toEqual([{ clientKey: "known", cloudId: "c-known" }]);
      expect(report.linked).toEqual([{ clientKey: "linkable", cloudId }]);
      expect(report.failed).toEqual([{ clientKey: "elsewhere", baseUrl: "https://jira.example.com", error: expect.objectContaining({ code: "ERR_TENANT_INFO" }) }]);
      expect(tenants.getByCloudId(cloudId)?.clientKey).toBe("linkable");
      const again = await s.linkCloudIds({ tenants, fetch: fetchVia });
      expect(again.linked).toEqual([]);
      expect(again.known).toHaveLength(2);
      await expect(s.linkCloudIds({ tenants: { get() {}, set() {}, delete() {} } as never })).rejects.toThrow(/list/);
    });
  });
}
