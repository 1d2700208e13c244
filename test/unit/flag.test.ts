import { describe, expect, test, vi } from "vitest";
import { flag } from "apkit";
import { emulateHost, installAP } from "apkit/testing";
import { tick, uiHost } from "./ui-host.js";

describe("flag.show", () => {
  test("the host gets the options; close() closes it and `closed` resolves", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    const f = flag.show({ title: "Saved", body: "All good", type: "success", close: "manual" });
    await tick();
    const [id, created] = [...ui.flags][0]!;
    expect(created.options).toEqual({ title: "Saved", body: "All good", type: "success", close: "manual" });
    let closed = false;
    void f.closed.then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    f.close();
    await f.closed;
    expect(ui.flags.get(id)!.open).toBe(false);
  });

  test("actions and close reach only their own handle: two flags in one iframe, a third in another iframe", async () => {
    const ui = uiHost();
    const other = ui.host.connect({ key: "other-panel" });
    const mine = ui.host.connect();
    installAP(other);
    const theirs = flag.show({ title: "theirs", actions: { undo: "Undo" } });
    const theirAction = vi.fn((..._: any[]) => {});
    theirs.onAction("undo", theirAction);
    await tick();
    installAP(mine);
    const a = flag.show({ title: "a", actions: { undo: "Undo", details: "Details" } });
    const b = flag.show({ title: "b", actions: { undo: "Undo" } });
    const seen: string[] = [];
    a.onAction("undo", () => seen.push("a:undo"));
    a.onAction("details", () => seen.push("a:details"));
    const stopB = b.onAction("undo", () => seen.push("b:undo"));
    await tick();
    const ids = [...ui.flags.keys()];
    const [theirId, aId, bId] = ids;
    ui.flagAction(aId!, "undo");
    ui.flagAction(bId!, "undo");
    ui.flagAction(aId!, "details");
    await tick();
    stopB();
    ui.flagAction(bId!, "undo");
    await tick();
    expect(seen).toEqual(["a:undo", "b:undo", "a:details"]);
    expect(theirAction).not.toHaveBeenCalled();

    const states: string[] = [];
    void a.closed.then(() => states.push("a closed"));
    void b.closed.then(() => states.push("b closed"));
    void theirs.closed.then(() => states.push("theirs closed"));
    ui.closeFlag(bId!);
    await tick();
    expect(states).toEqual(["b closed"]);
    ui.flagAction(theirId!, "undo");
    await tick();
    expect(theirAction).toHaveBeenCalledTimes(1);
  });

  test("after close the handle stops listening (its subscriptions are removed)", async () => {
    const ui = uiHost();
    const ap = ui.host.connect();
    installAP(ap);
    const off = vi.spyOn(ap.events, "off");
    const f = flag.show({ title: "x", actions: { go: "Go" } });
    const go = vi.fn((..._: any[]) => {});
    f.onAction("go", go);
    await tick();
    const [id] = ui.flags.keys();
    ui.closeFlag(id!);
    await f.closed;
    await tick();
    expect(off.mock.calls.map((c) => c[0]).sort()).toEqual(["flag.action", "flag.close"]);
    ui.flagAction(id!, "go");
    await tick();
    expect(go).not.toHaveBeenCalled();
  });

  test("events of a flag id not yet known to the handle are not taken", async () => {
    // A host that never tells the flag its id: no event may be matched to it (undefined === undefined is no match).
    const host = emulateHost({ flag: { create: { constructor: function () {}, close() {} } } }, { warn: () => {} });
    installAP(host.connect());
    const f = flag.show({ title: "x", actions: { go: "Go" } });
    const go = vi.fn((..._: any[]) => {});
    f.onAction("go", go);
    host.broadcast("flag.action", undefined, { actionIdentifier: "go" });
    host.broadcast("flag.close", undefined, {});
    await tick();
    expect(go).not.toHaveBeenCalled();
    let closed = false;
    void f.closed.then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
  });

  test("bad options are TypeErrors; no bridge is a coded error, thrown at once", () => {
    const ui = uiHost();
    for (const bad of [undefined, "x", { type: "fatal" }, { close: "never" }, { title: 1 }, { body: {} }, { actions: ["a"] }]) {
      installAP(ui.host.connect());
      expect(() => flag.show(bad as any), JSON.stringify(bad)).toThrow(TypeError);
    }
    delete (window as any).AP;
    expect(() => flag.show({ title: "x" })).toThrow(expect.objectContaining({ code: "ERR_BRIDGE_UNAVAILABLE" }));
    installAP(emulateHost({ request: () => {} }).connect());
    expect(() => flag.show({ title: "x" })).toThrow(expect.objectContaining({ code: "ERR_METHOD_UNAVAILABLE" }));
  });
});
