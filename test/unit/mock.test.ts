// createMockAP itself: install/uninstall, request handlers and the request pipeline (handlers → property backend →
// onUnhandledRequest → fetch), both all.js answer shapes, faults, the calls log, tokens. The UI controls are in
// mock-ui.test.ts; the contract with the real bridge in test/contract.
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, test, vi } from "vitest";
import { getContext, getCurrentUser, getLocale, getTimeZone, getToken, request, requestJson, createPropertyStore, contentProperties, issueProperties, events } from "apkit";
import { createContextTokenVerifier, createMemoryTenantStore, verifyContextToken } from "apkit/server";
import { createMockAP, createPropertyBackend, empty, json, networkError, rest, text, type MockAP, type RequestHandler } from "apkit/testing";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const quiet = { warn: () => {} };

describe("install / uninstall", () => {
  test("install puts the app iframe's AP on window and uninstall puts back what was there (also nothing)", () => {
    const mock = createMockAP();
    expect("AP" in window).toBe(false);
    expect(mock.install()).toBe(mock);
    expect((window as any).AP).toBe(mock.ap);
    expect(mock.ap).toBe(mock.main.ap);
    mock.uninstall();
    expect("AP" in window).toBe(false);
    const previous = { mine: true };
    (window as any).AP = previous;
    mock.install();
    mock.install(); // twice: still restores the original
    mock.uninstall();
    mock.uninstall();
    expect((window as any).AP).toBe(previous);
  });

  test("Symbol.dispose uninstalls, so `using` works", () => {
    {
      using mock = createMockAP().install();
      expect((window as any).AP).toBe(mock.ap);
    }
    expect("AP" in window).toBe(false);
  });

  test("the iframe looks like a Connect iframe: AP._data, host modules, all.js's AP.resize", () => {
    const mock = createMockAP({ addonKey: "my-app", moduleKey: "panel", frameOptions: { isFullPage: true } });
    expect(mock.ap._data).toEqual({ extension_id: mock.main.id, options: { isFullPage: true } });
    expect(Object.keys(mock.ap).sort()).toEqual(
      [
        // host modules
        ...["context", "cookie", "dialog", "dropdown", "env", "events", "flag", "history", "host", "inlineDialog", "jira", "messages"],
        ...["navigator", "page", "request", "scrollPosition", "theming", "user"],
        // all.js's own
        ...["_data", "Dialog", "Meta", "addRequestMarshal", "define", "defineGlobal", "defineModule", "getLocation", "hideFooter"],
        ...["localUrl", "meta", "require", "resize", "sizeToParent"],
      ].sort(),
    );
    expect([mock.main.addonKey, mock.main.moduleKey]).toEqual(["my-app", "panel"]);
  });

  test("the product decides between the jira and the confluence module", () => {
    expect(createMockAP({ context: { confluence: { content: { id: "1" } } } }).ap.confluence).toBeDefined();
    expect(createMockAP({ context: { confluence: { content: { id: "1" } } } }).ap.jira).toBeUndefined();
    expect(createMockAP({ product: "confluence" }).tenant.productType).toBe("confluence");
  });
});

