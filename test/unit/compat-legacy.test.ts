// Legacy Connect components (raw AP, callbacks, AP.require, jQuery), each run unchanged on two platforms:
// - connect: createMockAP, whose window.AP is the raw surface (the emulated host plus all.js's own layer);
// - forge: createMockForge (the real @forge/bridge over the emulated Custom UI host) with apkit/compat's installAP().
// The same steps, the same observable outcome (DOM, requests, dialogs, flags, navigations, cookies); where Forge cannot
// do what Connect does, FORGE_DIFFERENCES says why and the test asserts what Forge does instead, as the contract
// suite does (test/contract/cases.ts).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@testing-library/dom";
// @ts-expect-error jQuery ships no types, and legacy code is untyped anyway
import jQuery from "jquery";
import { installAP, rawSupport } from "apkit/compat";
import { createMockAP, json, type MockAP, type MockResponse } from "apkit/testing";
import { createMockForge, type ForgeExtension, type MockForge } from "apkit/testing/forge";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

declare const AP: any;
const $ = jQuery as any;

/** Why a Forge outcome differs from Connect's; each is asserted where it shows. */
const FORGE_DIFFERENCES = {
  noContextJwt: "Forge has no context JWT: AP.context.getToken's callback gets nothing, and apkit/compat warns once naming apFetch.",
  noHostButtons: "Forge modals have no host buttons: AP.dialog.getButton(...).disable() does nothing and warns once; the page's own button closes it.",
  noCloseOnSubmit: "With no host Submit button there is nothing to keep open: disableCloseOnSubmit warns once.",
  locationOfModule: "navigator.getLocation answers the module's place from the Forge context (the issue), not the host page's target.",
  historyPaths: "Forge's page history keeps paths (/users) where Connect keeps the anchor (users); getState answers the anchor on both.",
  userClosedFlag: "Forge reports no flag the user closes: no flag.close event reaches the page.",
  messagesAsFlags: "AP.messages.* is shown as a flag on Forge (connect-host draws an AUI message above the iframe).",
  macroSave: "A Forge macro's config resource saves with view.submit({ config }); closeMacroEditor is view.close().",
  forgeContext: "getContext is Connect's shape mapped from Forge's context, with Forge's own context under `forge`.",
};

const USER = { accountId: "557058:legacy-user", displayName: "Ada Lovelace", locale: "de-DE", timeZone: "Europe/Berlin" };
const ISSUE = { id: "10001", key: "TEST-1" };
const JIRA_PANEL: ForgeExtension = { type: "jira:issuePanel", issue: { ...ISSUE, typeId: "10002" }, project: { id: "10000", key: "TEST", type: "software" } };

type Method = "get" | "put" | "post" | "delete";
interface Seen {
  method: string;
  path: string;
  body: unknown;
}

/** A started platform, seen the same way on both. */
interface Driver {
  readonly name: "connect" | "forge";
  on(method: Method, path: string, answer: (request: { params: Record<string, string>; body: unknown }) => MockResponse): void;
  requests(): Seen[];
  flags(): Array<{ title?: string; body?: string; type: string; open: boolean }>;
  clickFlagAction(title: string, action: string, text: string): Promise<void>;
  closeFlag(title: string): Promise<void>;
  navigations(): Array<{ target: unknown; context: unknown }>;
  dialogs(): Array<{ key: unknown; customData: unknown }>;
  closeDialog(data?: unknown): Promise<void>;
  /** What the page's own dialog closed with (this page being the dialog). */
  closedWith(): unknown[];
  historyEntries(): string[];
  flush(): Promise<void>;
  /** apkit/compat's warnings (none on Connect: all.js is the AP there). */
  warnings: string[];
  stop(): void;
  /** The platform's own mock, for what only it shows. */
  connectMock?: MockAP;
  forgeHost?: MockForge;
}

interface Spec {
  /** Connect: the iframe's context; Forge: the extension. */
  connect?: { context?: Record<string, unknown>; dialog?: Record<string, unknown>; macro?: { data?: unknown } };
  forge?: { extension?: ForgeExtension };
}

