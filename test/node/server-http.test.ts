// apkit/server behind real HTTP servers on 127.0.0.1: a plain Node http server and an Express 5 app, driven
// with the real fetch. Covers the adapters (middlewares, toNodeHandler) end to end, install included.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  createContextTokenMiddleware,
  createMemoryTenantStore,
  createRequestTokenMiddleware,
  computeQsh,
  errorResponse,
  handleInstalled,
  handleUninstalled,
  toNodeHandler,
  verifyRequestToken,
  type LifecycleOptions,
  type TenantStore,
} from "apkit/server";
import { HS256, clientKey, craft, keyServerFetch, rsaKeys, secret } from "./server-helpers.js";

const keys = rsaKeys();
const kid = "0f1e2d3c-4b5a-4697-8877-665544332211";
const keyServer = keyServerFetch({ [kid]: keys.pem });
const tenants = createMemoryTenantStore();
const nowS = () => Math.floor(Date.now() / 1000);

let nodeServer: Server;
let expressServer: Server;
let nodeBase = "";
let expressBase = "";

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const lifecycle = (baseUrl: string, store: TenantStore = tenants): LifecycleOptions => ({ baseUrl, tenants: store, fetch: keyServer.fetch });

beforeAll(async () => {
  // Plain Node http: the middleware without next resolves the claims, or undefined once it has answered.
  const auth = createContextTokenMiddleware({ tenants });
  const nodeRoutes: Record<string, (req: any, res: any) => Promise<void>> = {};
  nodeServer = createServer(async (req, res) => {
    try {
      const path = (req.url ?? "/").split("?")[0]!;
      const route = nodeRoutes[`${req.method} ${path}`];
      if (route) return await route(req, res);
      const claims = await auth(req, res);
      if (!claims) return;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ server: "node", clientKey: claims.clientKey, accountId: claims.accountId, context: claims.context }));
    } catch (error) {
      res.statusCode = 500;
      res.end(JSON.stringify({ unexpected: String(error) }));
    }
  });
  nodeBase = await listen(nodeServer);
  nodeRoutes["POST /installed"] = toNodeHandler((request) => handleInstalled(request, lifecycle(nodeBase)), { maxBodyBytes: 4096 });
  nodeRoutes["POST /uninstalled"] = toNodeHandler((request) => handleUninstalled(request, lifecycle(nodeBase)));

  // Express 5: a JSON body parser in front of the lifecycle routes, the middlewares, a mounted router.
  const app = express();
  expressServer = createServer(app);
  expressBase = await listen(expressServer);
  app.post("/installed", express.json(), toNodeHandler((request) => handleInstalled(request, lifecycle(expressBase))));
  app.post("/uninstalled", toNodeHandler((request) => handleUninstalled(request, lifecycle(expressBase))));
  app.use("/api", createContextTokenMiddleware({ tenants }));
  app.get("/api/me", (req, res) => {
    res.json({ server: "express", clientKey: req.apkit!.clientKey, fromLocals: (res.locals.apkit as { accountId: string }).accountId });
  });
  const pages = express.Router();
  pages.get("/panel", createRequestTokenMiddleware({ baseUrl: expressBase, tenants }), (req, res) => {
    res.type("html").send(`<p>${req.apkit!.clientKey}</p>`);
  });
  app.use("/pages", pages);
  const failing = createContextTokenMiddleware({
    tenants: { get: () => Promise.reject(new Error("database down")), set() {}, delete() {} },
  });
  app.get("/failing", failing, (_req, res) => {
    res.send("unreachable");
  });
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ handled: error.message });
  });
});

afterAll(async () => {
  nodeServer?.close();
  expressServer?.close();
});

