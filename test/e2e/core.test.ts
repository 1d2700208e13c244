// The core on the real bridge: connect-host.js + all.js from atlassian-connect-js in Chromium, cross-origin.
import { createHmac } from "node:crypto";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { frameApp, inApp, launchChromium, openHost, startLocalHost, waitFor, type Host } from "./browser.js";

let host: Host;
let browser: Browser;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  host = await startLocalHost();
  browser = await launchChromium();
  ({ page } = await openHost(browser, host));
  ({ frame } = await frameApp(page, host, { path: "/app/page.html", key: "main" }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

type Out = { value?: any; error?: any };

describe("core on the real bridge", () => {
  test("loadAP resolves the AP already on the page", async () => {
    const out = await inApp<Out>(frame, "const ap = await APKit.loadAP(); return ap === window.AP && typeof ap.request;");
    expect(out).toEqual({ value: "function" });
  });

  test("request: 200 with status, JSON body and headers", async () => {
    const out = await inApp<Out>(frame, `
      const r = await APKit.request("/rest/api/3/myself");
      return { status: r.status, ok: r.ok, type: r.headers.get("content-type"), id: r.headers.get("x-arequestid"), url: r.url, body: await r.json() };`);
    expect(out.value).toMatchObject({ status: 200, ok: true, type: "application/json;charset=UTF-8", url: "/rest/api/3/myself", body: { accountId: "557058:harness-user" } });
    expect(out.value.id).toMatch(/^(harness|apkit-dev)-\d+$/);
  });

  test("request: 201 with Location, 404 and 500 resolve with ok=false, 204 has no body", async () => {
    const out = await inApp<Out>(frame, `
      const created = await APKit.request("/rest/api/3/issue", { method: "POST", body: { fields: { summary: "made in e2e" } } });
      const put = await APKit.request("/rest/api/3/issue/ABC-1/properties/e2e", { method: "PUT", body: { n: 1 } });
      const got = await APKit.request("/rest/api/3/issue/ABC-1/properties/e2e");
      const del = await APKit.request("/rest/api/3/issue/ABC-1/properties/e2e", { method: "DELETE" });
      const missing = await APKit.request("/rest/api/3/issue/ABC-1/properties/e2e");
      const boom = await APKit.request("/rest/harness/boom");
      return {
        created: [created.status, created.headers.get("location"), (await created.json()).key],
        put: [put.status, put.ok],
        got: await got.json(),
        del: [del.status, del.body === null],
        missing: [missing.status, missing.ok, missing.statusText, (await missing.json()).errorMessages[0]],
        boom: [boom.status, boom.ok, await boom.text()],
      };`);
    expect(out.value.created).toEqual([201, expect.stringMatching(/^\/rest\/api\/3\/issue\/\d+$/), expect.stringMatching(/^ABC-\d+$/)]);
    expect(out.value.put).toEqual([201, true]);
    expect(out.value.got).toMatchObject({ key: "e2e", value: { n: 1 } });
    expect(out.value.del).toEqual([204, true]);
    expect(out.value.missing).toEqual([404, false, "Not Found", "The property with key 'e2e' does not exist."]);
    expect(out.value.boom).toEqual([500, false, '{"errorMessages":["Internal server error"],"errors":{}}']);
  });

  test("requestJson: a schema that passes types the data; one that fails is ERR_VALIDATION; 404 is HttpError; text is ERR_INVALID_JSON", async () => {
    const out = await inApp<Out>(frame, `
      const schema = (check) => ({ "~standard": { version: 1, vendor: "e2e", validate: (v) => check(v) ? { value: v } : { issues: [{ message: "bad", path: ["accountId"] }] } } });
      const me = await APKit.requestJson("/rest/api/3/myself", { schema: schema((v) => typeof v.accountId === "string") });
      const grab = (p) => p.then(() => null, (e) => ({ code: e.code, status: e.status, body: e.body, issues: e.issues }));
      return {
        me: me.displayName,
        invalid: await grab(APKit.requestJson("/rest/api/3/myself", { schema: schema((v) => typeof v.accountId === "number") })),
        http: await grab(APKit.requestJson("/rest/api/3/issue/NOPE-9")),
        text: await grab(APKit.requestJson("/rest/harness/text")),
      };`);
    expect(out.value.me).toBe("Harness User");
    expect(out.value.invalid).toMatchObject({ code: "ERR_VALIDATION", issues: [{ message: "bad", path: ["accountId"] }] });
    expect(out.value.http).toMatchObject({ code: "ERR_HTTP_STATUS", status: 404, body: { errorMessages: ["Issue does not exist or you do not have permission to see it."] } });
    expect(out.value.text).toMatchObject({ code: "ERR_INVALID_JSON" });
  });

  test("requests carry only what the bridge supports, exactly as given", async () => {
    await page.evaluate(() => ((window as any).harness.requests.length = 0));
    await inApp<Out>(frame, `await APKit.request("/rest/api/3/issue/ABC-1/properties/h", { method: "PUT", body: "[1]", headers: { "If-Match": "x" }, experimental: true });`);
    const seen = await page.evaluate(() => (window as any).harness.requests[0]);
    expect(seen).toEqual({ url: "/rest/api/3/issue/ABC-1/properties/h", type: "PUT", data: "[1]", contentType: "application/json", headers: { "If-Match": "x" }, experimental: true });
  });

  test("getToken gives a context JWT the host signed; getContext the frame's context; user methods answer", async () => {
    const out = await inApp<Out>(frame, `return { token: await APKit.getToken(), context: await APKit.getContext(), user: await APKit.getCurrentUser(), locale: await APKit.getLocale(), tz: await APKit.getTimeZone() };`);
    const [h, p, s] = out.value.token.split(".");
    expect(createHmac("sha256", host.tenant.sharedSecret).update(`${h}.${p}`).digest("base64url")).toBe(s);
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    expect(claims).toMatchObject({ iss: host.tenant.clientKey, qsh: "context-qsh", sub: "557058:harness-user" });
    expect(claims.exp - claims.iat).toBe(900);
    expect(out.value.context).toEqual({ jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } });
    expect(out.value.user).toEqual({ atlassianAccountId: "557058:harness-user" });
    expect([out.value.locale, out.value.tz]).toEqual(["en-US", "Europe/Berlin"]);
  });

  test("events: host broadcast reaches on(); emit reaches the sender and its sibling; unsubscribe stops delivery", async () => {
    const { frame: sibling } = await frameApp(page, host, { path: "/app/page.html", key: "sibling" });
    for (const f of [frame, sibling]) {
      await inApp(f, `window.got = []; window.stop = APKit.events.on("e2e-event", (...a) => window.got.push(a));`);
      // A second subscription that stays: the order of events to one iframe is kept, so once it has heard a marker,
      // every event sent before the marker has arrived (or never will).
      await inApp(f, `window.marks = []; APKit.events.on("e2e-marker", (m) => window.marks.push(m));`);
    }
    await page.evaluate(() => (window as any).harness.broadcast("e2e-event", undefined, { from: "host" }));
    await inApp(frame, `APKit.events.emit("e2e-event", "a", { b: 2 });`);
    const wait = (f: Frame, n: number) => f.waitForFunction((k) => (window as any).got.length >= k, n);
    await Promise.all([wait(frame, 2), wait(sibling, 2)]);
    await inApp(sibling, `window.stop();`);
    await inApp(frame, `APKit.events.emit("e2e-event", "after"); APKit.events.emit("e2e-marker", "done");`);
    await wait(frame, 3);
    await sibling.waitForFunction(() => (window as any).marks.includes("done"), undefined, { polling: 50 });
    const got = (f: Frame) => f.evaluate(() => (window as any).got);
    expect(await got(frame)).toEqual([[{ from: "host" }], ["a", { b: 2 }], ["after"]]);
    expect(await got(sibling)).toEqual([[{ from: "host" }], ["a", { b: 2 }]]);
  });

  test("once on the real bridge: fires once and the next listener still gets the event", async () => {
    await inApp(frame, `window.o = []; APKit.events.once("o", (x) => window.o.push("once:" + x)); APKit.events.on("o", (x) => window.o.push("on:" + x));`);
    await page.evaluate(() => { const h = (window as any).harness; h.broadcast("o", undefined, 1); h.broadcast("o", undefined, 2); });
    await frame.waitForFunction(() => (window as any).o.length >= 3);
    expect(await frame.evaluate(() => (window as any).o)).toEqual(["once:1", "on:1", "on:2"]);
  });

  test("a host method that never answers ends in ERR_TIMEOUT; one that throws as well", async () => {
    const never = await inApp<Out>(frame, `await APKit.request("/rest/harness/never", { timeout: 300 });`);
    expect(never.error).toMatchObject({ code: "ERR_TIMEOUT", timeout: 300 });
    await page.evaluate(() => (window as any).harness.override("context.getContext", "throw"));
    const thrown = await inApp<Out>(frame, `await APKit.getContext({ timeout: 300 });`);
    await page.evaluate(() => (window as any).harness.override("context.getContext", null));
    expect(thrown.error).toMatchObject({ code: "ERR_TIMEOUT" });
  });

  test("the transport table through apkit, on the real bridge", async () => {
    const run = async (method: string, how: string, call: string) => {
      await page.evaluate(([m, h]) => (window as any).harness.override(m, h), [method, how]);
      try {
        return await inApp<Out>(frame, call);
      } finally {
        await page.evaluate((m) => (window as any).harness.override(m, null), method);
      }
    };
    expect((await run("context.getContext", "rejectError", "return await APKit.getContext();")).error).toMatchObject({
      code: "ERR_HOST", cause: "harness: context.getContext failed",
    });
    expect((await run("context.getContext", "rejectObject", "return await APKit.getContext();")).error).toMatchObject({
      code: "ERR_HOST", cause: { code: 42, reason: "harness object" },
    });
    expect((await run("context.getToken", "resolveUndefined", "return await APKit.getToken();")).error).toMatchObject({ code: "ERR_HOST" });
    expect((await run("context.getToken", "resolveFalse", "return await APKit.getToken();")).error).toMatchObject({ code: "ERR_HOST", cause: false });
    expect((await run("context.getContext", "rejectZero", "return await APKit.getContext();")).error).toMatchObject({ code: "ERR_HOST" });
    expect((await run("request", "rejectError", "return await APKit.request('/rest/api/3/myself');")).error).toMatchObject({ code: "ERR_HOST" });
  });

  test("abort: the caller's signal ends the wait with ERR_ABORTED", async () => {
    const out = await inApp<Out>(frame, `const c = new AbortController(); const p = APKit.request("/rest/harness/never", { signal: c.signal }); setTimeout(() => c.abort(), 50); await p;`);
    expect(out.error).toMatchObject({ code: "ERR_ABORTED", name: "AbortError" });
  });

  test("loadAP injects all.js once (single flight), writes data-options, and early calls wait for it", async () => {
    const { frame: injected } = await frameApp(page, host, { path: "/app/inject.html", key: "injected" });
    const out = await inApp<Out>(injected, `
      const src = location.origin + "/vendor/all.js";
      const first = APKit.loadAP({ src, margin: false, resize: false });
      const second = APKit.loadAP({ src });
      const early = APKit.getContext();  // before all.js has run: waits for the load
      const [a, b] = await Promise.all([first, second]);
      return {
        same: a === b && a === window.AP,
        scripts: document.querySelectorAll('script[src$="/vendor/all.js"]').length,
        options: document.getElementById("ac-iframe-options").getAttribute("data-options"),
        margin: document.body.style.getPropertyValue("margin"),
        context: await early,
      };`);
    expect(out.value).toEqual({
      same: true,
      scripts: 1,
      options: "resize:false;margin:false",
      margin: "",
      context: { jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } },
    });
  });

  test("loadAP: a script that fails to load is ERR_SCRIPT_LOAD, and a later call may retry", async () => {
    const { frame: injected } = await frameApp(page, host, { path: "/app/inject.html", key: "injected-404" });
    const out = await inApp<Out>(injected, `
      const bad = await APKit.loadAP({ src: location.origin + "/vendor/missing-all.js" }).then(() => "resolved", (e) => e.code);
      const ap = await APKit.loadAP({ src: location.origin + "/vendor/all.js" });
      return { bad, retried: ap === window.AP };`);
    expect(out.value).toEqual({ bad: "ERR_SCRIPT_LOAD", retried: true });
  });

  test("events broadcast before the iframe is up: what the real bridge delivers", async () => {
    const key = await page.evaluate(() => {
      const h = (window as any).harness;
      const k = h.createFrame({ url: location.origin.replace("127.0.0.1", "localhost") + "/app/early.html", key: "early" });
      h.broadcast("early", { addon_key: h.addonKey, key: k }, { n: 1 });
      return k;
    });
    const handle = await page.waitForFunction((k) => (window as any).harness.iframeOf(k), key);
    const early = await waitFor(async () => {
      const f = await handle.asElement()!.contentFrame();
      return f?.url().includes("/app/early.html") ? f : undefined;
    });
    // Polled, not on animation frames: Chromium runs none in a cross-origin frame it does not paint.
    await early.waitForFunction(() => Array.isArray((window as any).seen) && (window as any).seen.length >= 2, undefined, { polling: 50 });
    // A marker broadcast now arrives after every replay the iframe's queries have asked for so far.
    await early.evaluate(() => ((window as any).marker = false));
    await early.evaluate(() => (window as any).AP.events.on("early-marker", () => ((window as any).marker = true)));
    await page.evaluate((k) => (window as any).harness.broadcast("early-marker", { addon_key: (window as any).harness.addonKey, key: k }, {}), key);
    await early.waitForFunction(() => (window as any).marker === true, undefined, { polling: 50 });
    // Events aimed at a module before its iframe is up are queued by connect-host and replayed on every
    // event_query the iframe sends (all.js sends more than one), so they arrive twice. Asserted so a change is noticed.
    expect(await early.evaluate(() => (window as any).seen)).toEqual([{ n: 1 }, { n: 1 }]);
  });
});

