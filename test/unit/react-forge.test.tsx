// apkit/react unchanged on Forge Custom UI: APProvider takes the platform (loadAP's options), and the hooks run over
// the real @forge/bridge on the Forge mock host.
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, test } from "vitest";
import { createPropertyStore, issueProperties, platformName } from "apkit";
import { forge } from "apkit/forge";
import { APProvider, useAP, useAPEvent, useDialog, useFlag, useProductContext, useProperty, useRequest } from "apkit/react";
import { jiraIssueContext } from "apkit/schemas";
import { createMockForge, type MockForge } from "apkit/testing/forge";

const ISSUE_PANEL = { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1", typeId: "10002" }, project: { id: "10000", key: "ABC" } };
const wrapper = ({ children }: { children: ReactNode }) => (
  <APProvider options={{ platform: forge({ dialogs: { "edit-dialog": "edit-modal" } }) }}>{children}</APProvider>
);

let mock: MockForge | undefined;
afterEach(() => {
  mock?.stop();
  mock = undefined;
});
const start = async () =>
  (mock = await createMockForge({ context: { extension: ISSUE_PANEL }, properties: { entities: [["issue/ABC-1", "issue/10001"]] }, warn: () => {} }).start());

describe("apkit/react on Forge", () => {
  test("APProvider selects the platform it is given; useAP reports the bridge ready", async () => {
    await start();
    const { result } = renderHook(() => useAP(), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("ready"));
    expect(platformName()).toBe("forge");
  });

  test("useProductContext gives Connect's context shape; useRequest reads the product through requestJira", async () => {
    await start();
    mock!.onRequest("GET", "/rest/api/3/issue/10001", () => ({ body: { key: "ABC-1", fields: { summary: "First" } } }));
    const context = renderHook(() => useProductContext(jiraIssueContext), { wrapper });
    await waitFor(() => expect(context.result.current.status).toBe("success"));
    expect(context.result.current.data?.jira.issue.key).toBe("ABC-1");
    const issue = renderHook(() => useRequest<{ fields: { summary: string } }>("/rest/api/3/issue/10001"), { wrapper });
    await waitFor(() => expect(issue.result.current.status).toBe("success"));
    expect(issue.result.current.data?.fields.summary).toBe("First");
  });

  test("useProperty reads and writes the issue property Connect apps share", async () => {
    await start();
    const store = createPropertyStore<{ count: number }>(issueProperties("ABC-1"));
    const { result } = renderHook(() => useProperty(store, "votes"), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    await act(() => result.current.update((v) => ({ count: (v?.count ?? 0) + 1 })));
    expect(result.current.data).toEqual({ count: 1 });
    expect(mock!.properties!.data.get("issue/10001")?.get("votes")?.value ?? mock!.properties!.data.get("issue/ABC-1")?.get("votes")?.value).toEqual({ count: 1 });
  });

  test("useDialog opens the mapped Forge modal and resolves with its close payload; useFlag shows a Forge flag", async () => {
    await start();
    const dialogHook = renderHook(() => useDialog(), { wrapper });
    let result!: Promise<unknown>;
    act(() => {
      result = dialogHook.result.current.open({ key: "edit-dialog", customData: { id: 1 } });
    });
    await waitFor(() => expect(dialogHook.result.current.isOpen).toBe(true));
    await mock!.flush();
    expect(mock!.modals.at(-1)).toMatchObject({ resource: "edit-modal", context: { id: 1 } });
    await act(() => mock!.closeModal({ saved: true }));
    await expect(result).resolves.toEqual({ saved: true });
    expect(dialogHook.result.current.isOpen).toBe(false);

    const flagHook = renderHook(() => useFlag(), { wrapper });
    act(() => void flagHook.result.current({ title: "Saved", type: "success" }));
    await mock!.flush();
    expect(mock!.flags.at(-1)).toMatchObject({ title: "Saved", type: "success" });
  });

  test("useAPEvent hears the host's events", async () => {
    await start();
    const seen: unknown[] = [];
    renderHook(() => useAPEvent("issue-changed", (payload) => seen.push(payload)), { wrapper });
    await waitFor(() => expect(mock!.listenerCount("issue-changed")).toBe(1));
    await act(() => mock!.emit("issue-changed", { key: "ABC-1" }));
    expect(seen).toEqual([{ key: "ABC-1" }]);
  });
});
