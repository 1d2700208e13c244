// apkit on Forge Custom UI: the public API of apkit, selected onto Forge with loadAP({ platform: forge() }), against
// the Forge mock host running the REAL @forge/bridge 7.2.0. Each test asserts what apkit's caller sees and what
// crossed the bridge.
import {
  appProperties,
  createPropertyStore,
  dialog,
  events,
  flag,
  getContext,
  getCurrentUser,
  getLocale,
  getTimeZone,
  getToken,
  history,
  isAPKitError,
  issueProperties,
  loadAP,
  navigator,
  platformName,
  request,
  requestJson,
  resize,
  autoResize,
  theming,
  apFetch,
  cookie,
  jira,
  macro,
  selectPlatform,
  contentProperties,
} from "apkit";
import { forge, toConnectContext, toForgeLocation } from "apkit/forge";
import { networkError } from "apkit/testing";
import { createMockForge, installForgeBridge, type MockForge } from "apkit/testing/forge";
import { jiraIssueContext } from "apkit/schemas";
import { afterEach, describe, expect, test, vi } from "vitest";

const ISSUE_PANEL = { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1", type: "Task", typeId: "10002" }, project: { id: "10000", key: "ABC", type: "software" } };

let mock: MockForge | undefined;
const start = async (options: Parameters<typeof createMockForge>[0] = {}) =>
  (mock = await createMockForge({ context: { accountId: "712020:alice", locale: "de_DE", timezone: "Europe/Berlin", extension: ISSUE_PANEL, license: { active: true } }, warn: () => {}, ...options }).start());
afterEach(() => {
  mock?.stop();
  mock = undefined;
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: { code?: string }) => error?.code ?? String(error),
  );

describe("selecting Forge", () => {
  test("loadAP({ platform: forge() }) starts on the bridge's context; platformName says forge; stop goes back to connect", async () => {
    expect(platformName()).toBe("connect");
    await start();
    expect(platformName()).toBe("forge");
    mock!.stop();
    expect(platformName()).toBe("connect");
    mock = undefined;
  });

  test("loadAP() without the platform on a Forge page rejects coded, naming apkit/forge", async () => {
    const host = await start();
    selectPlatform(undefined);
    const error = await loadAP({ timeout: 1000 }).catch((e) => e);
    expect(error.code).toBe("ERR_NOT_IN_CONNECT_IFRAME");
    expect(error.message).toContain('import { forge } from "apkit/forge"');
    expect(host.installed).toBe(true);
  });

  test("a later loadAP() without a platform keeps the selected one (a provider or library calling loadAP())", async () => {
    await start();
    // There is no raw AP on Forge: loadAP resolves nothing (apkit/compat's installAP would put one there).
    await expect(loadAP()).resolves.toBeUndefined();
    expect(platformName()).toBe("forge");
  });

  test("a platform whose start fails is not selected", async () => {
    const failing = { name: "broken", start: () => Promise.reject(new Error("nope")) };
    await expect(loadAP({ platform: failing })).rejects.toThrow("nope");
    expect(platformName()).toBe("connect");
  });

  test("forge() is inert until loadAP starts it: a synchronous call before the start is ERR_UNSUPPORTED_ON_PLATFORM", () => {
    // With its own bridge given, the platform uses nothing else: not even a bridge another platform of the page loaded.
    const platform = forge({ bridge: { view: {} } as never });
    expect(platform.name).toBe("forge");
    expect(() => platform.flag!.show({}, { action() {}, close() {} })).toThrow(expect.objectContaining({ code: "ERR_UNSUPPORTED_ON_PLATFORM" }));
  });
});

describe("context and user", () => {
  test("getContext is Connect's shape (and passes apkit/schemas' jiraIssueContext); Forge's own context stays under forge", async () => {
    await start();
    const context = await getContext(jiraIssueContext);
    expect(context.jira.issue).toEqual({ id: "10001", key: "ABC-1", issuetype: { id: "10002" } });
    expect(context.jira.project).toMatchObject({ id: "10000", key: "ABC", type: "software" });
    const raw = (await getContext()) as any;
    expect(raw.license).toBe("active");
    expect(raw.url.displayUrl).toBe(mock!.context.siteUrl);
    expect(raw.forge.moduleKey).toBe(mock!.context.moduleKey);
  });

  test("toConnectContext maps Confluence content, space and macro; ids become strings", () => {
    expect(toConnectContext({ localId: "m-1", extension: { type: "macro", content: { id: 98001, type: "page" }, space: { id: 42, key: "DOCS" } } })).toMatchObject({
      confluence: { content: { id: "98001", type: "page" }, space: { id: "42", key: "DOCS" }, macro: { id: "m-1" } },
    });
  });

  test("getCurrentUser, getLocale (normalised by @forge/bridge), getTimeZone come from the context", async () => {
    await start();
    await expect(getCurrentUser()).resolves.toEqual({ atlassianAccountId: "712020:alice" });
    await expect(getLocale()).resolves.toBe("de-DE");
    await expect(getTimeZone()).resolves.toBe("Europe/Berlin");
  });

  test("getToken has no Forge equivalent: ERR_UNSUPPORTED_ON_PLATFORM naming the platform and the alternative", async () => {
    await start();
    const error = await getToken().catch((e) => e);
    expect(isAPKitError(error, "ERR_UNSUPPORTED_ON_PLATFORM")).toBe(true);
    expect(error).toMatchObject({ platform: "forge", capability: "getToken" });
    expect(error.message).toContain("requestRemote");
  });
});

describe("request", () => {
  test("any header crosses on Forge (Connect's AP.request refuses all but four); a form field may repeat", async () => {
    await start();
    mock!.onRequest("POST", "/rest/api/3/thing", () => ({ status: 204 }));
    const form = new FormData();
    form.append("label", "a");
    form.append("label", "b");
    const res = await request("/rest/api/3/thing", { method: "POST", headers: new Headers({ "X-Custom": "yes" }) as never, body: form });
    expect(res.status).toBe(204);
    const sent = mock!.requests.at(-1)!;
    expect(sent.headers["x-custom"]).toBe("yes");
    expect(sent).toMatchObject({ kind: "product", multipart: true });
  });

  test("requestJson on Jira: requestJira with the path as given; JSON body and content type cross", async () => {
    await start();
    mock!.onRequest("POST", "/rest/api/3/issue", ({ body }) => ({ status: 201, body: { id: "10005", fields: (body as any).fields } }));
    await expect(requestJson("/rest/api/3/issue", { method: "POST", body: { fields: { summary: "Hi" } } })).resolves.toEqual({ id: "10005", fields: { summary: "Hi" } });
    const sent = mock!.requests.at(-1)!;
    expect(sent).toMatchObject({ kind: "product", product: "jira", method: "POST", path: "/rest/api/3/issue" });
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.headers.accept).toBe("application/json");
  });

  test("a 404 is a Response (request) and an HttpError with the body (requestJson)", async () => {
    await start();
    mock!.onRequest("GET", "/rest/api/3/issue/NOPE-1", () => ({ status: 404, body: { errorMessages: ["no such issue"] } }));
    const res = await request("/rest/api/3/issue/NOPE-1");
    expect(res.status).toBe(404);
    const error = await requestJson("/rest/api/3/issue/NOPE-1").catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_HTTP_STATUS", status: 404, body: { errorMessages: ["no such issue"] } });
  });

  test("on Confluence, requestConfluence with /wiki in front of Connect's path", async () => {
    await start({ context: { extension: { type: "confluence:contentBylineItem", content: { id: "98001", type: "page" }, space: { id: "42", key: "DOCS" } } } });
    mock!.onRequest("GET", "/wiki/rest/api/content/98001", () => ({ body: { id: "98001", title: "Home" } }));
    await expect(requestJson("/rest/api/content/98001")).resolves.toEqual({ id: "98001", title: "Home" });
    expect(mock!.requests.at(-1)).toMatchObject({ product: "confluence", path: "/wiki/rest/api/content/98001" });
  });

  test("a request made while the platform starts waits for the context, so it goes to the right product", async () => {
    const host = installForgeBridge({ context: { extension: { type: "confluence:contentBylineItem", content: { id: "98001" } } }, warn: () => {} });
    host.onRequest("GET", "/wiki/rest/api/content/98001", () => ({ body: { id: "98001" } }));
    try {
      const loading = loadAP({ platform: forge() });
      const answer = requestJson("/rest/api/content/98001"); // before the start finished
      await loading;
      await expect(answer).resolves.toEqual({ id: "98001" });
      expect(host.requests.at(-1)).toMatchObject({ product: "confluence" });
    } finally {
      selectPlatform(undefined);
      host.uninstall();
    }
  });

  test("apkit's deadline and AbortSignal work although the bridge has none", async () => {
    await start();
    mock!.hang("fetchProduct");
    await expect(codeOf(request("/rest/api/3/myself", { timeout: 30 }))).resolves.toBe("ERR_TIMEOUT");
    const controller = new AbortController();
    const pending = request("/rest/api/3/myself", { signal: controller.signal });
    controller.abort();
    await expect(codeOf(pending)).resolves.toBe("ERR_ABORTED");
  });

  test("a bridge failure is a HostError with the bridge's error as cause", async () => {
    await start();
    mock!.onRequest("GET", "/rest/api/3/myself", () => networkError());
    const error = await request("/rest/api/3/myself").catch((e) => e);
    expect(error.code).toBe("ERR_HOST");
    expect(error.cause.code).toBe("ERR_FORGE_BRIDGE_NETWORK");
  });
});

