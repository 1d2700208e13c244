// loadAP's paths that do not need a real iframe; injection into a real Connect iframe is covered on the
// real bridge in test/e2e/core.test.ts.
import { describe, expect, test } from "vitest";
import { DEFAULT_ALL_JS, getContext, loadAP } from "apkit";
import { emulateHost, installAP } from "apkit/testing";

describe("loadAP", () => {
  test("an AP already on the page is used as it is, and no script is injected", async () => {
    const ap = emulateHost({ context: { getContext: Object.assign(async () => ({ a: 1 }), { returnsPromise: true }) } }).connect();
    installAP(ap);
    await expect(loadAP()).resolves.toBe(ap);
    expect(document.querySelectorAll("script")).toHaveLength(0);
    await expect(getContext()).resolves.toEqual({ a: 1 });
  });

  test("an AP without host modules: NotInConnectIframeError", async () => {
    installAP({ _hostModules: {} });
    await expect(loadAP()).rejects.toMatchObject({ code: "ERR_NOT_IN_CONNECT_IFRAME", name: "NotInConnectIframeError" });
  });

  test("a top-level page (not framed): rejects before downloading anything", async () => {
    await expect(loadAP()).rejects.toMatchObject({ code: "ERR_NOT_IN_CONNECT_IFRAME" });
    expect(document.querySelectorAll("script")).toHaveLength(0);
    expect(document.getElementById("ac-iframe-options")).toBeNull();
  });

  test("after a failed loadAP(), later calls say why it failed, not 'call loadAP() first' (issue 16)", async () => {
    const failure = await loadAP().catch((e) => e);
    const later = await getContext().catch((e) => e);
    expect(later).toMatchObject({ code: "ERR_NOT_IN_CONNECT_IFRAME", cause: failure });
    expect(later.message).toMatch(/^No AP: loadAP\(\) failed \(/);
    expect(later.message).not.toMatch(/call loadAP\(\) first/);
  });

  test("caller mistakes reject with TypeErrors (never a synchronous throw from a promise-returning call)", async () => {
    await expect(loadAP({ src: "javascript:alert(1)" })).rejects.toThrow(TypeError);
    await expect(loadAP({ src: "data:text/javascript,1" })).rejects.toThrow(TypeError);
    await expect(loadAP({ resize: "no" as never })).rejects.toThrow(TypeError);
  });

  test("the default all.js is Atlassian's CDN", () => {
    expect(DEFAULT_ALL_JS).toBe("https://connect-cdn.atl-paas.net/all.js");
  });
});
