// @vitest-environment jsdom
// The Forge mock host against the REAL @forge/bridge 7.2.0: the package is loaded once, after the host installed
// its dispatcher (the package captures __bridge.callBridge at load), and every test resets the host behind it.
// docs/forge-bridge-protocol.md is the specification these tests hold the emulation to.
import { createRequire } from "node:module";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { json } from "apkit/testing";
import { installForgeBridge, type ForgeBridgeHost } from "apkit/testing/forge";

type Bridge = typeof import("@forge/bridge");
type CallBridge = (name: string, payload?: unknown) => Promise<unknown>;

const host: ForgeBridgeHost = installForgeBridge();
// Loaded through Node's require, as an app's bundler-free test would; it must find the dispatcher already there.
const bridge = createRequire(import.meta.url)("@forge/bridge") as Bridge;
const { view, events, Modal, showFlag, router, requestJira, requestConfluence, requestRemote, invokeRemote, invoke } = bridge;
const captured = (globalThis as unknown as { __bridge: { callBridge: CallBridge } }).__bridge.callBridge;

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  installForgeBridge();
  host.reset({ warn: (m) => warnings.push(m) });
});

const codeOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => "resolved",
    (error: { code?: unknown }) => error?.code,
  );

describe("installing", () => {
  test("one stable dispatcher: install is idempotent and reset keeps the function @forge/bridge captured", () => {
    expect(installForgeBridge()).toBe(host);
    host.reset({ context: { moduleKey: "other" } });
    expect((globalThis as any).__bridge.callBridge).toBe(captured);
    expect(host.installed).toBe(true);
  });

  test("uninstall removes __bridge; the captured dispatcher then rejects coded, and works again after reinstalling", async () => {
    host.uninstall();
    expect("__bridge" in globalThis).toBe(false);
    expect(host.installed).toBe(false);
    expect(await codeOf(view.getContext())).toBe("ERR_FORGE_BRIDGE_NOT_INSTALLED");
    expect(installForgeBridge()).toBe(host);
    expect((globalThis as any).__bridge.callBridge).toBe(captured);
    expect((await view.getContext()).moduleKey).toBe("mock-module");
  });

  test("latency delays every crossing; flush waits for it, and works under fake timers when latency is 0", async () => {
    host.reset({ latency: 20, warn: () => {} });
    let got = false;
    void view.getContext().then(() => (got = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(got).toBe(false);
    await host.flush();
    expect(got).toBe(true);

    host.reset({ warn: () => {} });
    vi.useFakeTimers();
    try {
      let context: unknown;
      void view.getContext().then((c) => (context = c));
      await host.flush();
      expect(context).toMatchObject({ moduleKey: "mock-module" });
    } finally {
      vi.useRealTimers();
    }
  });

  test("answers are asynchronous, never in the caller's turn", async () => {
    let got: unknown = "nothing yet";
    void captured("getContext").then((c) => (got = (c as { siteUrl: string }).siteUrl));
    await Promise.resolve();
    expect(got).toBe("nothing yet");
    await host.flush();
    expect(got).toBe("https://mock-site.atlassian.net");
  });
});

describe("view", () => {
  test("getContext answers the context, through @forge/i18n's locale normalisation, as a copy", async () => {
    host.reset({ context: { locale: "de_DE", moduleKey: "my-panel", accountId: "712020:alice" }, warn: () => {} });
    const context = await view.getContext();
    expect(context.locale).toBe("de-DE");
    expect(context.moduleKey).toBe("my-panel");
    expect(context.accountId).toBe("712020:alice");
    expect(context.extension.issue).toEqual({ id: "10001", key: "TEST-1", type: "Task", typeId: "10002" });
    context.moduleKey = "mutated by the app";
    expect(host.context.moduleKey).toBe("my-panel");
    host.setContext({ extension: { type: "confluence:contentBylineItem", content: { id: "42" } } });
    expect((await view.getContext()).extension).toEqual({ type: "confluence:contentBylineItem", content: { id: "42" } });
    expect(host.calls.map((c) => c.name)).toEqual(["getContext", "getContext"]);
  });

  test("close, submit, refresh, changeWindowTitle and theme.enable are recorded", async () => {
    await view.submit({ value: 1 });
    await view.refresh();
    await view.close({ done: true });
    await view.changeWindowTitle("Settings");
    await view.theme.enable();
    expect(host.view.submitted).toEqual([{ value: 1 }]);
    expect(host.view.refreshed).toEqual([undefined]);
    expect(host.view.closed).toEqual([{ done: true }]);
    expect(host.view.titles).toEqual(["Settings"]);
    expect(host.view.themeEnabled).toBe(1);
  });

  test("view.onClose hands the host the app's hook, which the host can run", async () => {
    const hook = vi.fn(async () => undefined);
    await view.onClose(hook);
    expect(host.view.onCloseHooks).toHaveLength(1);
    await host.view.onCloseHooks[0]!();
    expect(hook).toHaveBeenCalledTimes(1);
  });

  test("createHistory: push reaches listeners, the package's own listener updates history.location, Back pops", async () => {
    host.reset({ initialPath: "/start", warn: () => {} });
    const history = await view.createHistory();
    expect(history.location.pathname).toBe("/start");
    const heard: [string, string][] = [];
    await history.listen((location, action) => void heard.push([location.pathname + location.search, action]));
    await history.push("/issues?page=2", { from: "list" });
    await host.flush();
    expect(history.location.pathname).toBe("/issues");
    expect(history.location.state).toEqual({ from: "list" });
    expect(heard).toEqual([["/issues?page=2", "PUSH"]]);
    expect(host.history.entries.map((e) => e.pathname)).toEqual(["/start", "/issues"]);
    // The package listens once, the test once.
    expect(host.history.listenerCount).toBe(2);

    await host.history.back();
    expect(heard.at(-1)).toEqual(["/start", "POP"]);
    expect(history.location.pathname).toBe("/start");
    await host.history.forward();
    expect(host.history.location.pathname).toBe("/issues");
    await history.replace("/issues/7");
    await host.flush();
    expect(host.history.entries.map((e) => e.pathname)).toEqual(["/start", "/issues/7"]);
    expect(heard.at(-1)).toEqual(["/issues/7", "REPLACE"]);
  });
});

describe("product requests", () => {
  test("requestJira GET: the handler gets params, query and the bridge's headers; the app gets a Response", async () => {
    host.onRequest("GET", "/rest/api/3/issue/:key", ({ params, query }) => ({ body: { key: params.key, expand: query.get("expand") } }));
    const res = await requestJira("/rest/api/3/issue/ABC-1?expand=names");
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json;charset=UTF-8");
    expect(await res.json()).toEqual({ key: "ABC-1", expand: "names" });
    const [request] = host.requests;
    expect(request).toMatchObject({ kind: "product", product: "jira", method: "GET", path: "/rest/api/3/issue/ABC-1", restPath: "/rest/api/3/issue/ABC-1?expand=names", data: null, handledBy: "handler", status: 200 });
    expect(request!.headers["x-atlassian-token"]).toBe("no-check");
    const call = host.calls[0]!;
    expect(call.name).toBe("fetchProduct");
    expect(call.payload).toMatchObject({ product: "jira", restPath: "/rest/api/3/issue/ABC-1?expand=names", isMultipartFormData: false, fetchRequestInit: { body: null } });
  });

  test("requestConfluence POST with a JSON body; json() helpers answer too", async () => {
    host.onRequest("POST", "/wiki/api/v2/pages", ({ body, headers }) => json({ id: "99", got: body, type: headers["content-type"] }, { status: 201 }), { product: "confluence" });
    const res = await requestConfluence("/wiki/api/v2/pages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Hello", spaceId: "1" }),
    });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe("Created");
    expect(await res.json()).toEqual({ id: "99", got: { title: "Hello", spaceId: "1" }, type: "application/json" });
    expect(host.requests[0]).toMatchObject({ product: "confluence", method: "POST", data: '{"title":"Hello","spaceId":"1"}' });
    expect((host.calls[0]!.payload as any).fetchRequestInit.headers).toEqual(expect.arrayContaining([["content-type", "application/json"], ["x-atlassian-token", "no-check"]]));
  });

  test("a product filter keeps a handler to its product", async () => {
    host.onRequest("GET", "/rest/api/3/myself", () => ({ body: { jira: true } }), { product: "jira" });
    expect(await codeOf(requestConfluence("/rest/api/3/myself"))).toBe("ERR_FORGE_BRIDGE_UNHANDLED_REQUEST");
    expect((await requestJira("/rest/api/3/myself")).status).toBe(200);
  });

  test("404 passes through as a Response; unhandled: refused loudly by default (as on Connect), a warned 404 with \"404\"", async () => {
    host.onRequest("GET", "/rest/api/3/issue/:key", () => ({ status: 404, body: { errorMessages: ["Issue does not exist"] } }));
    const missing = await requestJira("/rest/api/3/issue/NOPE-1");
    expect([missing.ok, missing.status, missing.statusText]).toEqual([false, 404, "Not Found"]);
    expect(await missing.json()).toEqual({ errorMessages: ["Issue does not exist"] });

    // The default, "error": printed, and the bridge call rejects (apkit's request() rejects with ERR_HOST).
    expect(await codeOf(requestJira("/rest/api/3/project"))).toBe("ERR_FORGE_BRIDGE_UNHANDLED_REQUEST");
    expect(warnings).toEqual([expect.stringContaining('mock.request.get("/rest/api/3/project"')]);
    warnings.length = 0;

    host.reset({ onUnhandledRequest: "404", warn: (m) => warnings.push(m) });
    const unhandled = await requestJira("/rest/api/3/project");
    expect(unhandled.status).toBe(404);
    expect(((await unhandled.json()) as { errorMessages: string[] }).errorMessages[0]).toMatch(/no handler for jira GET \/rest\/api\/3\/project/);
    expect(host.requests[0]!.handledBy).toBe("unhandled");
    expect(warnings).toEqual([expect.stringContaining('host.onRequest("GET", "/rest/api/3/project"')]);
  });

  test('onUnhandledRequest "reject" and networkError() reject the bridge call, coded', async () => {
    host.reset({ onUnhandledRequest: "reject", warn: () => {} });
    expect(await codeOf(requestJira("/rest/api/3/project"))).toBe("ERR_FORGE_BRIDGE_UNHANDLED_REQUEST");
    host.onRequest("GET", "/down", () => ({ status: 0 }));
    expect(await codeOf(requestJira("/down"))).toBe("ERR_FORGE_BRIDGE_NETWORK");
  });

  test("a handler that throws answers 500 and says why; once-handlers step aside", async () => {
    host.onRequest("GET", "/boom", () => {
      throw new Error("kaput");
    });
    host.onRequest("GET", "/once", () => ({ body: "first" }), { once: true });
    const res = await requestJira("/boom");
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("kaput");
    expect(await (await requestJira("/once")).text()).toBe("first");
    expect(await codeOf(requestJira("/once"))).toBe("ERR_FORGE_BRIDGE_UNHANDLED_REQUEST");
  });

  test("bytes answer as an attachment (base64, isAttachment); jsdom's Blob then fails in Node's Response", async () => {
    host.onRequest("GET", "/rest/api/3/attachment/content/:id", () => ({ headers: { "content-type": "image/png" }, body: new Uint8Array([137, 80, 78, 71]) }));
    const answer = (await captured("fetchProduct", { product: "jira", restPath: "/rest/api/3/attachment/content/5", fetchRequestInit: { headers: [] } })) as Record<string, unknown>;
    expect(answer).toEqual({ status: 200, statusText: "OK", headers: { "content-type": "image/png" }, body: btoa(String.fromCharCode(137, 80, 78, 71)), isAttachment: true });
    // The package turns that into a Blob with the global Blob (jsdom's, out/utils/blobParser.js:15) and hands it to
    // the global Response (Node's), which cannot read a jsdom Blob. A limit of jsdom environments, not of the host:
    // asserted so that the day it goes away, this test says so.
    await expect(requestJira("/rest/api/3/attachment/content/5")).rejects.toThrow(/stream is not a function/);
  });
});