describe("property stores: the same REST paths on both platforms", () => {
  test("issue properties round-trip through requestJira; update retries on the backend's state", async () => {
    await start({ properties: { entities: [["issue/ABC-1", "issue/10001"]] } });
    const store = createPropertyStore(issueProperties("ABC-1"));
    await store.set("settings", { color: "blue" });
    await expect(store.get("settings")).resolves.toEqual({ color: "blue" });
    await store.update("settings", (v: any) => ({ ...v, size: 2 }));
    await expect(store.get("settings")).resolves.toEqual({ color: "blue", size: 2 });
    await expect(store.keys()).resolves.toEqual(["settings"]);
    expect(mock!.requests.every((r) => r.kind === "product" && r.product === "jira")).toBe(true);
    const missing = createPropertyStore(issueProperties("XYZ-9"));
    await expect(codeOf(missing.set("k", 1))).resolves.toBe("ERR_PROPERTY_TARGET_NOT_FOUND");
  });

  test("Confluence content properties go to /wiki/... on Forge and to the same stored property", async () => {
    await start({ context: { extension: { type: "confluence:contentBylineItem", content: { id: "98001", type: "page" } } }, properties: { entities: ["pages/98001"] } });
    const store = createPropertyStore(contentProperties("98001"));
    await store.set("votes", 3);
    await store.update("votes", (n: any) => n + 1);
    await expect(store.get("votes")).resolves.toBe(4);
    expect(mock!.requests.some((r) => (r as any).path.startsWith("/wiki/api/v2/pages/98001/properties"))).toBe(true);
    expect([...mock!.properties!.data.values()].map((m) => m.get("votes")?.value)).toContain(4);
  });

  test("app properties (Connect's app.connect.key) are read the same way", async () => {
    await start({ properties: { entities: ["addons/my-app"] } });
    const store = createPropertyStore(appProperties("my-app"));
    await store.set("config", { on: true });
    await expect(store.get("config")).resolves.toEqual({ on: true });
  });
});

