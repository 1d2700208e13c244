// The React hooks over apFetch, property stores, dialogs, flags, sizing and theming, on the emulated host.
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { StrictMode, useRef, type ReactNode } from "react";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { createApFetch, createPropertyStore, issueProperties } from "apkit";
import {
  APProvider,
  useApFetch,
  useAutoResize,
  useDialog,
  useFlag,
  useProperty,
  useTheme,
} from "apkit/react";
import { createPropertyBackend, installAP, type HostMethod } from "apkit/testing";
import { inFrame, tick, uiHost } from "./ui-host.js";

const promised = (fn: (...args: any[]) => unknown): HostMethod => Object.assign(fn, { returnsPromise: true });
const wrapper = ({ children }: { children: ReactNode }) => <APProvider>{children}</APProvider>;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const token = (n: number) => `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ exp: Math.floor(Date.now() / 1000) + 900, n })}.sig`;

function connect(backend = createPropertyBackend({ entities: ["issue/ABC-1"] })) {
  let issued = 0;
  const ui = uiHost({
    context: { getToken: promised(async () => token(++issued)), getContext: promised(async () => ({})) },
    request: backend.request,
  });
  const ap = ui.host.connect({ key: "main" });
  installAP(ap);
  return { ui, ap, backend, tokens: () => issued };
}

describe("useApFetch", () => {
  test("GETs JSON from the app's backend with a context token; non-2xx is an HttpError", async () => {
    const { tokens } = connect();
    const seen: Array<string | null> = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("authorization"));
      const url = String(input instanceof Request ? input.url : input);
      return url.endsWith("/api/items")
        ? Response.json([{ id: "1", name: "One" }])
        : new Response('{"error":"nope"}', { status: 404, statusText: "Not Found" });
    });
    const api = createApFetch({ fetch, baseUrl: "http://localhost:3000" });
    const Items = z.array(z.object({ id: z.string(), name: z.string() }));
    const { result } = renderHook(() => useApFetch("http://localhost:3000/api/items", { fetch: api, schema: Items }), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(result.current.data).toEqual([{ id: "1", name: "One" }]);
    expect(seen[0]).toMatch(/^JWT [\w-]+\.[\w-]+\.sig$/);

    const missing = renderHook(() => useApFetch("http://localhost:3000/api/missing", { fetch: api }), { wrapper });
    await waitFor(() => expect(missing.result.current.status).toBe("error"));
    expect(missing.result.current.error).toMatchObject({ code: "ERR_HTTP_STATUS", status: 404, body: { error: "nope" } });
    expect(tokens()).toBe(1); // one cached token served both
  });
});