describe("remote backends and resolvers", () => {
  test("requestRemote: path and remote key reach the handler; no XSRF header is added", async () => {
    host.onRemote("POST", "/api/items/:id", ({ params, body }) => ({ status: 201, body: { id: params.id, saved: body } }), { remoteKey: "backend" });
    const res = await requestRemote("backend", { method: "POST", path: "/api/items/7", headers: { "content-type": "application/json" }, body: JSON.stringify({ a: 1 }) });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "7", saved: { a: 1 } });
    expect(host.requests[0]).toMatchObject({ kind: "remote", via: "requestRemote", remoteKey: "backend", method: "POST", path: "/api/items/7" });
    expect(host.requests[0]!.headers["x-atlassian-token"]).toBeUndefined();
    expect(host.calls[0]!.name).toBe("fetchRemote");
  });

  test("invokeRemote: sent as invoke with invokeType; success and failure both resolve, headers joined", async () => {
    host.onRemote("GET", "/hello", () => ({ headers: { "x-trace": "t1" }, body: { hi: 1 } }));
    host.onRemote("POST", "/fail", () => ({ status: 503, body: { error: "later" } }));
    const ok = await invokeRemote({ path: "/hello", method: "GET" });
    expect(ok).toEqual({ status: 200, headers: { "x-trace": "t1", "content-type": "application/json;charset=UTF-8" }, body: { hi: 1 } });
    const failed = await invokeRemote({ path: "/fail", method: "POST", body: { x: 1 } });
    expect(failed).toMatchObject({ status: 503, body: { error: "later" } });
    expect(host.calls[0]).toMatchObject({ name: "invoke", payload: { path: "/hello", method: "GET", invokeType: "ui-remote-fetch" } });
    expect(host.requests[1]).toMatchObject({ via: "invokeRemote", body: { x: 1 } });
  });

  test("invoke: the payload crosses as { functionKey, payload, metadata }; the resolver's value comes back", async () => {
    host.onInvoke("getText", (payload, { context }) => ({ text: `${(payload as { x: string }).x} in ${context.moduleKey}` }));
    expect(await invoke("getText", { x: "a" })).toEqual({ text: "a in mock-module" });
    expect(host.calls[0]!.payload).toEqual({ functionKey: "getText", payload: { x: "a" }, metadata: undefined });
    expect(await invoke("getText", { x: "b" }, { rateLimitProperties: true })).toEqual({ body: { text: "b in mock-module" }, metadata: {} });
    expect(await codeOf(invoke("missing"))).toBe("ERR_FORGE_BRIDGE_UNHANDLED_INVOKE");
    host.onInvoke("broken", () => {
      throw new Error("resolver down");
    });
    const failure = (await invoke("broken").catch((e: unknown) => e)) as { code: string; cause: Error };
    expect(failure.code).toBe("ERR_FORGE_BRIDGE_HANDLER_FAILED");
    expect(failure.cause.message).toBe("resolver down");
  });
});

