import { describe, expect, test, vi } from "vitest";
import { configure, dialog, NotInDialogError } from "apkit";
import { emulateHost, installAP } from "apkit/testing";
import { inFrame, tick, uiHost } from "./ui-host.js";

const schema = <T>(check: (v: any) => boolean) => ({
  "~standard": { version: 1 as const, vendor: "test", validate: (v: unknown) => (check(v) ? { value: v as T } : { issues: [{ message: "bad" }] }) },
});

describe("dialog.open", () => {
  test("opener → dialog reads exactly its customData → closes with data → opener resolves with exactly that data", async () => {
    const ui = uiHost();
    installAP(ui.host.connect({ key: "opener" }));
    const result = dialog.open({ key: "edit", size: "medium", customData: { projectKey: "ABC", n: [1, 2] } });
    await tick();
    const [d] = ui.dialogs;
    expect(d?.request).toMatchObject({ key: "edit", size: "medium" });
    const seen = await inFrame(d!.ap, async () => {
      const data = await dialog.getCustomData();
      await dialog.close({ saved: true, list: [1, { x: null }] });
      return data;
    });
    expect(seen).toEqual({ projectKey: "ABC", n: [1, 2] });
    // simple-xdm's sanitising drops object properties whose value is null, on the real bridge as here.
    await expect(result).resolves.toEqual({ saved: true, list: [1, {}] });
  });

  test("without customData the dialog reads undefined, not apkit's id", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    void dialog.open({ key: "edit" });
    await tick();
    expect(await inFrame(ui.top()!.ap, () => dialog.getCustomData())).toBeUndefined();
    // raw AP sees the id: that is how the result finds its way back
    expect(await inFrame(ui.top()!.ap, () => new Promise((r) => ui.top()!.ap.dialog.getCustomData(r)))).toEqual({
      __apkit: expect.stringMatching(/^~/),
    });
  });

  test("two iframes of the app open dialogs at once: each gets its own result although every iframe hears every close", async () => {
    const ui = uiHost();
    const a = ui.host.connect({ key: "panel-a" });
    const b = ui.host.connect({ key: "panel-b" });
    installAP(a);
    const pa = dialog.open({ key: "pick", customData: { from: "a" } });
    await tick(); // subscribed in a's frame
    installAP(b);
    const pb = dialog.open({ key: "pick", customData: { from: "b" } });
    await tick();
    const [da, db] = ui.dialogs;
    // the host closes the top dialog: b's closes first
    await inFrame(db!.ap, async () => dialog.close(`picked by ${(await dialog.getCustomData()).from}`));
    await inFrame(da!.ap, async () => dialog.close(`picked by ${(await dialog.getCustomData()).from}`));
    await expect(pa).resolves.toBe("picked by a");
    await expect(pb).resolves.toBe("picked by b");
  });

  test("Cancel (a close without data) resolves undefined for the dialog on top only", async () => {
    const ui = uiHost();
    const a = ui.host.connect({ key: "panel-a" });
    const b = ui.host.connect({ key: "panel-b" });
    let aDone = false;
    installAP(a);
    const pa = dialog.open({ key: "first" }).then((v) => ((aDone = true), v));
    await tick();
    installAP(b);
    const pb = dialog.open({ key: "second" });
    await tick();
    await ui.click("cancel"); // the top one: b's
    await expect(await pb).toBeUndefined();
    await tick();
    expect(aDone).toBe(false);
    await inFrame(ui.top()!.ap, () => dialog.close({ ok: 1 }));
    await expect(await pa).toEqual({ ok: 1 });
  });

  test("a dialog page without apkit that calls raw AP.dialog.close(data): the opener gets that data", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    const result = dialog.open({ key: "legacy" });
    await tick();
    ui.top()!.ap.dialog.close({ legacy: true });
    await expect(result).resolves.toEqual({ legacy: true });
  });

  test("a dialog's close with another dialog's id does not touch this one", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    let done = false;
    const result = dialog.open({ key: "mine", customData: {} }).then((v) => ((done = true), v));
    await tick();
    ui.host.broadcast("dialog.close", { addon_key: ui.addonKey }, { __apkit: "someone-else", data: "theirs" });
    await tick();
    expect(done).toBe(false);
    await inFrame(ui.top()!.ap, () => dialog.close("mine"));
    expect(await result).toBe("mine");
  });

  test("bad options: TypeError before anything is sent", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    for (const bad of [
      undefined,
      {},
      { key: "" },
      { key: "d", size: "huge" },
      { key: "d", width: -10 },
      { key: "d", height: "tall" },
      { key: "d", width: "50vw" },
      { key: "d", customData: [1] },
      { key: "d", customData: "x" },
    ]) {
      await expect(dialog.open(bad as any), JSON.stringify(bad)).rejects.toThrow(TypeError);
    }
    await tick();
    expect(ui.dialogs).toHaveLength(0);
    // and the good forms pass
    void dialog.open({ key: "d", size: "X-LARGE" as any, width: 500, height: "60%" });
    void dialog.open({ key: "d", width: "500px", height: 300.5 });
    await tick();
    expect(ui.dialogs).toHaveLength(2);
  });

  test("no deadline by default; a signal or a timeout stop the wait (ERR_ABORTED / ERR_TIMEOUT) and unsubscribe", async () => {
    const ui = uiHost();
    const ap = installAP(ui.host.connect()) && (window as any).AP;
    const off = vi.spyOn(ap.events, "off");
    const controller = new AbortController();
    const aborted = dialog.open({ key: "slow" }, { signal: controller.signal });
    const timed = dialog.open({ key: "slow" }, { timeout: 20 });
    await tick();
    controller.abort("user left");
    await expect(aborted).rejects.toMatchObject({ code: "ERR_ABORTED", cause: "user left" });
    await expect(timed).rejects.toMatchObject({ code: "ERR_TIMEOUT", timeout: 20 });
    await tick();
    expect(off.mock.calls.map((c) => c[0]).sort()).toEqual(["apkit.dialog.open", "apkit.dialog.open", "dialog.close", "dialog.close"]);
  });

  test("the default deadline of bridge calls does not apply: a person may take their time", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    configure({ timeout: 10 });
    vi.useFakeTimers();
    try {
      let settled = false;
      const result = dialog.open({ key: "slow" }).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(settled).toBe(false);
      vi.useRealTimers();
      await inFrame(ui.top()!.ap, () => dialog.close("late", { timeout: 1000 }));
      expect(await result).toBe("late");
    } finally {
      vi.useRealTimers();
      configure({ timeout: 15_000 });
    }
  });

  test("without a bridge: the coded bridge errors", async () => {
    await expect(dialog.open({ key: "x" })).rejects.toMatchObject({ code: "ERR_BRIDGE_UNAVAILABLE" });
    installAP(emulateHost({ request: () => {} }, { warn: () => {} }).connect());
    await expect(dialog.open({ key: "x" })).rejects.toMatchObject({ code: "ERR_METHOD_UNAVAILABLE", method: "dialog.create" });
  });
});

