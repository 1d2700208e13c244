// theming, the Confluence macro editor and the Jira helpers on the emulated host.
import { describe, expect, test, vi } from "vitest";
import { jira, macro, theming } from "apkit";
import { emulateHost, installAP, type HostCallback } from "apkit/testing";

const tick = () => new Promise((r) => setTimeout(r, 0));
const quiet = { warn: () => {} };
const schema = <T>(check: (v: any) => boolean) => ({
  "~standard": { version: 1 as const, vendor: "test", validate: (v: unknown) => (check(v) ? { value: v as T } : { issues: [{ message: "bad", path: ["color"] }] }) },
});

describe("theming", () => {
  test("enable calls initializeTheming (forceNoCleanup when asked); current and onChange follow <html>'s attributes", async () => {
    const init = vi.fn((..._: any[]) => {});
    installAP(emulateHost({ theming: { initializeTheming: init } }, quiet).connect());
    await theming.enable();
    await theming.enable({ forceNoCleanup: true });
    await tick();
    expect(init.mock.calls.map((c) => c.length)).toEqual([1, 2]); // the callback only / true + callback
    expect(init.mock.calls[1]![0]).toBe(true);

    expect(theming.current()).toEqual({ colorMode: undefined, theme: undefined });
    const seen: unknown[] = [];
    const stop = theming.onChange((t) => seen.push(t));
    document.documentElement.setAttribute("data-theme", "dark:dark light:light");
    document.documentElement.setAttribute("data-color-mode", "dark");
    await tick();
    stop();
    document.documentElement.setAttribute("data-color-mode", "light");
    await tick();
    expect(theming.current()).toEqual({ colorMode: "light", theme: "dark:dark light:light" });
    expect(seen.at(-1)).toEqual({ colorMode: "dark", theme: "dark:dark light:light" });
    expect(seen.length).toBeGreaterThan(0);
    document.documentElement.removeAttribute("data-theme");
    document.documentElement.removeAttribute("data-color-mode");
  });

  test("no theming module: ERR_METHOD_UNAVAILABLE", async () => {
    installAP(emulateHost({ request: () => {} }, quiet).connect());
    await expect(theming.enable()).rejects.toMatchObject({ code: "ERR_METHOD_UNAVAILABLE", method: "theming.initializeTheming" });
  });
});