describe("events", () => {
  test("the host emits to app listeners; app emits are recorded; unsubscribe stops delivery", async () => {
    const heard = vi.fn();
    const subscription = await events.on("issue-changed", heard);
    expect(host.listenerCount("issue-changed")).toBe(1);
    await host.emit("issue-changed", { key: "TEST-1" });
    expect(heard).toHaveBeenCalledExactlyOnceWith({ key: "TEST-1" });

    await events.emit("saved", { id: 2 });
    await events.emitPublic("announce", "hi");
    expect(host.emitted).toEqual([
      { event: "saved", payload: { id: 2 }, public: false },
      { event: "announce", payload: "hi", public: true },
    ]);
    // Not echoed to the emitting frame by default.
    await events.emit("issue-changed", { key: "TEST-2" });
    await host.flush();
    expect(heard).toHaveBeenCalledTimes(1);

    await subscription.unsubscribe();
    await host.flush();
    expect(host.listenerCount("issue-changed")).toBe(0);
    await host.emit("issue-changed", { key: "TEST-3" });
    expect(heard).toHaveBeenCalledTimes(1);
  });

  test("public listeners are separate, and echoEmits delivers the app's own emits", async () => {
    host.reset({ echoEmits: true, warn: () => {} });
    const own = vi.fn();
    const pub = vi.fn();
    await events.on("ping", own);
    await events.onPublic("ping", pub);
    await events.emit("ping", 1);
    await host.flush();
    expect(own).toHaveBeenCalledWith(1);
    expect(pub).not.toHaveBeenCalled();
    await host.emit("ping", 2, { public: true });
    expect(pub).toHaveBeenCalledWith(2);
  });
});