describe("context, user and tokens", () => {
  test("getContext answers the iframe's context; user methods answer through callbacks", async () => {
    const context = { jira: { issue: { id: "7", key: "X-7" } } };
    const mock = createMockAP({ context, user: { accountId: "557058:ada", locale: "de-DE", timeZone: "Europe/Vienna" } }).install();
    expect(await getContext()).toEqual(context);
    expect(await getCurrentUser()).toEqual({ atlassianAccountId: "557058:ada" });
    expect([await getLocale(), await getTimeZone()]).toEqual(["de-DE", "Europe/Vienna"]);
    const sibling = mock.connect({ context: { jira: { project: { id: "1" } } } });
    expect(await sibling.run(() => getContext())).toEqual({ jira: { project: { id: "1" } } });
  });

  test("getToken is a real HS256 context JWT: apkit/server verifies it with the mock's tenant; the clock and ttl are options", async () => {
    const now = Date.UTC(2030, 0, 1);
    const mock = createMockAP({ clientKey: "client-1", tokenTtl: 60, now: () => now, context: { jira: { issue: { id: "1" } } } }).install();
    const token = await getToken();
    const claims = await verifyContextToken(token, { tenants: createMemoryTenantStore([mock.tenant]), now: () => now + 59_000 });
    expect(claims).toMatchObject({ clientKey: "client-1", accountId: "557058:mock-user", context: { jira: { issue: { id: "1" } } } });
    expect(claims.payload).toMatchObject({ qsh: "context-qsh", iat: now / 1000, exp: now / 1000 + 60 });
    await expect(verifyContextToken(token, { tenants: createMemoryTenantStore([mock.tenant]), now: () => now + 61_000 })).rejects.toMatchObject({
      code: "ERR_JWT_EXPIRED",
    });
    // each mock has its own secret unless given one
    expect(createMockAP().tenant.sharedSecret).not.toBe(mock.tenant.sharedSecret);
    expect(createMockAP({ sharedSecret: "s3cret" }).tenant.sharedSecret).toBe("s3cret");
  });

  test("a server route verifies the token the mock minted (createContextTokenVerifier on a Request)", async () => {
    const mock = createMockAP().install();
    const verify = createContextTokenVerifier({ tenants: createMemoryTenantStore([mock.tenant]) });
    const route = async (req: Request) => {
      try {
        const { accountId, context } = await verify(req);
        return Response.json({ accountId, context });
      } catch (e: any) {
        return Response.json({ code: e.code }, { status: 401 });
      }
    };
    const ok = await route(new Request("https://app.example/api/me", { headers: { authorization: `JWT ${await getToken()}` } }));
    expect(await ok.json()).toEqual({ accountId: "557058:mock-user", context: mock.main.context });
    const forged = await route(new Request("https://app.example/api/me", { headers: { authorization: `JWT ${await getToken()}x` } }));
    expect([forged.status, (await forged.json()).code]).toEqual([401, "ERR_JWT_SIGNATURE"]);
  });
});

