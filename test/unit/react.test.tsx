import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { StrictMode, version, type ReactNode } from "react";
import { describe, expect, expectTypeOf, test, vi } from "vitest";
import { z } from "zod";
import { APProvider, useAP, useAPEvent, useProductContext, useRequest, type APKitErrorCode } from "apkit/react";
import { emulateHost, installAP, type EmulatedHost, type HostMethod } from "apkit/testing";

const promised = (fn: (...args: any[]) => unknown): HostMethod => Object.assign(fn, { returnsPromise: true });
const wrapper = ({ children }: { children: ReactNode }) => <APProvider>{children}</APProvider>;
const strictWrapper = ({ children }: { children: ReactNode }) => (
  <StrictMode>
    <APProvider>{children}</APProvider>
  </StrictMode>
);

// Every message across the bridge answered, every reaction React scheduled for it rendered: a point after which
// "nothing more happened" is a fact, not a guess about timing.
const settled = (host: EmulatedHost) =>
  act(async () => {
    await host.idle();
  });

function connect(modules: Parameters<typeof emulateHost>[0] = {}): { host: EmulatedHost; ap: Record<string, any> } {
  const host = emulateHost(
    {
      context: { getContext: promised(async () => ({ jira: { issue: { id: "10001", key: "ABC-1" } } })) },
      request: promised(async (o: { url: string }) =>
        o.url === "/never" ? new Promise(() => {}) : { body: JSON.stringify({ url: o.url }), xhr: { status: 200, headers: {} } },
      ),
      ...modules,
    },
    { warn: () => {} },
  );
  const ap = host.connect();
  installAP(ap);
  return { host, ap };
}

test(`runs on React ${process.env.EXPECT_REACT_MAJOR ?? "19"}`, () => {
  expect(version.split(".")[0]).toBe(process.env.EXPECT_REACT_MAJOR ?? "19");
});

describe("APProvider and useAP", () => {
  test("children render at once (pending), then the bridge is ready", async () => {
    connect();
    function Status() {
      const ap = useAP();
      return <p>{ap.status}</p>;
    }
    render(<Status />, { wrapper });
    expect(screen.getByText("pending")).toBeTruthy();
    await screen.findByText("ready");
  });

  test("ready carries the AP; useAP hands over the bridge state only (the API is imported)", async () => {
    const { ap } = connect();
    const { result } = renderHook(() => useAP(), { wrapper });
    expect(Object.keys(result.current).sort()).toEqual(["ap", "error", "platform", "status"]);
    await waitFor(() => expect(result.current.status).toBe("ready"));
    expect(result.current).toMatchObject({ status: "ready", ap, platform: "connect" });
  });

  test("outside a Connect iframe: status error with ERR_NOT_IN_CONNECT_IFRAME", async () => {
    const { result } = renderHook(() => useAP(), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ code: "ERR_NOT_IN_CONNECT_IFRAME" });
  });

  test("the result is a discriminated union", () => {
    type R = ReturnType<typeof useAP>;
    expectTypeOf<Extract<R, { status: "ready" }>["ap"]>().not.toBeUndefined();
    expectTypeOf<Extract<R, { status: "pending" }>["ap"]>().toBeUndefined();
    expectTypeOf<Extract<R, { status: "error" }>["error"]["code"]>().toEqualTypeOf<Exclude<APKitErrorCode, "ERR_APKIT"> | undefined>();
  });
});

describe("useProductContext", () => {
  test("loads the context; a schema types it", async () => {
    connect();
    const schema = z.object({ jira: z.object({ issue: z.object({ key: z.string() }) }) });
    const { result } = renderHook(() => useProductContext(schema), { wrapper });
    expect(result.current.status).toBe("pending");
    await waitFor(() => expect(result.current.status).toBe("success"));
    if (result.current.status === "success") {
      expectTypeOf(result.current.data.jira.issue.key).toEqualTypeOf<string>();
      expect(result.current.data.jira.issue.key).toBe("ABC-1");
    }
  });

  test("a schema mismatch is an error result with the ValidationError", async () => {
    connect();
    const { result } = renderHook(() => useProductContext(z.object({ confluence: z.object({}) })), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ code: "ERR_VALIDATION" });
  });

  test("a bridge that failed to load puts its error in the data hook too", async () => {
    const { result } = renderHook(() => useProductContext(), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ code: "ERR_NOT_IN_CONNECT_IFRAME" });
  });
});

