// The browser core's apFetch against a real backend: a Node http server on 127.0.0.1 that verifies context
// tokens with apkit/server's middleware. Real fetch, real sockets; time is simulated so an hour takes a second.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApFetch } from "apkit";
import { createContextTokenMiddleware, signContextToken, verifyContextToken } from "apkit/server";

const clientKey = randomUUID();
const sharedSecret = randomBytes(32).toString("base64url");
/** True time (ms) for the host that mints tokens and for the backend that verifies them. */
const clock = { now: Date.UTC(2027, 0, 15, 8) };

let server: Server;
let base = "";
const seen: Array<{ path: string; token: string; body: string }> = [];
let renewWith: (() => Promise<string>) | undefined;
let attackerToken = "";
/** What a shared cache in front of the backend replays: the answer (and session token) of another caller. */
let cachedAnswerToken = "";

beforeAll(async () => {
  const auth = createContextTokenMiddleware({ getSharedSecret: (k) => (k === clientKey ? sharedSecret : undefined), now: () => clock.now });
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ path: req.url ?? "", token: String(req.headers.authorization ?? "").replace(/^JWT /, ""), body });
    // A backend route that redirects to another origin (localhost vs 127.0.0.1), which hands out its own token.
    if (req.url === "/to-elsewhere") {
      res.writeHead(302, { location: `${base.replace("127.0.0.1", "localhost")}/elsewhere` }).end();
      return;
    }
    if (req.url === "/shared-cache") {
      res.setHeader("X-acpt", cachedAnswerToken);
      res.end("{}");
      return;
    }
    if (req.url === "/elsewhere") {
      res.setHeader("X-acpt", attackerToken);
      res.end("{}");
      return;
    }
    const claims = await auth(req, res);
    if (!claims) return;
    if (req.url === "/renew" && renewWith) res.setHeader("X-acpt", await renewWith());
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ n: claims.context.n, body }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
});

/** The host's getToken: 15-minute tokens minted at true time, counted. */
function host(ttl = 900) {
  const issued: string[] = [];
  return {
    issued,
    getToken: async () => {
      const iat = Math.floor(clock.now / 1000);
      const token = await signContextToken({ iss: clientKey, sub: "557058:user", context: { n: issued.length }, iat, exp: iat + ttl }, sharedSecret);
      issued.push(token);
      return token;
    },
  };
}