describe("outside a Connect host", () => {
  test("a page opened directly: calls reject with ERR_NOT_IN_CONNECT_IFRAME; loadAP does not download all.js", async () => {
    const alone = await browser.newPage();
    try {
      await alone.goto(`${host.appOrigin}/app/page.html`);
      const direct = await alone.evaluate(() => (window as any).APKit.getContext().then(() => "resolved", (e: any) => e.code));
      expect(direct).toBe("ERR_NOT_IN_CONNECT_IFRAME");
      await alone.goto(`${host.appOrigin}/app/inject.html`);
      const viaLoad = await alone.evaluate(() =>
        (window as any).APKit.loadAP({ src: location.origin + "/vendor/all.js" }).then(() => "resolved", (e: any) => [e.code, document.scripts.length]),
      );
      expect(viaLoad).toEqual(["ERR_NOT_IN_CONNECT_IFRAME", 1]);
    } finally {
      await alone.close();
    }
  });

  test("a page framed by something that is not a Connect host: ERR_NOT_IN_CONNECT_IFRAME", async () => {
    const other = await browser.newPage();
    try {
      await other.setContent(`<iframe name="not-connect" src="${host.appOrigin}/app/inject.html"></iframe>`);
      const f = other.frames().find((x) => x.url().includes("/app/inject.html"))!;
      await f.waitForFunction(() => !!(window as any).APKit);
      const code = await f.evaluate(() => (window as any).APKit.loadAP().then(() => "resolved", (e: any) => e.code));
      expect(code).toBe("ERR_NOT_IN_CONNECT_IFRAME");
    } finally {
      await other.close();
    }
  });
});