describe("request handlers", () => {
  test("path params, query and the JSON body reach the resolver; typed params", async () => {
    const seen: unknown[] = [];
    const mock = createMockAP().install();
    mock.request.put("/rest/api/3/issue/:key/comment/:id", ({ params, query, body, method, headers, frame }) => {
      expectTypeOf(params).toEqualTypeOf<{ key: string; id: string }>();
      seen.push({ params, q: query.get("expand"), body, method, headers, frame: frame.moduleKey });
      return json({ ok: true });
    });
    const r = await request("/rest/api/3/issue/ABC-1/comment/a%20b?expand=x", { method: "PUT", body: { text: "hi" }, headers: { "If-Match": "1" } });
    expect(await r.json()).toEqual({ ok: true });
    expect(seen).toEqual([
      { params: { key: "ABC-1", id: "a b" }, q: "x", body: { text: "hi" }, method: "PUT", headers: { "content-type": "application/json", "if-match": "1" }, frame: "mock-module" },
    ]);
  });

  test("status, headers and body of each helper arrive as a standard Response; a standard Response works too", async () => {
    const mock = createMockAP().install();
    mock.request.get("/json", () => json({ a: 1 }, { status: 201, headers: { ETag: '"v1"' } }));
    mock.request.get("/text", () => text("hello", { status: 202 }));
    mock.request.get("/empty", () => empty());
    mock.request.get("/forbidden", () => empty(403));
    mock.request.get("/std", () => new Response("std", { status: 418, statusText: "Teapot", headers: { "x-a": "b" } }));
    const a = await request("/json");
    expect([a.status, a.statusText, a.headers.get("etag"), a.headers.get("content-type"), await a.json()]).toEqual([201, "Created", '"v1"', "application/json;charset=UTF-8", { a: 1 }]);
    const b = await request("/text");
    expect([b.status, b.headers.get("content-type"), await b.text()]).toEqual([202, "text/plain;charset=UTF-8", "hello"]);
    const c = await request("/empty");
    expect([c.status, c.body]).toEqual([204, null]);
    const d = await request("/forbidden");
    expect([d.status, d.ok, d.statusText]).toEqual([403, false, "Forbidden"]);
    const e = await request("/std");
    expect([e.status, e.statusText, e.headers.get("x-a"), await e.text()]).toEqual([418, "Teapot", "b", "std"]);
  });

  test("a resolver that returns nothing passes to the next handler; use() prepends; once answers once; resetHandlers keeps the initial ones", async () => {
    const initial = rest.get("/who", () => json("initial"));
    const mock = createMockAP({ handlers: [initial] }).install();
    const who = () => requestJson("/who");
    expect(await who()).toBe("initial");
    mock.use(rest.get("/who", ({ query }) => (query.has("skip") ? undefined : json("runtime"))));
    expect(await who()).toBe("runtime");
    expect(await requestJson("/who?skip")).toBe("initial");
    mock.request.get("/who", () => json("once"), { once: true });
    expect(await who()).toBe("once");
    expect(await who()).toBe("runtime");
    expect(mock.listHandlers().map((h) => [h.header, h.used])).toEqual([
      ["GET /who", true],
      ["GET /who", false],
      ["GET /who", false],
    ]);
    mock.resetHandlers();
    expect(mock.listHandlers()).toEqual([initial]);
    expect(await who()).toBe("initial");
    mock.resetHandlers(rest.all("/who", ({ method }) => json(method)));
    expect(await requestJson("/who", { method: "DELETE" })).toBe("DELETE");
  });

  test("* matches the rest of a path; a RegExp's groups become params", async () => {
    const mock = createMockAP().install();
    mock.request.get("/rest/agile/*", ({ params }) => json(params));
    mock.request.get(/^\/wiki\/(?<space>[A-Z]+)\/(\d+)$/, ({ params }) => json(params));
    expect(await requestJson("/rest/agile/1.0/board/7")).toEqual({ "*": "1.0/board/7" });
    expect(await requestJson("/wiki/DOC/42")).toEqual({ space: "DOC" });
  });

  test("a resolver that throws answers 500 (and logs); one that returns a plain object is a TypeError", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const mock = createMockAP().install();
    mock.request.get("/throws", () => {
      throw new Error("bug in the handler");
    });
    mock.request.get("/plain", () => ({ key: "ABC-1" }) as never);
    const r = await request("/throws");
    expect([r.status, (await r.json()).errorMessages]).toEqual([500, ["Error: bug in the handler"]]);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("the handler GET /throws threw"), expect.any(Error));
    const plain = await request("/plain");
    expect(plain.status).toBe(500);
    expect(await plain.text()).toContain("return json(...)");
  });

  test("bad handlers are TypeErrors at once", () => {
    expect(() => rest.get("no-slash", () => json(1))).toThrow(TypeError);
    expect(() => rest.get("/x", undefined as never)).toThrow(TypeError);
    expect(() => json(undefined)).toThrow(TypeError);
    expect(() => json(1, { status: 99 })).toThrow(TypeError);
  });

  test("networkError(): no status at all, apkit's request() rejects with ERR_HOST", async () => {
    const mock = createMockAP().install();
    mock.request.get("/down", () => networkError());
    await expect(request("/down")).rejects.toMatchObject({ code: "ERR_HOST" });
    expect(mock.requests.at(-1)).toMatchObject({ path: "/down", status: 0, handledBy: "handler" });
  });

  test("binary: the body arrives as bytes", async () => {
    const mock = createMockAP().install();
    mock.request.get("/file", () => text("bytes!"));
    const r = await request("/file", { binary: true });
    expect(new TextDecoder().decode(await r.arrayBuffer())).toBe("bytes!");
  });
});

