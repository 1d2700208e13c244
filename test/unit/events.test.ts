import { describe, expect, expectTypeOf, test, vi } from "vitest";
import { events } from "apkit";
import { emulateHost, installAP } from "apkit/testing";

const tick = () => new Promise((r) => setTimeout(r, 0));

function connect(extension?: { addon_key?: string; key?: string }) {
  const host = emulateHost({}, { warn: () => {} });
  const ap = host.connect(extension);
  installAP(ap);
  return { host, ap };
}

describe("events", () => {
  test("a host broadcast reaches on(); unsubscribe stops delivery", async () => {
    const { host } = connect();
    const seen: unknown[] = [];
    const stop = events.on("issue-changed", (data) => seen.push(data));
    host.broadcast("issue-changed", undefined, { key: "ABC-1" });
    await tick();
    stop();
    stop(); // idempotent
    host.broadcast("issue-changed", undefined, { key: "ABC-2" });
    await tick();
    expect(seen).toEqual([{ key: "ABC-1" }]);
  });

  test("emit reaches the sender itself (the real bridge echoes), with every argument", async () => {
    connect();
    const seen: unknown[][] = [];
    events.on("todo", (...args) => seen.push(args));
    events.emit("todo", "a", { b: 2 });
    await tick();
    expect(seen).toEqual([["a", { b: 2 }]]);
  });

  test("emit reaches the other iframes of the same app, not other apps", async () => {
    const host = emulateHost({}, { warn: () => {} });
    const other = host.connect({ addon_key: "other-app" });
    const sibling = host.connect({ key: "sibling" });
    const mine = host.connect();
    const otherSeen = vi.fn();
    const siblingSeen = vi.fn();
    other.events.on("ping", otherSeen);
    sibling.events.on("ping", siblingSeen);
    installAP(mine);
    events.emit("ping", 1);
    await tick();
    expect(siblingSeen).toHaveBeenCalledWith(1);
    expect(otherSeen).not.toHaveBeenCalled();
  });

  test("once fires once, and does not make the next listener miss the event (all.js's live-array bug)", async () => {
    const { host, ap } = connect();
    // The raw bridge shows the bug: its own once() removes itself mid-dispatch and the next listener misses out.
    const rawSecond = vi.fn();
    ap.events.once("e", () => {});
    ap.events.on("e", rawSecond);
    host.broadcast("e", undefined, 1);
    await tick();
    expect(rawSecond).not.toHaveBeenCalled();
    ap.events.off("e", rawSecond);

    const first = vi.fn();
    const second = vi.fn();
    events.once("e", first);
    events.on("e", second);
    host.broadcast("e", undefined, 1);
    host.broadcast("e", undefined, 2);
    await tick();
    expect(first.mock.calls).toEqual([[1]]);
    expect(second.mock.calls).toEqual([[1], [2]]);
  });

  test("a listener that unsubscribes itself during dispatch does not starve the next one", async () => {
    const { host } = connect();
    const second = vi.fn();
    const stop = events.on("e", () => stop());
    events.on("e", second);
    host.broadcast("e", undefined, "x");
    await tick();
    expect(second).toHaveBeenCalledWith("x");
  });

  test("off(name, fn) removes every subscription of fn to name only", async () => {
    const { host } = connect();
    const fn = vi.fn();
    events.on("a", fn);
    events.on("a", fn);
    events.on("b", fn);
    events.off("a", fn);
    host.broadcast("a", undefined, 1);
    host.broadcast("b", undefined, 2);
    await tick();
    expect(fn.mock.calls).toEqual([[2]]);
    events.off("zzz", fn); // unknown pairs are fine
  });

  test("a throwing listener is reported and the others still run", async () => {
    const { host } = connect();
    const reported = vi.fn();
    vi.stubGlobal("reportError", reported);
    const after = vi.fn();
    events.on("e", () => {
      throw new Error("listener bug");
    });
    events.on("e", after);
    host.broadcast("e", undefined, 1);
    await tick();
    expect(after).toHaveBeenCalledWith(1);
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: "listener bug" }));
    vi.unstubAllGlobals();
  });

  test("host broadcasts of arrays arrive spread (a bridge quirk, kept)", async () => {
    const { host } = connect();
    const fn = vi.fn();
    events.on("list", fn);
    host.broadcast("list", undefined, [1, 2]);
    await tick();
    expect(fn).toHaveBeenCalledWith(1, 2);
  });

  test("onAny gets (name, ...args) without all.js's trailing meta object", async () => {
    const { host } = connect();
    const fn = vi.fn();
    const stop = events.onAny(fn);
    events.emit("x", "a", "b");
    host.broadcast("y", undefined, { c: 1 });
    await tick();
    stop();
    events.emit("x", "late");
    await tick();
    expect(fn.mock.calls).toEqual([["x", "a", "b"], ["y", { c: 1 }]]);
  });

  test("public events reach every app, filtered by sender when asked", async () => {
    const host = emulateHost({}, { warn: () => {} });
    const partner = host.connect({ addon_key: "partner", key: "p" });
    const stranger = host.connect({ addon_key: "stranger", key: "s" });
    installAP(host.connect());
    const all = vi.fn();
    const onlyPartner = vi.fn();
    const byFunction = vi.fn();
    events.onPublic("shared", all);
    events.onPublic("shared", onlyPartner, { addon_key: "partner" });
    const stop = events.onPublic("shared", byFunction, (s) => s.addon_key === "stranger");
    partner.events.emitPublic("shared", 1);
    stranger.events.emitPublic("shared", 2);
    await tick();
    expect(all.mock.calls).toEqual([[1], [2]]);
    expect(onlyPartner.mock.calls).toEqual([[1]]);
    expect(byFunction.mock.calls).toEqual([[2]]);
    stop();
    stranger.events.emitPublic("shared", 3);
    await tick();
    expect(byFunction.mock.calls).toEqual([[2]]);
  });

  test("emitPublic and onAnyPublic (whose raw off is broken in all.js: apkit switches the listener off itself)", async () => {
    const host = emulateHost({}, { warn: () => {} });
    const partner = host.connect({ addon_key: "partner", key: "p" });
    installAP(host.connect());
    const seen = vi.fn();
    partner.events.onPublic("from-me", seen);
    events.emitPublic("from-me", { x: 1 });
    await tick();
    const any = vi.fn();
    const stop = events.onAnyPublic(any);
    partner.events.emitPublic("z", 9);
    await tick();
    stop();
    partner.events.emitPublic("z", 10);
    await tick();
    expect(seen).toHaveBeenCalledWith({ x: 1 });
    expect(any.mock.calls).toEqual([[9]]);
  });

  test("without a connected AP, subscribing throws the coded error synchronously", () => {
    expect(() => events.on("x", () => {})).toThrow(expect.objectContaining({ code: "ERR_BRIDGE_UNAVAILABLE" }));
    installAP({ _hostModules: {} });
    expect(() => events.emit("x")).toThrow(expect.objectContaining({ code: "ERR_NOT_IN_CONNECT_IFRAME" }));
  });

  test("caller mistakes: TypeError", () => {
    connect();
    expect(() => events.on("", () => {})).toThrow(TypeError);
    expect(() => events.on("x", "nope" as never)).toThrow(TypeError);
    expect(() => events.emit("" as string)).toThrow(TypeError);
  });

  test("payloads are typed by Register and the built-in events", () => {
    connect();
    events.on("flag.action", (data) => {
      expectTypeOf(data).toEqualTypeOf<{ actionIdentifier: string; flagIdentifier: string }>();
    });
    events.on("anything-else", (...args) => {
      expectTypeOf(args).toEqualTypeOf<unknown[]>();
    });
  });
});