describe("inside a dialog", () => {
  test("isDialog follows what all.js knows about the iframe", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    expect(dialog.isDialog()).toBe(false);
    void dialog.open({ key: "d" });
    await tick();
    expect(await inFrame(ui.top()!.ap, () => dialog.isDialog())).toBe(true);
  });

  test("outside a dialog: close, getCustomData, buttons and disableCloseOnSubmit fail with ERR_NOT_IN_DIALOG; nothing reaches the host", async () => {
    const close = vi.fn((..._: unknown[]) => {});
    const host = emulateHost({ dialog: { close, getCustomData: (cb: any) => cb(undefined), getButton: { constructor: function () {}, enable: vi.fn(() => {}) } } }, { warn: () => {} });
    installAP(host.connect());
    for (const call of [
      () => dialog.close({ a: 1 }),
      () => dialog.getCustomData(),
      () => dialog.button("submit").enable(),
      () => dialog.button("submit").isEnabled(),
      () => dialog.disableCloseOnSubmit(),
      () => dialog.createButton({ identifier: "x", text: "X" }),
    ]) {
      const error = await call().catch((e) => e);
      expect(error).toBeInstanceOf(NotInDialogError);
      expect(error.code).toBe("ERR_NOT_IN_DIALOG");
    }
    await tick();
    expect(close).not.toHaveBeenCalled();
  });

  test("getCustomData with a schema validates (ERR_VALIDATION) and types", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    void dialog.open({ key: "d", customData: { n: 1 } });
    await tick();
    await inFrame(ui.top()!.ap, async () => {
      await expect(dialog.getCustomData(schema<{ n: number }>((v) => typeof v?.n === "number"))).resolves.toEqual({ n: 1 });
      await expect(dialog.getCustomData(schema((v) => typeof v?.n === "string"))).rejects.toMatchObject({ code: "ERR_VALIDATION" });
    });
  });

  test("a host that never answers getCustomData: ERR_TIMEOUT (close too, since it needs the id)", async () => {
    const host = emulateHost({ dialog: { getCustomData: () => {}, close: vi.fn(() => {}) } }, { warn: () => {} });
    installAP(host.connect({ options: { isDialog: true } }));
    await expect(dialog.getCustomData({ timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
    await expect(dialog.close("x", { timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });

  test("buttons: disable/enable/hide/toggle reach the host, isEnabled/isHidden answer, onClick hears only its button", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    void dialog.open({ key: "d", chrome: true });
    await tick();
    const d = ui.top()!;
    await inFrame(d.ap, async () => {
      const submit = dialog.button("submit");
      await submit.disable();
      await tick();
      expect(await submit.isEnabled()).toBe(false);
      await submit.toggle();
      await tick();
      expect(await submit.isEnabled()).toBe(true);
      await submit.hide();
      await tick();
      expect(await submit.isHidden()).toBe(true);
      await submit.show();
      await submit.trigger();
      await tick();
      expect(d.buttons.submit).toEqual({ disabled: false, hidden: false });
      const extra = await dialog.createButton({ identifier: "preview", text: "Preview", disabled: true });
      await tick();
      expect(await extra.isEnabled()).toBe(false);
      await extra.enable(); // the product does not let anyone click a disabled button
    });
    const submits: unknown[] = [];
    const previews: unknown[] = [];
    const stop = await inFrame(d.ap, () => {
      dialog.button("preview").onClick((c) => previews.push(c.button.identifier));
      return dialog.button("submit").onClick((c) => submits.push(c.button.identifier));
    });
    await inFrame(d.ap, () => dialog.disableCloseOnSubmit());
    await ui.click("preview");
    await ui.click("submit");
    stop();
    await ui.click("submit");
    await tick();
    expect(submits).toEqual(["submit"]);
    expect(previews).toEqual(["preview"]);
    expect(ui.dialogs).toHaveLength(1); // disableCloseOnSubmit kept it open
  });

  test("submit with disableCloseOnSubmit + onClick closing with data: the opener gets the form data", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    const result = dialog.open<{ name: string }>({ key: "form", chrome: true });
    await tick();
    await inFrame(ui.top()!.ap, async () => {
      await dialog.disableCloseOnSubmit();
      dialog.button("submit").onClick(() => void dialog.close({ name: "Ada" }));
    });
    const d = ui.top()!;
    installAP(d.ap); // the click handler runs in the dialog's page
    await ui.click("submit");
    expect(await result).toEqual({ name: "Ada" });
  });

  test("bad button names and createButton options are TypeErrors", () => {
    expect(() => dialog.button("")).toThrow(TypeError);
    expect(() => dialog.button(3 as any)).toThrow(TypeError);
    return expect(dialog.createButton({ text: "x" } as any)).rejects.toThrow(TypeError);
  });

  test("hideInline calls AP.inlineDialog.hide", async () => {
    const hide = vi.fn((..._: any[]) => {});
    installAP(emulateHost({ inlineDialog: { hide } }, { warn: () => {} }).connect());
    await dialog.hideInline();
    await tick();
    expect(hide).toHaveBeenCalledTimes(1);
  });
});