describe("events", () => {
  test("on/once/off and emit: one payload each way; the host's events reach listeners", async () => {
    await start();
    const seen: unknown[] = [];
    const stop = events.on("todo-added", (payload) => seen.push(payload));
    events.once("todo-added", (payload) => seen.push(["once", payload]));
    await mock!.flush();
    await mock!.emit("todo-added", { id: 1 });
    await mock!.emit("todo-added", { id: 2 });
    stop();
    await mock!.emit("todo-added", { id: 3 });
    expect(seen).toEqual([{ id: 1 }, ["once", { id: 1 }], { id: 2 }]);
    events.emit("todo-added", { id: 4 });
    await mock!.flush();
    expect(mock!.emitted.at(-1)).toMatchObject({ event: "todo-added", payload: { id: 4 } });
  });

  test("emit with more than one argument is a TypeError; onAny is unsupported on Forge", async () => {
    await start();
    expect(() => (events.emit as any)("x", 1, 2)).toThrow(TypeError);
    expect(() => events.onAny(() => {})).toThrow(expect.objectContaining({ code: "ERR_UNSUPPORTED_ON_PLATFORM", platform: "forge" }));
  });

  test("unsubscribing before the bridge answered the subscription still unsubscribes", async () => {
    await start();
    const seen: unknown[] = [];
    events.on("late", (p) => seen.push(p))();
    await mock!.flush();
    await mock!.emit("late", 1);
    expect(seen).toEqual([]);
    expect(mock!.listenerCount("late")).toBe(0);
  });
});

