// apkit/react hooks when their inputs change, wait, refetch or repeat (issue 17). Each of the first four groups
// reproduces a report: they failed on 0.1 and pass now. Runs on React 19 and 18, and under StrictMode.
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { StrictMode, useState, type ReactNode } from "react";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { createPropertyStore, issueProperties } from "apkit";
import { APProvider, useDialog, useProperty, useRequest } from "apkit/react";
import { createMockAP, json, type MockAP } from "apkit/testing";

let mock: MockAP | undefined;
afterEach(() => mock?.uninstall());

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A mock host whose GET /rest/api/3/issue/:key answers when the test says, counting calls per key. */
function issues(modes: { strict?: boolean } = {}) {
  const calls: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred<void>>>();
  const gate = (key: string) => {
    if (!gates.has(key)) gates.set(key, deferred<void>());
    return gates.get(key)!;
  };
  mock = createMockAP({ context: { jira: { issue: { id: "1", key: "A-1" } } } });
  mock.request.get("/rest/api/3/issue/:key", async ({ params }) => {
    calls.push(params.key!);
    await gate(params.key!).promise;
    return json({ key: params.key, summary: `Summary of ${params.key}` });
  });
  mock.install();
  const wrapper = ({ children }: { children: ReactNode }) =>
    modes.strict ? (
      <StrictMode>
        <APProvider>{children}</APProvider>
      </StrictMode>
    ) : (
      <APProvider>{children}</APProvider>
    );
  return { calls, open: (key: string) => gate(key).resolve(), wrapper };
}

describe("1. results always belong to the current inputs", () => {
  test("useRequest: after the path changes, no render shows the previous path's data as success", async () => {
    const { open, wrapper } = issues();
    const renders: string[] = [];
    function Issue({ issueKey }: { issueKey: string }) {
      const issue = useRequest<{ key: string }>(`/rest/api/3/issue/${issueKey}`);
      renders.push(`${issueKey}:${issue.status}:${issue.data?.key ?? "-"}`);
      return <p>{issue.status === "success" ? issue.data.key : "loading"}</p>;
    }
    open("A-1");
    const view = render(<Issue issueKey="A-1" />, { wrapper });
    await screen.findByText("A-1");
    renders.length = 0;
    view.rerender(<Issue issueKey="B-2" />);
    open("B-2");
    await screen.findByText("B-2");
    // Before the fix: "B-2:success:A-1" (issue A's data under issue B's key).
    expect(renders.filter((r) => r.startsWith("B-2:success:A-1"))).toEqual([]);
    expect(renders.every((r) => /^B-2:(pending:-|success:B-2)$/.test(r))).toBe(true);
    expect(renders.at(-1)).toBe("B-2:success:B-2");
  });

  test("useProperty: the previous store's error is not carried into the new store", async () => {
    mock = createMockAP({ properties: { entities: ["issue/GOOD-1"] } });
    mock.install();
    const gone = createPropertyStore(issueProperties("GONE-1"));
    const good = createPropertyStore(issueProperties("GOOD-1"));
    const seen: string[] = [];
    const { result, rerender } = renderHook(({ store }) => {
      const property = useProperty(store, "k");
      seen.push(`${store === good ? "good" : "gone"}:${property.status}`);
      return property;
    }, { wrapper: ({ children }) => <APProvider>{children}</APProvider>, initialProps: { store: gone } });
    await waitFor(() => expect(result.current.status).toBe("error"));
    seen.length = 0;
    rerender({ store: good });
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(seen.filter((s) => s === "good:error")).toEqual([]);
  });
});

describe("2. null inputs wait", () => {
  test("useProperty(null, key) and useProperty(store, null) send nothing and stay pending; writers refuse", async () => {
    const { calls, wrapper } = issues();
    const sent = () => mock!.calls.filter((c) => c.method === "request").length;
    const before = sent();
    const { result, rerender } = renderHook(({ store, key }) => useProperty(store, key), {
      wrapper,
      initialProps: { store: null as ReturnType<typeof createPropertyStore> | null, key: "k" as string | null },
    });
    await act(async () => {});
    expect(result.current).toMatchObject({ status: "pending", isFetching: false, data: undefined });
    await expect(result.current.set(1)).rejects.toThrow(TypeError);
    rerender({ store: createPropertyStore(issueProperties("A-1")), key: null });
    await act(async () => {});
    expect(result.current.status).toBe("pending");
    expect(sent()).toBe(before);
    expect(calls).toEqual([]);
  });

  test("useRequest(undefined) waits too; the path arriving starts the request", async () => {
    const { calls, open, wrapper } = issues();
    const { result, rerender } = renderHook(({ key }) => useRequest<{ key: string }>(key && `/rest/api/3/issue/${key}`), {
      wrapper,
      initialProps: { key: undefined as string | undefined },
    });
    await act(async () => {});
    expect(result.current).toMatchObject({ status: "pending", isFetching: false });
    open("C-3");
    rerender({ key: "C-3" });
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(calls).toEqual(["C-3"]);
  });
});

