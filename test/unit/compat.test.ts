// installAP itself: where it puts the AP, what it does on Connect, without a platform or when the platform cannot
// start, how its warnings are said, and that every raw call settles (apkit's deadline, where all.js would wait forever).
import { configure, platformName, selectPlatform, type Platform } from "apkit";
import { installAP } from "apkit/compat";
import { createMockAP } from "apkit/testing";
import { createMockForge, type MockForge } from "apkit/testing/forge";
import { afterEach, describe, expect, test, vi } from "vitest";

let host: MockForge | undefined;
afterEach(() => {
  host?.stop();
  host = undefined;
  selectPlatform(undefined);
  configure({ timeout: 15_000 });
});

describe("installAP", () => {
  test("puts the AP on globalThis and returns it; the calls run on the selected platform", async () => {
    host = await createMockForge().start();
    const AP = installAP({ warn: () => {} });
    expect((globalThis as { AP?: unknown }).AP).toBe(AP);
    await expect(AP.context.getContext()).resolves.toMatchObject({ jira: { issue: { key: "TEST-1" } } });
    expect(host.calls.map((c) => c.name)).toContain("getContext");
  });

  test("with a platform, selects and starts it; calls made while it starts wait for it", async () => {
    host = await createMockForge().start();
    selectPlatform(undefined);
    const { forge } = await import("apkit/forge");
    const AP = installAP({ platform: forge(), warn: () => {} });
    expect(platformName()).toBe("forge");
    const user = await new Promise((resolve) => AP.user.getCurrentUser(resolve));
    expect(user).toEqual({ atlassianAccountId: "712020:mock-user" });
  });

  test("on Connect: all.js is the AP, returned as it is; without one, a TypeError says what to do", () => {
    const mock = createMockAP().install();
    try {
      expect(installAP()).toBe(mock.ap);
    } finally {
      mock.uninstall();
    }
    expect(() => installAP()).toThrow(TypeError);
    expect(() => installAP({ warn: "loud" as never })).toThrow(TypeError);
    expect(() => installAP(null as never)).toThrow(TypeError);
  });

  test("a platform that cannot start: every call fails with why (never reaching window.AP, which is this AP)", async () => {
    const warnings: string[] = [];
    const broken: Platform = { name: "broken", start: () => Promise.reject(new Error("no host here")) };
    const AP = installAP({ platform: broken, warn: (m) => warnings.push(m) });
    // While it starts, a call reaches the platform, which has no such capability: coded, naming it.
    await expect(AP.context.getContext()).rejects.toMatchObject({ code: "ERR_UNSUPPORTED_ON_PLATFORM", platform: "broken" });
    await vi.waitFor(() => expect(warnings.some((w) => w.includes("did not start"))).toBe(true));
    expect(platformName()).toBe("connect");
    await expect(AP.context.getContext()).rejects.toThrow("no host here");
    const answered = await new Promise((resolve) => AP.cookie.read("x", (...args: unknown[]) => resolve(args)));
    expect(answered).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/^\[apkit\/compat\] the platform broken did not start: no host here/),
      expect.stringMatching(/^\[apkit\/compat\] AP\.context\.getContext: context is not available on broken/),
      expect.stringMatching(/^\[apkit\/compat\] AP\.cookie\.read failed: no host here/),
    ]);
  });

  test("an unsupported method warns once however often it is called, and its promise rejects coded", async () => {
    host = await createMockForge().start();
    const warnings: string[] = [];
    const AP = installAP({ warn: (m) => warnings.push(m) });
    const codes = await Promise.all([1, 2, 3].map(() => AP.context.getToken().catch((e: { code: string }) => e.code)));
    expect(codes).toEqual(["ERR_UNSUPPORTED_ON_PLATFORM", "ERR_UNSUPPORTED_ON_PLATFORM", "ERR_UNSUPPORTED_ON_PLATFORM"]);
    AP.dropdown.create({ dropdownId: "d", list: [] });
    AP.dropdown.create({ dropdownId: "d", list: [] });
    AP.defineModule("x", {});
    await host.flush();
    expect(warnings).toHaveLength(3);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[apkit\/compat\] AP\.context\.getToken: .*apFetch/),
        expect.stringMatching(/^\[apkit\/compat\] AP\.dropdown\.create: .*draw the menu in the resource/),
        expect.stringMatching(/^\[apkit\/compat\] AP\.defineModule: /),
      ]),
    );
  });

  // Not in unit:cjs: there vitest loads dist/index.cjs for this file while dist/compat.cjs require()s its own copy, so
  // this file's configure() would not reach the deadline compat reads (an app, or jest, loads one).
  test.skipIf(process.env.APKIT_TARGET === "cjs")("a request the host never answers settles at apkit's deadline: error(xhr of status 0, 'error', TimeoutError)", async () => {
    host = await createMockForge().start();
    host.hang("fetchProduct");
    configure({ timeout: 50 });
    const AP = installAP({ warn: () => {} });
    const failed = await new Promise<unknown[]>((resolve) => AP.request({ url: "/rest/api/3/myself", error: (...args: unknown[]) => resolve(args) }));
    const [xhr, statusText, errorThrown] = failed as [{ status: number }, string, { code: string; timeout: number }];
    expect([xhr.status, statusText, errorThrown.code, errorThrown.timeout]).toEqual([0, "error", "ERR_TIMEOUT", 50]);
    await expect(AP.request("/rest/api/3/myself")).rejects.toMatchObject({ err: { code: "ERR_TIMEOUT" }, xhr: { status: 0 } });
  });

  test("the app's callback that throws is reported like an uncaught error in a handler, and stops nothing else", async () => {
    host = await createMockForge().start();
    const AP = installAP({ warn: () => {} });
    const reported: unknown[] = [];
    const original = globalThis.reportError;
    globalThis.reportError = (e: unknown) => reported.push(e);
    try {
      const after = new Promise((resolve) => {
        AP.user.getLocale(() => {
          throw new Error("app bug");
        });
        AP.user.getTimeZone(resolve);
      });
      await expect(after).resolves.toBe("UTC");
      expect(reported).toEqual([expect.objectContaining({ message: "app bug" })]);
    } finally {
      globalThis.reportError = original;
    }
  });
});