function installToken(iss: string, base: string, path: string) {
  return computeQsh("POST", `${base}${path}`, base).then((qsh) =>
    keys.sign({ kid }, { iss, aud: [base], qsh, iat: nowS(), exp: nowS() + 180, sub: "557058:installer" }),
  );
}
function installBody(ck: string, sharedSecret: string, eventType = "installed") {
  return { key: "com.example.app", clientKey: ck, sharedSecret, baseUrl: "https://example.atlassian.net", productType: "jira", eventType };
}
function contextToken(iss: string, key: string, extra: Record<string, unknown> = {}) {
  return craft(HS256, { iss, sub: "557058:user", qsh: "context-qsh", iat: nowS(), exp: nowS() + 900, context: { jira: { issue: { id: "1" } } }, ...extra }, key);
}
async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe.each([
  ["node http", () => nodeBase, "/"],
  ["express", () => expressBase, "/api/me"],
] as const)("%s on 127.0.0.1", (name, base, path) => {
  const ck = clientKey();
  const key = secret();

  test("installs through /installed with a signed RS256 token", async () => {
    const token = await installToken(ck, base(), "/installed");
    const response = await call(`${base()}/installed`, {
      method: "POST",
      headers: { authorization: `JWT ${token}`, "content-type": "application/json" },
      body: JSON.stringify(installBody(ck, key)),
    });
    expect(response.status).toBe(204);
    expect(tenants.get(ck)?.sharedSecret).toBe(key);
  });

  test("a good context token passes, with claims", async () => {
    const response = await call(`${base()}${path}`, { headers: { authorization: `JWT ${contextToken(ck, key)}` } });
    expect(response.status).toBe(200);
    if (name === "express") expect(response.body).toEqual({ server: "express", clientKey: ck, fromLocals: "557058:user" });
    else expect(response.body).toEqual({ server: "node", clientKey: ck, accountId: "557058:user", context: { jira: { issue: { id: "1" } } } });
  });

  test.each([
    ["expired", () => ({ authorization: `JWT ${contextToken(ck, key, { iat: nowS() - 1000, exp: nowS() - 100 })}` }), "ERR_JWT_EXPIRED"],
    ["tampered", () => ({ authorization: `JWT ${tamper(contextToken(ck, key))}` }), "ERR_JWT_SIGNATURE"],
    ["signed with another secret", () => ({ authorization: `JWT ${contextToken(ck, secret())}` }), "ERR_JWT_SIGNATURE"],
    ["missing", () => ({}), "ERR_JWT_MISSING"],
    // Answered like a bad signature: the answer must not tell which sites have the app (finding 6).
    ["for an unknown tenant", () => ({ authorization: `JWT ${contextToken(clientKey(), key)}` }), "ERR_JWT_SIGNATURE"],
    ["alg none", () => ({ authorization: `JWT ${noneToken(ck)}` }), "ERR_JWT_ALG"],
  ])("a %s token is answered 401 with a JSON error", async (_case, headers, code) => {
    const response = await call(`${base()}${path}`, { headers: headers() });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe("string");
    expect(response.headers.get("www-authenticate")).toBe("JWT");
  });

  test("uninstall through /uninstalled (streamed body), then the tenant's tokens are refused", async () => {
    const token = await installToken(ck, base(), "/uninstalled");
    const response = await call(`${base()}/uninstalled`, {
      method: "POST",
      headers: { authorization: `JWT ${token}`, "content-type": "application/json" },
      body: JSON.stringify(installBody(ck, key, "uninstalled")),
    });
    expect(response.status).toBe(204);
    const after = await call(`${base()}${path}`, { headers: { authorization: `JWT ${contextToken(ck, key)}` } });
    expect(after).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_SIGNATURE" } } });
  });

  test("finding 6: an unknown clientKey and a bad signature get byte-identical answers", async () => {
    const answer = async (token: string) => {
      const r = await fetch(`${base()}${path}`, { headers: { authorization: `JWT ${token}` } });
      const headers = Object.fromEntries([...r.headers].filter(([name]) => !["date", "etag", "x-powered-by", "keep-alive", "connection"].includes(name)));
      return { status: r.status, headers, body: await r.text() };
    };
    const installed = clientKey();
    tenants.set({ clientKey: installed, sharedSecret: secret(), baseUrl: "https://example.atlassian.net", key: "com.example.app" });
    const unknown = await answer(contextToken(clientKey(), key));
    const wrongSignature = await answer(contextToken(installed, secret()));
    expect(unknown).toEqual(wrongSignature);
    expect(unknown.status).toBe(401);
  });
});

