/// <reference types="vitest/globals" />
// Issue 21: a component using useAutoResize renders and resizes with only the documented setup (test/matrix: jest
// with apkit/testing/jest-environment, jest-fixed-jsdom + apkit/testing/setup, vitest + jsdom or happy-dom +
// apkit/testing/setup): no ResizeObserver stub of the test's own. It renders "Loading…" without `.ac-content`
// first, as docs/react.md's example does: the hook follows `.ac-content` once it is there, and never throws.
import { render, screen, waitFor } from "@testing-library/react";
import { forge } from "apkit/forge";
import { APProvider, useAutoResize, useRequest } from "apkit/react";
import { createMockAP, json } from "apkit/testing";
import { createMockForge } from "apkit/testing/forge";

// happy-dom has a ResizeObserver of its own that never calls back (apkit/testing/setup fills only what is missing).
const observes = !navigator.userAgent.includes("HappyDOM");

function Glance() {
  const issue = useRequest<{ fields: { summary: string } }>("/rest/api/3/issue/ABC-1");
  useAutoResize();
  if (issue.status !== "success") return <p aria-busy="true">Loading…</p>;
  return (
    <div className="ac-content">
      <h2>{issue.data.fields.summary}</h2>
    </div>
  );
}

test("Connect: the iframe follows .ac-content once it is rendered, and again when its content changes", async () => {
  const mock = createMockAP().install();
  let summary = "First";
  mock.request.get("/rest/api/3/issue/:key", () => json({ fields: { summary } }));
  try {
    const view = render(
      <APProvider options={{ resize: false }}>
        <Glance />
      </APProvider>,
    );
    const heading = await screen.findByText("First");
    if (!observes) return;
    // jsdom lays nothing out (every box is 0 high): the content's height is given here, as a browser would measure it.
    const content = view.container.querySelector(".ac-content")!;
    let bottom = 120;
    content.getBoundingClientRect = () => ({ bottom, top: 0, height: bottom }) as DOMRect;
    await waitFor(() => expect(mock.resizes.map((r) => r.height)).toContain(120));
    bottom = 260;
    heading.textContent = "A longer summary";
    await waitFor(() => expect(mock.resizes.map((r) => r.height)).toContain(260));
    expect(mock.resizes.every((r) => r.width === "100%")).toBe(true);
  } finally {
    mock.uninstall();
  }
});

test("Forge: the same component renders (the host sizes the frame itself)", async () => {
  const mock = await createMockForge({ forge: {}, warn: () => {} }).start();
  mock.onRequest("GET", "/rest/api/3/issue/:key", () => ({ body: { fields: { summary: "On Forge" } } }));
  try {
    render(
      <APProvider options={{ platform: forge() }}>
        <Glance />
      </APProvider>,
    );
    expect(await screen.findByText("On Forge")).toBeTruthy();
  } finally {
    mock.stop();
  }
});