describe("dialogs", () => {
  test("dialog.open opens the mapped resource as a Modal and resolves with the onClose payload", async () => {
    await start({ forge: { dialogs: { "edit-dialog": { resource: "edit-modal", title: "Edit" } } } });
    const result = dialog.open({ key: "edit-dialog", size: "large", customData: { id: 7 } });
    await mock!.flush();
    expect(mock!.modals.at(-1)).toMatchObject({ resource: "edit-modal", size: "large", title: "Edit", context: { id: 7 } });
    await mock!.closeModal({ saved: true });
    await expect(result).resolves.toEqual({ saved: true });
  });

  test("inside the modal: isDialog, getCustomData is the opener's customData, close(data) ends the opener's open", async () => {
    await start();
    const opened = dialog.open({ key: "picker", size: "x-large", customData: { projectKey: "ABC" } });
    await mock!.flush();
    expect(mock!.modals.at(-1)).toMatchObject({ resource: "picker", size: "xlarge" });
    mock!.enterModal();
    await expect(dialog.getCustomData()).resolves.toEqual({ projectKey: "ABC" });
    await dialog.close({ picked: "42" });
    await expect(opened).resolves.toEqual({ picked: "42" });
  });

  test("outside a modal getCustomData and close are ERR_NOT_IN_DIALOG; host buttons are unsupported", async () => {
    await start();
    expect(dialog.isDialog()).toBe(false);
    await expect(codeOf(dialog.getCustomData())).resolves.toBe("ERR_NOT_IN_DIALOG");
    await expect(codeOf(dialog.close(1))).resolves.toBe("ERR_NOT_IN_DIALOG");
    await expect(codeOf(dialog.button("submit").disable())).resolves.toBe("ERR_UNSUPPORTED_ON_PLATFORM");
  });
});

describe("flags", () => {
  test("flag.show: generated ids, actions as onClick, close() closes it and settles closed", async () => {
    await start();
    const clicks: string[] = [];
    const f = flag.show({ title: "Saved", body: "Done.", type: "success", close: "manual", actions: { undo: "Undo" } });
    f.onAction("undo", () => clicks.push("undo"));
    await mock!.flush();
    const shown = mock!.flags.at(-1)!;
    expect(shown).toMatchObject({ title: "Saved", description: "Done.", type: "success", isAutoDismiss: false });
    expect(String(shown.id)).toMatch(/^apkit-flag-[a-z0-9]+-\d+$/);
    await mock!.clickFlagAction(shown.id, "Undo");
    expect(clicks).toEqual(["undo"]);
    f.close();
    await f.closed;
    await mock!.flush();
    expect(mock!.flags.at(-1)!.open).toBe(false);
  });
});

describe("two frames on one host (two extensions of the app, or a modal and its opener)", () => {
  test("flags of two frames get distinct ids: the second frame's flag neither replaces nor closes the first's", async () => {
    await start();
    const mainFrame = forge();
    const otherFrame = forge();
    await loadAP({ platform: mainFrame });
    const a = flag.show({ title: "From main", close: "manual" });
    await loadAP({ platform: otherFrame });
    const b = flag.show({ title: "From the other frame", close: "manual" });
    await mock!.flush();
    expect(mock!.flags.map((f) => [f.title, f.open])).toEqual([
      ["From main", true],
      ["From the other frame", true],
    ]);
    expect(mock!.flags[0]!.id).not.toBe(mock!.flags[1]!.id);
    b.close();
    await b.closed;
    await mock!.flush();
    expect(mock!.flags.map((f) => [f.title, f.open, f.closedBy])).toEqual([
      ["From main", true, undefined],
      ["From the other frame", false, "app"],
    ]);
    selectPlatform(mainFrame);
    a.close();
    await a.closed;
  });

  test("leaveModal: after the modal's code, the opener's frame reads its own context and cannot close the modal", async () => {
    await start();
    const opened = dialog.open({ key: "picker", customData: { n: 1 } });
    await mock!.flush();
    mock!.enterModal();
    await expect(dialog.getCustomData()).resolves.toEqual({ n: 1 });
    mock!.leaveModal();
    expect(mock!.context.extension.modal).toBeUndefined();
    await expect(codeOf(dialog.close({ from: "opener" }))).resolves.toBe("ERR_NOT_IN_DIALOG");
    expect(mock!.modals.at(-1)!.open).toBe(true);
    mock!.enterModal();
    await dialog.close({ from: "modal" });
    await expect(opened).resolves.toEqual({ from: "modal" });
    mock!.leaveModal(); // outside a modal: nothing happens
  });
});