describe("macro", () => {
  function confluence() {
    const calls: unknown[][] = [];
    installAP(
      emulateHost(
        {
          confluence: {
            getMacroData: (cb: HostCallback) => cb({ color: "red" }),
            getMacroBody: (cb: HostCallback) => cb("<p>body</p>"),
            saveMacro: (params: unknown, body: unknown) => void calls.push(["save", params, body]),
            closeMacroEditor: () => void calls.push(["close"]),
            closeMacroPropertyPanel: () => void calls.push(["closePanel"]),
          },
        },
        quiet,
      ).connect(),
    );
    return calls;
  }

  test("getData (with and without a schema), getBody, save, closeEditor, closePropertyPanel", async () => {
    const calls = confluence();
    await expect(macro.getData()).resolves.toEqual({ color: "red" });
    await expect(macro.getData(schema<{ color: string }>((v) => typeof v.color === "string"))).resolves.toEqual({ color: "red" });
    await expect(macro.getData(schema((v) => typeof v.color === "number"))).rejects.toMatchObject({ code: "ERR_VALIDATION" });
    await expect(macro.getBody()).resolves.toBe("<p>body</p>");
    await macro.save({ color: "blue" });
    await macro.save({ color: "green" }, "<p>new</p>");
    await macro.closeEditor();
    await macro.closePropertyPanel();
    await tick();
    expect(calls).toEqual([["save", { color: "blue" }, undefined], ["save", { color: "green" }, "<p>new</p>"], ["close"], ["closePanel"]]);
    await expect(macro.save("color=red" as any)).rejects.toThrow(TypeError);
    await expect(macro.save({}, 3 as any)).rejects.toThrow(TypeError);
  });

  test("onPropertyPanelEvent: each binding hears its event; the returned function removes them all", async () => {
    const host = emulateHost({}, quiet);
    installAP(host.connect());
    const click = vi.fn((..._: any[]) => {});
    const other = vi.fn((..._: any[]) => {});
    const stop = macro.onPropertyPanelEvent({ "click.refresh.my-macro.macro.property-panel": click, "click.other.my-macro.macro.property-panel": other });
    host.broadcast("click.refresh.my-macro.macro.property-panel", undefined, {});
    await tick();
    stop();
    host.broadcast("click.refresh.my-macro.macro.property-panel", undefined, {});
    host.broadcast("click.other.my-macro.macro.property-panel", undefined, {});
    await tick();
    expect(click).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
    expect(() => macro.onPropertyPanelEvent(null as any)).toThrow(TypeError);
  });

  test("outside the macro editor the host never answers getMacroData: ERR_TIMEOUT", async () => {
    installAP(emulateHost({ confluence: { getMacroData: () => {} } }, quiet).connect());
    await expect(macro.getData({ timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });
});

describe("jira", () => {
  test("refreshIssuePage, setDashboardItemTitle, isDashboardItemEditable, getWorkflowConfiguration, isNativeApp, initJQLEditor, openDatePicker", async () => {
    const calls: unknown[][] = [];
    const record = (name: string) => (...a: unknown[]) => void calls.push([name, ...a.slice(0, -1)]);
    installAP(
      emulateHost(
        {
          jira: {
            refreshIssuePage: record("refresh"),
            setDashboardItemTitle: record("title"),
            initJQLEditor: record("initJQL"),
            openDatePicker: record("datePicker"),
            isDashboardItemEditable: (cb: HostCallback) => cb(true),
            getWorkflowConfiguration: (cb: HostCallback) => cb('{"field":"x"}'),
            isNativeApp: (cb: HostCallback) => cb(false),
          },
        },
        quiet,
      ).connect(),
    );
    await jira.refreshIssuePage();
    await jira.setDashboardItemTitle("Open bugs (3)");
    await jira.initJQLEditor();
    await jira.openDatePicker({ date: "2024-01-02", showTime: false });
    await tick();
    expect(calls).toEqual([["refresh"], ["title", "Open bugs (3)"], ["initJQL"], ["datePicker", { date: "2024-01-02", showTime: false }]]);
    await expect(jira.isDashboardItemEditable()).resolves.toBe(true);
    await expect(jira.getWorkflowConfiguration()).resolves.toBe('{"field":"x"}');
    await expect(jira.isNativeApp()).resolves.toBe(false);
    await expect(jira.setDashboardItemTitle(5 as any)).rejects.toThrow(TypeError);
    await expect(jira.openDatePicker(undefined as any)).rejects.toThrow(TypeError);
    await expect(jira.openIssueDialog("")).rejects.toThrow(TypeError);
  });

  test("openCreateIssueDialog / showJQLEditor take the callback first (the public all.js signature) and wait for the user", async () => {
    // What Atlassian's all.js offers apps: callback first, then the options.
    const ap: any = emulateHost({ request: () => {} }, quiet).connect();
    let finish: (v: unknown) => void = () => {};
    ap.jira = {
      openCreateIssueDialog: vi.fn((cb: (issues: unknown) => void, params: unknown) => {
        expect(params).toEqual({ pid: 10000, fields: { summary: "Hi" } });
        finish = cb;
      }),
      showJQLEditor: (cb: (r: unknown) => void, options: { jql: string }) => cb({ jql: `${options.jql} ORDER BY key` }),
      openIssueDialog: (key: string, cb: (k: string) => void) => setTimeout(() => cb(key), 5),
    };
    installAP(ap);
    vi.useFakeTimers();
    const created = jira.openCreateIssueDialog({ pid: 10000, fields: { summary: "Hi" } });
    await vi.advanceTimersByTimeAsync(60_000); // far past the default deadline: a person is typing
    finish([{ key: "ABC-9" }]);
    vi.useRealTimers();
    await expect(created).resolves.toEqual([{ key: "ABC-9" }]);
    await expect(jira.showJQLEditor({ jql: "project = ABC" })).resolves.toEqual({ jql: "project = ABC ORDER BY key" });
    await expect(jira.openIssueDialog("ABC-1")).resolves.toBe("ABC-1");
    await expect(jira.openIssueDialog("ABC-1", { timeout: 1 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });

  test("onWorkflowConfigurationSave hands validate and save to all.js's WorkflowConfiguration; objects are stored as JSON", async () => {
    let validate: (() => boolean) | undefined;
    let save: (() => string) | undefined;
    const ap: any = emulateHost({ request: () => {} }, quiet).connect();
    ap.jira = { WorkflowConfiguration: { onSaveValidation: (f: () => boolean) => (validate = f), onSave: (f: () => string) => (save = f) } };
    installAP(ap);
    await jira.onWorkflowConfigurationSave({ validate: () => false, save: () => ({ field: "x" }) });
    expect(validate!()).toBe(false);
    expect(save!()).toBe('{"field":"x"}');
    await jira.onWorkflowConfigurationSave({ save: () => "raw" });
    expect(save!()).toBe("raw");
    await expect(jira.onWorkflowConfigurationSave({ save: "x" } as any)).rejects.toThrow(TypeError);
    // without the CDN all.js's Jira plugin there is no WorkflowConfiguration
    installAP(emulateHost({ jira: { refreshIssuePage: () => {} } }, quiet).connect());
    await expect(jira.onWorkflowConfigurationSave({ save: () => "" })).rejects.toMatchObject({
      code: "ERR_METHOD_UNAVAILABLE",
      method: "jira.WorkflowConfiguration.onSave",
    });
  });
});
