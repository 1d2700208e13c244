// What the emulated host gained for the UI modules: host classes (simple-xdm constructor proxies), AP._data, and
// broadcasts targeted at one iframe by id.
import { describe, expect, test, vi } from "vitest";
import { emulateHost, type HostCallback } from "apkit/testing";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("emulateHost: host classes, _data, id-targeted broadcasts", () => {
  test("a host class: the constructor runs on the host with the object's _id; methods run on that instance", async () => {
    const built: string[] = [];
    const host = emulateHost(
      {
        flag: {
          create: {
            constructor: function (this: any, options: { title: string }, callback: HostCallback) {
              this.title = options.title;
              built.push(callback._id!);
              callback(callback._id);
            },
            close(this: any, callback: HostCallback) {
              built.push(`closed ${this.title}`);
              callback("done");
            },
          },
        },
      },
      { warn: () => {} },
    );
    const ap = host.connect();
    const gotId = vi.fn((..._: any[]) => {});
    const flag = ap.flag.create({ title: "Hi" }, gotId);
    expect(typeof flag._id).toBe("string");
    await tick();
    expect(gotId).toHaveBeenCalledWith(flag._id);
    const closed = vi.fn((..._: any[]) => {});
    flag.close(closed);
    await tick();
    expect(built).toEqual([flag._id, "closed Hi"]);
    expect(closed).toHaveBeenCalledWith("done");
  });

  test("a method of an object the host never built never answers (the host throws, as simple-xdm's lookup does)", async () => {
    const warn = vi.fn((..._: any[]) => {});
    const host = emulateHost({ dialog: { getButton: { constructor: function () { throw new Error("no dialog"); }, isEnabled: (cb: HostCallback) => cb(true) } } }, { warn });
    const button = host.connect().dialog.getButton("submit");
    const answer = vi.fn((..._: any[]) => {});
    button.isEnabled(answer);
    await tick();
    expect(answer).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  test("AP._data.options is what the iframe was created with (a copy)", () => {
    const options = { isDialog: true, customData: { a: 1 } };
    const ap = emulateHost().connect({ options });
    expect(ap._data).toMatchObject({ options: { isDialog: true, customData: { a: 1 } }, extension_id: expect.any(String) });
    expect(ap._data.options).not.toBe(options);
  });

  test("broadcast with { id } reaches that iframe only", async () => {
    const host = emulateHost();
    const one = host.connect();
    const two = host.connect();
    const a = vi.fn((..._: any[]) => {});
    const b = vi.fn((..._: any[]) => {});
    one.events.on("flag.close", a);
    two.events.on("flag.close", b);
    host.broadcast("flag.close", { id: two._data.extension_id }, { flagIdentifier: "f" });
    await tick();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ flagIdentifier: "f" });
  });
});
