import { describe, expect, test, vi } from "vitest";
import { cookie, history, navigator } from "apkit";
import { emulateHost, installAP, type HostCallback, type HostMethod } from "apkit/testing";

const tick = () => new Promise((r) => setTimeout(r, 0));
const quiet = { warn: () => {} };

describe("navigator", () => {
  test("go sends target and context; getLocation and getUrl answer through callbacks; reload", async () => {
    const go = vi.fn((..._: any[]) => {});
    const reload = vi.fn((..._: any[]) => {});
    installAP({
      ...emulateHost(
        {
          navigator: {
            go,
            reload,
            getLocation: (cb: HostCallback) => cb({ target: "issue", context: { issueKey: "ABC-1" } }),
          },
          env: { getLocation: (cb: HostCallback) => cb("https://example.atlassian.net/browse/ABC-1") },
        },
        quiet,
      ).connect(),
    });
    await navigator.go("issue", { issueKey: "ABC-1" });
    await navigator.go("addonModule", { addonKey: "a", moduleKey: "m", customData: { tab: "x", ids: [1, 2] } });
    await navigator.reload();
    await tick();
    expect(go.mock.calls.map((c) => c.slice(0, 2))).toEqual([
      ["issue", { issueKey: "ABC-1" }],
      ["addonModule", { addonKey: "a", moduleKey: "m", customData: { tab: "x", ids: [1, 2] } }],
    ]);
    expect(reload).toHaveBeenCalledTimes(1);
    await expect(navigator.getLocation()).resolves.toEqual({ target: "issue", context: { issueKey: "ABC-1" } });
    // AP.getLocation is missing on this AP: the env form answers
    await expect(navigator.getUrl()).resolves.toBe("https://example.atlassian.net/browse/ABC-1");
  });

  test("bad target or context: TypeError; a host that never answers: ERR_TIMEOUT", async () => {
    installAP(emulateHost({ navigator: { go: vi.fn((..._: any[]) => {}), getLocation: () => {} } }, quiet).connect());
    await expect(navigator.go("" as any, {} as any)).rejects.toThrow(TypeError);
    await expect(navigator.go("issue", undefined as any)).rejects.toThrow(TypeError);
    await expect(navigator.go("issue", "ABC-1" as any)).rejects.toThrow(TypeError);
    await expect(navigator.getLocation({ timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });
});

describe("history", () => {
  function historyHost(getState: HostMethod = (type: string, cb: HostCallback) => cb(type === "all" ? { key: "k", hash: "#!p2", title: "T", href: "h" } : "p2")) {
    let popCallback: ((e: unknown) => void) | undefined;
    const calls: unknown[][] = [];
    const record = (name: string) => (...a: unknown[]) => void calls.push([name, ...a.slice(0, -1)]);
    installAP(
      emulateHost(
        {
          history: {
            back: record("back"),
            forward: record("forward"),
            go: record("go"),
            pushState: record("pushState"),
            replaceState: record("replaceState"),
            getState,
            // simple-xdm answers a callback once: the host keeps the latest one and uses it for the next change
            popState: (cb: HostCallback) => void (popCallback = cb),
          },
        },
        quiet,
      ).connect(),
    );
    return { calls, pop: (e: unknown) => { const cb = popCallback; popCallback = undefined; cb?.(e); }, armed: () => !!popCallback };
  }

  test("back/forward/go/pushState/replaceState reach the host; getState answers hash and all", async () => {
    const h = historyHost();
    await history.back();
    await history.forward();
    await history.go(-2);
    await history.pushState("page2");
    await history.replaceState({ s: 1 }, "Title", "page3");
    await tick();
    expect(h.calls).toEqual([["back"], ["forward"], ["go", -2], ["pushState", "page2", undefined, undefined], ["replaceState", { s: 1 }, "Title", "page3"]]);
    await expect(history.getState("hash")).resolves.toBe("p2");
    await expect(history.getState("all")).resolves.toEqual({ key: "k", hash: "#!p2", title: "T", href: "h" });
    await expect(history.go(1.5)).rejects.toThrow(TypeError);
    await expect(history.getState(3 as any)).rejects.toThrow(TypeError);
  });

  test("onPopState: every change reaches every listener (the one-shot bridge callback is renewed); unsubscribe works", async () => {
    const h = historyHost();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = history.onPopState((e) => a.push(e.newURL));
    const stopB = history.onPopState((e) => b.push(e.newURL));
    await tick();
    h.pop({ newURL: "one", oldURL: "zero" });
    await tick();
    h.pop({ newURL: "two", oldURL: "one" });
    await tick();
    stopA();
    h.pop({ newURL: "three" });
    await tick();
    stopB();
    h.pop({ newURL: "four" });
    await tick();
    expect(h.armed()).toBe(false); // nobody listens any more: the callback that fired is not renewed
    expect(a).toEqual(["one", "two"]);
    expect(b).toEqual(["one", "two", "three"]);
  });

  test("a listener that throws does not keep the others from running", async () => {
    const h = historyHost();
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on("uncaughtException", onError);
    const after = vi.fn((..._: any[]) => {});
    const stops = [
      history.onPopState(() => {
        throw new Error("listener bug");
      }),
      history.onPopState(after),
    ];
    await tick();
    h.pop({ newURL: "x" });
    await tick();
    await tick();
    process.off("uncaughtException", onError);
    stops.forEach((stop) => stop());
    expect(after).toHaveBeenCalledWith({ newURL: "x" });
    expect(errors).toEqual([expect.objectContaining({ message: "listener bug" })]);
  });

  test("a host calling every registration each time (same event object): listeners still run once per change", async () => {
    const registrations: Array<(e: unknown) => void> = [];
    const fake = {
      ...emulateHost({ history: { back: () => {} } }, quiet).connect(),
    };
    fake.history.popState = (cb: (e: unknown) => void) => registrations.push(cb); // an app-side plugin keeping a list
    installAP(fake);
    const seen: unknown[] = [];
    const stop = history.onPopState((e) => seen.push(e.newURL));
    const fire = (e: unknown) => [...registrations].forEach((cb) => cb(e));
    fire({ newURL: "a" });
    fire({ newURL: "b" });
    await tick();
    stop();
    expect(seen).toEqual(["a", "b"]);
  });

  test("without a history module: ERR_METHOD_UNAVAILABLE at subscription", () => {
    installAP(emulateHost({ request: () => {} }, quiet).connect());
    expect(() => history.onPopState(() => {})).toThrow(expect.objectContaining({ code: "ERR_METHOD_UNAVAILABLE" }));
    expect(() => history.onPopState("x" as any)).toThrow(TypeError);
  });
});

describe("cookie", () => {
  test("save/read/erase round trip on a host cookie jar; bad names and values are TypeErrors", async () => {
    const jar = new Map<string, string>();
    installAP(
      emulateHost(
        {
          cookie: {
            save: (name: string, value: string, _expires: number) => void jar.set(name, value),
            read: (name: string, cb: HostCallback) => cb(jar.get(name)),
            erase: (name: string) => void jar.delete(name),
          },
        },
        quiet,
      ).connect(),
    );
    await cookie.save("theme", "compact", 30);
    await tick();
    await expect(cookie.read("theme")).resolves.toBe("compact");
    await cookie.erase("theme");
    await tick();
    await expect(cookie.read("theme")).resolves.toBeUndefined();
    await expect(cookie.save("", "x")).rejects.toThrow(TypeError);
    await expect(cookie.save("a", 1 as any)).rejects.toThrow(TypeError);
    await expect(cookie.save("a", "x", -1)).rejects.toThrow(TypeError);
    await expect(cookie.read(undefined as any)).rejects.toThrow(TypeError);
    await expect(cookie.erase({} as any)).rejects.toThrow(TypeError);
  });

  test("a host that never answers read: ERR_TIMEOUT; an abort: ERR_ABORTED", async () => {
    installAP(emulateHost({ cookie: { read: () => {} } }, quiet).connect());
    await expect(cookie.read("a", { timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
    await expect(cookie.read("a", { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ERR_ABORTED" });
  });
});