describe("navigation, history, theming, sizing", () => {
  test("navigator.go maps targets to the Forge router; unmappable targets fail coded; reload", async () => {
    await start();
    await navigator.go("issue", { issueKey: "ABC-2" });
    await navigator.go("userProfile", { userAccountId: "a-1" });
    await navigator.go("site", { relativeUrl: "/browse/ABC-3" });
    await navigator.reload();
    expect(mock!.navigations.map((n) => [n.type, n.location ?? n.url])).toEqual([
      ["same-tab", { target: "issue", issueKey: "ABC-2" }],
      ["same-tab", { target: "userProfile", accountId: "a-1" }],
      ["same-tab", "/browse/ABC-3"],
      ["reload", undefined],
    ]);
    await expect(codeOf(navigator.go("addonModule", { addonKey: "a", moduleKey: "m", customData: { tab: 1 } }))).resolves.toBe("ERR_UNSUPPORTED_ON_PLATFORM");
    // The URL of the module's place (router.getUrl of the issue it shows), where Connect gives the host page's.
    await expect(navigator.getUrl()).resolves.toMatch(/\/browse\/ABC-1$/);
    expect(() => toForgeLocation("spacetools", { spaceKey: "X" })).toThrow(expect.objectContaining({ code: "ERR_UNSUPPORTED_ON_PLATFORM" }));
  });

  test("history: pushState/getState over createHistory; a back navigation reaches onPopState", async () => {
    await start();
    const pops: string[] = [];
    history.onPopState((e) => pops.push(e.newURL));
    await history.pushState("settings/users");
    await history.pushState("settings/groups");
    await expect(history.getState()).resolves.toBe("settings/groups");
    await mock!.history.back();
    await mock!.flush();
    // Connect's shape on both platforms: the anchor as pushState got it, and "#!" before it in `hash`.
    expect(pops).toEqual(["settings/users"]);
    await expect(history.getState("all")).resolves.toMatchObject({ hash: "#!settings/users", href: "/settings/users" });
  });

  test("history: getState answers an entry pushed or replaced just before, before the host's listen echo arrives", async () => {
    await start();
    await history.pushState("settings/users");
    await expect(history.getState()).resolves.toBe("settings/users");
    await history.replaceState("settings/groups?tab=2");
    await expect(history.getState("all")).resolves.toMatchObject({ hash: "#!settings/groups?tab=2", href: "/settings/groups" });
    // Calls made without waiting run in order too, as they do on Connect's bridge.
    void history.pushState("a");
    await expect(history.getState()).resolves.toBe("a");
    await mock!.flush();
    expect(mock!.history.entries.map((e) => e.pathname)).toEqual(["/", "/settings/groups", "/a"]);
  });

  test("theming.enable calls view.theme.enable; resize and autoResize do nothing (the host sizes the frame)", async () => {
    await start();
    await theming.enable();
    expect(mock!.view.themeEnabled).toBe(1);
    await resize("100%", 300);
    document.body.innerHTML = '<div class="ac-content"></div>';
    const stop = autoResize();
    stop();
    expect(mock!.calls.map((c) => c.name)).not.toContain("resize");
  });

  test("cookies live in the frame's localStorage, per app and environment, with Connect's expiry in days", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      await start();
      await cookie.save("theme", "compact", 1);
      await cookie.save("session", "s-1");
      await expect(cookie.read("theme")).resolves.toBe("compact");
      await expect(cookie.read("missing")).resolves.toBeUndefined();
      // Namespaced by the app and environment of the context's localId: another app's frame on the origin cannot meet it.
      const keys = Object.keys(localStorage).filter((k) => k.startsWith("apkit.cookie:"));
      expect(keys.sort()).toEqual(["apkit.cookie:mock-app:mock-environment:session", "apkit.cookie:mock-app:mock-environment:theme"]);
      vi.setSystemTime(Date.now() + 86_400_000 + 1);
      await expect(cookie.read("theme")).resolves.toBeUndefined();
      expect(localStorage.getItem("apkit.cookie:mock-app:mock-environment:theme")).toBeNull();
      await expect(cookie.read("session")).resolves.toBe("s-1");
      await cookie.erase("session");
      await expect(cookie.read("session")).resolves.toBeUndefined();
    } finally {
      vi.useRealTimers();
      localStorage.clear();
    }
  });

  test("Jira's helpers: refreshIssuePage is view.refresh(); the issue dialogs need forge({ jiraBridge }), the rest name their alternative", async () => {
    await start();
    await jira.refreshIssuePage();
    expect(mock!.view.refreshed).toHaveLength(1);
    const error = await jira.openIssueDialog("ABC-1").catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_UNSUPPORTED_ON_PLATFORM", capability: "jira.openIssueDialog" });
    expect(error.message).toContain("jiraBridge");
    await expect(codeOf(jira.showJQLEditor())).resolves.toBe("ERR_UNSUPPORTED_ON_PLATFORM");
  });
});

