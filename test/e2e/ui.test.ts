// Dialogs, flags, sizing, navigation, history, cookies, theming and the product helpers on the real bridge:
// connect-host.js + all.js from atlassian-connect-js in Chromium, cross-origin, with the product's providers and
// modules from host/public/product-ui.js.
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { frameApp, inApp, launchChromium, openHost, startLocalHost, waitFor, type Host } from "./browser.js";

let host: Host;
let browser: Browser;
let page: Page;
let a: Frame;
let b: Frame;
let logs: string[];

beforeAll(async () => {
  host = await startLocalHost();
  browser = await launchChromium();
  ({ page, logs } = await openHost(browser, host));
  // all.js's own auto-resize off, so the sizes seen on the host are the ones apkit asked for
  ({ frame: a } = await frameApp(page, host, { path: "/app/page.html", key: "panel-a", options: { autoresize: false } }));
  ({ frame: b } = await frameApp(page, host, { path: "/app/page.html", key: "panel-b", options: { autoresize: false } }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

type Out = { value?: any; error?: any };
const ui = <T>(fn: string): Promise<T> => page.evaluate(`(() => { const ui = window.harness.ui; return ${fn}; })()`) as Promise<T>;

/** The Playwright frame of the n-th open dialog, once its page runs APKit. */
async function dialogFrame(n: number): Promise<Frame> {
  await page.waitForFunction((i) => !!(window as any).harness.ui.dialogIframe(i), n);
  const frame = await waitFor(async () => {
    const handle = await page.evaluateHandle((i) => (window as any).harness.ui.dialogIframe(i), n);
    const f = await handle.asElement()?.contentFrame();
    return f && f.url().includes("/app/dialog.html") ? f : undefined;
  });
  await frame.waitForFunction(() => !!(window as any).APKit && !!(window as any).AP?.dialog);
  return frame;
}

describe("dialogs on the real bridge", () => {
  test("opener → the dialog reads exactly its custom data → closes with data → the opener resolves with exactly that data", async () => {
    await inApp(a, `window.result = APKit.dialog.open({ key: "dialog", chrome: true, header: "Edit", size: "medium", customData: { projectKey: "ABC", n: [1, 2], nested: { ok: true } } });`);
    const d = await dialogFrame(0);
    const inside = await inApp(d, `
      const raw = await new Promise((r) => AP.dialog.getCustomData(r));
      const data = await APKit.dialog.getCustomData();
      await APKit.dialog.close({ saved: true, echo: data, list: [1, { x: 0, s: "" }], when: new Date(0) });
      return { isDialog: APKit.dialog.isDialog(), data, rawKeys: Object.keys(raw).sort() };`);
    expect(inside.value).toEqual({ isDialog: true, data: { projectKey: "ABC", n: [1, 2], nested: { ok: true } }, rawKeys: ["__apkit", "n", "nested", "projectKey"] });
    const result = await inApp(a, `return await window.result;`);
    expect(result.value).toEqual({ saved: true, echo: { projectKey: "ABC", n: [1, 2], nested: { ok: true } }, list: [1, { x: 0, s: "" }], when: new Date(0) });
    expect(await ui("ui.dialogs.length")).toBe(0);
  });

  test("a fact of the bridge, not of apkit: simple-xdm drops object properties that are null (array items stay)", async () => {
    await inApp(a, `window.result = APKit.dialog.open({ key: "dialog", customData: { keep: 1, gone: null } });`);
    const d = await dialogFrame(0);
    const data = await inApp(d, `const data = await APKit.dialog.getCustomData(); await APKit.dialog.close({ a: null, b: [null, { c: null }] }); return data;`);
    expect(data.value).toEqual({ keep: 1 });
    expect((await inApp(a, `return await window.result;`)).value).toEqual({ b: [null, {}] });
  });

  test("two app iframes open dialogs at the same time: each gets its own result (the host tells every iframe of every close)", async () => {
    await Promise.all([
      inApp(a, `window.result = APKit.dialog.open({ key: "dialog", customData: { from: "a" } });`),
      inApp(b, `window.result = APKit.dialog.open({ key: "dialog", customData: { from: "b" } });`),
    ]);
    // the host closes the dialog on top: close in that order
    for (const n of [1, 0]) {
      const d = await dialogFrame(n);
      await inApp(d, `const { from } = await APKit.dialog.getCustomData(); await APKit.dialog.close({ answer: "for " + from });`);
    }
    const [ra, rb] = await Promise.all([inApp(a, `return await window.result;`), inApp(b, `return await window.result;`)]);
    expect(ra.value).toEqual({ answer: "for a" });
    expect(rb.value).toEqual({ answer: "for b" });
  });

  test("Cancel (a close without data from all.js) resolves undefined; Submit with disableCloseOnSubmit + onClick returns the form's data; button state", async () => {
    await inApp(a, `window.result = APKit.dialog.open({ key: "dialog", chrome: true }).then((v) => ({ v }));`);
    await dialogFrame(0);
    await page.click(".harness-dialog button[data-identifier=cancel]");
    expect((await inApp(a, `return await window.result;`)).value).toEqual({});

    await inApp(a, `window.result = APKit.dialog.open({ key: "dialog", chrome: true, submitText: "Save" });`);
    const d = await dialogFrame(0);
    const state = await inApp(d, `
      await APKit.dialog.disableCloseOnSubmit();
      const submit = APKit.dialog.button("submit");
      await submit.disable();
      const disabled = await submit.isEnabled();
      await submit.enable();
      window.stop = submit.onClick(() => APKit.dialog.close({ via: "submit", name: "Ada" }));
      return { disabled, enabled: await submit.isEnabled() };`);
    expect(state.value).toEqual({ disabled: false, enabled: true });
    await page.click(".harness-dialog button[data-identifier=submit]");
    expect((await inApp(a, `return await window.result;`)).value).toEqual({ via: "submit", name: "Ada" });
  });

  test("close() and getCustomData() outside a dialog: ERR_NOT_IN_DIALOG (raw AP throws on the host, silently)", async () => {
    const out = await inApp(a, `
      const grab = (p) => p.then(() => null, (e) => e.code);
      return { close: await grab(APKit.dialog.close({ x: 1 })), data: await grab(APKit.dialog.getCustomData()), isDialog: APKit.dialog.isDialog() };`);
    expect(out.value).toEqual({ close: "ERR_NOT_IN_DIALOG", data: "ERR_NOT_IN_DIALOG", isDialog: false });
  });

  test("bad options reject with a TypeError before anything reaches the host", async () => {
    const out = await inApp(a, `return APKit.dialog.open({ key: "dialog", size: "enormous" }).then(() => "opened", (e) => e.name);`);
    expect(out.value).toBe("TypeError");
    expect(await ui("ui.dialogs.length")).toBe(0);
  });
});

describe("flags on the real bridge", () => {
  test("actions and close reach only their own handle", async () => {
    await inApp(a, `
      window.seen = [];
      window.f1 = APKit.flag.show({ title: "A1", body: "one", type: "success", actions: { undo: "Undo" } });
      window.f2 = APKit.flag.show({ title: "A2", actions: { undo: "Undo" } });
      f1.onAction("undo", () => seen.push("A1 undo"));
      f2.onAction("undo", () => seen.push("A2 undo"));
      f1.closed.then(() => seen.push("A1 closed"));
      f2.closed.then(() => seen.push("A2 closed"));`);
    await inApp(b, `
      window.seen = [];
      window.f3 = APKit.flag.show({ title: "B1", actions: { undo: "Undo" } });
      f3.onAction("undo", () => seen.push("B1 undo"));
      f3.closed.then(() => seen.push("B1 closed"));`);
    const flag = (title: string) => `.harness-flag:has(strong:text-is("${title}"))`;
    await page.click(`${flag("A2")} button[data-action=undo]`);
    await page.click(`${flag("B1")} button[data-action=undo]`);
    await a.waitForFunction(() => (window as any).seen.length >= 1);
    await b.waitForFunction(() => (window as any).seen.length >= 1);
    await page.click(`${flag("A1")} .harness-flag-close`);
    await a.waitForFunction(() => (window as any).seen.length >= 2);
    await inApp(b, `f3.close(); await f3.closed;`);
    await inApp(a, `f2.close(); await f2.closed;`);
    expect(await a.evaluate(() => (window as any).seen)).toEqual(["A2 undo", "A1 closed", "A2 closed"]);
    expect(await b.evaluate(() => (window as any).seen)).toEqual(["B1 undo", "B1 closed"]);
    expect(await ui("ui.flags.map((f) => [f.title, f.type])")).toEqual([["A1", "success"], ["A2", "info"], ["B1", "info"]]);
    expect(await page.locator(".harness-flag").count()).toBe(0);
  });
});

describe("iframe sizing on the real bridge", () => {
  const iframeHeight = (key: string) => page.evaluate((k) => (window as any).harness.iframeOf(k).getBoundingClientRect().height, key);

  test("resize changes the iframe's size on the host", async () => {
    await inApp(a, `await APKit.resize("100%", 333);`);
    await page.waitForFunction(() => (window as any).harness.iframeOf("panel-a").style.height === "333px");
    expect(await iframeHeight("panel-a")).toBe(333);
  });

  test("autoResize follows .ac-content's height, one resize per frame, until stopped", async () => {
    await inApp(b, `
      window.sent = [];
      const resize = AP.resize;
      AP.resize = (...args) => (sent.push(args), resize(...args)); // count what reaches all.js
      const el = document.querySelector(".ac-content");
      el.style.height = "420px";
      window.stopAuto = APKit.autoResize();`);
    const expected = async () => (await inApp(b, `return Math.ceil(document.querySelector(".ac-content").getBoundingClientRect().bottom + scrollY);`)).value;
    const first = await expected();
    await page.waitForFunction((h) => (window as any).harness.iframeOf("panel-b").style.height === `${h}px`, first);
    await inApp(b, `const el = document.querySelector(".ac-content"); for (const h of [500, 510, 520]) el.style.height = h + "px";`);
    const second = await expected();
    await page.waitForFunction((h) => (window as any).harness.iframeOf("panel-b").style.height === `${h}px`, second);
    const sent = await inApp(b, `
      window.stopAuto();
      const before = sent.length;
      document.querySelector(".ac-content").style.height = "900px";
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { before, after: sent.length, heights: sent.map((s) => s[1]) };`);
    expect(sent.value.before).toBe(sent.value.after);
    expect(sent.value.heights.at(-1)).toBe(second);
    expect(sent.value.heights).not.toContain(500); // 500 and 510 were coalesced into one resize
    expect(await iframeHeight("panel-b")).toBe(second);
  });

  test("sizeToParent fills the page for a full-page module; elsewhere the host refuses it", async () => {
    const { frame: full } = await frameApp(page, host, { path: "/app/page.html", key: "general-page", options: { isFullPage: true, autoresize: false } });
    await inApp(full, `await APKit.sizeToParent({ hideFooter: true });`);
    // The host debounces sizeToParent across all iframes (50 ms): a second call in that window replaces the first.
    await page.waitForFunction(() => (window as any).harness.iframeOf("general-page").classList.contains("sized-to-parent"));
    // the host sets the height from the window's bottom (whatever is left below the iframe's top)
    expect(await page.evaluate(() => (window as any).harness.iframeOf("general-page").style.height)).toMatch(/^\d+px$/);
    await inApp(a, `await APKit.sizeToParent();`);
    await page.waitForFunction(() => (window as any).harness.iframeOf("panel-a").classList.contains("full-size-general-page-fail"));
    const position = await inApp(full, `return await APKit.scrollPosition.get({ timeout: 3000 });`);
    expect(position.value).toMatchObject({ width: expect.any(Number), height: expect.any(Number), scrollY: expect.any(Number) });
    const notFull = await inApp(a, `return await APKit.scrollPosition.get({ timeout: 300 });`);
    expect(notFull.error).toMatchObject({ code: "ERR_TIMEOUT" });
  });
});

describe("navigator, user, history, cookie, theming on the real bridge", () => {
  test("navigator and user are answered by the product's host modules", async () => {
    const out = await inApp(a, `
      await APKit.navigator.go("issue", { issueKey: "ABC-2" });
      await APKit.navigator.go("addonModule", { addonKey: "apkit-harness", moduleKey: "settings", customData: { tab: "users" } });
      await APKit.navigator.reload();
      return { location: await APKit.navigator.getLocation(), url: await APKit.navigator.getUrl(), user: await APKit.getCurrentUser(), locale: await APKit.getLocale(), tz: await APKit.getTimeZone() };`);
    expect(out.value).toEqual({
      location: { target: "issue", context: { issueKey: "ABC-1", projectKey: "ABC" } },
      url: `${host.hostOrigin}/host.html`,
      user: { atlassianAccountId: "557058:harness-user" },
      locale: "en-US",
      tz: "Europe/Berlin",
    });
    await page.waitForFunction(() => (window as any).harness.ui.reloads === 1);
    expect(await ui("ui.navigations")).toEqual([
      { target: "issue", context: { issueKey: "ABC-2" }, from: "panel-a" },
      { target: "addonModule", context: { addonKey: "apkit-harness", moduleKey: "settings", customData: { tab: "users" } }, from: "panel-a" },
    ]);
  });

  test("history: pushState moves the host's fragment, getState reads it, back/forward reach onPopState listeners", async () => {
    const out = await inApp(a, `
      window.pops = [];
      window.stopPop = APKit.history.onPopState((e) => pops.push([e.oldURL, e.newURL]));
      await APKit.history.pushState("page2");
      await APKit.history.pushState("page3");
      return { state: await APKit.history.getState(), all: await APKit.history.getState("all") };`);
    expect(out.value.state).toBe("page3");
    expect(out.value.all).toMatchObject({ key: "page3", hash: "#!page3" });
    // history methods only act (the host sends no answer): their promise settles when the call is sent, so wait for
    // the host page to have applied it.
    await page.waitForFunction(() => location.hash === "#!page3");
    await inApp(a, `await APKit.history.back();`);
    await a.waitForFunction(() => (window as any).pops.length >= 1);
    await inApp(a, `await APKit.history.forward();`);
    await a.waitForFunction(() => (window as any).pops.length >= 2);
    await inApp(a, `await APKit.history.go(-1);`);
    await a.waitForFunction(() => (window as any).pops.length >= 3);
    await inApp(a, `window.stopPop();`);
    expect(await a.evaluate(() => (window as any).pops)).toEqual([["page3", "page2"], ["page2", "page3"], ["page3", "page2"]]);
    await inApp(a, `await APKit.history.replaceState("page9");`);
    await page.waitForFunction(() => location.hash === "#!page9");
  });

  test("cookie: save, read, erase", async () => {
    const out = await inApp(a, `
      await APKit.cookie.save("theme", "compact", 30);
      const saved = await APKit.cookie.read("theme");
      await APKit.cookie.erase("theme");
      return { saved, erased: await APKit.cookie.read("theme") };`);
    expect(out.value).toEqual({ saved: "compact" });
  });

  test("theming: enable brings the host's theme into the iframe; current() and onChange() see it", async () => {
    await page.evaluate(() => {
      document.documentElement.setAttribute("data-theme", "dark:dark light:light");
      document.documentElement.setAttribute("data-color-mode", "dark");
    });
    const out = await inApp(b, `
      const before = APKit.theming.current();
      const changed = new Promise((r) => { const stop = APKit.theming.onChange((t) => { if (t.colorMode) { stop(); r(t); } }); });
      await APKit.theming.enable();
      return { before, changed: await changed, now: APKit.theming.current() };`);
    expect(out.value.before).toEqual({});
    expect(out.value.changed).toMatchObject({ colorMode: "dark" });
    expect(out.value.now.theme).toContain("dark:dark");
  });
});

describe("Confluence and Jira helpers on the real bridge", () => {
  test("macro editor: data, body, save, close; property-panel events", async () => {
    const out = await inApp(a, `
      const data = await APKit.macro.getData();
      const body = await APKit.macro.getBody();
      await APKit.macro.save({ color: "red" }, "<p>new</p>");
      await APKit.macro.closeEditor();
      await APKit.macro.closePropertyPanel();
      window.clicks = 0;
      window.stopPanel = APKit.macro.onPropertyPanelEvent({ "click.refresh.my-macro.macro.property-panel": () => clicks++ });
      return { data, body, after: await APKit.macro.getData() };`);
    expect(out.value).toEqual({ data: { color: "blue" }, body: "<p>macro body</p>", after: { color: "red" } });
    await page.evaluate(() => (window as any).harness.broadcast("click.refresh.my-macro.macro.property-panel", undefined, {}));
    await a.waitForFunction(() => (window as any).clicks === 1);
    expect(await ui("[ui.macro.saved, ui.macro.editorClosed, ui.macro.panelClosed]")).toEqual([[[{ color: "red" }, "<p>new</p>"]], 1, 1]);
  });

  test("jira: refresh, dashboard item, workflow configuration, issue dialog; callback-first methods need Atlassian's CDN all.js", async () => {
    const out = await inApp(a, `
      await APKit.jira.refreshIssuePage();
      await APKit.jira.setDashboardItemTitle("Open bugs (2)");
      window.issue = APKit.jira.openIssueDialog("ABC-1");
      const grab = (p) => p.then(() => null, (e) => e.code);
      return {
        editable: await APKit.jira.isDashboardItemEditable(),
        workflow: await APKit.jira.getWorkflowConfiguration(),
        native: await APKit.jira.isNativeApp(),
        create: await grab(APKit.jira.openCreateIssueDialog({ pid: 10000 }, { timeout: 300 })),
        workflowSave: await grab(APKit.jira.onWorkflowConfigurationSave({ save: () => "x" })),
      };`);
    expect(out.value).toEqual({ editable: true, workflow: '{"field":"summary"}', native: false, create: "ERR_TIMEOUT", workflowSave: "ERR_METHOD_UNAVAILABLE" });
    await page.waitForFunction(() => (window as any).harness.ui.jira.issueDialogs.length === 1);
    await page.evaluate(() => (window as any).harness.ui.closeIssueDialog());
    expect((await inApp(a, `return await window.issue;`)).value).toBe("ABC-1");
    expect(await ui("[ui.jira.refreshes, ui.jira.titles]")).toEqual([1, ["Open bugs (2)"]]);
  });

  test("no page errors on the host or in the iframes", () => {
    expect(logs.filter((l) => l.startsWith("pageerror"))).toEqual([]);
  });
});
