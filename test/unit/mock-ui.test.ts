// createMockAP's host-side controls: dialogs, flags, events, sizing, navigation, history, cookies, the product's
// own modules.
import { describe, expect, test } from "vitest";
import { cookie, dialog, events, flag, history, jira, macro, navigator, resize, sizeToParent, theming } from "apkit";
import { createMockAP } from "apkit/testing";

describe("dialogs", () => {
  test("what the opener asked for, the custom data as the dialog reads it, and the dialog's own iframe", async () => {
    const mock = createMockAP().install();
    const result = dialog.open({ key: "pick", size: "large", chrome: true, customData: { projectKey: "ABC", gone: null } });
    await mock.flush();
    const [d] = mock.dialogs;
    expect(d!.request).toMatchObject({ key: "pick", size: "large", chrome: true, customData: { projectKey: "ABC", __apkit: expect.any(String) } });
    expect(d!.customData).toEqual({ projectKey: "ABC" }); // nulls dropped by the bridge, apkit's id hidden
    expect([d!.moduleKey, d!.options.isDialog, d!.context]).toEqual(["pick", true, mock.main.context]);
    // the dialog's page, run in its own iframe
    const inside = await d!.run(async () => ({ isDialog: dialog.isDialog(), data: await dialog.getCustomData() }));
    expect(inside).toEqual({ isDialog: true, data: { projectKey: "ABC" } });
    await d!.run(() => dialog.close({ id: 7 }));
    expect(await result).toEqual({ id: 7 });
    expect(mock.dialogs).toEqual([]);
    expect(mock.closedDialogs).toEqual([{ dialog: d, data: { id: 7 } }]);
  });

  test("a closed dialog's iframe hears no more events", async () => {
    const mock = createMockAP().install();
    void dialog.open({ key: "d" });
    await mock.flush();
    const d = mock.dialogs[0]!;
    const heard: unknown[] = [];
    await d.run(() => events.on("after", (x) => heard.push(x)));
    await mock.emit("after", 1);
    await mock.closeDialog();
    await mock.emit("after", 2);
    expect(heard).toEqual([1]);
  });

  test("closeDialog without data, cancel, and a page without apkit (raw AP.dialog.close)", async () => {
    const mock = createMockAP().install();
    const first = dialog.open({ key: "d", customData: { a: 1 } }).then((v) => ({ v }));
    await mock.flush();
    await mock.closeDialog();
    expect(await first).toEqual({ v: undefined });
    const second = dialog.open({ key: "d", chrome: true }).then((v) => ({ v }));
    await mock.flush();
    await mock.cancelDialog();
    expect(await second).toEqual({ v: undefined });
    const third = dialog.open({ key: "legacy" });
    await mock.flush();
    await mock.dialogs[0]!.run(() => mock.dialogs[0]!.ap.dialog.close({ raw: true }));
    expect(await third).toEqual({ raw: true });
  });

  test("a dialog page on its own (dialog option): custom data, buttons, Submit with disableCloseOnSubmit, the result", async () => {
    const mock = createMockAP({ moduleKey: "pick", dialog: { chrome: true, customData: { projectKey: "ABC", gone: null }, buttons: [{ identifier: "preview", text: "Preview" }] } }).install();
    expect(mock.dialogs).toEqual([mock.main]);
    expect(dialog.isDialog()).toBe(true);
    expect(await dialog.getCustomData()).toEqual({ projectKey: "ABC" });
    const clicks: string[] = [];
    await dialog.disableCloseOnSubmit();
    await dialog.button("submit").disable();
    dialog.button("preview").onClick(() => clicks.push("preview"));
    dialog.button("submit").onClick(() => void dialog.close({ saved: true }));
    await mock.flush();
    expect(mock.dialogs[0]!.buttons).toEqual({ submit: { disabled: true, hidden: false }, cancel: { disabled: false, hidden: false }, preview: { disabled: false, hidden: false } });
    await expect(mock.clickDialogButton("submit")).rejects.toThrow('the dialog\'s "submit" button is disabled');
    await expect(mock.clickDialogButton("nope")).rejects.toThrow('the dialog has no button "nope"');
    await mock.clickDialogButton("preview");
    expect(clicks).toEqual(["preview"]);
    await dialog.button("submit").enable();
    await mock.clickDialogButton("submit");
    expect(mock.dialogs).toEqual([]);
    expect(mock.closedDialogs.map((c) => [c.dialog.moduleKey, c.data])).toEqual([["pick", { saved: true }]]);
    await expect(mock.clickDialogButton("submit")).rejects.toThrow(/no dialog is open/);
  });

  test("a dialog page without custom data reads undefined; Cancel lands in closedDialogs as undefined", async () => {
    const mock = createMockAP({ dialog: { chrome: true } }).install();
    expect(await dialog.getCustomData()).toBeUndefined();
    await mock.cancelDialog();
    expect(mock.closedDialogs.map((c) => c.data)).toEqual([undefined]);
  });

  test("Submit without disableCloseOnSubmit closes the dialog without data, as all.js does", async () => {
    const mock = createMockAP().install();
    const result = dialog.open({ key: "form", chrome: true }).then((v) => ({ v }));
    await mock.flush();
    await mock.clickDialogButton("submit");
    expect(await result).toEqual({ v: undefined });
  });

  test("with nothing open, closeDialog and cancelDialog are errors of the test", async () => {
    const mock = createMockAP();
    await expect(mock.closeDialog(1)).rejects.toThrow("[apkit/testing] no dialog is open");
    await expect(mock.cancelDialog()).rejects.toThrow("[apkit/testing] no dialog is open");
  });
});