describe("macros on Forge: the config resource's parameters; no property panel", () => {
  test("getData is the extension's config; the property panel's calls are refused coded, the listener too (it would never hear anything)", async () => {
    await start({ context: { accountId: "712020:alice", extension: { type: "macro", config: { color: "red" } } } });
    await expect(macro.getData()).resolves.toEqual({ color: "red" });
    await expect(codeOf(macro.closePropertyPanel())).resolves.toBe("ERR_UNSUPPORTED_ON_PLATFORM");
    let thrown: unknown;
    try {
      macro.onPropertyPanelEvent({ "click.refresh.my-macro.macro.property-panel": () => {} });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "ERR_UNSUPPORTED_ON_PLATFORM", capability: "macro.onPropertyPanelEvent", platform: "forge" });
    // A caller mistake stays a TypeError on either platform.
    expect(() => macro.onPropertyPanelEvent(null as never)).toThrow(TypeError);
  });
});

describe("apFetch on Forge: requestRemote with the remote key, no context JWT", () => {
  test("the path and method reach the remote; no Authorization header is added by apkit", async () => {
    await start({ forge: { remote: "backend" } });
    mock!.onRemote("GET", "/api/todos", () => ({ body: [{ id: 1 }] }));
    const res = await apFetch("/api/todos?open=1");
    await expect(res.json()).resolves.toEqual([{ id: 1 }]);
    const sent = mock!.requests.at(-1)!;
    expect(sent).toMatchObject({ kind: "remote", via: "requestRemote", remoteKey: "backend", path: "/api/todos" });
    expect(sent.query.get("open")).toBe("1");
    expect(sent.headers.authorization).toBeUndefined();
  });

  test("without a remote key apFetch fails coded, saying what to give", async () => {
    await start();
    const error = await apFetch("/api/todos").catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_UNSUPPORTED_ON_PLATFORM", capability: "apFetch" });
    expect(error.message).toContain("remote");
  });
});

describe("the start-up line's mistakes show at once, coded or as TypeErrors naming the fix", () => {
  test("forge() checks its options: a misspelt key, a wrong type, a dialog mapped to nothing", () => {
    expect(() => forge({ remotes: "backend" } as never)).toThrow(/no option "remotes"/);
    expect(() => forge({ remote: 42 } as never)).toThrow(TypeError);
    expect(() => forge({ product: "compass" } as never)).toThrow(/"jira", "confluence" or "bitbucket"/);
    expect(() => forge({ dialogs: { edit: 3 } } as never)).toThrow(/maps "edit"/);
    expect(() => forge({ bridge: {} as never })).toThrow(/@forge\/bridge module/);
    expect(() => forge({ jiraBridge: {} as never })).toThrow(/@forge\/jira-bridge/);
  });

  test("loadAP({ platform: forge }) (the call forgotten) rejects with a TypeError saying to call it", async () => {
    await expect(loadAP({ platform: forge as never })).rejects.toThrow(/call it, as in loadAP\(\{ platform: forge\(\) \}\)/);
    expect(platformName()).toBe("connect");
  });


});
