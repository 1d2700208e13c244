// The README's "Quickstart: component tests", verbatim: if this fails, the README is wrong.
import { afterEach, expect, test } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { APProvider, useDialog, useRequest } from "apkit/react";
import { createMockAP, json } from "apkit/testing";
import { verifyContextToken } from "apkit/server";

function Summary() {
  const issue = useRequest<{ fields: { summary: string } }>("/rest/api/3/issue/ABC-1");
  const { open } = useDialog();
  return issue.status === "success" ? <button onClick={() => open({ key: "details" })}>{issue.data.fields.summary}</button> : null;
}

const mock = createMockAP({ context: { jira: { issue: { id: "10001", key: "ABC-1" } } } });
mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: "Hi" } }));
afterEach(() => mock.uninstall());

test("shows the summary and opens the details dialog", async () => {
  mock.install();
  render(<APProvider><Summary /></APProvider>);
  fireEvent.click(await screen.findByRole("button", { name: "Hi" }));
  await mock.flush();
  expect(mock.dialogs[0]?.request.key).toBe("details");
  await mock.closeDialog({ ok: true }); // as the dialog's page would
});

test("tokens from the mock verify on the server", async () => {
  const token = await mock.install().ap.context.getToken();
  const claims = await verifyContextToken(token, { getSharedSecret: () => mock.tenant.sharedSecret });
  expect(claims.clientKey).toBe(mock.tenant.clientKey);
});