describe("Modal", () => {
  test("open records the modal; closeModal(payload) runs the opener's onClose with it", async () => {
    const onClose = vi.fn();
    await new Modal({ resource: "picker", size: "large", title: "Pick one", context: { issueKey: "TEST-1" }, onClose }).open();
    expect(host.modals).toEqual([
      { resource: "picker", size: "large", context: { issueKey: "TEST-1" }, title: "Pick one", icon: "", closeOnEscape: true, closeOnOverlayClick: true, open: true, closedWith: undefined },
    ]);
    expect(onClose).not.toHaveBeenCalled();
    await host.closeModal({ picked: 3 });
    expect(onClose).toHaveBeenCalledExactlyOnceWith({ picked: 3 });
    expect(host.modals[0]).toMatchObject({ open: false, closedWith: { picked: 3 } });
    expect(() => host.closeModal()).toThrow(expect.objectContaining({ code: "ERR_FORGE_BRIDGE_BAD_CONTROL" }));
  });

  test("inside the modal: getContext has extension.modal, and view.close(payload) reaches the opener", async () => {
    const onClose = vi.fn();
    await new Modal({ context: { step: 2 }, onClose }).open();
    expect(host.modals[0]!.size).toBe("medium");
    host.enterModal();
    const context = await view.getContext();
    expect(context.extension.modal).toEqual({ step: 2 });
    await view.close({ chosen: "b" });
    await host.flush();
    expect(onClose).toHaveBeenCalledExactlyOnceWith({ chosen: "b" });
    expect((await view.getContext()).extension.modal).toBeUndefined();
  });
});

