/// <reference types="vitest/globals" />
// One component test, both platforms, nothing per platform but the choice of mock: createMockAP (Connect) and
// createMockForge (Forge Custom UI, the real @forge/bridge) have one surface (install/uninstall, request/remote
// handlers with json(), dialogs, requests). Run under the matrix's four setups (jest x 2, vitest jsdom and happy-dom).
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { createPropertyStore, issueProperties } from "apkit";
import { APProvider, useApFetch, useDialog, useProperty, useRequest } from "apkit/react";
import { createMockAP, json } from "apkit/testing";
import { createMockForge } from "apkit/testing/forge";

const store = createPropertyStore<number>(issueProperties("ABC-1"), { keyPrefix: "both." });

function IssuePanel() {
  const issue = useRequest<{ fields: { summary: string } }>("/rest/api/3/issue/ABC-1");
  const me = useApFetch<{ name: string }>("/api/me");
  const votes = useProperty(store, "votes");
  const { open } = useDialog();
  const [picked, setPicked] = useState<string>();
  if (issue.status !== "success" || me.status !== "success" || votes.status !== "success") return <p>Loading…</p>;
  return (
    <div>
      <h1>{issue.data.fields.summary}</h1>
      <p>backend says hello to {me.data.name}</p>
      <button onClick={() => void votes.update((n = 0) => n + 1)}>votes: {votes.data ?? 0}</button>
      <button onClick={async () => setPicked((await open<{ label: string }>({ key: "picker" }))?.label)}>pick</button>
      {picked && <p>picked: {picked}</p>}
    </div>
  );
}

const properties = { entities: [["issue/ABC-1", "issue/10001"]] };
// The only difference: which mock, and how each platform names the issue the panel is on.
const mocks = {
  connect: () => createMockAP({ properties, context: { jira: { issue: { id: "10001", key: "ABC-1" } } } }),
  forge: () =>
    createMockForge({
      properties,
      context: { extension: { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } },
      forge: { remote: "backend" },
    }),
};

describe.each(Object.keys(mocks) as Array<keyof typeof mocks>)("on %s", (platform) => {
  test("hooks, a dialog, a property and the app's backend, written once", async () => {
    const mock = mocks[platform]();
    mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: `Summary of ${params.key}` } }));
    mock.remote.get("/api/me", () => json({ name: "Ada" }));
    await mock.start();
    try {
      render(
        <APProvider>
          <IssuePanel />
        </APProvider>,
      );
      expect(await screen.findByText("Summary of ABC-1")).toBeTruthy();
      expect(screen.getByText("backend says hello to Ada")).toBeTruthy();
      expect(mock.requests.filter((r) => r.kind === "remote").map((r) => [r.method, r.path])).toEqual([["GET", "/api/me"]]);

      fireEvent.click(screen.getByText("votes: 0"));
      expect(await screen.findByText("votes: 1")).toBeTruthy();
      expect(await store.get("votes")).toBe(1);

      fireEvent.click(screen.getByText("pick"));
      await mock.flush();
      expect(mock.dialogs[0]?.key).toBe("picker");
      await mock.closeDialog({ label: "blue" });
      expect(await screen.findByText("picked: blue")).toBeTruthy();
    } finally {
      mock.uninstall();
    }
  });
});
