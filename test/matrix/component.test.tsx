/// <reference types="vitest/globals" />
// One component test, run unchanged under four setups users have (test/matrix): jest 30 with
// apkit/testing/jest-environment (jsdom), jest 30 with jest-fixed-jsdom + apkit/testing/setup, vitest with jsdom and
// with happy-dom (+ apkit/testing/setup). Test globals, as those users write them (no vitest imports). A real
// component with hooks, a dialog, a property and an msw-backed apFetch; any act() warning fails it (guard.js).
import { fireEvent, render, screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { useState } from "react";
import { createApFetch, createPropertyStore, issueProperties } from "apkit";
import { APProvider, useApFetch, useDialog, useProperty, useRequest } from "apkit/react";
import { forge } from "apkit/forge";
import { createMockAP, json } from "apkit/testing";
import { createMockForge } from "apkit/testing/forge";

const backend = setupServer(
  http.get("https://app.example.com/api/me", ({ request }) => {
    const [scheme, token] = (request.headers.get("authorization") ?? "").split(" ");
    const claims = JSON.parse(atob(token!.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    return HttpResponse.json({ scheme, site: claims.iss });
  }),
);
beforeAll(() => backend.listen({ onUnhandledRequest: "error" }));
afterAll(() => backend.close());

const api = createApFetch({ baseUrl: "https://app.example.com" });
const store = createPropertyStore<number>(issueProperties("ABC-1"), { keyPrefix: "matrix." });

function IssuePanel() {
  const issue = useRequest<{ fields: { summary: string } }>("/rest/api/3/issue/ABC-1");
  const me = useApFetch<{ scheme: string; site: string }>("https://app.example.com/api/me", { fetch: api });
  const votes = useProperty(store, "votes");
  const { open } = useDialog();
  const [picked, setPicked] = useState<string>();
  if (issue.status !== "success" || me.status !== "success" || votes.status !== "success") return <p>Loading…</p>;
  return (
    <div>
      <h1>{issue.data.fields.summary}</h1>
      <p>backend: {me.data.scheme} for {me.data.site}</p>
      <button onClick={() => void votes.update((n = 0) => n + 1)}>votes: {votes.data ?? 0}</button>
      <button onClick={async () => setPicked((await open<{ label: string }>({ key: "picker" }))?.label)}>pick</button>
      {picked && <p>picked: {picked}</p>}
    </div>
  );
}

test("hooks, a dialog, a property and apFetch on the mock host", async () => {
  const mock = createMockAP({ clientKey: "matrix-site", properties: { entities: ["issue/ABC-1"] } });
  mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: `Summary of ${params.key}` } }));
  mock.install();
  try {
    render(
      <APProvider>
        <IssuePanel />
      </APProvider>,
    );
    expect(await screen.findByText("Summary of ABC-1")).toBeTruthy();
    expect(screen.getByText("backend: JWT for matrix-site")).toBeTruthy();

    fireEvent.click(screen.getByText("votes: 0"));
    expect(await screen.findByText("votes: 1")).toBeTruthy();
    expect(await store.get("votes")).toBe(1);

    fireEvent.click(screen.getByText("pick"));
    await mock.flush();
    expect(mock.dialogs[0]?.request.key).toBe("picker");
    await mock.closeDialog({ label: "blue" });
    expect(await screen.findByText("picked: blue")).toBeTruthy();
  } finally {
    mock.uninstall();
  }
});

test("the same component on Forge Custom UI: the real @forge/bridge on the Forge mock host", async () => {
  const mock = await createMockForge({
    context: { extension: { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } },
    properties: { entities: [["issue/ABC-1", "issue/10001"]] },
    forge: { remote: "backend" },
    warn: () => {},
  }).start();
  mock.onRequest("GET", "/rest/api/3/issue/:key", ({ params }) => ({ body: { key: params.key, fields: { summary: `Summary of ${params.key}` } } }));
  // apFetch reaches the backend with requestRemote (a Forge Invocation Token), not msw's fetch with a context JWT.
  mock.onRemote("GET", "/api/me", () => ({ body: { scheme: "FIT", site: "forge-site" } }));
  try {
    render(
      <APProvider options={{ platform: forge({ remote: "backend" }) }}>
        <IssuePanel />
      </APProvider>,
    );
    expect(await screen.findByText("Summary of ABC-1")).toBeTruthy();
    expect(screen.getByText("backend: FIT for forge-site")).toBeTruthy();

    fireEvent.click(screen.getByText("votes: 0"));
    expect(await screen.findByText("votes: 1")).toBeTruthy();
    expect(await store.get("votes")).toBe(1);

    fireEvent.click(screen.getByText("pick"));
    await mock.flush();
    expect(mock.modals[0]?.resource).toBe("picker");
    await mock.closeModal({ label: "blue" });
    expect(await screen.findByText("picked: blue")).toBeTruthy();
  } finally {
    mock.stop();
  }
});

test("`using` disposes the mock, also where the runtime has no native Symbol.dispose", () => {
  const mock = createMockAP().install();
  const dispose = (mock as unknown as Record<symbol, () => void>)[Symbol.dispose ?? Symbol.for("Symbol.dispose")];
  expect(typeof dispose).toBe("function");
  dispose!.call(mock);
  expect((window as unknown as { AP?: unknown }).AP).toBeUndefined();
});
