// The property store on the real bridge: connect-host.js + all.js from atlassian-connect-js in Chromium,
// cross-origin, against the local host's in-memory product (apkit-dev's, on apkit/testing's property backend).
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { frameApp, inApp, launchChromium, openHost, startLocalHost, type Host } from "./browser.js";

let host: Host;
let browser: Browser;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  host = await startLocalHost();
  browser = await launchChromium();
  ({ page } = await openHost(browser, host));
  ({ frame } = await frameApp(page, host, { path: "/app/page.html", key: "store" }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});


const hostState = <T>(fn: string) => page.evaluate(fn) as Promise<T>;
/** What the product stored: the property backend's entry (`{ value }`, plus `id` and `version` on Confluence). */
const stored = <T>(entity: string, key: string) => host.product.properties.get(entity)?.get(key) as T;

describe("property store on the real bridge", () => {
  test("issue properties round trip: set (create, replace), get, has, keys with a prefix, delete", async () => {
    const out = await inApp(frame, `
      const store = APKit.createPropertyStore(APKit.issueProperties("ABC-1"), { keyPrefix: "e2e." });
      await store.set("a", { n: 1 });
      await store.set("a", { n: 2 });
      await store.set("b", ["x", "€"]);
      const got = [await store.get("a"), await store.get("b"), await store.has("a")];
      const keys = await store.keys();
      const deleted = [await store.delete("a"), await store.delete("a")];
      return { got, keys, deleted, after: await store.keys(), missing: await store.get("a") };`);
    expect(out.error).toBeUndefined();
    expect(out.value).toEqual({ got: [{ n: 2 }, ["x", "€"], true], keys: ["a", "b"], deleted: [true, false], after: ["b"] });
    // what the product stored, under the prefixed key
    expect(stored("issue/ABC-1", "e2e.b")).toEqual({ value: ["x", "€"] });
    const sent = await hostState<Array<{ url: string; type: string }>>(`window.harness.requests.filter((r) => r.url.includes("/properties"))`);
    expect(sent.slice(0, 2).map((r) => `${r.type} ${r.url}`)).toEqual(["PUT /rest/api/3/issue/ABC-1/properties/e2e.a", "PUT /rest/api/3/issue/ABC-1/properties/e2e.a"]);
  });

  test("the 404 rule on the real bridge: missing key -> undefined, missing issue -> ERR_PROPERTY_TARGET_NOT_FOUND", async () => {
    const missingKey = await inApp(frame, `return await APKit.createPropertyStore(APKit.issueProperties("ABC-2")).get("never-set") ?? "undefined";`);
    expect(missingKey.value).toBe("undefined");
    const missingIssue = await inApp(frame, `return await APKit.createPropertyStore(APKit.issueProperties("NOPE-1")).get("k");`);
    expect(missingIssue.error).toMatchObject({ code: "ERR_PROPERTY_TARGET_NOT_FOUND", key: "/rest/api/3/issue/NOPE-1/properties" });
  });

  test("too large: refused before sending, nothing lost", async () => {
    const before = await hostState<number>("window.harness.requests.length");
    const out = await inApp(frame, `
      const store = APKit.createPropertyStore(APKit.issueProperties("ABC-2"));
      await store.set("big", "ok");
      return await store.set("big", "€".repeat(11000));`);
    expect(out.error).toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE", bytes: 33002, limit: 32768 });
    expect(await hostState<number>("window.harness.requests.length")).toBe(before + 1);
    expect(stored("issue/ABC-2", "big")).toEqual({ value: "ok" });
  });

  test("project and app properties round trip", async () => {
    const out = await inApp(frame, `
      const project = APKit.createPropertyStore(APKit.projectProperties("10000"));
      await project.set("cfg", { on: true });
      const app = APKit.createPropertyStore(APKit.appProperties("apkit-harness"), { keyPrefix: "v1." });
      await app.set("theme", { dark: true });
      return { project: await APKit.createPropertyStore(APKit.projectProperties("ABC")).get("cfg"), app: await app.get("theme"), keys: await app.keys() };`);
    expect(out).toEqual({ value: { project: { on: true }, app: { dark: true }, keys: ["theme"] } });
  });

  test("Confluence content properties: 10 concurrent increments through all.js end at exactly 10", async () => {
    const out = await inApp(frame, `
      let retries = 0;
      const store = APKit.createPropertyStore(APKit.contentProperties("98001"), { backoff: (a) => (retries++, Math.random() * 20 * 2 ** a) });
      const results = await Promise.all(Array.from({ length: 10 }, () => store.update("counter", (n = 0) => n + 1)));
      return { final: await store.get("counter"), distinct: new Set(results).size, retries };`);
    expect(out.error).toBeUndefined();
    expect(out.value).toMatchObject({ final: 10, distinct: 10 });
    const conflicts = host.product.propertyStats.conflicts;
    expect(out.value.retries).toBe(conflicts);
    console.info(`e2e confluence: N=10 final=${out.value.final} retries=${out.value.retries}`);
    expect(stored("pages/98001", "counter")).toMatchObject({ value: 10, version: 10 });
  });

  test("Confluence: a missing page is ERR_PROPERTY_TARGET_NOT_FOUND; space properties and keys() across pages", async () => {
    const out = await inApp(frame, `
      const gone = await APKit.createPropertyStore(APKit.contentProperties("1")).get("k").catch((e) => e.code);
      const space = APKit.createPropertyStore(APKit.spaceProperties(42));
      for (let i = 0; i < 30; i++) await space.set("k" + i, i);
      return { gone, keys: (await space.keys()).length, k29: await space.get("k29") };`);
    expect(out.value).toEqual({ gone: "ERR_PROPERTY_TARGET_NOT_FOUND", keys: 30, k29: 29 });
  });
});