describe("flags", () => {
  test("by title or by MockFlag; an action reaches only its flag; closing resolves closed; the log keeps closed flags", async () => {
    const mock = createMockAP().install();
    const seen: string[] = [];
    const a = flag.show({ title: "Saved", type: "success", close: "manual", actions: { undo: "Undo" } });
    const b = flag.show({ title: "Other", actions: { undo: "Undo", more: "More" } });
    a.onAction("undo", () => seen.push("a undo"));
    b.onAction("undo", () => seen.push("b undo"));
    await mock.flush();
    expect(mock.flags.map((f) => [f.title, f.type, f.close, f.actions, f.open])).toEqual([
      ["Saved", "success", "manual", { undo: "Undo" }, true],
      ["Other", "info", "auto", { undo: "Undo", more: "More" }, true],
    ]);
    await mock.clickFlagAction("Saved", "undo");
    await mock.clickFlagAction(mock.flags[1]!, "undo");
    expect(seen).toEqual(["a undo", "b undo"]);
    await mock.closeFlag("Saved");
    await a.closed;
    b.close(); // the app closes its own flag
    await b.closed;
    expect(mock.flags.map((f) => f.open)).toEqual([false, false]);
  });

  test("test mistakes are errors: no such open flag, two flags with the title, no such action", async () => {
    const mock = createMockAP().install();
    flag.show({ title: "Twice" });
    flag.show({ title: "Twice" });
    flag.show({ title: "Once", actions: { ok: "OK" } });
    await mock.flush();
    await expect(mock.clickFlagAction("Nope", "ok")).rejects.toThrow('no open flag is titled "Nope"');
    await expect(mock.closeFlag("Twice")).rejects.toThrow('several open flags are titled "Twice"');
    await expect(mock.clickFlagAction("Once", "cancel")).rejects.toThrow('the flag "Once" has no action "cancel"');
  });
});

describe("events from the host", () => {
  test("one payload, an array payload (spread, as all.js does), several arguments, none", async () => {
    const mock = createMockAP().install();
    const sibling = mock.connect({ moduleKey: "other" });
    const other = mock.connect({ addonKey: "another-app" });
    const got: unknown[][] = [];
    const otherGot: unknown[][] = [];
    events.on("e", (...args: unknown[]) => got.push(args));
    await sibling.run(() => events.on("e", (...args: unknown[]) => got.push(["sibling", ...args])));
    await other.run(() => events.on("e", (...args: unknown[]) => otherGot.push(args)));
    await mock.emit("e", { a: 1 });
    await mock.emit("e", [1, 2]);
    await mock.emit("e", "x", "y");
    await mock.emit("e");
    expect(got).toEqual([[{ a: 1 }], ["sibling", { a: 1 }], [1, 2], ["sibling", 1, 2], ["x", "y"], ["sibling", "x", "y"], [undefined], ["sibling", undefined]]);
    expect(otherGot).toEqual([]); // another app's iframe hears only its own app's events
    expect(() => mock.emit("")).toThrow(TypeError);
  });
});