describe("the answer shape of each all.js", () => {
  const handlers = [
    rest.get("/ok", () => json({ a: 1 }, { headers: { "x-id": "7" } })),
    rest.get("/missing", () => json({ errorMessages: ["no"] }, { status: 404 })),
  ];

  test('"cdn" (default): { body, xhr } with header functions on xhr; success/error callbacks are called', async () => {
    const mock = createMockAP({ handlers });
    const success = vi.fn();
    const ok = await mock.ap.request({ url: "/ok", success });
    expect(ok.body).toBe('{"a":1}');
    expect(ok.xhr.getResponseHeader("X-ID")).toBe("7");
    expect(ok.xhr.getResponseHeader("nope")).toBeNull();
    expect(ok.xhr.getAllResponseHeaders()).toBe("content-type: application/json;charset=UTF-8\r\nx-id: 7\r\n");
    expect(ok.xhr).toMatchObject({ status: 200, statusText: "OK", responseText: '{"a":1}' });
    expect(success).toHaveBeenCalledWith('{"a":1}', "OK", ok.xhr);
    const error = vi.fn();
    const failed = await mock.ap.request("/missing", { error }).catch((e: unknown) => e);
    expect(failed.err).toBe("Not Found");
    expect(failed.xhr.status).toBe(404);
    expect(typeof failed.xhr.getAllResponseHeaders).toBe("function");
    expect(error).toHaveBeenCalledWith(failed.xhr, "Not Found", "Not Found");
  });

  test('"npm": plain-data xhr with a headers object; callbacks are dropped with the bridge\'s warning', async () => {
    const warn = vi.fn();
    const mock = createMockAP({ handlers, allJs: "npm", warn });
    const ok = await mock.ap.request({ url: "/ok", success: () => {} });
    expect(ok.xhr).toEqual({ status: 200, statusText: "OK", responseText: '{"a":1}', headers: { "content-type": "application/json;charset=UTF-8", "x-id": "7" } });
    expect(warn).toHaveBeenCalledWith("[Simple-XDM] A function was detected and removed from the message.");
  });

  test("apkit reads both the same way", async () => {
    for (const allJs of ["cdn", "npm"] as const) {
      const mock = createMockAP({ handlers, allJs, ...quiet }).install();
      const r = await request("/ok");
      expect([r.status, r.headers.get("x-id"), await r.json()]).toEqual([200, "7", { a: 1 }]);
      await expect(requestJson("/missing")).rejects.toMatchObject({ code: "ERR_HTTP_STATUS", status: 404, body: { errorMessages: ["no"] } });
      mock.uninstall();
    }
  });
});

describe("the property backend", () => {
  test("property paths go to createPropertyBackend (every entity exists by default); a handler answers first", async () => {
    const mock = createMockAP().install();
    const store = createPropertyStore(issueProperties("ANY-1"));
    await store.set("k", { v: 1 });
    expect(await store.get("k")).toEqual({ v: 1 });
    expect(mock.properties!.data.get("issue/ANY-1")?.get("k")).toEqual({ value: { v: 1 } });
    expect(mock.requests.map((r) => r.handledBy)).toEqual(["properties", "properties"]);
    mock.request.get("/rest/api/3/issue/:id/properties/:key", () => json({ key: "k", value: "from handler" }));
    expect(await store.get("k")).toBe("from handler");
  });

  test("backend options, a backend of your own, or none", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    createMockAP({ properties: { entities: ["pages/1"] } }).install();
    await createPropertyStore(contentProperties("1")).set("a", 1);
    await expect(createPropertyStore(contentProperties("2")).get("a")).rejects.toMatchObject({ code: "ERR_PROPERTY_TARGET_NOT_FOUND" });
    const backend = createPropertyBackend();
    const mock = createMockAP({ properties: backend }).install();
    await createPropertyStore(issueProperties("X-1")).set("b", 2);
    expect(mock.properties).toBe(backend);
    expect(backend.data.get("issue/X-1")?.get("b")).toEqual({ value: 2 });
    const none = createMockAP({ properties: false }).install();
    await expect(createPropertyStore(issueProperties("X-1")).get("b")).rejects.toMatchObject({ code: "ERR_HOST" });
    expect(none.requests.at(-1)?.handledBy).toBe("unhandled");
    expect(error).toHaveBeenCalledWith(expect.stringContaining("AP.request GET /rest/api/3/issue/X-1/properties/b has no handler"));
  });
});

