// apkit/query with a real TanStack QueryClient on the mock Connect host (React 19 and 18): queries with stable keys
// and TanStack's abort signal, Suspense, and property mutations whose optimistic updates roll back through
// TanStack's own onMutate/onError.
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider, useMutation, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { Suspense, type ReactNode } from "react";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { createPropertyStore, isAPKitError, issueProperties } from "apkit";
import { APProvider } from "apkit/react";
import {
  apkitQueryKeys,
  contextQueryOptions,
  currentUserQueryOptions,
  propertyMutationOptions,
  propertyQueryOptions,
  requestQueryOptions,
} from "apkit/query";
import { jiraIssueContext } from "apkit/schemas";
import { createMockAP, json, type MockAP } from "apkit/testing";

let mock: MockAP | undefined;
afterEach(() => mock?.uninstall());

function setup() {
  let calls = 0;
  mock = createMockAP({ context: { jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } }, properties: { entities: ["issue/ABC-1"] } });
  mock.request.get("/rest/api/3/issue/:key", ({ params }) => {
    calls++;
    return json({ key: params.key, fields: { summary: `Summary ${calls}` } });
  });
  mock.install();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <APProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </APProvider>
  );
  return { client, wrapper, calls: () => calls };
}

describe("apkit/query", () => {
  test("requestQueryOptions: data, a stable key, one call for two components, schema-typed", async () => {
    const { client, wrapper, calls } = setup();
    const Issue = z.object({ key: z.string(), fields: z.object({ summary: z.string() }) });
    const options = requestQueryOptions("/rest/api/3/issue/ABC-1", { schema: Issue });
    expect(options.queryKey).toEqual(requestQueryOptions("/rest/api/3/issue/ABC-1", { schema: Issue }).queryKey);
    const first = renderHook(() => useQuery(options), { wrapper });
    const second = renderHook(() => useQuery(requestQueryOptions("/rest/api/3/issue/ABC-1", { schema: Issue })), { wrapper });
    await waitFor(() => expect(first.result.current.data?.fields.summary).toBe("Summary 1"));
    await waitFor(() => expect(second.result.current.data?.key).toBe("ABC-1"));
    expect(calls()).toBe(1);
    expect(client.getQueryData(options.queryKey)?.key).toBe("ABC-1");
    await act(() => client.invalidateQueries({ queryKey: apkitQueryKeys.all }));
    await waitFor(() => expect(first.result.current.data?.fields.summary).toBe("Summary 2"));
  });

  test("errors are apkit's coded errors", async () => {
    const { wrapper } = setup();
    mock!.request.get("/rest/api/3/issue/GONE-1", () => json({ errorMessages: ["gone"] }, { status: 404 }));
    const { result } = renderHook(() => useQuery(requestQueryOptions("/rest/api/3/issue/GONE-1")), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    const error = result.current.error;
    expect(isAPKitError(error, "ERR_HTTP_STATUS") && error.status).toBe(404);
  });

  test("works with Suspense: the context and the current user", async () => {
    const { wrapper } = setup();
    function Glance() {
      const { data: context } = useSuspenseQuery(contextQueryOptions(jiraIssueContext));
      const { data: me } = useSuspenseQuery(currentUserQueryOptions());
      return <p>{context.jira.issue.key} by {me.atlassianAccountId}</p>;
    }
    render(
      <Suspense fallback={<p>Suspended…</p>}>
        <Glance />
      </Suspense>,
      { wrapper },
    );
    expect(screen.getByText("Suspended…")).toBeTruthy();
    await screen.findByText("ABC-1 by 557058:mock-user");
  });

  test("property mutations: optimistic at once, the stored value after, rolled back on a refused write", async () => {
    const { client, wrapper } = setup();
    const store = createPropertyStore<{ n: number; pad?: string }>(issueProperties("ABC-1"), { keyPrefix: "q." });
    const { result } = renderHook(
      () => ({ votes: useQuery(propertyQueryOptions(store, "votes")), write: useMutation(propertyMutationOptions(client, store, "votes")) }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.votes.status).toBe("success"));
    expect(result.current.votes.data).toBeNull(); // not set: null (TanStack allows no undefined)
    act(() => result.current.write.mutate({ update: (v) => ({ n: (v?.n ?? 0) + 1 }) }));
    await waitFor(() => expect(result.current.votes.data).toEqual({ n: 1 })); // shown before the write settles
    await waitFor(() => expect(result.current.write.status).toBe("success"));
    await expect(store.get("votes")).resolves.toEqual({ n: 1 });

    // Over 32 KB: the store refuses before sending; TanStack's onError puts { n: 1 } back.
    const seen: unknown[] = [];
    act(() => result.current.write.mutate({ value: { n: 99, pad: "x".repeat(40_000) } }));
    await waitFor(() => expect(result.current.write.status).toBe("error"));
    seen.push(result.current.write.error?.code);
    expect(seen).toEqual(["ERR_PROPERTY_TOO_LARGE"]);
    await waitFor(() => expect(result.current.votes.data).toEqual({ n: 1 }));

    act(() => result.current.write.mutate({ delete: true }));
    await waitFor(() => expect(result.current.write.status).toBe("success"));
    await waitFor(() => expect(result.current.votes.data).toBeNull());
    await expect(store.has("votes")).resolves.toBe(false);
    // The key includes the store's prefix, so two stores of one issue never share a cache entry.
    expect(apkitQueryKeys.property(store as never, "votes")).toEqual(["apkit", "property", "/rest/api/3/issue/ABC-1/properties", "", "q.votes"]);
  });
});
