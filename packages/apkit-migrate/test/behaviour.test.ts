// @vitest-environment jsdom
// Behaviour, not only text: each scenario runs a fixture's original code on the raw bridge (createMockAP's
// window.AP), then the codemod's output on apkit over the same mock and, where its calls exist on Forge, on the Forge
// mock host, drives all of them with the same steps (host answers, clicks, dialog closes, events) and compares what
// each did: the requests the product got, dialogs, flags, events, navigations, the page, and what the code logged.
import jQueryFactory from "jquery";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import * as React from "react";
import * as jsxRuntime from "react/jsx-runtime";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, test, vi } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { restoreDirectives, sourceOf } from "../src/shared/sources.js";
import { FIXTURES } from "./support/fixtures.js";
import { startHost, type Host, type HostOptions } from "./support/hosts.js";
import { countFetches, evaluate, settle, type Loader, type Snapshot } from "./support/run.js";

// The app's own backend on Connect (apFetch is fetch with the context token): msw, listening only in the runs that
// need it (its interceptors and @forge/bridge's `new Request("")` do not mix, and the Forge runs have a remote instead).
const server = setupServer();

interface Steps {
  host: Host;
  log: unknown[];
  /** The fixture's code (input on the raw bridge, output on apkit), as the page or module would load it. */
  load(modules?: Record<string, unknown>, globals?: Record<string, unknown>): Record<string, unknown>;
  /** Waits until the page is still, and records what everything looks like. */
  checkpoint(): Promise<void>;
  click(selector: string): void;
  /** Answers GET `path` of the app's backend with `body`, checking the context token on Connect. */
  backend(path: string, body: unknown): void;
}

interface Scenario {
  fixture: string;
  title: string;
  /** The platforms the rewritten code also runs on (Connect always). */
  forge: boolean;
  options: HostOptions;
  html?: string;
  /** How to get the code out of the fixture file (default: the whole file). */
  code?: (file: string) => string;
  loader?: Loader;
  steps(t: Steps): Promise<void>;
  /** What the original did (so the comparison cannot pass by everything doing nothing). */
  expectOriginal(snapshots: Snapshot[]): void;
}

const read = (fixture: string, which: "input" | "output") => {
  const dir = join(FIXTURES, fixture);
  const ext = readdirSync(dir).find((f) => f.startsWith("input."))!.slice("input.".length);
  return { text: readFileSync(join(dir, `${which}.${ext}`), "utf8"), name: `${which}.${ext}` };
};

// The first JavaScript block of a page or a component, with its template directives rendered by `values`.
const scriptOf = (values: Record<string, string> = {}, index = 0) => (file: string) => {
  const block = sourceOf("page.hbs", file).blocks.filter((b) => !b.unsafe)[index]!;
  let code = restoreDirectives(block.code, block);
  for (const [directive, value] of Object.entries(values)) code = code.split(directive).join(value);
  return code;
};
const vueScript = (file: string) => {
  const block = sourceOf("c.vue", file).blocks[0]!;
  return block.code;
};

const consoleLog = (log: unknown[]) => {
  for (const level of ["log", "warn", "error", "debug"] as const) vi.spyOn(console, level).mockImplementation((...args) => void log.push([level, ...args.map(plain)]));
};
// What a console call shows of a value (a Response and an xhr print differently; their status is what the code reads).
const plain = (v: unknown): unknown => (v && typeof v === "object" && "status" in v ? { status: (v as { status: unknown }).status } : v);