describe("onUnhandledRequest and forwarding to fetch (msw answers)", () => {
  test('"error" (default): logged, answered as a network failure', async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const mock = createMockAP().install();
    await expect(request("/rest/api/3/nothing")).rejects.toMatchObject({ code: "ERR_HOST" });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^\[apkit\/testing\] AP\.request GET \/rest\/api\/3\/nothing has no handler; add one: mock\.request\.get\("\/rest\/api\/3\/nothing"/));
    expect(mock.requests[0]).toMatchObject({ handledBy: "unhandled", status: 0 });
  });

  test('"bypass": forwarded to fetch on baseUrl with method, headers and body, so an msw handler answers', async () => {
    const seen: unknown[] = [];
    server.use(
      http.post("https://acme.atlassian.net/wiki/rest/api/content", async ({ request: req }) => {
        seen.push({ url: req.url, type: req.headers.get("content-type"), accept: req.headers.get("accept"), exp: req.headers.get("x-experimentalapi"), body: await req.json() });
        return HttpResponse.json({ id: "9" }, { status: 201, headers: { location: "/wiki/rest/api/content/9" } });
      }),
    );
    const mock = createMockAP({ baseUrl: "https://acme.atlassian.net/wiki/", onUnhandledRequest: "bypass" }).install();
    const created = await requestJson("/rest/api/content?expand=x", { method: "POST", body: { title: "T" }, experimental: true });
    expect(created).toEqual({ id: "9" });
    expect(seen).toEqual([{ url: "https://acme.atlassian.net/wiki/rest/api/content?expand=x", type: "application/json", accept: "application/json", exp: "opt-in", body: { title: "T" } }]);
    expect(mock.requests[0]).toMatchObject({ handledBy: "fetch", status: 201 });
  });

  test('"warn" warns and forwards; a function decides what to print and then forwards; fetch failing is a network failure', async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    server.use(http.get("https://mock-site.atlassian.net/rest/api/3/myself", () => HttpResponse.json({ accountId: "from msw" })));
    createMockAP({ onUnhandledRequest: "warn" }).install();
    expect(await requestJson("/rest/api/3/myself")).toEqual({ accountId: "from msw" });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("GET /rest/api/3/myself has no handler"));
    const strategy = vi.fn((req: { path: string }, print: { warning(): void }) => req.path.startsWith("/rest/api/3/") && print.warning());
    createMockAP({ onUnhandledRequest: strategy }).install();
    expect(await requestJson("/rest/api/3/myself")).toEqual({ accountId: "from msw" });
    expect(strategy).toHaveBeenCalledWith(expect.objectContaining({ method: "GET", path: "/rest/api/3/myself" }), expect.any(Object));
    expect(warn).toHaveBeenCalledTimes(2);
    const failing = vi.fn(async () => {
      throw new TypeError("fetch failed");
    });
    createMockAP({ onUnhandledRequest: "bypass", fetch: failing }).install();
    await expect(request("/anything")).rejects.toMatchObject({ code: "ERR_HOST" });
    expect(failing).toHaveBeenCalledWith("https://mock-site.atlassian.net/anything", expect.objectContaining({ method: "GET" }));
  });
});

describe("onUnhandledRequest as msw has it (issue 16)", () => {
  test("a function that calls print.error() refuses the request instead of forwarding it", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const forwarded = vi.fn(async () => Response.json({ from: "fetch" }));
    const mock = createMockAP({ fetch: forwarded, onUnhandledRequest: (_req, print) => print.error() }).install();
    await expect(request("/rest/api/3/myself")).rejects.toMatchObject({ code: "ERR_HOST" });
    expect(forwarded).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledTimes(1);
    expect(mock.requests[0]).toMatchObject({ handledBy: "unhandled", status: 0 });
  });

  test("an unknown strategy is a TypeError at once, not a silent forward", () => {
    expect(() => createMockAP({ onUnhandledRequest: "eror" as never })).toThrow(/onUnhandledRequest must be/);
  });
});