describe("flags", () => {
  test("showFlag is recorded with its actions; the test clicks one; the app closes the flag", async () => {
    const undo = vi.fn();
    const flag = showFlag({ id: "saved", title: "Saved", description: "All good", type: "success", actions: [{ text: "Undo", onClick: undo }] });
    await host.flush();
    expect(host.flags).toEqual([
      { id: "saved", title: "Saved", description: "All good", body: "All good", type: "success", appearance: undefined, actions: ["Undo"], isAutoDismiss: false, open: true, closedBy: undefined },
    ]);
    await host.clickFlagAction("saved", "Undo");
    expect(undo).toHaveBeenCalledTimes(1);
    expect(await flag.close()).toBe(true);
    expect(host.flags[0]).toMatchObject({ open: false, closedBy: "app" });
    expect(await flag.close()).toBe(false);
    expect(host.calls.map((c) => c.name)).toEqual(["showFlag", "closeFlag", "closeFlag"]);
  });

  test("the user dismisses a flag; type defaults to info; misused controls throw coded", async () => {
    showFlag({ id: 7, title: "Heads up" });
    await host.flush();
    expect(host.flags[0]!.type).toBe("info");
    expect(() => host.clickFlagAction(7, "Nope")).toThrow(expect.objectContaining({ code: "ERR_FORGE_BRIDGE_BAD_CONTROL" }));
    await host.closeFlag(7);
    expect(host.flags[0]).toMatchObject({ open: false, closedBy: "host" });
    expect(() => host.closeFlag(7)).toThrow(TypeError);
  });
});

describe("router", () => {
  test("navigate, open and reload are recorded; getUrl answers a URL", async () => {
    await router.navigate("https://example.com/a");
    await router.navigate({ target: "issue", issueKey: "ABC-1" });
    await router.open("https://example.com/b");
    await router.reload();
    expect(host.navigations).toEqual([
      { type: "same-tab", url: "https://example.com/a", location: undefined, target: "site", context: { absoluteUrl: "https://example.com/a" } },
      { type: "same-tab", url: undefined, location: { target: "issue", issueKey: "ABC-1" }, target: "issue", context: { issueKey: "ABC-1" } },
      { type: "new-tab", url: "https://example.com/b", location: undefined, target: "site", context: { absoluteUrl: "https://example.com/b" } },
      { type: "reload", url: undefined, location: undefined, target: "reload", context: {} },
    ]);
    const url = await router.getUrl({ target: "issue", issueKey: "ABC-1" });
    expect(url?.href).toBe("https://mock-site.atlassian.net/browse/ABC-1");
  });
});

describe("unknown and hung calls", () => {
  test("an unknown callBridge name rejects with ERR_FORGE_BRIDGE_UNKNOWN_CALL; handle() defines it", async () => {
    const failure = (await view.getFrameDispatch().catch((e: unknown) => e)) as { code: string; call: string; message: string };
    expect(failure.code).toBe("ERR_FORGE_BRIDGE_UNKNOWN_CALL");
    expect(failure.call).toBe("getFrameDispatch");
    expect(failure.message).toContain('host.handle("getFrameDispatch"');
    expect(await codeOf(captured("noSuchThing", { a: 1 }))).toBe("ERR_FORGE_BRIDGE_UNKNOWN_CALL");
    host.handle("getCookieConsentPreferences", () => ({ analytics: false }));
    expect(await bridge.getCookieConsentPreferences()).toEqual({ analytics: false });
  });

  test("hang(name) leaves calls pending forever (flush does not wait for them); its release affects later calls", async () => {
    const release = host.hang("fetchProduct");
    let settled = false;
    void requestJira("/rest/api/3/myself").then(
      () => (settled = true),
      () => (settled = true),
    );
    // flush waits for every call in flight but the hung ones: once it resolved, the hung call is still pending.
    await host.flush();
    expect(settled).toBe(false);
    expect(host.calls[0]).toMatchObject({ name: "fetchProduct", state: "hung" });
    release();
    host.onRequest("GET", "/rest/api/3/myself", () => ({ body: {} }));
    expect((await requestJira("/rest/api/3/myself")).status).toBe(200);
    await host.flush();
    expect(settled).toBe(false);
  });
});