describe("sizing, navigation, history, cookies, theming", () => {
  test("resizes and navigations are logged with their iframe; sizeToParent in calls", async () => {
    const mock = createMockAP().install();
    await resize("100%", 300);
    await resize();
    await sizeToParent({ hideFooter: true });
    await navigator.go("issue", { issueKey: "ABC-9" });
    await navigator.reload();
    await mock.flush();
    expect(mock.resizes.map((r) => [r.width, r.height, r.frame === mock.main])).toEqual([
      ["100%", 300, true],
      [undefined, undefined, true],
    ]);
    expect(mock.navigations.map((n) => [n.target, n.context, n.frame.moduleKey])).toEqual([["issue", { issueKey: "ABC-9" }, "mock-module"]]);
    expect(mock.calls.filter((c) => c.method.startsWith("env.") || c.method.startsWith("navigator.")).map((c) => [c.method, c.args])).toEqual([
      ["env.resize", ["100%", 300]],
      ["env.resize", [undefined, undefined]],
      ["env.sizeToParent", [true]],
      ["navigator.go", ["issue", { issueKey: "ABC-9" }]],
      ["navigator.reload", []],
    ]);
    expect(await navigator.getLocation()).toEqual({ target: "addonModule", context: { addonKey: "mock-app", moduleKey: "mock-module" } });
    expect(await navigator.getUrl()).toBe("https://mock-site.atlassian.net/plugins/servlet/ac/mock-app/mock-module#!");
  });

  test("history: pushState adds entries without pop-state; the user going back runs the listeners", async () => {
    const mock = createMockAP().install();
    const pops: unknown[] = [];
    history.onPopState(({ oldURL, newURL }) => pops.push([oldURL, newURL]));
    await history.pushState("a");
    await history.pushState("b");
    await mock.flush();
    expect([mock.history.entries, mock.history.state, await history.getState()]).toEqual([["", "a", "b"], "b", "b"]);
    expect(pops).toEqual([]);
    await mock.history.go(-1);
    await new Promise((r) => setTimeout(r, 0)); // apkit hands listeners the change in their own microtasks
    expect(pops).toEqual([["b", "a"]]);
    await history.back(); // the app's own back: listeners run too
    await mock.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(pops).toEqual([["b", "a"], ["a", ""]]);
    await history.replaceState("z");
    expect(await history.getState("all")).toMatchObject({ key: "z", hash: "#!z" });
  });

  test("cookies are kept per app", async () => {
    const mock = createMockAP().install();
    await cookie.save("theme", "dark", 30);
    expect(await cookie.read("theme")).toBe("dark");
    expect(mock.cookies.get("mock-app:theme")).toBe("dark");
    expect(await mock.connect({ addonKey: "other-app" }).run(() => cookie.read("theme"))).toBeUndefined();
    await cookie.erase("theme");
    expect(await cookie.read("theme")).toBeUndefined();
  });

  test("theming.enable reaches the host", async () => {
    const mock = createMockAP().install();
    await theming.enable();
    await mock.flush();
    expect(mock.calls.map((c) => c.method)).toContain("theming.initializeTheming");
  });
});

describe("the product's own module", () => {
  test("Confluence: the macro editor's data and body, saved back", async () => {
    const mock = createMockAP({ product: "confluence", macro: { data: { color: "red" }, body: "<p>x</p>" } }).install();
    expect([await macro.getData(), await macro.getBody()]).toEqual([{ color: "red" }, "<p>x</p>"]);
    await macro.save({ color: "blue" }, "<p>y</p>");
    await mock.flush();
    expect([await macro.getData(), await macro.getBody()]).toEqual([{ color: "blue" }, "<p>y</p>"]);
    await expect(jira.refreshIssuePage()).rejects.toMatchObject({ code: "ERR_METHOD_UNAVAILABLE" });
  });

  test("Jira: page helpers answer; Jira's own dialogs answer as if the user went straight through", async () => {
    const mock = createMockAP().install();
    await jira.refreshIssuePage();
    await jira.setDashboardItemTitle("Open bugs");
    expect(await jira.isDashboardItemEditable()).toBe(true);
    await mock.flush();
    expect(mock.calls.filter((c) => c.method.startsWith("jira.")).map((c) => [c.method, c.args])).toEqual([
      ["jira.refreshIssuePage", []],
      ["jira.setDashboardItemTitle", ["Open bugs"]],
      ["jira.isDashboardItemEditable", []],
    ]);
    expect(await jira.openCreateIssueDialog({ pid: 1, fields: { summary: "S" } })).toEqual([{ id: "10100", key: "TEST-100", fields: { summary: "S" } }]);
    expect(await jira.showJQLEditor({ jql: "project = ABC" })).toEqual({ jql: "project = ABC" });
  });

  test("modules add what a product leaves to its own UI; the CDN all.js hands callback-first Jira calls to the host callback last", async () => {
    const modules = {
      jira: {
        openCreateIssueDialog: (params: { fields?: object }, callback: (issues: unknown[]) => void) => callback([{ key: "ABC-100", fields: params.fields }]),
        showJQLEditor: (options: { jql: string }, callback: (r: { jql: string }) => void) => callback({ jql: `${options.jql} ORDER BY key` }),
      },
    };
    createMockAP({ modules }).install();
    expect(await jira.openCreateIssueDialog({ pid: 1, fields: { summary: "S" } })).toEqual([{ key: "ABC-100", fields: { summary: "S" } }]);
    expect(await jira.showJQLEditor({ jql: "project = ABC" })).toEqual({ jql: "project = ABC ORDER BY key" });
    // with the npm all.js the callback-first calls never answer, as on the local host
    const warnings: string[] = [];
    createMockAP({ modules, allJs: "npm", warn: (m) => warnings.push(m) }).install();
    await expect(jira.openCreateIssueDialog({ pid: 1 }, { timeout: 30 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });
});
