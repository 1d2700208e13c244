import { afterEach, describe, expect, test, vi } from "vitest";
import { autoResize, hideFooter, resize, scrollPosition, sizeToParent } from "apkit";
import { emulateHost, installAP, type HostCallback } from "apkit/testing";

const tick = () => new Promise((r) => setTimeout(r, 0));
const quiet = { warn: () => {} };

afterEach(() => vi.unstubAllGlobals());

describe("resize, sizeToParent, hideFooter", () => {
  test("resize passes valid dimensions to AP.resize; bad ones are TypeErrors before any call", async () => {
    const calls: unknown[][] = [];
    installAP({ ...emulateHost({ env: { resize: () => {} } }, quiet).connect(), resize: (...a: unknown[]) => calls.push(a) });
    await resize("100%", 480);
    await resize(300, "200px");
    await resize();
    expect(calls).toEqual([["100%", 480], [300, "200px"], [undefined, undefined]]);
    for (const bad of [[-1], ["1e3"], [Number.NaN], [Infinity], ["auto"], [{}], [300, "10vh"]]) {
      await expect(resize(...(bad as [any, any])), String(bad)).rejects.toThrow(TypeError);
    }
    expect(calls).toHaveLength(3);
  });

  test("without AP.resize (an AP built by hand): AP.env.resize, the host module, is used", async () => {
    const env = vi.fn((..._: any[]) => {});
    installAP(emulateHost({ env: { resize: env } }, quiet).connect());
    await resize("100%", 50);
    await tick();
    expect(env.mock.calls[0]!.slice(0, 2)).toEqual(["100%", 50]);
  });

  test("sizeToParent works with AP.sizeToParent and with AP.env.sizeToParent; hideFooter too", async () => {
    const top = vi.fn((..._: any[]) => {});
    installAP({ ...emulateHost({ env: { sizeToParent: () => {} } }, quiet).connect(), sizeToParent: top });
    await sizeToParent({ hideFooter: true });
    await sizeToParent();
    expect(top.mock.calls).toEqual([[true], [false]]);

    const env = vi.fn((..._: any[]) => {});
    const envFooter = vi.fn((..._: any[]) => {});
    installAP(emulateHost({ env: { sizeToParent: env, hideFooter: envFooter } }, quiet).connect());
    await sizeToParent({ hideFooter: false });
    await hideFooter();
    await tick();
    expect(env.mock.calls[0]![0]).toBe(false);
    expect(envFooter.mock.calls[0]![0]).toBe(true);
  });

  test("no env at all: ERR_METHOD_UNAVAILABLE naming the first form", async () => {
    installAP(emulateHost({ request: () => {} }, quiet).connect());
    await expect(sizeToParent()).rejects.toMatchObject({ code: "ERR_METHOD_UNAVAILABLE", method: "sizeToParent" });
  });
});

describe("autoResize", () => {
  function setup(heights: number[]) {
    const calls: unknown[][] = [];
    installAP({ ...emulateHost({ env: { resize: () => {} } }, quiet).connect(), resize: (...a: unknown[]) => calls.push(a) });
    document.body.innerHTML = `<div class="ac-content"><p>hi</p></div>`;
    const el = document.querySelector(".ac-content")!;
    let h = 0;
    el.getBoundingClientRect = () => ({ bottom: heights[h] ?? heights[heights.length - 1] }) as DOMRect;
    let observe: () => void = () => {};
    const disconnect = vi.fn((..._: any[]) => {});
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(cb: () => void) {
          observe = cb;
        }
        observe = vi.fn((..._: any[]) => {});
        disconnect = disconnect;
      },
    );
    const frames: Array<() => void> = [];
    vi.stubGlobal("requestAnimationFrame", (fn: () => void) => frames.push(fn));
    vi.stubGlobal("cancelAnimationFrame", vi.fn((..._: any[]) => {}));
    return {
      calls,
      disconnect,
      change: (next?: number) => {
        if (next !== undefined) h = next;
        observe();
      },
      frame: () => frames.splice(0).forEach((f) => f()),
      pendingFrames: () => frames.length,
    };
  }

  test("one resize per animation frame however many changes, only when the height changed", async () => {
    const t = setup([120, 120, 300.2]);
    const stop = autoResize();
    t.change();
    t.change();
    t.change();
    expect(t.pendingFrames()).toBe(1);
    t.frame();
    await tick();
    expect(t.calls).toEqual([["100%", 120]]);
    t.change(1);
    t.frame();
    await tick();
    expect(t.calls).toHaveLength(1); // same height: nothing sent
    t.change(2);
    t.frame();
    await tick();
    expect(t.calls).toEqual([["100%", 120], ["100%", 301]]);
    stop();
    expect(t.disconnect).toHaveBeenCalled();
  });

  test("an AbortSignal stops it too", () => {
    const t = setup([10]);
    const controller = new AbortController();
    autoResize({ signal: controller.signal });
    controller.abort();
    expect(t.disconnect).toHaveBeenCalled();
  });

  test("no .ac-content is a TypeError; no bridge is a coded error", () => {
    expect(() => autoResize()).toThrow(TypeError);
    document.body.innerHTML = `<div class="ac-content"></div>`;
    expect(() => autoResize()).toThrow(expect.objectContaining({ code: "ERR_BRIDGE_UNAVAILABLE" }));
  });
});

describe("scrollPosition", () => {
  test("get answers through the callback; setVertical checks its number", async () => {
    const setVerticalPosition = vi.fn((..._: any[]) => {});
    installAP(
      emulateHost(
        {
          scrollPosition: {
            getPosition: (cb: HostCallback) => cb({ scrollX: 0, scrollY: 40, width: 800, height: 600 }),
            setVerticalPosition,
          },
        },
        quiet,
      ).connect(),
    );
    await expect(scrollPosition.get()).resolves.toEqual({ scrollX: 0, scrollY: 40, width: 800, height: 600 });
    await scrollPosition.setVertical(120);
    await tick();
    expect(setVerticalPosition.mock.calls[0]![0]).toBe(120);
    await expect(scrollPosition.setVertical(Number.NaN)).rejects.toThrow(TypeError);
  });

  test("outside a full page the host never answers: ERR_TIMEOUT", async () => {
    installAP(emulateHost({ scrollPosition: { getPosition: () => {} } }, quiet).connect());
    await expect(scrollPosition.get({ timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT", timeout: 20 });
  });
});
