// The transport table of BRIDGE.md, through apkit, on the emulated host (real-bridge semantics).
import { describe, expect, test, vi } from "vitest";
import { configure, getContext, getCurrentUser, getLocale, getTimeZone, getToken } from "apkit";
import { emulateHost, installAP, type HostMethod } from "apkit/testing";

const promised = (fn: (...args: any[]) => unknown): HostMethod => Object.assign(fn, { returnsPromise: true });
const quiet = { warn: () => {} };

function withContext(getContextImpl: HostMethod, getTokenImpl: HostMethod = promised(async () => "a.b.c")) {
  const host = emulateHost({ context: { getContext: getContextImpl, getToken: getTokenImpl } }, quiet);
  return installAP(host.connect());
}

describe("bridge seam", () => {
  test("no AP at all: ERR_BRIDGE_UNAVAILABLE", async () => {
    await expect(getContext()).rejects.toMatchObject({ code: "ERR_BRIDGE_UNAVAILABLE", name: "BridgeUnavailableError" });
  });

  test("AP without host modules (page opened outside a host): ERR_NOT_IN_CONNECT_IFRAME", async () => {
    const restore = installAP({ resize: () => {}, _hostModules: {} });
    await expect(getToken()).rejects.toMatchObject({ code: "ERR_NOT_IN_CONNECT_IFRAME" });
    restore();
  });

  test("a module the host never defined: ERR_METHOD_UNAVAILABLE naming the method", async () => {
    installAP(emulateHost({ context: { getContext: promised(async () => ({})) } }, quiet).connect());
    await expect(getToken()).rejects.toMatchObject({ code: "ERR_METHOD_UNAVAILABLE", method: "context.getToken" });
    await expect(getCurrentUser()).rejects.toMatchObject({ code: "ERR_METHOD_UNAVAILABLE", method: "user.getCurrentUser" });
  });

  test("host resolves: value passes through", async () => {
    withContext(promised(async () => ({ jira: { issue: { id: "1" } } })));
    await expect(getContext()).resolves.toEqual({ jira: { issue: { id: "1" } } });
    await expect(getToken()).resolves.toBe("a.b.c");
  });

  test("host rejects with an Error: the app only gets its message; HostError keeps it", async () => {
    withContext(promised(async () => { throw new Error("no context here"); }));
    const error = await getContext().catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_HOST", method: "context.getContext", cause: "no context here" });
    expect(error.message).toContain("no context here");
  });

  test("host rejects with an object: HostError with the object as cause", async () => {
    withContext(promised(async () => Promise.reject({ status: 403, reason: "nope" })));
    await expect(getContext()).rejects.toMatchObject({ code: "ERR_HOST", cause: { status: 403, reason: "nope" } });
  });

  test("host resolves undefined: the bridge rejects with undefined; apkit says so with ERR_HOST", async () => {
    withContext(promised(async () => ({})), promised(async () => undefined));
    const error = await getToken().catch((e) => e);
    expect(error.code).toBe("ERR_HOST");
    expect(error.cause).toBeUndefined();
  });

  test("host rejects with 0: the bridge resolves undefined; a context must be an object", async () => {
    withContext(promised(() => Promise.reject(0)));
    await expect(getContext()).rejects.toMatchObject({ code: "ERR_HOST" });
  });

  test("host resolves a non-string token: ERR_HOST", async () => {
    withContext(promised(async () => ({})), promised(async () => false));
    await expect(getToken()).rejects.toMatchObject({ code: "ERR_HOST", cause: false });
  });

  test("host method throws synchronously: nothing ever answers; ERR_TIMEOUT after the deadline", async () => {
    withContext(promised(() => { throw new Error("boom"); }));
    const started = Date.now();
    await expect(getContext({ timeout: 40 })).rejects.toMatchObject({ code: "ERR_TIMEOUT", timeout: 40 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  test("host method that never settles: ERR_TIMEOUT; configure() changes the default", async () => {
    withContext(promised(() => new Promise(() => {})));
    const before = configure();
    configure({ timeout: 30 });
    try {
      await expect(getContext()).rejects.toMatchObject({ code: "ERR_TIMEOUT", timeout: 30 });
    } finally {
      configure({ timeout: before.timeout });
    }
  });

  test("abort while waiting: AbortError (name and code) with the signal's reason as cause", async () => {
    withContext(promised(() => new Promise(() => {})));
    const controller = new AbortController();
    const pending = getContext({ signal: controller.signal });
    controller.abort(new Error("user left"));
    const error = await pending.catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_ABORTED", name: "AbortError" });
    expect(error.cause).toEqual(new Error("user left"));
  });

  test("already-aborted signal: rejects without calling the host", async () => {
    const getContextImpl = vi.fn(promised(async () => ({})));
    const host = emulateHost({ context: { getContext: getContextImpl as unknown as HostMethod } }, quiet);
    installAP(host.connect());
    await expect(getContext({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ERR_ABORTED" });
    // Nothing is crossing the bridge once it is idle: the host was never asked.
    await host.idle();
    expect(getContextImpl).not.toHaveBeenCalled();
  });

  test("invalid timeouts are caller mistakes: TypeError", () => {
    expect(() => configure({ timeout: -1 })).toThrow(TypeError);
    expect(() => configure({ timeout: Number.NaN })).toThrow(TypeError);
  });

  test("callback-only user methods become promises", async () => {
    const host = emulateHost({
      user: {
        getCurrentUser: (cb: (u: unknown) => void) => cb({ atlassianAccountId: "acc-1" }),
        getLocale: (cb: (l: string) => void) => cb("de-DE"),
        getTimeZone: (cb: (z: string) => void) => cb("Europe/Berlin"),
      },
    }, quiet);
    installAP(host.connect());
    await expect(getCurrentUser()).resolves.toEqual({ atlassianAccountId: "acc-1" });
    await expect(getLocale()).resolves.toBe("de-DE");
    await expect(getTimeZone()).resolves.toBe("Europe/Berlin");
  });

  test("callback-only method that never calls back: ERR_TIMEOUT", async () => {
    installAP(emulateHost({ user: { getLocale: () => {} } }, quiet).connect());
    await expect(getLocale({ timeout: 30 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });

  test("callback answers of the wrong shape: ERR_HOST", async () => {
    installAP(emulateHost({ user: { getCurrentUser: (cb: (u: unknown) => void) => cb({}), getTimeZone: (cb: (z: unknown) => void) => cb(7) } }, quiet).connect());
    await expect(getCurrentUser()).rejects.toMatchObject({ code: "ERR_HOST" });
    await expect(getTimeZone()).rejects.toMatchObject({ code: "ERR_HOST", cause: 7 });
  });

  test("a schema validates the context: ValidationError with issues", async () => {
    const { z } = await import("zod");
    withContext(promised(async () => ({ jira: { issue: { id: 5 } } })));
    const schema = z.object({ jira: z.object({ issue: z.object({ id: z.string() }) }) });
    const error = await getContext(schema).catch((e) => e);
    expect(error.code).toBe("ERR_VALIDATION");
    expect(error.issues[0].path).toEqual(["jira", "issue", "id"]);
    withContext(promised(async () => ({ jira: { issue: { id: "5" } } })));
    const ok = await getContext(schema);
    expect(ok.jira.issue.id).toBe("5");
  });

  test("getContext(options) without a schema", async () => {
    withContext(promised(async () => ({ a: 1 })));
    await expect(getContext({ timeout: 100 })).resolves.toEqual({ a: 1 });
  });
});