async function run(scenario: Scenario, kind: Host["name"]): Promise<Snapshot[]> {
  document.body.innerHTML = scenario.html ?? "";
  const host = await startHost(kind, scenario.options);
  const log: unknown[] = [];
  consoleLog(log);
  const which = kind === "raw AP" ? "input" : "output";
  const { text, name } = read(scenario.fixture, which);
  const code = (scenario.code ?? ((f: string) => f))(text);
  const loader = scenario.loader ?? (/\.(tsx?)$/.exec(name)?.[1] as Loader | undefined) ?? (name.endsWith(".jsx") ? "jsx" : "js");
  const snapshots: Snapshot[] = [];
  let listening = false;
  let uncount = () => {};
  const steps: Steps = {
    host,
    log,
    load: (modules, globals) => evaluate(code, loader, modules, globals),
    checkpoint: async () => void snapshots.push(await settle(host, log)),
    click: (selector) => (document.querySelector(selector) as HTMLElement).click(),
    backend(path, body) {
      if (host.backend) return host.backend("GET", path, body);
      if (!listening) {
        server.listen({ onUnhandledRequest: "error" });
        uncount = countFetches();
      }
      listening = true;
      server.use(
        http.get(`${location.origin}${path}`, ({ request }) =>
          /^JWT [\w-]+\.[\w-]+\.[\w-]+$/.test(request.headers.get("authorization") ?? "") ? HttpResponse.json(body) : new HttpResponse(null, { status: 401 }),
        ),
      );
    },
  };
  try {
    await scenario.steps(steps);
  } finally {
    uncount();
    if (listening) server.close();
    vi.restoreAllMocks();
    host.stop();
    delete (window as unknown as { APKit?: unknown }).APKit;
  }
  return snapshots;
}

const issue = { id: "10001", key: "ABC-1" };
const project = { id: "10000", key: "ABC" };
const renderLog = (log: unknown[]) => ({ "./render.js": { render: (v: unknown) => log.push(["render", v]) } });