async function connect(spec: Spec): Promise<Driver> {
  const mock = createMockAP({ user: USER, ...spec.connect }).install();
  const flagNamed = (title: string) => mock.flags.find((f) => f.title === title && f.open)!;
  return {
    name: "connect",
    on: (method, path, answer) => void mock.request[method](path, ({ params, body }) => answer({ params, body })),
    requests: () => mock.requests.map((r) => ({ method: r.method, path: r.url, body: r.body })),
    flags: () => mock.flags.map((f) => ({ title: f.title, body: f.body, type: f.type, open: f.open })),
    clickFlagAction: (title, action) => mock.clickFlagAction(flagNamed(title), action),
    closeFlag: (title) => mock.closeFlag(flagNamed(title)),
    navigations: () => mock.navigations.map((n) => ({ target: n.target, context: n.context })),
    dialogs: () => mock.dialogs.map((d) => ({ key: d.request.key, customData: d.customData })),
    closeDialog: (data) => (data === undefined ? mock.cancelDialog() : mock.closeDialog(data)),
    closedWith: () => mock.closedDialogs.map((d) => d.data),
    historyEntries: () => [...mock.history.entries],
    flush: () => mock.flush(),
    warnings: [],
    stop: () => mock.uninstall(),
    connectMock: mock,
  };
}

async function forge(spec: Spec): Promise<Driver> {
  const host = await createMockForge({
    context: { accountId: USER.accountId, locale: USER.locale, timezone: USER.timeZone, extension: spec.forge?.extension ?? JIRA_PANEL },
  }).start();
  const warnings: string[] = [];
  installAP({ warn: (m) => warnings.push(m) });
  const flagNamed = (title: string) => host.flags.find((f) => f.title === title && f.open)!;
  return {
    name: "forge",
    on: (method, path, answer) => void host.onRequest(method.toUpperCase(), path, ({ params, body }) => answer({ params, body })),
    requests: () => host.requests.flatMap((r) => (r.kind === "product" ? [{ method: r.method, path: r.restPath.replace(/^\/wiki(?=\/)/, ""), body: r.body }] : [])),
    flags: () => host.flags.map((f) => ({ title: f.title, body: f.description, type: f.type, open: f.open })),
    clickFlagAction: (title, _action, text) => host.clickFlagAction(flagNamed(title).id, text),
    closeFlag: (title) => host.closeFlag(flagNamed(title).id),
    navigations: () => host.navigations.map((n) => ({ target: n.location?.target, context: { ...n.location, target: undefined } })),
    dialogs: () => host.modals.filter((m) => m.open).map((m) => ({ key: m.resource, customData: m.context })),
    closeDialog: (data) => host.closeModal(data),
    closedWith: () => [...host.view.closed],
    historyEntries: () => host.history.entries.map((e) => e.pathname),
    flush: () => host.flush(),
    warnings,
    stop: () => host.stop(),
    forgeHost: host,
  };
}

const PLATFORMS = { connect, forge };
let driver: Driver | undefined;
beforeEach(() => localStorage.clear());
afterEach(() => {
  driver?.stop();
  driver = undefined;
  localStorage.clear();
});

/** The warnings apkit/compat gave for the raw method `raw` (AP.<raw>: ...). */
const warnedFor = (d: Driver, raw: string) => d.warnings.filter((w) => w.startsWith(`[apkit/compat] AP.${raw}:`));

// ---- the legacy issue panel of examples/legacy-panel, the same file the demo runs in Chromium --------------------
const PANEL = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/legacy-panel");
function mountPanel(): void {
  const page = new DOMParser().parseFromString(readFileSync(resolve(PANEL, "index.html"), "utf8"), "text/html");
  page.querySelectorAll("script").forEach((s) => s.remove());
  document.body.innerHTML = page.body.innerHTML;

  (window as unknown as { jQuery: unknown }).jQuery = jQuery;
  new Function(readFileSync(resolve(PANEL, "panel.js"), "utf8"))();
}