describe("useRequest", () => {
  test("fetches, refetches when the path changes, and refetch() runs it again", async () => {
    const calls: string[] = [];
    const { host } = connect({
      request: promised(async (o: { url: string }) => {
        calls.push(o.url);
        return { body: JSON.stringify({ url: o.url, n: calls.length }), xhr: { status: 200 } };
      }),
    });
    const { result, rerender } = renderHook(({ path }) => useRequest<{ url: string; n: number }>(path), {
      wrapper,
      initialProps: { path: "/a" },
    });
    await waitFor(() => expect(result.current.data).toEqual({ url: "/a", n: 1 }));
    rerender({ path: "/b" });
    await waitFor(() => expect(result.current.data).toEqual({ url: "/b", n: 2 }));
    act(() => result.current.refetch());
    await waitFor(() => expect(result.current.data).toEqual({ url: "/b", n: 3 }));
    rerender({ path: "/b" }); // same request by value: no new call
    await settled(host);
    expect(calls).toEqual(["/a", "/b", "/b"]);
  });

  test("inline init objects do not cause refetch loops", async () => {
    let n = 0;
    const { host } = connect({ request: promised(async () => ({ body: String(++n), xhr: { status: 200 } })) });
    const { result } = renderHook(() => useRequest("/x", { headers: { Accept: "application/json" } }), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    await settled(host);
    expect(n).toBe(1);
  });

  test("null waits", async () => {
    const request = vi.fn(promised(async () => ({ body: "1", xhr: { status: 200 } })));
    const { host } = connect({ request: request as unknown as HostMethod });
    const { result } = renderHook(() => useRequest(null), { wrapper });
    await settled(host);
    expect(result.current.status).toBe("pending");
    expect(request).not.toHaveBeenCalled();
  });

  test("HTTP errors arrive as error results with the HttpError", async () => {
    connect({ request: promised(() => Promise.reject({ err: "Not Found", xhr: { status: 404, responseText: '{"errorMessages":["x"]}' } })) });
    const { result } = renderHook(() => useRequest("/missing"), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ code: "ERR_HTTP_STATUS", status: 404 });
  });

  test("unmount during a pending request aborts it: no update after unmount, no unhandled rejection", async () => {
    const started = vi.fn();
    const { host } = connect({
      request: promised(() => {
        started();
        return new Promise(() => {});
      }),
    });
    const errors = vi.spyOn(console, "error");
    const { result, unmount } = renderHook(() => useRequest("/slow"), { wrapper });
    await waitFor(() => expect(started).toHaveBeenCalled());
    unmount(); // aborts: the request promise rejects with AbortError, which the hook must swallow
    await settled(host);
    expect(result.current.status).toBe("pending");
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("useAPEvent", () => {
  test("a changing handler is called without re-subscribing; unmount unsubscribes", async () => {
    const { host, ap } = connect();
    const on = vi.spyOn(ap.events, "on");
    const seen: string[] = [];
    const { rerender, unmount } = renderHook(({ tag }) => useAPEvent("ping", (x) => seen.push(`${tag}:${String(x)}`)), {
      wrapper,
      initialProps: { tag: "first" },
    });
    await waitFor(() => expect(on).toHaveBeenCalledTimes(1));
    rerender({ tag: "second" });
    await act(async () => {
      host.broadcast("ping", undefined, 1);
      await host.idle();
    });
    unmount();
    host.broadcast("ping", undefined, 2);
    await settled(host);
    expect(seen).toEqual(["second:1"]);
    expect(on).toHaveBeenCalledTimes(1);
  });

  test("StrictMode's double mount leaves exactly one live subscription", async () => {
    const { host } = connect();
    const handler = vi.fn();
    renderHook(() => useAPEvent("ping", handler), { wrapper: strictWrapper });
    await waitFor(() => expect((window as any).AP).toBeTruthy());
    // StrictMode's mount, unmount and mount are done (and the removal of the first subscription with them) once the
    // bridge is idle; then one broadcast.
    await settled(host);
    await act(async () => {
      host.broadcast("ping", undefined, "once");
      await host.idle();
    });
    expect(handler.mock.calls).toEqual([["once"]]);
  });
});
