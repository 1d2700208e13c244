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
    const [created] = ui.flags;
    expect(created).toMatchObject({ title: "Saved", body: "All good", type: "success", close: "manual", actions: {}, open: true });
    let closed = false;
    void f.closed.then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    f.close();
    await f.closed;
    expect(created!.open).toBe(false);
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
    const [theirFlag, aFlag, bFlag] = ui.flags;
    await ui.flagAction(aFlag!, "undo");
    await ui.flagAction(bFlag!, "undo");
    await ui.flagAction(aFlag!, "details");
    stopB();
    await ui.flagAction(bFlag!, "undo");
    expect(seen).toEqual(["a:undo", "b:undo", "a:details"]);
    expect(theirAction).not.toHaveBeenCalled();

    const states: string[] = [];
    void a.closed.then(() => states.push("a closed"));
    void b.closed.then(() => states.push("b closed"));
    void theirs.closed.then(() => states.push("theirs closed"));
    await ui.closeFlag(bFlag!);
    await tick();
    expect(states).toEqual(["b closed"]);
    await ui.flagAction(theirFlag!, "undo");
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
    const [shown] = ui.flags;
    await ui.closeFlag(shown!);
    await f.closed;
    await tick();
    expect(off.mock.calls.map((c) => c[0]).sort()).toEqual(["flag.action", "flag.close"]);
    // The product's controls refuse a closed flag; a late event for it, as a host may still send, must be ignored.
    ui.host.broadcast("flag.action", { id: shown!.frame.id }, { actionIdentifier: "go", flagIdentifier: shown!.id });
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