describe("finding 5: plain Node http, the documented pattern (no try/catch, a plain-object lookup)", () => {
  let server: Server;
  let url = "";
  const logged: unknown[][] = [];
  const ck = clientKey();
  const key = secret();
  beforeAll(async () => {
    const secrets: Record<string, string> = { [ck]: key };
    const auth = createContextTokenMiddleware({ getSharedSecret: (k) => secrets[k] });
    const failing = createContextTokenMiddleware({ getSharedSecret: () => Promise.reject(new Error("database down")) });
    server = createServer(async (req, res) => {
      // Exactly as docs/server.md shows it: an unhandled rejection here would end the process.
      const claims = await (req.url === "/failing" ? failing : auth)(req, res);
      if (claims) res.end(`hello ${claims.accountId}`);
    });
    url = await listen(server);
  });
  afterAll(() => {
    server?.close();
  });

  test.each(["constructor", "__proto__", "toString"])("iss %j is answered 401, and the server lives on", async (iss) => {
    const response = await call(url, { headers: { authorization: `JWT ${contextToken(iss, "guess")}` } });
    expect(response).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_SIGNATURE" } } });
    expect((await fetch(url, { headers: { authorization: `JWT ${contextToken(ck, key)}` } })).status).toBe(200);
  });

  test("an unexpected error (the lookup's own failure) is answered 500 and logged, never a rejection", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
    const response = await call(`${url}/failing`, { headers: { authorization: `JWT ${contextToken(ck, key)}` } });
    expect(response).toMatchObject({ status: 500, body: { error: { code: "ERR_INTERNAL" } } });
    expect(JSON.stringify(response.body)).not.toMatch(/database/);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String(logged[0]?.[0])).toMatch(/^\[apkit\/server\]/);
    expect((logged[0]?.[1] as Error).message).toBe("database down");
  });
});