const scenarios: Scenario[] = [
  {
    fixture: "jquery-page",
    title: "loads the issue, edits it in a dialog (jQuery page)",
    forge: true,
    options: { issue, project },
    html: '<span id="summary" data-key="ABC-1"></span><span id="status"></span><span id="error"></span><button id="edit"></button>',
    async steps(t) {
      (window as unknown as { $: unknown }).$ = jQueryFactory;
      t.host.answer("GET", "/rest/api/3/issue/:key", { json: { key: "ABC-1", fields: { summary: "Printer on fire", status: { name: "Open" } } } });
      t.load();
      await t.checkpoint();
      t.click("#edit");
      await t.checkpoint();
      await t.host.closeDialog({ summary: "Printer fixed" });
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain("Printer on fire");
      expect(s[1]!.dialogs).toEqual([{ key: "edit-summary", customData: { key: "ABC-1" } }]);
      expect(s[2]!.page).toContain("Printer fixed");
    },
  },
  {
    fixture: "jquery-page",
    title: "shows the error of a failed load (jQuery page)",
    forge: true,
    options: { issue, project },
    html: '<span id="summary"></span><span id="status"></span><span id="error"></span>',
    async steps(t) {
      (window as unknown as { $: unknown }).$ = jQueryFactory;
      t.host.answer("GET", "/rest/api/3/issue/:key", { status: 404, json: { errorMessages: ["Issue does not exist"] } });
      t.load();
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain("Could not load ABC-1 (404)");
    },
  },
  {
    fixture: "request-forms",
    title: "every form of AP.request: JSON, text, the promise and await forms, a write",
    forge: true,
    options: { issue, project },
    async steps(t) {
      t.host.answer("GET", "/rest/api/3/project/search", { json: { values: [{ key: "ABC" }, { key: "XYZ" }] } });
      t.host.answer("GET", "/rest/api/3/issue/ABC-1/properties/readme", { text: "# Read me" });
      t.host.answer("GET", "/rest/api/3/issue/ABC-2/properties/readme", { status: 404, json: { errorMessages: ["none"] } });
      t.host.answer("GET", "/rest/api/3/search", { json: { total: 7 } });
      t.host.answer("GET", "/rest/api/3/myself", { json: { displayName: "Ada" } });
      t.host.answer("POST", "/rest/api/3/issue/:key/watchers", { status: 204 });
      const m = t.load(renderLog(t.log)) as Record<string, (...a: unknown[]) => unknown>;
      // One at a time: concurrent requests finish in no promised order, on any bridge.
      m.loadProjects!();
      await t.checkpoint();
      m.loadReadme!("ABC-1");
      await t.checkpoint();
      m.loadReadme!("ABC-2");
      await t.checkpoint();
      t.log.push(["count", await m.count!()], ["me", await m.me!()]);
      m.fireAndForget!("ABC-1");
      await t.checkpoint();
      t.host.answer("GET", "/rest/api/3/issue/ABC-404", { status: 404, json: { errorMessages: ["Issue does not exist"] } });
      m.explain!("ABC-404");
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.log).toEqual([["render", [{ key: "ABC" }, { key: "XYZ" }]]]);
      expect(s[1]!.log).toContainEqual(["render", "# Read me"]);
      expect(s[2]!.log).toContainEqual(["warn", "no readme", 404, "Not Found"]);
      expect(s[3]!.log).toContainEqual(["count", 7]);
      expect(s[3]!.log).toContainEqual(["me", "Ada"]);
      expect(s[3]!.requests).toContainEqual({ method: "POST", url: "/rest/api/3/issue/ABC-1/watchers", body: "557058:abc" });
      expect(s[4]!.log).toContainEqual(["render", "404: Issue does not exist"]);
    },
  },
  {
    fixture: "request-forms",
    title: "the calls it left still run, next to the rewritten ones, on Connect",
    forge: false,
    options: { issue, project },
    async steps(t) {
      t.host.answer("PUT", "/rest/api/3/issue/:key/properties/note", { status: 500, json: {} });
      t.host.answer("POST", "/rest/api/2/issue/:key/comment", { status: 201, json: {} });
      t.host.answer("GET", "/rest/api/3/issue/:key", { json: {}, status: 200 });
      const m = t.load(renderLog(t.log)) as Record<string, (...a: unknown[]) => unknown>;
      m.saveNote!("ABC-1", "remember");
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.log).toContainEqual(["render", "failed: Internal Server Error"]);
      expect(s[0]!.requests).toContainEqual({ method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/note", body: { note: "remember" } });
    },
  },
  {
    fixture: "react-hooks",
    title: "a hook component: notes from the backend, events, a dialog, a flag",
    forge: true,
    options: { issue, project },
    html: '<div id="root"></div>',
    loader: "jsx",
    async steps(t) {
      t.backend("/api/issues/ABC-1/notes", [{ id: 1, text: "Buy milk" }]);
      const { IssueNotes } = t.load({ react: React, "react/jsx-runtime": jsxRuntime }) as { IssueNotes: React.FC<{ issueKey: string }> };
      const root = createRoot(document.getElementById("root")!);
      root.render(React.createElement(IssueNotes, { issueKey: "ABC-1" }));
      await t.checkpoint();
      await t.host.emit("note-saved", {});
      await t.checkpoint();
      t.click("button");
      await t.checkpoint();
      await t.host.closeDialog();
      await t.checkpoint();
      (document.querySelectorAll("button")[1] as HTMLElement).click();
      await t.checkpoint();
      root.unmount();
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain("Buy milk");
      expect(s[1]!.page).not.toContain("Buy milk");
      expect(s[2]!.dialogs).toEqual([{ key: "add-note", customData: { issueKey: "ABC-1" } }]);
      expect(s[4]!.flags).toEqual([{ title: "Copied", body: undefined, type: "info" }]);
    },
  },
  {
    fixture: "react-tsx",
    title: "a TypeScript hook component: projects, an event, a dialog's result",
    forge: true,
    options: { issue, project },
    html: '<div id="root"></div>',
    loader: "tsx",
    async steps(t) {
      t.host.answer("GET", "/rest/api/3/project", { json: [{ id: "1", key: "ABC", name: "Alpha" }] });
      const { ProjectList } = t.load({ react: React, "react/jsx-runtime": jsxRuntime }) as { ProjectList: React.FC<{ onPicked(key: string): void }> };
      const root = createRoot(document.getElementById("root")!);
      root.render(React.createElement(ProjectList, { onPicked: (key) => t.log.push(["picked", key]) }));
      await t.checkpoint();
      t.click("li");
      await t.checkpoint();
      await t.host.closeDialog({ key: "ABC" });
      await t.checkpoint();
      await t.host.emit("projects-changed", {});
      await t.checkpoint();
      root.unmount();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain("Alpha");
      expect(s[1]!.dialogs).toEqual([{ key: "project-settings", customData: { projectKey: "ABC" } }]);
      expect(s[2]!.log).toEqual([["picked", "ABC"]]);
      expect(s[3]!.page).not.toContain("Alpha");
    },
  },
  {
    fixture: "react-class",
    title: "a class component: locale, projects, an event listener removed on unmount",
    forge: true,
    options: { issue, project },
    html: '<div id="root"></div>',
    loader: "jsx",
    async steps(t) {
      t.host.answer("GET", "/rest/api/3/project", { json: [{ id: "1", key: "ABC", name: "Alpha" }, { id: "2", key: "XYZ", name: "Zulu" }] });
      const { default: Picker } = t.load({ react: React, "react/jsx-runtime": jsxRuntime }) as { default: React.ComponentType };
      const root = createRoot(document.getElementById("root")!);
      root.render(React.createElement(Picker));
      await t.checkpoint();
      await t.host.emit("project-created", {});
      await t.checkpoint();
      root.unmount();
      await t.host.emit("project-created", {});
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain("Zulu");
      expect(s[1]!.reloads).toBe(1);
      expect(s[2]!.reloads).toBe(1);
    },
  },
  {
    fixture: "module-esm",
    title: "user, time zone, location, cookies, events, navigation, sizing (an ES module)",
    forge: false,
    options: { issue, project, fullPage: true },
    html: '<form id="settings" data-tab="tab2"><span class="zone"></span><button id="tab1" type="button"></button></form>',
    async steps(t) {
      const m = t.load({ "./format.mjs": { formatDate: () => "2026-12-04" } }) as Record<string, () => unknown>;
      t.log.push(["token", typeof (await m.init!())]);
      await t.checkpoint();
      document.querySelector("#settings")!.dispatchEvent(new Event("submit", { cancelable: true }));
      await t.checkpoint();
      m.later!();
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.log).toEqual([["token", "string"]]);
      expect(s[0]!.page).toContain('data-user="557058:mock-user"');
      expect(s[0]!.page).toContain("UTC");
      expect(s[1]!.emitted).toEqual([{ name: "settings-saved", payload: { at: "2026-12-04" } }]);
      expect(s[1]!.navigations).toEqual([{ target: "addonmodule", context: { moduleKey: "overview" } }]);
      expect(s[2]!.actions).toEqual(["cookie.save", "history.pushState", "env.sizeToParent", "env.hideFooter", "theming.initializeTheming"]);
    },
  },
  {
    fixture: "commonjs",
    title: "a CommonJS module in a dialog: its custom data, events, sizing, closing",
    forge: false,
    options: { issue, project, dialog: { customData: { projectKey: "ABC" } } },
    html: '<div id="el"><span class="name"></span><button class="done"></button></div>',
    async steps(t) {
      const mount = t.load({ "./config": { name: "the config" } }) as unknown as (el: Element) => void;
      mount(document.getElementById("el")!);
      await t.checkpoint();
      await t.host.emit("config-changed", { name: "changed" });
      await t.checkpoint();
      (document.querySelector(".done") as HTMLElement).click();
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain('data-project="ABC"');
      expect(s[1]!.page).toContain("changed");
      expect(s[2]!.closed).toEqual([{ name: "the config" }]);
    },
  },
  {
    fixture: "flags-and-events",
    title: "a flag with an action, once, public events",
    forge: false,
    options: { issue, project },
    async steps(t) {
      const timers: (() => void)[] = [];
      t.load({}, { setTimeout: (fn: () => void) => timers.push(fn) });
      await t.checkpoint();
      await t.host.emit("first-load", {});
      await t.host.emit("first-load", {});
      await t.checkpoint();
      await t.host.clickFlagAction("Draft saved", "undo");
      await t.checkpoint();
      // Ten seconds pass.
      timers.forEach((fn) => fn());
      await t.checkpoint();
    },
    expectOriginal(s) {
      // "Odd" is the flag the rewrite left raw (its type is not one apkit knows): it still shows on Connect.
      expect(s[0]!.flags).toEqual([{ title: "Odd", type: "hint" }]);
      expect(s[1]!.flags).toContainEqual({ title: "Draft saved", body: "Undo within 10 seconds.", type: "success" });
      expect(s[2]!.emitted.map((e) => e.name)).toContain("undo-requested");
      expect(s[3]!.flags.filter((f) => f.title === "Draft saved")).toEqual([]);
    },
  },
  {
    fixture: "require-modules",
    title: "AP.require's modules inlined; the modules it left still answer",
    forge: false,
    options: { issue, project, dialog: { customData: {} } },
    async steps(t) {
      t.host.answer("GET", "/rest/api/2/user/picker", { json: { users: [{ accountId: "1" }] } });
      try {
        t.load();
      } catch (error) {
        t.log.push(["threw", (error as Error).message]);
      }
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.requests.map((r) => r.url)).toEqual(["/rest/api/2/user/picker?query=a"]);
      expect(s[0]!.log).toContainEqual(["threw", "Cannot read properties of undefined (reading 'log')"]);
      expect(s[0]!.buttons?.submit).toEqual({ disabled: false, hidden: false });
    },
  },
  {
    fixture: "dialog-and-buttons",
    title: "inside a dialog: its buttons, its custom data, closing with data on Submit",
    forge: false,
    options: { issue, project, dialog: { customData: { issueKey: "ABC-9" } } },
    html: '<input id="key">',
    async steps(t) {
      t.load();
      await t.checkpoint();
      await t.host.clickDialogButton!("submit");
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.log).toContainEqual(["log", "cancel enabled:", true]);
      expect(s[0]!.buttons).toEqual({ submit: { disabled: false, hidden: false }, cancel: { disabled: false, hidden: false }, extra: { disabled: false, hidden: false } });
      expect(s[1]!.closed).toEqual([{ issueKey: "ABC-9" }]);
    },
  },
  {
    fixture: "dialog-opener",
    title: "a dialog kept in a variable for its close; the dialogs it left",
    forge: false,
    options: { issue, project },
    html: '<input id="key"><button id="more"></button>',
    async steps(t) {
      t.load();
      await t.checkpoint();
      await t.host.closeDialog("ABC-4");
      await t.checkpoint();
      t.click("#more");
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.dialogs.map((d) => d.key)).toEqual(["picker"]);
      expect(s[1]!.log).toEqual([["log", "picked", "ABC-4"]]);
      expect(s[2]!.dialogs.map((d) => d.key)).toEqual(["wide", "kept", "settings"]);
    },
  },
  {
    fixture: "vue-sfc",
    title: "a Vue component's script: the issue on mount, an edit dialog",
    forge: true,
    options: { issue, project },
    code: vueScript,
    async steps(t) {
      t.host.answer("GET", "/rest/api/3/issue/:key", { json: { key: "ABC-1", fields: { summary: "From Jira" } } });
      const options = (t.load() as { default: { data(): Record<string, unknown>; mounted(this: unknown): void; methods: { edit(this: unknown): void } } }).default;
      const { AP: _ap, ...data } = options.data();
      const vm: Record<string, unknown> = { ...data, $route: { params: { key: "ABC-1" } } };
      options.mounted.call(vm);
      await t.checkpoint();
      t.log.push(["issue", vm.issue]);
      options.methods.edit.call(vm);
      await t.checkpoint();
      await t.host.closeDialog({ key: "ABC-1", fields: { summary: "Edited" } });
      await t.checkpoint();
      t.log.push(["issue", vm.issue]);
    },
    expectOriginal(s) {
      expect(s[1]!.log).toEqual([["issue", { key: "ABC-1", fields: { summary: "From Jira" } }]]);
      expect(s[1]!.dialogs).toEqual([{ key: "edit", customData: undefined }]);
    },
  },
  {
    fixture: "handlebars",
    title: "a Handlebars page: its script, with the template rendered",
    forge: true,
    options: { issue, project },
    html: '<section id="app"></section>',
    code: scriptOf({ "{{issueKey}}": "ABC-1", "{{{json settings}}}": '{"showFlag":true,"message":"Hello"}', "{{#if settings.showFlag}}": "", "{{/if}}": "", '{{t "welcome"}}': "Welcome" }),
    async steps(t) {
      t.load();
      await t.checkpoint();
      await t.host.emit("issue-changed", { key: "ABC-1" });
      await t.checkpoint();
      document.getElementById("app")!.dispatchEvent(new MouseEvent("dblclick"));
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.flags).toEqual([{ title: "Welcome", body: "Hello", type: "info" }]);
      expect(s[1]!.reloads).toBe(1);
      expect(s[2]!.dialogs).toEqual([{ key: "details", customData: { issueKey: "ABC-1" } }]);
    },
  },
  {
    fixture: "mustache",
    title: "a Mustache page: the current user, and back",
    forge: false,
    options: { issue, project },
    html: '<div id="root"></div>',
    code: scriptOf({ "{{user.accountId}}": "557058:mock-user", "{{#showBack}}": "", "{{/showBack}}": "" }),
    async steps(t) {
      t.load();
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain("It is you");
      expect(s[0]!.actions).toEqual(["history.back"]);
    },
  },
  {
    fixture: "angular-controller",
    title: "an AngularJS controller: settings from an app property, saved with a flag",
    forge: true,
    options: { issue, project },
    async steps(t) {
      t.host.answer("GET", "/rest/atlassian-connect/1/addons/my-app/properties/settings", { json: { key: "settings", value: { color: "red" } } });
      t.host.answer("PUT", "/rest/atlassian-connect/1/addons/my-app/properties/settings", { status: 200, json: {} });
      let controller: ((...deps: unknown[]) => void) | undefined;
      (window as unknown as { angular: unknown }).angular = {
        module: () => ({ controller: (_name: string, deps: unknown[]) => void (controller = deps[deps.length - 1] as typeof controller) }),
      };
      t.load();
      const scope: Record<string, unknown> = { $on: () => undefined };
      controller!(scope, (fn: () => void) => fn());
      await t.checkpoint();
      t.log.push(["settings", scope.settings]);
      (scope.save as () => void)();
      await t.checkpoint();
      t.log.push(["saving", scope.saving]);
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[1]!.log).toEqual([["settings", { color: "red" }]]);
      expect(s[2]!.log).toContainEqual(["saving", false]);
      expect(s[1]!.flags).toEqual([{ title: "Settings saved", body: undefined, type: "success" }]);
    },
  },
  {
    fixture: "static-html",
    title: "a static page: who am I from the backend (apFetch), and closing its dialog",
    forge: false,
    options: { issue, project, dialog: { customData: {} } },
    html: '<p id="who"></p><button id="close"></button>',
    code: scriptOf(),
    async steps(t) {
      t.backend("/api/whoami", { name: "Ada" });
      t.load();
      await t.checkpoint();
      t.click("#close");
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.page).toContain("Ada");
      expect(s[1]!.closed).toEqual([null]); // undefined, as JSON keeps it
    },
  },
  {
    fixture: "typescript",
    title: "TypeScript: an issue's summary, a picker dialog",
    forge: true,
    options: { issue, project },
    async steps(t) {
      t.host.answer("GET", "/rest/api/3/issue/:key", { json: { key: "ABC-1", fields: { summary: "Typed" } } });
      const m = t.load() as { summaryOf(key: string): Promise<string>; openPicker(key: string): void };
      t.log.push(["summary", await m.summaryOf("ABC-1")]);
      m.openPicker("ABC");
      await t.checkpoint();
      await t.host.closeDialog({ key: "ABC-7" });
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[0]!.log).toEqual([["summary", "Typed"]]);
      expect(s[1]!.log).toContainEqual(["log", "ABC-7"]);
    },
  },
  {
    fixture: "aliases-and-params",
    title: "AP through aliases and a parameter",
    forge: false,
    options: { issue, project, dialog: { customData: {} } },
    html: '<a class="link" data-key="ABC-3"></a>',
    async steps(t) {
      (window as unknown as { jQuery: unknown }).jQuery = jQueryFactory;
      const m = t.load({ "./ap.js": { __esModule: true, default: (window as unknown as { AP: unknown }).AP } }) as { wire(el: Element): void; later(ap: unknown): void };
      const el = document.createElement("button");
      m.wire(el);
      await t.checkpoint();
      await t.host.emit("refresh", {});
      el.click();
      await t.checkpoint();
      (jQueryFactory(".link") as unknown as { issueLink(): { trigger(e: string): void } }).issueLink().trigger("click");
      m.later((window as unknown as { AP: unknown }).AP);
      await t.checkpoint();
    },
    expectOriginal(s) {
      expect(s[1]!.reloads).toBe(1);
      expect(s[1]!.closed).toEqual([null]);
      expect(s[2]!.navigations).toEqual([{ target: "issue", context: { issueKey: "ABC-3" } }]);
      expect(s[2]!.actions).toEqual(["env.resize", "history.forward"]);
    },
  },
];

