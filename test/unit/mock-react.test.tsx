// The component tests docs/testing.md shows, as tests: a React component using useAP / useRequest tested with
// createMockAP's handlers and with msw; a server route tested with a token the mock minted.
import { fireEvent, render, screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { apFetch } from "apkit";
import { APProvider, dialog, flag, useAP, useAPEvent, useRequest } from "apkit/react";
import { createContextTokenVerifier, createMemoryTenantStore } from "apkit/server";
import { createMockAP, json } from "apkit/testing";
import { useState } from "react";

// ---- the component under test ------------------------------------------------------------------------------------
type Issue = { key: string; fields: { summary: string } };

function IssuePanel({ issueKey }: { issueKey: string }) {
  const ap = useAP();
  const issue = useRequest<Issue>(`/rest/api/3/issue/${issueKey}`);
  const [label, setLabel] = useState<string>();
  useAPEvent("issue-updated", () => issue.refetch());
  if (issue.status === "error") return <p role="alert">{issue.error.code}</p>;
  if (issue.status === "pending") return <p>Loading…</p>;
  return (
    <div>
      <h1>{issue.data.fields.summary}</h1>
      <button
        disabled={ap.status !== "ready"}
        onClick={async () => {
          const picked = await dialog.open<{ label: string }>({ key: "pick-label", customData: { issueKey } });
          if (picked) {
            setLabel(picked.label);
            flag.show({ title: `Labelled ${picked.label}`, type: "success" });
          }
        }}
      >
        Pick a label
      </button>
      {label && <p>Label: {label}</p>}
    </div>
  );
}

// ---- with the mock's own handlers --------------------------------------------------------------------------------
test("IssuePanel with createMockAP: request, event from the host, dialog round trip, flag", async () => {
  using mock = createMockAP().install();
  let summary = "First summary";
  mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary } }));

  render(
    <APProvider>
      <IssuePanel issueKey="ABC-1" />
    </APProvider>,
  );
  expect(await screen.findByRole("heading")).toHaveProperty("textContent", "First summary");

  summary = "Edited in Jira";
  await mock.emit("issue-updated");
  expect(await screen.findByText("Edited in Jira")).toBeTruthy();

  fireEvent.click(screen.getByText("Pick a label"));
  await mock.flush();
  expect(mock.dialogs[0]?.customData).toEqual({ issueKey: "ABC-1" });
  await mock.closeDialog({ label: "urgent" });
  expect(await screen.findByText("Label: urgent")).toBeTruthy();
  await mock.flush();
  expect(mock.flags.map((f) => [f.title, f.type])).toEqual([["Labelled urgent", "success"]]);
});

test("IssuePanel with createMockAP: a product error is shown by its code", async () => {
  using mock = createMockAP().install();
  mock.request.get("/rest/api/3/issue/:key", () => json({ errorMessages: ["Issue does not exist"] }, { status: 404 }));
  render(
    <APProvider>
      <IssuePanel issueKey="NOPE-1" />
    </APProvider>,
  );
  expect((await screen.findByRole("alert")).textContent).toBe("ERR_HTTP_STATUS");
});

// ---- with msw: the mock forwards AP.request to fetch on its fake site ----------------------------------------------
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test("IssuePanel with msw handlers answering AP.request", async () => {
  server.use(
    http.get("https://acme.atlassian.net/rest/api/3/issue/:key", ({ params }) =>
      HttpResponse.json({ key: params.key, fields: { summary: `From msw: ${String(params.key)}` } }),
    ),
  );
  using mock = createMockAP({ baseUrl: "https://acme.atlassian.net", onUnhandledRequest: "bypass" }).install();
  render(
    <APProvider>
      <IssuePanel issueKey="ABC-7" />
    </APProvider>,
  );
  expect(await screen.findByText("From msw: ABC-7")).toBeTruthy();
  expect(mock.requests.map((r) => [r.method, r.url, r.handledBy, r.status])).toEqual([["GET", "/rest/api/3/issue/ABC-7", "fetch", 200]]);
});

// ---- a server route, verifying the token the mock minted ---------------------------------------------------------
test("a backend route verifies the context token apFetch sends (minted by the mock, checked by apkit/server)", async () => {
  using mock = createMockAP({ context: { jira: { project: { id: "10000", key: "ABC" } } } }).install();
  // The route, as an app would write it for a Web-API runtime (Next.js, Hono, workers).
  const verify = createContextTokenVerifier({ tenants: createMemoryTenantStore([mock.tenant]) });
  async function GET(request: Request): Promise<Response> {
    try {
      const { clientKey, accountId, context } = await verify(request);
      return Response.json({ clientKey, accountId, project: (context as any).jira.project.key });
    } catch (error) {
      return Response.json({ code: (error as { code: string }).code }, { status: 401 });
    }
  }
  server.use(http.get(`${location.origin}/api/me`, ({ request }) => GET(request)));

  const res = await apFetch("/api/me");
  expect(await res.json()).toEqual({ clientKey: mock.tenant.clientKey, accountId: "557058:mock-user", project: "ABC" });

  // A token from another site (another secret) is refused.
  const other = createMockAP({ clientKey: mock.tenant.clientKey }).install();
  const refused = await fetch("/api/me", { headers: { authorization: `JWT ${await other.ap.context.getToken()}` } });
  expect([refused.status, (await refused.json()).code]).toEqual([401, "ERR_JWT_SIGNATURE"]);
  other.uninstall();
});