describe("adapters", () => {
  test("a forged install over an existing tenant is refused over HTTP and the tenant keeps its secret", async () => {
    const ck = clientKey();
    const key = secret();
    const ok = await call(`${expressBase}/installed`, {
      method: "POST",
      headers: { authorization: `JWT ${await installToken(ck, expressBase, "/installed")}`, "content-type": "application/json" },
      body: JSON.stringify(installBody(ck, key)),
    });
    expect(ok.status).toBe(204);
    const stolen = secret();
    const forged = await call(`${expressBase}/installed`, {
      method: "POST",
      headers: { authorization: `JWT ${craft(HS256, { iss: ck, aud: expressBase, qsh: "x", iat: nowS(), exp: nowS() + 60 }, stolen)}`, "content-type": "application/json" },
      body: JSON.stringify(installBody(ck, stolen)),
    });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_ALG" } } });
    const other = clientKey();
    const misbound = await call(`${expressBase}/installed`, {
      method: "POST",
      headers: { authorization: `JWT ${await installToken(other, expressBase, "/installed")}`, "content-type": "application/json" },
      body: JSON.stringify(installBody(ck, stolen)),
    });
    expect(misbound).toMatchObject({ status: 403, body: { error: { code: "ERR_INSTALL_CLIENT_KEY" } } });
    expect(tenants.get(ck)?.sharedSecret).toBe(key);
  });

  test("request-token middleware in a mounted Express router checks the qsh of the original URL", async () => {
    const ck = clientKey();
    const key = secret();
    tenants.set({ clientKey: ck, sharedSecret: key, baseUrl: "https://example.atlassian.net", key: "com.example.app" });
    const qsh = await computeQsh("GET", "/pages/panel?issueKey=ABC-1", expressBase);
    const token = craft(HS256, { iss: ck, sub: "557058:user", qsh, iat: nowS(), exp: nowS() + 180 }, key);
    const page = await fetch(`${expressBase}/pages/panel?issueKey=ABC-1&jwt=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(`<p>${ck}</p>`);
    const replayed = await call(`${expressBase}/pages/panel?issueKey=ABC-2&jwt=${token}`);
    expect(replayed).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_QSH" } } });
    const contextTokenAsPage = await call(`${expressBase}/pages/panel?jwt=${contextToken(ck, key)}`);
    expect(contextTokenAsPage).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_QSH" } } });
  });

  test("unexpected errors (a failing tenant store) reach Express's error handler, not a 401", async () => {
    const ck = clientKey();
    const response = await call(`${expressBase}/failing`, { headers: { authorization: `JWT ${contextToken(ck, secret())}` } });
    expect(response).toEqual(expect.objectContaining({ status: 500, body: { handled: "database down" } }));
  });

  test("sessionTokens: X-acpt on the answer before the route writes; store failures still reach Express's error handler", async () => {
    const ck = clientKey();
    const key = secret();
    const store = createMemoryTenantStore([{ clientKey: ck, sharedSecret: key, baseUrl: "https://example.atlassian.net", key: "app" }]);
    let failing = false;
    const app = express();
    app.use(createContextTokenMiddleware({ tenants: { ...store, get: (k: string) => (failing ? Promise.reject(new Error("db down")) : store.get(k)) }, sessionTokens: true }));
    app.get("/", (req, res) => void res.json({ clientKey: req.apkit!.clientKey, secretOnReq: JSON.stringify(req.apkit).includes(key) }));
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).json({ handled: error.message }));
    const server = createServer(app);
    const base = await listen(server);
    try {
      const ok = await call(base, { headers: { authorization: `JWT ${contextToken(ck, key)}` } });
      expect(ok.body).toEqual({ clientKey: ck, secretOnReq: false });
      const session = ok.headers.get("x-acpt")!;
      expect(session.split(".")).toHaveLength(3);
      expect((await call(base, { headers: { authorization: `JWT ${session}` } })).status).toBe(200);
      expect((await call(base, { headers: { authorization: `JWT ${contextToken(ck, secret())}` } })).headers.get("x-acpt")).toBeNull();
      failing = true;
      expect(await call(base, { headers: { authorization: `JWT ${session}` } })).toMatchObject({ status: 500, body: { handled: "db down" } });
    } finally {
      server.close();
    }
  });

  test("security review 2, #02 on Express: a route marked public, max-age gets no X-acpt; a default one gets a private answer", async () => {
    const ck = clientKey();
    const key = secret();
    const app = express();
    app.use(createContextTokenMiddleware({ tenants: createMemoryTenantStore([{ clientKey: ck, sharedSecret: key, baseUrl: "https://example.atlassian.net", key: "app" }]), sessionTokens: true }));
    app.get("/cdn", (_req, res) => void res.set("Cache-Control", "public, max-age=600").json({ shared: true }));
    app.get("/mine", (_req, res) => void res.json({ shared: false }));
    const server = createServer(app);
    const base = await listen(server);
    try {
      const shared = await call(`${base}/cdn`, { headers: { authorization: `JWT ${contextToken(ck, key)}` } });
      expect(shared).toMatchObject({ status: 200, body: { shared: true } });
      expect(shared.headers.get("x-acpt")).toBeNull();
      expect(shared.headers.get("cache-control")).toBe("public, max-age=600");
      const mine = await call(`${base}/mine`, { headers: { authorization: `JWT ${contextToken(ck, key)}` } });
      expect(mine.headers.get("x-acpt")).toBeTruthy();
      expect(mine.headers.get("cache-control")).toBe("private, no-store");
      expect(mine.headers.get("vary")).toMatch(/Authorization/);
    } finally {
      server.close();
    }
  });

  test("issue 21: every middleware's onError hears the real reason while the answer stays the same refusal; a throwing hook is a 500", async () => {
    const ck = clientKey();
    const key = secret();
    const store = createMemoryTenantStore([{ clientKey: ck, sharedSecret: key, baseUrl: "https://example.atlassian.net", key: "app" }]);
    const heard: Array<[string, string, string | undefined]> = [];
    const app = express();
    app.get("/context", createContextTokenMiddleware({ tenants: store, onError: (error, req) => void heard.push(["context", error.code, req.url]) }), (_req, res) => void res.end("ok"));
    const signed = createRequestTokenMiddleware({ baseUrl: "http://app.test", tenants: store, onError: (error, req) => void heard.push(["request", error.code, req.url]) });
    app.get("/page", signed, (_req, res) => void res.end("ok"));
    app.get("/throwing", createContextTokenMiddleware({ tenants: store, onError: () => { throw new Error("logger down"); } }), (_req, res) => void res.end("ok"));
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).json({ handled: error.message }));
    const server = createServer(app);
    const base = await listen(server);
    try {
      const unknown = await call(`${base}/context`, { headers: { authorization: `JWT ${contextToken(clientKey(), key)}` } });
      const forged = await call(`${base}/context`, { headers: { authorization: `JWT ${contextToken(ck, secret())}` } });
      expect(unknown.body).toEqual(forged.body);
      expect(unknown.body).toEqual({ error: { code: "ERR_JWT_SIGNATURE", message: "The token could not be verified." } });
      expect((await call(`${base}/page?jwt=${contextToken(ck, key)}`)).status).toBe(401);
      expect(heard).toEqual([
        ["context", "ERR_JWT_TENANT", "/context"],
        ["context", "ERR_JWT_SIGNATURE", "/context"],
        ["request", "ERR_JWT_QSH", expect.stringMatching(/^\/page\?jwt=/)],
      ]);
      expect(await call(`${base}/throwing`, { headers: {} })).toMatchObject({ status: 500, body: { handled: "logger down" } });
      expect(() => createContextTokenMiddleware({ tenants: store, onError: "console" as never })).toThrow(TypeError);
    } finally {
      server.close();
    }
  });

  test("toNodeHandler answers 413 past maxBodyBytes without calling the handler", async () => {
    const tooBig = await call(`${nodeBase}/installed`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(5000) });
    expect(tooBig).toMatchObject({ status: 413, body: { error: { code: "ERR_BODY_TOO_LARGE" } } });
  });

  test("the key server was asked for the one kid only, once", () => {
    expect(keyServer.calls.filter((url) => !url.endsWith("/_edge/tenant_info"))).toEqual([`https://connect-install-keys.atlassian.com/${kid}`]);
  });
});

function tamper(token: string): string {
  const [h, p, sig] = token.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(p, "base64url").toString());
  claims.sub = "557058:admin";
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
}
function noneToken(iss: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${enc({ alg: "none", typ: "JWT" })}.${enc({ iss, sub: "x", qsh: "context-qsh", iat: nowS(), exp: nowS() + 60 })}.${enc("sig")}`;
}

// Connect webhooks: Atlassian POSTs the event with a request token (Authorization: JWT) whose qsh covers the method,
// path and query; the body is not signed, so the route validates it. Express and a Request -> Response handler.
describe("webhooks (request tokens over POST, body validated)", () => {
  const ck = clientKey();
  const key = secret();
  const store = createMemoryTenantStore([{ clientKey: ck, sharedSecret: key, baseUrl: "https://example.atlassian.net", key: "app" }]);
  let server: Server;
  let base = "";
  const received: unknown[] = [];
  const IssueUpdated = z.object({ webhookEvent: z.literal("jira:issue_updated"), issue: z.object({ key: z.string() }) });

  beforeAll(async () => {
    const app = express();
    server = createServer(app);
    base = await listen(server);
    // Webhook tokens are signed for the app, not a user: they may have no sub.
    const signed = createRequestTokenMiddleware({ baseUrl: base, tenants: store, allowAnonymous: true });
    app.post("/webhooks/issue-updated", express.json(), signed, (req, res) => {
      const event = IssueUpdated.safeParse(req.body);
      if (!event.success) return void res.status(400).json({ error: { code: "BAD_WEBHOOK", message: event.error.issues[0]!.message } });
      received.push({ via: "express", clientKey: req.apkit!.clientKey, issue: event.data.issue.key });
      res.sendStatus(204);
    });
    // The same route as a Request -> Response handler (Next.js, Hono, workers), mounted through toNodeHandler here.
    app.post(
      "/web/webhooks/issue-updated",
      toNodeHandler(async (request) => {
        try {
          const { clientKey: from } = await verifyRequestToken(request, { baseUrl: base, tenants: store, allowAnonymous: true });
          const event = IssueUpdated.safeParse(await request.json().catch(() => undefined));
          if (!event.success) return Response.json({ error: { code: "BAD_WEBHOOK" } }, { status: 400 });
          received.push({ via: "web", clientKey: from, issue: event.data.issue.key });
          return new Response(null, { status: 204 });
        } catch (error) {
          return errorResponse(error);
        }
      }),
    );
  });
  afterAll(() => {
    server?.close();
  });

  const hook = async (path: string, body: unknown, { signedFor = path, method = "POST" } = {}) => {
    const qsh = await computeQsh("POST", signedFor, base);
    const token = craft(HS256, { iss: ck, qsh, iat: nowS(), exp: nowS() + 180 }, key);
    const response = await fetch(`${base}${path}`, { method, headers: { authorization: `JWT ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  };
  const event = { webhookEvent: "jira:issue_updated", issue: { key: "ABC-1" } };

  test.each(["/webhooks/issue-updated", "/web/webhooks/issue-updated"])("%s: a signed event is accepted; replays elsewhere and bad bodies are not", async (route) => {
    received.length = 0;
    expect(await hook(`${route}?issueKey=ABC-1&user_id=557058%3Ax`, event)).toEqual({ status: 204, body: undefined });
    expect(received).toEqual([{ via: route.startsWith("/web/") ? "web" : "express", clientKey: ck, issue: "ABC-1" }]);
    // A token signed for another query or path is refused; so is an unsigned call.
    expect(await hook(`${route}?issueKey=ABC-2`, event, { signedFor: `${route}?issueKey=ABC-1` })).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_QSH" } } });
    expect(await hook(route, event, { signedFor: "/webhooks/other" })).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_QSH" } } });
    expect((await fetch(`${base}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) })).status).toBe(401);
    // The body is not covered by the token: the route's schema is what keeps junk out.
    expect(await hook(route, { webhookEvent: "jira:issue_deleted" })).toMatchObject({ status: 400 });
    expect(received).toHaveLength(1);
  });
});
