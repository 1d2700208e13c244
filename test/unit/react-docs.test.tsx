// Issue 21: every React snippet a user copies as a whole component runs, not only type-checks. Each tsx block of
// docs/react.md that defines a component, and the README's React quickstart, is taken from the doc as it is written
// (with its hidden snippet-context), written to a file and imported here on createMockAP with the documented test
// setup (apkit/testing/setup): a start-up through createRoot renders into #root as in a page; a component that is
// only defined is rendered in an APProvider. Each has a scenario below; a new whole-component snippet without one
// fails, so none is skipped silently.
import "apkit/testing/setup";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createElement, type ComponentType } from "react";
import type { Root } from "react-dom/client";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { APProvider } from "apkit/react";
import { createMockAP, json } from "apkit/testing";
import { extractSnippets, type Snippet } from "../../scripts/extractSnippets.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// In the repository (so that the snippets' imports resolve from its node_modules), ignored by git.
const dir = join(root, ".tmp", `react-docs-${process.pid}-${process.env.APKIT_TARGET ?? "src"}`);

// The pages' roots, to unmount them after each test (createRoot as the snippet calls it, recorded on the way).
const pages = vi.hoisted(() => [] as Array<{ container: Element; root: Root }>);
vi.mock("react-dom/client", async (importOriginal) => {
  const actual = await importOriginal<typeof import("react-dom/client")>();
  return {
    ...actual,
    createRoot: (container: Element, options?: Parameters<typeof actual.createRoot>[1]) => {
      const created = actual.createRoot(container, options);
      if (container.id === "root") pages.push({ container, root: created });
      return created;
    },
  };
});

const backend = setupServer();
beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  backend.listen({ onUnhandledRequest: "error" });
});
afterEach(() => {
  for (const page of pages.splice(0)) page.root.unmount();
  backend.resetHandlers();
});
afterAll(() => {
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A component snippet: it defines a component (a capitalised function), and may start it with createRoot. */
const componentsOf = (snippet: Snippet) => {
  const body = snippet.lines.slice(snippet.bodyStart).map((l) => l.text).join("\n");
  return [...body.matchAll(/^function ([A-Z]\w*)\s*\(/gm)].map((m) => m[1]!);
};
const wholeComponents = [
  ...extractSnippets(root, "docs/react.md").filter((s) => s.lang === "tsx" && componentsOf(s).length),
  // The README's React quickstart.
  ...extractSnippets(root, "README.md").filter((s) => s.lang === "tsx" && componentsOf(s).length && /createRoot\(/.test(s.lines.map((l) => l.text).join("\n"))),
];

/** Writes the snippet as it is (its components exported, so that a test can render them) and imports it. */
async function load(snippet: Snippet): Promise<Record<string, ComponentType<any>>> {
  const names = componentsOf(snippet);
  const file = join(dir, `${snippet.doc.replace(/[/.]/g, "_")}_${snippet.line}.tsx`);
  writeFileSync(file, [...snippet.lines.map((l) => l.text), `export { ${names.join(", ")} };`].join("\n"));
  return import(/* @vite-ignore */ file);
}

const ISSUE = { id: "10001", key: "ABC-1" };
const PROJECT = { id: "10000", key: "ABC" };
const page = () => (document.body.innerHTML = '<div id="root"></div>');

/** What each whole component is given and does, by the doc and the component it defines. */
const scenarios: Record<string, (snippet: Snippet) => Promise<void>> = {
  "docs/react.md IssueGlance": async (snippet) => {
    using mock = createMockAP({ context: { jira: { issue: ISSUE, project: PROJECT } } }).install();
    mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: "Docs render" } }));
    backend.use(http.get(`${location.origin}/api/items`, () => HttpResponse.json(["from the backend"])));
    page();
    await load(snippet); // its createRoot(...).render(...) starts the page
    expect(await screen.findByRole("heading")).toHaveProperty("textContent", "ABC-1: Docs render");
    expect(screen.getByText("No notes yet.")).toBeTruthy();
    expect(await screen.findByText("from the backend")).toBeTruthy();
    // useAutoResize followed .ac-content once it was rendered (after "Loading…", which has none).
    await waitFor(() => expect(mock.resizes.length).toBeGreaterThan(0));

    fireEvent.click(screen.getByText("Edit notes…"));
    await mock.flush();
    expect(mock.dialogs[0]?.customData).toEqual({ text: "" });
    await mock.closeDialog({ text: "Ship it" });
    expect(await screen.findByText("Ship it")).toBeTruthy();
    await waitFor(() => expect(mock.flags.map((f) => [f.title, f.type])).toEqual([["Saved", "success"]]));
    expect(mock.properties!.data.get(`issue/${ISSUE.key}`)?.get("my-app.notes")).toEqual({ value: "Ship it" });
  },
  "docs/react.md Comments": async (snippet) => {
    using mock = createMockAP().install();
    const comments = [{ id: "1" }];
    mock.request.get("/rest/api/3/issue/:key/comment", () => json({ comments }));
    const { Comments } = await load(snippet);
    render(createElement(APProvider, null, createElement(Comments!, { issueKey: "ABC-1" })));
    expect(await screen.findByText("1 comments")).toBeTruthy();
    comments.push({ id: "2" });
    await mock.emit("comment-added");
    expect(await screen.findByText("2 comments")).toBeTruthy();
  },
  "README.md IssueGlance": async (snippet) => {
    using mock = createMockAP({ context: { jira: { issue: ISSUE, project: PROJECT } } }).install();
    mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: `Summary of ${params.key}` } }));
    page();
    await load(snippet);
    fireEvent.click(await screen.findByRole("button", { name: "Summary of ABC-1" }));
    await mock.flush();
    expect(mock.dialogs.map((d) => d.request.key)).toEqual(["details"]);
    await mock.closeDialog(); // as its page would (unmounted with the dialog open, open() would reject ERR_ABORTED)
  },
};

describe("the React docs' whole components run on the mock host", () => {
  test("the docs have them: docs/react.md's example and Comments, the README's React quickstart", () => {
    expect(wholeComponents.map((s) => `${s.doc} ${componentsOf(s).join(" ")}`)).toEqual(Object.keys(scenarios));
  });

  for (const snippet of wholeComponents) {
    const name = `${snippet.doc} ${componentsOf(snippet).join(" ")}`;
    test(`${name} (line ${snippet.line})`, async () => {
      const scenario = scenarios[name];
      if (!scenario) throw new Error(`${name} is a whole component in the docs with no scenario here: add one`);
      await scenario(snippet);
    });
  }
});