describe("3. refetch keeps the data (no flash of loading)", () => {
  test("status stays success with isFetching true while the refetch runs", async () => {
    const { open, wrapper } = issues();
    open("A-1");
    const statuses: string[] = [];
    const { result } = renderHook(() => {
      const r = useRequest<{ key: string }>("/rest/api/3/issue/A-1");
      statuses.push(`${r.status}:${r.isFetching}`);
      return r;
    }, { wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    statuses.length = 0;
    act(() => result.current.refetch());
    await waitFor(() => expect(result.current.isFetching).toBe(false));
    // Before the fix: "pending" in between.
    expect(statuses.filter((s) => s.startsWith("pending"))).toEqual([]);
    expect(statuses).toContain("success:true");
    expect(result.current.data).toEqual({ key: "A-1", summary: "Summary of A-1" });
  });
});

describe("4. components asking for the same request share one call", () => {
  test.each([false, true])("two components, one host call (StrictMode: %s)", async (strict) => {
    const { calls, open, wrapper } = issues({ strict });
    function Summary({ id }: { id: string }) {
      const issue = useRequest<{ summary: string }>("/rest/api/3/issue/A-1");
      return <p>{id}: {issue.status === "success" ? issue.data.summary : "…"}</p>;
    }
    render(
      <>
        <Summary id="left" />
        <Summary id="right" />
      </>,
      { wrapper },
    );
    await act(async () => {});
    open("A-1");
    await screen.findByText("left: Summary of A-1");
    await screen.findByText("right: Summary of A-1");
    expect(calls).toEqual(["A-1"]); // before the fix: ["A-1", "A-1"] (four under StrictMode)
  });

  test("different schemas on a shared call: each component validates for itself", async () => {
    const { calls, open, wrapper } = issues();
    open("A-1");
    const loose = renderHook(() => useRequest("/rest/api/3/issue/A-1", { schema: z.object({ key: z.string() }) }), { wrapper });
    const strict = renderHook(() => useRequest("/rest/api/3/issue/A-1", { schema: z.object({ key: z.number() }) }), { wrapper });
    await waitFor(() => expect(loose.result.current.status).toBe("success"));
    await waitFor(() => expect(strict.result.current.status).toBe("error"));
    expect(strict.result.current.error?.code).toBe("ERR_VALIDATION");
    expect(calls.length).toBeLessThanOrEqual(2);
  });

  test("a component that leaves does not abort the call the other still waits for", async () => {
    const { calls, open, wrapper } = issues();
    function Summary({ id }: { id: string }) {
      const issue = useRequest<{ summary: string }>("/rest/api/3/issue/A-1");
      return <p>{id}: {issue.status === "success" ? issue.data.summary : "…"}</p>;
    }
    const view = render(<><Summary id="left" /><Summary id="right" /></>, { wrapper });
    await act(async () => {});
    view.rerender(<Summary id="right" />); // "left" unmounts while the call is in flight
    await act(async () => {});
    open("A-1");
    await screen.findByText("right: Summary of A-1");
    expect(calls).toEqual(["A-1"]);
  });
});

describe("5. typed errors, 6. dialogs with a schema", () => {
  test("error.code narrows without a cast", async () => {
    mock = createMockAP();
    mock.request.get("/rest/api/3/issue/:key", () => json({ errorMessages: ["nope"] }, { status: 404 }));
    mock.install();
    const { result } = renderHook(() => useRequest("/rest/api/3/issue/X-1"), { wrapper: ({ children }) => <APProvider>{children}</APProvider> });
    await waitFor(() => expect(result.current.status).toBe("error"));
    const error = result.current.error!;
    expect(error.code === "ERR_HTTP_STATUS" ? error.status : 0).toBe(404);
  });

  test("useDialog().open(options, schema) validates the close data", async () => {
    mock = createMockAP();
    mock.install();
    const { result } = renderHook(() => useDialog(), { wrapper: ({ children }) => <APProvider>{children}</APProvider> });
    const Picked = z.object({ id: z.string() });
    let good!: Promise<{ id: string } | undefined>;
    act(() => {
      good = result.current.open({ key: "picker" }, Picked);
    });
    await act(() => mock!.flush());
    await act(() => mock!.closeDialog({ id: "7" }));
    await expect(good).resolves.toEqual({ id: "7" });
    let bad!: Promise<unknown>;
    act(() => {
      bad = result.current.open({ key: "picker" }, Picked).catch((error: unknown) => error);
    });
    await act(() => mock!.flush());
    await act(() => mock!.closeDialog({ id: 7 }));
    await expect(bad).resolves.toMatchObject({ code: "ERR_VALIDATION", message: expect.stringMatching(/dialog close data at id/) });
  });
});

test("a key change under StrictMode in an app: the new key's data, never the old one's", async () => {
  const { open, wrapper } = issues({ strict: true });
  function App() {
    const [key, setKey] = useState("A-1");
    const issue = useRequest<{ key: string }>(`/rest/api/3/issue/${key}`);
    return (
      <button onClick={() => setKey("B-2")}>
        {key}={issue.status === "success" ? issue.data.key : issue.status}
      </button>
    );
  }
  open("A-1");
  render(<App />, { wrapper });
  await screen.findByText("A-1=A-1");
  act(() => screen.getByRole("button").click());
  expect(screen.getByRole("button").textContent).toBe("B-2=pending");
  open("B-2");
  await screen.findByText("B-2=B-2");
});