describe("faults", () => {
  test("never / throw: the app hears nothing (ERR_TIMEOUT); undo restores the method", async () => {
    const warn = vi.fn();
    const mock = createMockAP({ warn }).install();
    const undo = mock.fault("context.getContext", "never");
    await expect(getContext({ timeout: 30 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
    undo();
    expect(await getContext()).toEqual(mock.main.context);
    mock.fault("user.getLocale", "never");
    await expect(getLocale({ timeout: 30 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
    mock.fault("request", "throw");
    await expect(request("/x", { timeout: 30 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("host method request threw"));
  });

  test("reject and resolve arrive as all.js delivers them (raw AP), and as apkit reports them", async () => {
    const mock = createMockAP().install();
    mock.fault("context.getToken", { reject: new Error("no token for you") });
    await expect(mock.ap.context.getToken()).rejects.toBe("no token for you");
    await expect(getToken()).rejects.toMatchObject({ code: "ERR_HOST", cause: "no token for you" });
    mock.fault("context.getToken", { reject: 0 });
    await expect(mock.ap.context.getToken()).resolves.toBeUndefined();
    mock.fault("context.getToken", { resolve: undefined });
    await expect(mock.ap.context.getToken()).rejects.toBeUndefined();
    mock.fault("context.getToken", { resolve: "not-a-jwt" });
    expect(await getToken()).toBe("not-a-jwt");
    // a callback method answers whatever it is given
    mock.fault("user.getCurrentUser", { resolve: { name: "no account id" } });
    await expect(getCurrentUser()).rejects.toMatchObject({ code: "ERR_HOST", cause: { name: "no account id" } });
    mock.resetHandlers(); // removes every fault
    expect(await getCurrentUser()).toEqual({ atlassianAccountId: "557058:mock-user" });
  });

  test("bad faults are TypeErrors", () => {
    const mock = createMockAP();
    expect(() => mock.fault("context.nope", "never")).toThrow(TypeError);
    expect(() => mock.fault("user.getLocale", { reject: 1 })).toThrow(TypeError);
  });
});

describe("calls, latency, modules", () => {
  test("every call the host received is logged with its iframe and its arguments as the host saw them", async () => {
    const mock = createMockAP().install();
    await getContext();
    events.emit("hello", { a: null, b: 1 });
    await mock.flush();
    expect(mock.calls.map((c) => [c.method, c.args, c.frame.moduleKey])).toEqual([
      ["context.getContext", [], "mock-module"],
      ["events.emit", ["hello", { b: 1 }], "mock-module"],
    ]);
  });

  test("latency: each message takes that long across the bridge", async () => {
    vi.useFakeTimers();
    try {
      createMockAP({ latency: 40 }).install();
      let done = false;
      const p = getContext().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(39);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(41); // there and back
      await p;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  test("modules add or replace host methods, method by method, and can be faulted like the built-in ones", async () => {
    const getPosition = vi.fn((callback: (p: unknown) => void) => callback({ scrollX: 0, scrollY: 5, width: 1, height: 2 }));
    const mock = createMockAP({
      modules: {
        scrollPosition: { getPosition },
        user: { getLocale: (callback: (v: string) => void) => callback("fr-FR") },
      },
    }).install();
    const { scrollPosition } = await import("apkit");
    expect(await scrollPosition.get()).toEqual({ scrollX: 0, scrollY: 5, width: 1, height: 2 });
    expect([await getLocale(), await getTimeZone()]).toEqual(["fr-FR", "UTC"]);
    mock.fault("scrollPosition.getPosition", "never");
    await expect(scrollPosition.get({ timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });
});

test("types: handlers are RequestHandler, the mock is MockAP", () => {
  expectTypeOf(rest.get("/x", () => json(1))).toEqualTypeOf<RequestHandler>();
  expectTypeOf(createMockAP()).toEqualTypeOf<MockAP>();
});