// What Forge has no equivalent of (host-drawn dialog buttons, Connect's act-only calls) is compared on Connect only.
const onForge = (snapshots: Snapshot[]) => snapshots.map(({ actions: _actions, buttons: _buttons, ...rest }) => rest);

describe.each(scenarios)("$fixture: $title", (scenario) => {
  let original: Snapshot[];
  test("the original does what the scenario expects, on the raw bridge", async () => {
    original = await run(scenario, "raw AP");
    scenario.expectOriginal(original);
  });
  test("the rewritten code does the same on apkit over Connect", async () => {
    expect(await run(scenario, "apkit on Connect")).toEqual(original);
  });
  if (scenario.forge) {
    test("the rewritten code does the same on apkit over Forge", async () => {
      expect(onForge(await run(scenario, "apkit on Forge"))).toEqual(onForge(original));
    });
  }
});

test("every fixture with rewrites has a behaviour scenario, except those listed with a reason", () => {
  const covered = new Set(scenarios.map((s) => s.fixture));
  const textOnly: Record<string, string> = {
    noop: "nothing to run",
    "unsafe-template": "nothing is rewritten in the block that matters",
    "name-conflicts": "its calls are those of other scenarios, under other names",
    "optional-and-split": "its calls are those of other scenarios, written differently",
    "go-template": "the same calls as handlebars, in another template language",
    "vue-setup-ts": "Confluence macro calls, as in the typescript fixture",
    apfetch: "apFetch runs in react-hooks and static-html",
    "tabs-and-crlf": "the calls of jquery-page, indented with tabs and ended by CRLF",
  };
  for (const fixture of readdirSync(FIXTURES)) expect(covered.has(fixture) || fixture in textOnly, fixture).toBe(true);
});
