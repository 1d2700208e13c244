// The bugs the review of the port layer found (issue 24, item 8), each pinned by a test that failed before its fix:
// - `{ timeout: Infinity, ...options }` let an explicit `timeout: undefined` turn "no deadline" into the 15 s default;
// - apFetch had a 15 s deadline on Forge (the bridge call's default) and none on Connect;
// - the same kind of caller mistake threw synchronously from some promise-returning calls and rejected from others.
import { apFetch, createApFetch, dialog, jira, navigator, request, resize, history, cookie, macro } from "apkit";
import { createMockAP, json } from "apkit/testing";
import { createMockForge, type MockForge } from "apkit/testing/forge";
import { afterEach, describe, expect, test, vi } from "vitest";

let forgeMock: MockForge | undefined;
afterEach(() => {
  vi.useRealTimers();
  forgeMock?.uninstall();
  forgeMock = undefined;
});

const pending = (promise: Promise<unknown>) => {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
};

describe("a person's wait has no deadline, even with an explicit timeout: undefined", () => {
  test("Connect: dialog.open and jira.openIssueDialog outlive the 15 s default", async () => {
    const mock = createMockAP().install();
    // The host never answers: only a deadline could end the wait.
    mock.fault("jira.openIssueDialog", "never");
    try {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const opened = pending(dialog.open({ key: "picker" }, { timeout: undefined }));
      const issue = pending(jira.openIssueDialog("ABC-1", { timeout: undefined }));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(opened.settled).toBe(false);
      expect(issue.settled).toBe(false);
      vi.useRealTimers();
      await mock.closeDialog({ ok: true });
    } finally {
      mock.uninstall();
    }
  });

  test("Forge: dialog.open outlives the 15 s default", async () => {
    forgeMock = await createMockForge({ warn: () => {} }).start();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const opened = pending(dialog.open({ key: "picker" }, { timeout: undefined }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(opened.settled).toBe(false);
  });
});

describe("apFetch settles alike on both platforms: no deadline by default, createApFetch({ timeout }) on both", () => {
  test("Forge: a hung requestRemote is still waited for after 15 s; with a timeout it ends in ERR_TIMEOUT", async () => {
    forgeMock = await createMockForge({ forge: { remote: "backend" }, warn: () => {} }).start();
    forgeMock.hang("fetchRemote");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const call = pending(apFetch("/api/slow"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(call.settled).toBe(false);
    const timed = createApFetch({ timeout: 1000 })("/api/slow").catch((e) => e);
    await vi.advanceTimersByTimeAsync(1001);
    expect(await timed).toMatchObject({ code: "ERR_TIMEOUT" });
  });

  test("Connect: the same timeout ends a backend that never answers, and aborts its request", async () => {
    const mock = createMockAP().install();
    let aborted = false;
    const never = (_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => {
          aborted = true;
          reject(init.signal!.reason);
        });
      });
    try {
      // The token is at hand at once, so the request has surely started when the deadline ends it (a token round trip
      // through the bridge could outlast 50 ms on a loaded machine, and then there would be no request to abort).
      const api = createApFetch({ timeout: 50, fetch: never, baseUrl: "https://app.example.com", getToken: async () => "a.b.c" });
      await expect(api("/api/slow")).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
      expect(aborted).toBe(true);
    } finally {
      mock.uninstall();
    }
  });
});

describe("a promise-returning call never throws synchronously: its caller mistakes are rejections", () => {
  test.each([
    ["navigator.go", () => navigator.go("" as never, {} as never)],
    ["dialog.open", () => dialog.open({ key: "" })],
    ["resize", () => resize("tall" as never)],
    ["request", () => request("")],
    ["history.go", () => history.go(0.5)],
    ["cookie.save", () => cookie.save("", "x")],
    ["macro.save", () => macro.save("x" as never)],
  ])("%s", async (_, call) => {
    const mock = createMockAP().install();
    mock.request.get("/x", () => json({}));
    try {
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = call())).not.toThrow();
      await expect(promise).rejects.toThrow(TypeError);
    } finally {
      mock.uninstall();
    }
  });
});