describe("useProperty", () => {
  test("loads (undefined when missing), writes optimistically and keeps what the store wrote", async () => {
    connect();
    const store = createPropertyStore<{ count: number }>(issueProperties("ABC-1"), { keyPrefix: "t." });
    const { result } = renderHook(() => useProperty(store, "votes"), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(result.current.data).toBeUndefined();
    let pending!: Promise<unknown>;
    act(() => {
      pending = result.current.update((v) => ({ count: (v?.count ?? 0) + 1 }));
    });
    expect(result.current.data).toEqual({ count: 1 }); // shown before the write answered
    expect(result.current.saving).toBe(true);
    await act(() => pending);
    expect(result.current.saving).toBe(false);
    await expect(store.get("votes")).resolves.toEqual({ count: 1 });
    await act(() => result.current.set({ count: 5 }));
    expect(result.current.data).toEqual({ count: 5 });
    await act(() => result.current.remove());
    expect(result.current.data).toBeUndefined();
    await expect(store.has("votes")).resolves.toBe(false);
  });

  test("a refused write rolls back and rejects with the coded error", async () => {
    connect(createPropertyBackend({ entities: ["issue/ABC-1"], readOnly: ["issue/ABC-1"] }));
    const store = createPropertyStore<string>(issueProperties("ABC-1"));
    const { result } = renderHook(() => useProperty(store, "note"), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    let failure: unknown;
    await act(async () => {
      await result.current.set("hello").catch((e) => (failure = e));
    });
    expect(failure).toMatchObject({ code: "ERR_HTTP_STATUS", status: 403 });
    expect(result.current.data).toBeUndefined();

    const tooBig = "x".repeat(40_000);
    await act(async () => {
      await result.current.set(tooBig).catch((e) => (failure = e));
    });
    expect(failure).toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE" });
    expect(result.current.data).toBeUndefined();
  });

  test("overlapping writes: the latest one decides what is shown", async () => {
    connect();
    const store = createPropertyStore<number>(issueProperties("ABC-1"));
    const { result } = renderHook(() => useProperty(store, "n"), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    await act(async () => {
      const first = result.current.set(1);
      const second = result.current.set(2);
      await Promise.all([first, second]);
    });
    expect(result.current.data).toBe(2);
  });

  test("a missing entity is an error result (PropertyTargetNotFoundError)", async () => {
    connect(createPropertyBackend({ entities: [] }));
    const store = createPropertyStore(issueProperties("GONE-1"));
    const { result } = renderHook(() => useProperty(store, "k"), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ code: "ERR_PROPERTY_TARGET_NOT_FOUND" });
  });
});

describe("useDialog", () => {
  test("open resolves with the data its dialog closed with; isOpen follows", async () => {
    const { ui } = connect();
    const { result } = renderHook(() => useDialog(), { wrapper });
    let opened!: Promise<unknown>;
    act(() => {
      opened = result.current.open({ key: "picker", customData: { project: "ABC" } });
    });
    expect(result.current.isOpen).toBe(true);
    await tick();
    const [d] = ui.dialogs;
    await inFrame(d!.ap, async () => {
      const { dialog } = await import("apkit");
      expect(await dialog.getCustomData()).toEqual({ project: "ABC" });
      await dialog.close({ id: "42" });
    });
    await act(async () => {
      await expect(opened).resolves.toEqual({ id: "42" });
    });
    expect(result.current.isOpen).toBe(false);
  });

  test("unmount while a dialog is open: open rejects with AbortError, no listeners left", async () => {
    const { ap } = connect();
    const off = vi.spyOn(ap.events, "off");
    const { result, unmount } = renderHook(() => useDialog(), { wrapper });
    let opened!: Promise<unknown>;
    act(() => {
      opened = result.current.open({ key: "picker" });
    });
    await tick();
    unmount();
    await expect(opened).rejects.toMatchObject({ code: "ERR_ABORTED", name: "AbortError" });
    await tick();
    expect(off).toHaveBeenCalled();
  });
});

describe("useFlag", () => {
  test("action handlers run for their own flag and are detached on unmount", async () => {
    const { ui } = connect();
    const undo = vi.fn();
    const { result, unmount } = renderHook(() => useFlag(), { wrapper });
    act(() => {
      result.current({ title: "Saved", actions: { undo: "Undo" } }, { undo });
    });
    await tick();
    const [shown] = ui.flags;
    await ui.flagAction(shown!, "undo"); // the mock settles React inside act()
    expect(undo).toHaveBeenCalledTimes(1);
    unmount();
    await tick();
    // Unmounting leaves the flag on the page: its action may still be clicked, and must reach no handler.
    await ui.flagAction(shown!, "undo"); // the mock settles React inside act()
    expect(undo).toHaveBeenCalledTimes(1);
  });
});

describe("useAutoResize and useTheme", () => {
  test("useAutoResize follows the element's height once the bridge is ready, and stops on unmount", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    const resize = () => ui.mock.resizes.map((r) => [r.width, r.height]);
    const observers: Array<{ cb: () => void; disconnected: boolean }> = [];
    vi.stubGlobal(
      "ResizeObserver",
      class {
        entry = { cb: () => {}, disconnected: false };
        constructor(cb: () => void) {
          this.entry.cb = cb;
          observers.push(this.entry);
        }
        observe() {}
        disconnect() {
          this.entry.disconnected = true;
        }
      },
    );
    vi.stubGlobal("requestAnimationFrame", (f: FrameRequestCallback) => (queueMicrotask(() => f(0)), 1));
    function Panel() {
      const ref = useRef<HTMLDivElement>(null);
      useAutoResize(ref);
      return <div ref={ref}>content</div>;
    }
    const view = render(<Panel />, { wrapper });
    await waitFor(() => expect(observers).toHaveLength(1));
    vi.spyOn(view.container.firstElementChild!, "getBoundingClientRect").mockReturnValue({ bottom: 321 } as DOMRect);
    observers[0]!.cb();
    await waitFor(() => expect(resize()).toContainEqual(["100%", 321]));
    view.unmount();
    expect(observers[0]!.disconnected).toBe(true);
    vi.unstubAllGlobals();
  });

  test("useAutoResize() waits for .ac-content (a Loading… first), follows it once rendered, and a replacement", async () => {
    // Issue 21: docs/react.md's example renders "Loading…" without .ac-content; the hook threw then, unmounting it.
    const ui = uiHost();
    installAP(ui.host.connect());
    const observed: Array<{ element: Element; disconnected: boolean }> = [];
    vi.stubGlobal(
      "ResizeObserver",
      class {
        entries: Array<{ element: Element; disconnected: boolean }> = [];
        observe(element: Element) {
          this.entries.push({ element, disconnected: false });
          observed.push(this.entries.at(-1)!);
        }
        disconnect() {
          for (const entry of this.entries) entry.disconnected = true;
        }
      },
    );
    function Panel({ state }: { state: "loading" | "first" | "second" }) {
      useAutoResize();
      if (state === "loading") return <p>Loading…</p>;
      return (
        <div key={state} className="ac-content">
          {state}
        </div>
      );
    }
    const view = render(<Panel state="loading" />, { wrapper });
    await act(async () => {
      await ui.mock.flush();
    });
    expect(observed).toEqual([]);
    view.rerender(<Panel state="first" />);
    const first = view.container.querySelector(".ac-content");
    await waitFor(() => expect(observed.map((o) => o.element)).toEqual([first]));
    view.rerender(<Panel state="second" />);
    const second = view.container.querySelector(".ac-content");
    expect(second).not.toBe(first);
    expect(observed.map((o) => [o.element, o.disconnected])).toEqual([
      [first, true],
      [second, false],
    ]);
    view.rerender(<Panel state="loading" />);
    expect(observed[1]!.disconnected).toBe(true);
    view.unmount();
    vi.unstubAllGlobals();
  });

  test("useAutoResize in StrictMode: one element followed, stopped on unmount", async () => {
    const ui = uiHost();
    installAP(ui.host.connect());
    const live = new Set<object>();
    vi.stubGlobal(
      "ResizeObserver",
      class {
        observe() {
          live.add(this);
        }
        disconnect() {
          live.delete(this);
        }
      },
    );
    function Panel() {
      useAutoResize();
      return <div className="ac-content">content</div>;
    }
    const view = render(
      <StrictMode>
        <Panel />
      </StrictMode>,
      { wrapper },
    );
    await waitFor(() => expect(live.size).toBe(1));
    view.unmount();
    expect(live.size).toBe(0);
    vi.unstubAllGlobals();
  });

  test("useTheme enables theming and follows the document's theme attributes", async () => {
    const initializeTheming = vi.fn();
    const ui = uiHost({ theming: { initializeTheming } });
    installAP(ui.host.connect());
    function Mode() {
      return <p>{useTheme().colorMode ?? "none"}</p>;
    }
    render(<Mode />, { wrapper });
    expect(screen.getByText("none")).toBeTruthy();
    await waitFor(() => expect(initializeTheming).toHaveBeenCalled());
    act(() => document.documentElement.setAttribute("data-color-mode", "dark"));
    await screen.findByText("dark");
    document.documentElement.removeAttribute("data-color-mode");
  });
});