describe("apFetch against a real Node server verifying with apkit/server", () => {
  test("50 concurrent calls on a cold cache: exactly one getToken, all accepted", async () => {
    const h = host();
    const api = createApFetch({ baseUrl: base, getToken: h.getToken, now: () => clock.now });
    const before = seen.length;
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => api(`/items/${i}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(h.issued).toHaveLength(1);
    expect(seen.slice(before).every((s) => s.token === h.issued[0])).toBe(true);
  });

  test("1000 sequential calls over a simulated hour of 15-minute tokens: at most 5 getToken calls, no 401", async () => {
    const h = host();
    const api = createApFetch({ baseUrl: base, getToken: h.getToken, now: () => clock.now });
    const statuses = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const response = await api("/tick");
      statuses.add(response.status);
      await response.arrayBuffer();
      clock.now += 3600;
    }
    expect([...statuses]).toEqual([200]);
    expect(h.issued.length).toBeLessThanOrEqual(5);
  });

  test("a 401 (the browser clock is 20 minutes slow, so it keeps an expired token) refreshes once and succeeds", async () => {
    const h = host();
    const skewed = () => clock.now - 20 * 60_000;
    const api = createApFetch({ baseUrl: base, getToken: h.getToken, now: skewed });
    expect((await api("/first")).status).toBe(200);
    clock.now += 16 * 60_000; // the token has expired for the server; the client thinks it has minutes left
    const before = seen.length;
    const response = await api("/items", { method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ n: 1, body: '{"a":1}' });
    expect(h.issued).toHaveLength(2);
    expect(seen.slice(before).map((s) => [s.path, s.token === h.issued[0] ? "old" : "new", s.body])).toEqual([
      ["/items", "old", '{"a":1}'],
      ["/items", "new", '{"a":1}'],
    ]);
  });

  test("a stream body is not replayed after a 401: ERR_BODY_NOT_REPLAYABLE", async () => {
    const api = createApFetch({ baseUrl: base, getToken: async () => signContextToken({ iss: clientKey, sub: "u", iat: 1, exp: 2 }, sharedSecret), now: () => 0 });
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("streamed"));
        c.close();
      },
    });
    const error = await api("/upload", { method: "POST", body, duplex: "half" } as RequestInit).catch((e) => e);
    expect(error.code).toBe("ERR_BODY_NOT_REPLAYABLE");
    expect(error.response.status).toBe(401);
    expect((await error.response.json()).error.code).toBe("ERR_JWT_EXPIRED");
  });

  test("an X-acpt header from the backend becomes the next token", async () => {
    const h = host();
    const api = createApFetch({ baseUrl: base, getToken: h.getToken, now: () => clock.now });
    const minted: string[] = [];
    renewWith = async () => {
      const iat = Math.floor(clock.now / 1000);
      const token = await signContextToken({ iss: clientKey, sub: "557058:user", context: { n: 42 }, iat, exp: iat + 900 }, sharedSecret);
      minted.push(token);
      return token;
    };
    try {
      expect((await api("/renew")).status).toBe(200);
      expect(await (await api("/after")).json()).toMatchObject({ n: 42 });
      expect(h.issued).toHaveLength(1);
      expect(seen.at(-1)!.token).toBe(minted[0]);
    } finally {
      renewWith = undefined;
    }
  });

  test("security finding 8: X-acpt from a cross-origin redirect target is not adopted", async () => {
    const h = host();
    const api = createApFetch({ baseUrl: base, getToken: h.getToken, now: () => clock.now });
    const iat = Math.floor(clock.now / 1000);
    attackerToken = await signContextToken({ iss: "attacker-site", sub: "557058:attacker", iat, exp: iat + 900 }, randomBytes(32).toString("base64url"));
    const redirected = await api("/to-elsewhere");
    expect(redirected.redirected).toBe(true);
    expect(new URL(redirected.url).hostname).toBe("localhost");
    expect(redirected.headers.get("x-acpt")).toBe(attackerToken);
    const next = await api("/after-redirect");
    expect(next.status).toBe(200);
    expect(seen.at(-1)!.token).toBe(h.issued[0]);
    expect(h.issued).toHaveLength(1);
  });

  test("security review 2, #02: X-acpt of another user or site (an answer a shared cache kept) is not adopted", async () => {
    const iat = Math.floor(clock.now / 1000);
    for (const claims of [{ iss: clientKey, sub: "557058:another-user" }, { iss: "site-A", sub: "557058:user" }]) {
      const h = host();
      const api = createApFetch({ baseUrl: base, getToken: h.getToken, now: () => clock.now });
      cachedAnswerToken = await signContextToken({ ...claims, context: { n: 7 }, iat, exp: iat + 900 }, sharedSecret);
      expect((await api("/shared-cache")).headers.get("x-acpt")).toBe(cachedAnswerToken);
      const after = await api("/after-cache");
      expect(after.status).toBe(200);
      expect(seen.at(-1)!.token).toBe(h.issued[0]);
      expect(await after.json()).toMatchObject({ n: 0 }); // still this user's own context, not the cached one's
    }
  });

  test("session tokens: a backend answering X-acpt on every call keeps apFetch at one getToken per session (an hour)", async () => {
    const sessions = createContextTokenMiddleware({
      getSharedSecret: (k) => (k === clientKey ? sharedSecret : undefined),
      now: () => clock.now,
      sessionTokens: true,
    });
    const tokensSeen: string[] = [];
    const backend = createServer(async (req, res) => {
      tokensSeen.push(String(req.headers.authorization).slice(4));
      const claims = await sessions(req, res);
      if (claims) res.end(JSON.stringify({ n: claims.context.n, sub: claims.accountId }));
    });
    backend.listen(0, "127.0.0.1");
    await once(backend, "listening");
    try {
      const h = host();
      const api = createApFetch({ baseUrl: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`, getToken: h.getToken, now: () => clock.now });
      for (let i = 0; i < 200; i++) {
        const response = await api("/tick");
        expect(response.status).toBe(200);
        // The session token keeps the user and the context of the token it replaced (n: the host token it goes back to).
        expect(await response.json()).toEqual({ n: h.issued.length - 1, sub: "557058:user" });
        clock.now += 18_000; // 200 calls over an hour
      }
      // One host token for the first session; the session ends after an hour (its start is carried in the tokens), so
      // apFetch asks the host once more for the calls after it (security review 2, #01: it used to last for ever).
      expect(h.issued).toHaveLength(2);
      expect(new Set(tokensSeen).size).toBe(200); // every call carried the previous answer's token
      // And each one is a context token apkit/server verifies on its own.
      const claims = await verifyContextToken(tokensSeen.at(-1)!, { getSharedSecret: () => sharedSecret, now: () => clock.now });
      expect(claims).toMatchObject({ clientKey, accountId: "557058:user", context: { n: 1 } });
      expect(claims.expiresAt.getTime() - claims.issuedAt.getTime()).toBe(900_000);
    } finally {
      backend.close();
    }
  });

  test("the token never goes to another origin", async () => {
    const h = host();
    const api = createApFetch({ baseUrl: base, getToken: h.getToken });
    const other = base.replace("127.0.0.1", "localhost");
    await expect(api(`${other}/x`)).rejects.toMatchObject({ code: "ERR_CROSS_ORIGIN_TOKEN" });
    expect(h.issued).toHaveLength(0);
    await expect(createApFetch({ getToken: h.getToken })("/x")).rejects.toThrow(TypeError); // no page origin in Node
  });
});