describe.each(Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>)("legacy components on %s", (platform) => {
  const start = async (spec: Spec = {}) => (driver = await PLATFORMS[platform](spec));

  test("the legacy issue panel: context, AP.require(request, cookie), JSON from text, visits, a note as an issue property, a flag's action", async () => {
    const d = await start();
    const label = platform === "forge" ? "Forge" : "Connect";
    d.on("get", "/rest/api/3/issue/:key", ({ params }) => json({ ...ISSUE, key: params.key, fields: { summary: "Legacy summary" } }));
    d.on("get", "/rest/api/3/myself", () => json({ accountId: USER.accountId, displayName: USER.displayName }));
    mountPanel();
    await waitFor(() => expect($("#visits").text()).toBe("Visit #1 of this panel"));
    await waitFor(() => expect($("#note").text()).toBe("(no note yet)"));
    expect($("#issue").text()).toBe("TEST-1");
    expect($("#summary").text()).toBe("Legacy summary");
    expect($("#hello").text()).toBe("Hello, Ada Lovelace");

    // A note saved through AP.request PUT: the product's issue property, read back by the next page.
    $("#text").val("Ship it");
    $("#form").trigger("submit");
    await waitFor(() => expect(d.flags()).toEqual([{ title: "Note saved", body: "Saved on TEST-1.", type: "success", open: true }]));
    expect(d.requests().filter((r) => r.method === "PUT")).toEqual([
      { method: "PUT", path: "/rest/api/3/issue/TEST-1/properties/legacy-note", body: { text: "Ship it", by: label } },
    ]);
    await d.clickFlagAction("Note saved", "undo", "Undo");
    await waitFor(() => expect($("#status").text()).toBe("Undo asked (the note stays)"));

    mountPanel();
    await waitFor(() => expect($("#visits").text()).toBe("Visit #2 of this panel"));
    await waitFor(() => expect($("#note").text()).toBe("Ship it"));
    expect($("#note-by").text()).toBe(`written in the ${label} panel`);

    if (platform === "connect") {
      await waitFor(() => expect($("#token").text()).toBe("context token: yes"));
      expect(d.warnings).toEqual([]);
    } else {
      // FORGE_DIFFERENCES.noContextJwt: the callback gets nothing; one warning for the two pages' calls.
      await waitFor(() => expect($("#token").text()).toBe("context token: none"));
      expect(warnedFor(d, "context.getToken")).toEqual([expect.stringContaining("apFetch")]);
      expect(d.warnings).toHaveLength(1);
    }
  });

  test("AP.request's callbacks: success(text, statusText, xhr) and error(xhr, statusText, errorThrown), both forms", async () => {
    const d = await start();
    d.on("get", "/rest/api/3/issue/TEST-1", () => json({ key: "TEST-1" }, { headers: { etag: '"v1"' } }));
    d.on("get", "/rest/api/3/issue/NOPE-1", () => json({ errorMessages: ["Issue does not exist"] }, { status: 404 }));
    const calls: unknown[] = [];
    AP.request({
      url: "/rest/api/3/issue/TEST-1",
      success(text: string, statusText: string, xhr: any) {
        calls.push(["success", typeof text, JSON.parse(text).key, statusText, xhr.status, xhr.getResponseHeader("ETag"), /etag: "v1"/.test(xhr.getAllResponseHeaders())]);
      },
    });
    AP.request("/rest/api/3/issue/NOPE-1", {
      error(xhr: any, statusText: string, errorThrown: unknown) {
        calls.push(["error", xhr.status, JSON.parse(xhr.responseText).errorMessages[0], statusText, errorThrown]);
      },
    });
    const rejected = await AP.request({ url: "/rest/api/3/issue/NOPE-1" }).catch((e: any) => [e.err, e.xhr.status]);
    // With binaryAttachment, success gets the bytes, as the types say (and the xhr still has the text).
    AP.request({ url: "/rest/api/3/issue/TEST-1", binaryAttachment: true, success: (bytes: ArrayBuffer, _s: string, xhr: any) => calls.push(["binary", new TextDecoder().decode(bytes), xhr.responseText]) });
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls).toEqual([
      ["success", "string", "TEST-1", "OK", 200, '"v1"', true],
      ["error", 404, "Issue does not exist", "Not Found", "Not Found"],
      ["binary", '{"key":"TEST-1"}', '{"key":"TEST-1"}'],
    ]);
    expect(rejected).toEqual(["Not Found", 404]);
  });

  test("a dialog opener: create(...).on('close'), the dialog.close event, a dismissed dialog, a flag for the result", async () => {
    const d = await start();
    document.body.innerHTML = '<button id="triage">Triage</button><p id="priority"></p><p id="closes"></p>';
    let closes = 0;
    AP.events.on("dialog.close", () => $("#closes").text(`closes: ${++closes}`));
    $("#triage").on("click", () => {
      AP.dialog.create({ key: "triage", chrome: true, header: "Triage", size: "medium", customData: { issueKey: "TEST-1" } }).on("close", (result: any) => {
        if (result && result.priority) {
          $("#priority").text(`Priority: ${result.priority}`);
          AP.flag.create({ title: "Priority set", body: result.priority, type: "info" });
        } else $("#priority").text("Dismissed");
      });
    });

    $("#triage").trigger("click");
    await waitFor(() => expect(d.dialogs()).toEqual([{ key: "triage", customData: { issueKey: "TEST-1" } }]));
    await d.closeDialog({ priority: "High" });
    await waitFor(() => expect($("#priority").text()).toBe("Priority: High"));
    await waitFor(() => expect(d.flags()).toEqual([{ title: "Priority set", body: "High", type: "info", open: true }]));

    $("#triage").trigger("click");
    await waitFor(() => expect(d.dialogs()).toHaveLength(1));
    await d.closeDialog();
    await waitFor(() => expect($("#priority").text()).toBe("Dismissed"));
    expect($("#closes").text()).toBe("closes: 2");
    expect(d.warnings).toEqual([]);
  });

  test("a dialog's page: its custom data, the host's Submit button, its own Done button closing with data", async () => {
    const d = await start({
      connect: { dialog: { key: "triage", chrome: true, customData: { issueKey: "TEST-1" } } },
      forge: { extension: { ...JIRA_PANEL, modal: { issueKey: "TEST-1" } } },
    });
    document.body.innerHTML = '<h1 id="for"></h1><select id="priority"><option></option><option>High</option></select><button id="done">Done</button>';
    AP.dialog.disableCloseOnSubmit();
    const submit = AP.dialog.getButton("submit");
    submit.disable();
    AP.dialog.getCustomData((data: any) => $("#for").text(`Triage ${data.issueKey}`));
    $("#priority").on("change", () => submit.enable());
    $("#done").on("click", () => AP.dialog.close({ priority: $("#priority").val() }));

    await waitFor(() => expect($("#for").text()).toBe("Triage TEST-1"));
    $("#priority").val("High").trigger("change");
    $("#done").trigger("click");
    await waitFor(() => expect(d.closedWith()).toEqual([{ priority: "High" }]));
    if (platform === "forge") {
      // FORGE_DIFFERENCES.noHostButtons, noCloseOnSubmit: one warning per raw method, naming what to do instead.
      expect(warnedFor(d, "dialog.getButton")).toEqual([expect.stringContaining("draw them in the modal")]);
      expect(warnedFor(d, "dialog.getButton().disable")).toHaveLength(1);
      expect(warnedFor(d, "dialog.getButton().enable")).toHaveLength(1);
      expect(warnedFor(d, "dialog.disableCloseOnSubmit")).toHaveLength(1);
      expect(d.warnings).toHaveLength(4);
    } else expect(d.warnings).toEqual([]);
  });

  test("a settings page: the user's locale and time zone, history, navigation, the page's place", async () => {
    const d = await start();
    document.body.innerHTML = '<p id="who"></p><p id="tab"></p><p id="where"></p>';
    AP.user.getCurrentUser((user: any) =>
      AP.user.getLocale((locale: string) => AP.user.getTimeZone((zone: string) => $("#who").text(`${user.atlassianAccountId} ${locale} ${zone}`))),
    );
    AP.history.pushState("users");
    AP.history.getState("hash", (state: string) => $("#tab").text(`tab: ${state}`));
    AP.navigator.getLocation((location: any) => $("#where").text(JSON.stringify(location)));
    AP.navigator.go("issue", { issueKey: "TEST-2" });

    await waitFor(() => expect($("#who").text()).toBe(`${USER.accountId} de-DE Europe/Berlin`));
    await waitFor(() => expect($("#tab").text()).toBe("tab: users"));
    await waitFor(() => expect(d.navigations()).toHaveLength(1));
    expect(d.navigations()[0]).toMatchObject({ target: "issue", context: { issueKey: "TEST-2" } });
    await waitFor(() => expect($("#where").text()).not.toBe(""));
    if (platform === "connect") {
      expect(d.historyEntries().at(-1)).toBe("users");
      expect(JSON.parse($("#where").text())).toEqual({ target: "addonModule", context: { addonKey: "mock-app", moduleKey: "mock-module" } });
    } else {
      expect(d.historyEntries().at(-1)).toBe("/users"); // FORGE_DIFFERENCES.historyPaths
      expect(JSON.parse($("#where").text())).toEqual({ target: "issue", context: { issueKey: "TEST-1" } }); // locationOfModule
    }
    expect(d.warnings).toEqual([]);
  });

  test("flags: the app closes one, the user closes another; AP.messages", async () => {
    const d = await start();
    document.body.innerHTML = '<ul id="log"></ul>';
    const log = (line: string) => $("#log").append($("<li>").text(line));
    const sync = AP.flag.create({ title: "Sync failed", body: "Retry?", type: "error", close: "manual", actions: { retry: "Retry" } });
    const tip = AP.flag.create({ title: "Tip", body: "Press ?", type: "info", close: "manual" });
    AP.events.on("flag.action", (e: any) => log(`action ${e.actionIdentifier} on ${e.flagIdentifier === sync._id ? "sync" : "?"}`));
    AP.events.on("flag.close", (e: any) => log(`closed ${e.flagIdentifier === sync._id ? "sync" : e.flagIdentifier === tip._id ? "tip" : "?"}`));
    AP.messages.info("Heads up", "Maintenance tonight");
    await waitFor(() => expect(d.flags().filter((f) => f.open).length).toBeGreaterThanOrEqual(2));

    await d.clickFlagAction("Sync failed", "retry", "Retry");
    sync.close();
    await waitFor(() => expect($("#log li").map((_: number, li: Element) => li.textContent).get()).toEqual(["action retry on sync", "closed sync"]));
    await d.closeFlag("Tip");
    await d.flush();
    const lines = () => $("#log li").map((_: number, li: Element) => li.textContent).get();
    if (platform === "connect") {
      await waitFor(() => expect(lines()).toEqual(["action retry on sync", "closed sync", "closed tip"]));
      expect(d.connectMock!.calls.filter((c) => c.method.startsWith("messages.")).map((c) => [c.method, c.args.slice(0, 2)])).toEqual([["messages.info", ["Heads up", "Maintenance tonight"]]]);
    } else {
      expect(lines()).toEqual(["action retry on sync", "closed sync"]); // FORGE_DIFFERENCES.userClosedFlag
      expect(d.flags().find((f) => f.title === "Heads up")).toEqual({ title: "Heads up", body: "Maintenance tonight", type: "info", open: true }); // messagesAsFlags
    }
    expect(d.warnings).toEqual([]);
  });

  test("events with the host and other frames (several arguments, once, off), the context, AP.define and AP.require", async () => {
    const d = await start();
    const heard: unknown[] = [];
    const onRefresh = (...args: unknown[]) => heard.push(["refresh", ...args]);
    AP.events.on("legacy.refresh", onRefresh);
    AP.events.once("legacy.once", (data: unknown) => heard.push(["once", data]));
    const inline = await new Promise((resolve) => AP.require(["inline-dialog"], resolve));
    expect(inline).toBe(AP.inlineDialog);
    AP.define("issueKey", ["context"], (context: any) => ({ read: (done: (key: string) => void) => context.getContext((c: any) => done(c.jira.issue.key)) }));
    AP.require(["issueKey", "events"], (issueKey: any, events: any) => issueKey.read((key: string) => events.emit("legacy.ping", key, { from: "legacy" })));
    const context = await AP.context.getContext();
    await d.flush();

    // What another frame of the app sends: several arguments on Connect; on Forge, apkit/compat's one envelope.
    const fromOther = async (name: string, ...args: unknown[]) => {
      if (d.connectMock) await d.connectMock.emit(name, ...args);
      else await d.forgeHost!.emit(name, args.length === 1 ? args[0] : { __apkitCompatArgs: args });
    };
    await fromOther("legacy.refresh", "ABC-1", { fields: ["summary"] });
    await fromOther("legacy.once", 1);
    await fromOther("legacy.once", 2);
    AP.events.off("legacy.refresh", onRefresh);
    await fromOther("legacy.refresh", "ignored");
    await d.flush();
    expect(heard).toEqual([["refresh", "ABC-1", { fields: ["summary"] }], ["once", 1]]);

    if (platform === "connect") {
      expect(d.connectMock!.calls.filter((c) => c.method === "events.emit").map((c) => c.args)).toEqual([["legacy.ping", "TEST-1", { from: "legacy" }]]);
      expect(context).toEqual({ jira: { issue: ISSUE, project: { id: "10000", key: "TEST" } } });
    } else {
      expect(d.forgeHost!.emitted).toEqual([{ event: "legacy.ping", payload: { __apkitCompatArgs: ["TEST-1", { from: "legacy" }] }, public: false }]);
      // FORGE_DIFFERENCES.forgeContext
      expect(context).toMatchObject({ jira: { issue: ISSUE, project: { id: "10000", key: "TEST" } }, forge: { moduleKey: "mock-module" } });
    }
    expect(d.warnings).toEqual([]);
  });

  test("a Confluence macro editor: its saved parameters, content properties with versions, save and close", async () => {
    const confluence = { content: { id: "123", type: "page" }, space: { id: "42", key: "DOC" } };
    const d = await start({
      connect: { context: { confluence }, macro: { data: { color: "red" } } },
      forge: { extension: { type: "macro", config: { color: "red" }, ...confluence } },
    });
    document.body.innerHTML = '<input id="color"><button id="save">Save</button><p id="votes"></p><p id="stale"></p>';
    AP.confluence.getMacroData((data: any) => $("#color").val(data.color));
    AP.confluence.setContentProperty({ key: "votes", value: { up: 1 }, version: { number: 1 } }, () => {
      AP.confluence.setContentProperty({ key: "votes", value: { up: 9 }, version: { number: 1 } }, (stale: any) => {
        $("#stale").text(stale.error ? "stale write refused" : "stale write accepted");
        AP.confluence.getContentProperty("votes", (p: any) => $("#votes").text(`votes ${p.value.up}, version ${p.version.number}`));
      });
    });
    $("#save").on("click", () => {
      AP.confluence.saveMacro({ color: $("#color").val() });
      AP.confluence.closeMacroEditor();
    });

    await waitFor(() => expect($("#color").val()).toBe("red"));
    await waitFor(() => expect($("#votes").text()).toBe("votes 1, version 1"));
    expect($("#stale").text()).toBe("stale write refused");
    $("#color").val("green");
    $("#save").trigger("click");
    if (platform === "connect") {
      const macroCalls = () => d.connectMock!.calls.filter((c) => /^confluence\.(save|close)/.test(c.method)).map((c) => [c.method, c.args]);
      await waitFor(() => expect(macroCalls()).toEqual([["confluence.saveMacro", [{ color: "green" }]], ["confluence.closeMacroEditor", []]]));
      expect(d.requests()).toEqual([]); // the host reads and writes content properties itself
    } else {
      // FORGE_DIFFERENCES.macroSave
      await waitFor(() => expect(d.forgeHost!.view.closed).toEqual([undefined]));
      expect(d.forgeHost!.view.submitted).toEqual([{ config: { color: "green" } }]);
      // apkit/compat reads and writes them with Confluence's REST v2, the versions checked by the product
      expect(d.requests().map((r) => `${r.method} ${r.path.replace(/\?.*/, "")}`)).toEqual([
        "GET /api/v2/pages/123/properties",
        "POST /api/v2/pages/123/properties",
        "GET /api/v2/pages/123/properties",
        "PUT /api/v2/pages/123/properties/1",
        "GET /api/v2/pages/123/properties",
      ]);
    }
    expect(d.warnings).toEqual([]);
  });
});

