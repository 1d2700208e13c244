// A legacy component that talks to window.AP directly, callback style (no apkit), tested against createMockAP: each
// raw method answers with the host's shape, and each call lands in mock.calls as the host received it.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { useEffect, useState } from "react";
import { afterEach, describe, expect, test } from "vitest";
import { createMockAP, type MockAP } from "apkit/testing";

type RawAP = Record<string, any>;
const rawAP = (): RawAP => (window as unknown as { AP: RawAP }).AP;

let mock: MockAP | undefined;
afterEach(() => mock?.uninstall());

/** Collects what each callback answered, and shows it (undefined answers as null, so they show). */
function useAnswers() {
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const put = (name: string) => (value?: unknown) => setAnswers((a) => ({ ...a, [name]: value ?? null }));
  return [answers, put] as const;
}
const Answers = ({ answers }: { answers: Record<string, unknown> }) => <output data-testid="answers">{JSON.stringify(answers)}</output>;
const shown = (): Record<string, unknown> => JSON.parse(screen.getByTestId("answers").textContent!);
const callsOf = (m: MockAP, filter: (method: string) => boolean = () => true) =>
  m.calls.filter((c) => filter(c.method)).map((c) => [c.method, c.args]);

// ---- the legacy components ---------------------------------------------------------------------------------------
function LegacyJiraPage() {
  const [answers, put] = useAnswers();
  useEffect(() => {
    const AP = rawAP();
    AP.sizeToParent(true);
    AP.hideFooter(true);
    AP.page.setTitle("Release notes");
    AP.getLocation(put("location"));
    AP.user.getUser(put("user"));
    AP.host.getSelectedText(put("selectedText"));
    AP.dialog.isCloseOnEscape(put("closeOnEscape"));
    AP.require(["user"], (user: RawAP) => user.getLocale(put("locale")));
    AP.scrollPosition.getPosition(put("position"));
    AP.jira.openCreateIssueDialog(put("created"), { pid: 10000, issueType: 10001, fields: { summary: "Follow-up" } });
    AP.jira.showJQLEditor(put("jql"), { jql: "project = REL" });
    AP.jira.openIssueDialog("REL-7", put("issueDialog"));
  }, []);
  return <Answers answers={answers} />;
}

function LegacyMenu() {
  const [answers, put] = useAnswers();
  useEffect(() => {
    const AP = rawAP();
    AP.events.on("dropdown-item-selected", put("picked"));
    AP.dropdown.create({ dropdownId: "actions", list: [{ heading: "Issue", list: [{ text: "Edit", itemId: "edit" }, { text: "Delete", itemId: "delete" }] }] });
  }, []);
  return (
    <>
      <button onClick={() => rawAP().dropdown.showAt("actions", 10, 20, 200)}>Actions</button>
      <button onClick={() => rawAP().dropdown.itemDisable("actions", "delete")}>Lock</button>
      <Answers answers={answers} />
    </>
  );
}

function LegacyMacro() {
  const [answers, put] = useAnswers();
  useEffect(() => {
    const { confluence, events } = rawAP();
    confluence.onMacroPropertyPanelEvent({ "panel.refresh": put("panelEvent") });
    // create, read, a stale write (refused), a next-version write, a fresh read: one after the other, as legacy code did
    confluence.setContentProperty({ key: "votes", value: { up: 1 }, version: { number: 1 } }, (created: unknown) => {
      put("created")(created);
      confluence.getContentProperty("votes", (read: unknown) => {
        put("read")(read);
        confluence.setContentProperty({ key: "votes", value: { up: 5 }, version: { number: 1 } }, (stale: unknown) => {
          put("stale")(stale);
          confluence.setContentProperty({ key: "votes", value: { up: 2 }, version: { number: 2 } }, (updated: unknown) => {
            put("updated")(updated);
            confluence.syncPropertyFromServer("votes", put("synced"));
            confluence.getContentProperty("missing", put("missing"));
          });
        });
      });
    });
    events.onPublic("macro.ping", put("ping"));
    events.offAllPublic("macro.ping");
    events.emitPublic("macro.ping", "hello");
  }, []);
  return <Answers answers={answers} />;
}

function LegacyDialogPage() {
  const [answers, put] = useAnswers();
  useEffect(() => {
    const AP = rawAP();
    AP.dialog.disableCloseOnSubmit();
    AP.dialog.isCloseOnEscape(put("closeOnEscape"));
    AP.dialog.getCustomData(put("customData"));
    AP.events.on("dialog.submit", put("submitted"));
  }, []);
  return <Answers answers={answers} />;
}

// ---- the tests ---------------------------------------------------------------------------------------------------
describe("a legacy component calling window.AP directly", () => {
  test("Jira page: sizing, title, location, legacy user, selection, Escape, require, scroll, Jira's dialogs", async () => {
    mock = createMockAP({
      frameOptions: { isFullPage: true },
      context: { jira: { project: { id: "10000", key: "REL" } } },
      user: { accountId: "557058:ada", locale: "de-DE", displayName: "Ada Lovelace" },
    }).install();
    render(<LegacyJiraPage />);

    // the answers come back as the callbacks run (waitFor: React renders them outside act)
    await waitFor(() =>
      expect(shown()).toEqual({
      location: "https://mock-site.atlassian.net/plugins/servlet/ac/mock-app/mock-module#!",
      user: { id: "557058:ada", key: "557058:ada", fullName: "Ada Lovelace" },
      selectedText: "",
      closeOnEscape: true,
      locale: "de-DE",
      position: { scrollX: 0, scrollY: 0, width: window.innerWidth, height: window.innerHeight },
      created: [{ id: "10100", key: "REL-100", fields: { summary: "Follow-up" } }],
      jql: { jql: "project = REL" },
      issueDialog: "REL-7",
    }));
    // in call order; the app's callbacks are not part of what the host received
    expect(callsOf(mock)).toEqual([
      ["env.sizeToParent", [true]],
      ["env.hideFooter", [true]],
      ["page.setTitle", ["Release notes"]],
      ["env.getLocation", []],
      ["user.getUser", []],
      ["host.getSelectedText", []],
      ["dialog.isCloseOnEscape", []],
      ["require", [["user"]]],
      ["user.getLocale", []], // all.js's require hands the module over at once
      ["scrollPosition.getPosition", []],
      ["jira.openCreateIssueDialog", [{ pid: 10000, issueType: 10001, fields: { summary: "Follow-up" } }]],
      ["jira.showJQLEditor", [{ jql: "project = REL" }]],
      ["jira.openIssueDialog", ["REL-7"]],
    ]);
  });

  test("scrollPosition answers full-page modules only, as connect-host does", async () => {
    mock = createMockAP().install();
    render(<LegacyJiraPage />);
    await waitFor(() => expect(Object.keys(shown()).sort()).toEqual(["closeOnEscape", "created", "issueDialog", "jql", "locale", "location", "selectedText", "user"]));
    await mock.flush();
    expect(shown()).not.toHaveProperty("position");
  });

  test("a dropdown: made, shown, one item disabled, the user picks the other", async () => {
    mock = createMockAP().install();
    render(<LegacyMenu />);
    await mock.flush();
    expect(mock.dropdowns[0]).toMatchObject({ id: "actions", visible: false, groups: [{ heading: "Issue", items: [{ content: "Edit", itemId: "edit" }, { content: "Delete", itemId: "delete" }] }] });
    await expect(mock.selectDropdownItem("actions", "edit")).rejects.toThrow(/not shown/);

    fireEvent.click(screen.getByText("Actions"));
    fireEvent.click(screen.getByText("Lock"));
    await mock.flush();
    await expect(mock.selectDropdownItem("actions", "Delete")).rejects.toThrow(/disabled/);
    await mock.selectDropdownItem("actions", "Edit");

    await waitFor(() => expect(shown()).toHaveProperty("picked"));
    expect(shown()).toEqual({ picked: { dropdownId: "actions", item: { content: "Edit", itemId: "edit" } } });
    expect(callsOf(mock, (m) => m.startsWith("dropdown."))).toEqual([
      ["dropdown.create", [{ dropdownId: "actions", list: [{ heading: "Issue", list: [{ text: "Edit", itemId: "edit" }, { text: "Delete", itemId: "delete" }] }] }]],
      ["dropdown.showAt", ["actions", 10, 20, 200]],
      ["dropdown.itemDisable", ["actions", "delete"]],
    ]);
  });

  test("Confluence macro: content properties through the property backend, panel events, offAllPublic", async () => {
    mock = createMockAP({ context: { confluence: { content: { id: "123", type: "page" }, space: { key: "DOC" } } } }).install();
    render(<LegacyMacro />);
    await waitFor(() => expect(shown()).toHaveProperty("missing"));
    await mock.emit("panel.refresh", { source: "panel" });
    await waitFor(() => expect(shown()).toHaveProperty("panelEvent"));

    const answers = shown();
    expect(answers.created).toEqual({ property: { id: "1", key: "votes", value: { up: 1 }, version: { number: 1 } } });
    expect(answers.read).toEqual({ id: "1", key: "votes", value: { up: 1 }, version: { number: 1 } });
    expect(answers.stale).toEqual({ error: expect.stringMatching(/Version must be incremented/) });
    expect(answers.updated).toEqual({ property: { id: "1", key: "votes", value: { up: 2 }, version: { number: 2 } } });
    expect(answers.synced).toEqual({ id: "1", key: "votes", value: { up: 2 }, version: { number: 2 } });
    expect(answers.missing).toBeNull(); // a missing key answers undefined
    expect(answers.panelEvent).toEqual({ source: "panel" });
    expect(answers).not.toHaveProperty("ping"); // offAllPublic removed the listener before the event came back
    // the same store apkit's createPropertyStore(contentProperties(...)) and AP.request see
    expect(mock.properties!.data.get("pages/123")?.get("votes")).toMatchObject({ value: { up: 2 }, version: 2 });

    expect(callsOf(mock, (m) => m.startsWith("confluence.") || m.startsWith("events."))).toEqual([
      ["confluence.onMacroPropertyPanelEvent", [["panel.refresh"]]],
      ["confluence.setContentProperty", [{ key: "votes", value: { up: 1 }, version: { number: 1 } }]],
      ["events.emitPublic", ["macro.ping", "hello"]],
      ["confluence.getContentProperty", ["votes"]],
      ["confluence.setContentProperty", [{ key: "votes", value: { up: 5 }, version: { number: 1 } }]],
      ["confluence.setContentProperty", [{ key: "votes", value: { up: 2 }, version: { number: 2 } }]],
      ["confluence.syncPropertyFromServer", ["votes"]],
      ["confluence.getContentProperty", ["missing"]],
    ]);
  });

  test("Confluence custom content editor: the EditComponent's calls reach the host", async () => {
    mock = createMockAP({ context: { confluence: { content: { id: "9", type: "ac:mock-app:doc" } } } }).install();
    const editor = rawAP().customContent.getEditComponent();
    editor.intercept("confluence.customcontent.submit");
    editor.submitCallback({ title: "Doc", body: "<p>x</p>" });
    await mock.flush();
    expect(callsOf(mock)).toEqual([
      ["customContent.getEditComponent", []],
      ["customContent.intercept", ["confluence.customcontent.submit"]],
      ["customContent.submitCallback", [{ title: "Doc", body: "<p>x</p>" }]],
    ]);
  });

  test("a dialog page: closeOnEscape false, custom data, disableCloseOnSubmit keeps it open on Submit", async () => {
    mock = createMockAP({ dialog: { key: "editor", closeOnEscape: false, customData: { issueKey: "REL-7" } } }).install();
    render(<LegacyDialogPage />);
    await waitFor(() => expect(shown()).toHaveProperty("customData"));
    await mock.clickDialogButton("submit");
    await waitFor(() => expect(shown()).toHaveProperty("submitted"));

    const answers = shown();
    expect(answers.closeOnEscape).toBe(false);
    expect(answers.customData).toMatchObject({ issueKey: "REL-7" });
    expect(answers.submitted).toEqual({ button: { identifier: "submit", name: "submit", text: "submit" } });
    expect(mock.dialogs).toHaveLength(1); // still open
    expect(mock.closedDialogs).toEqual([]);
    expect(callsOf(mock, (m) => m.startsWith("dialog."))).toEqual([
      ["dialog.disableCloseOnSubmit", []],
      ["dialog.isCloseOnEscape", []],
      ["dialog.getCustomData", []],
    ]);
  });

  test("without disableCloseOnSubmit the same Submit closes the dialog (the control above is not vacuous)", async () => {
    mock = createMockAP({ dialog: { key: "editor" } }).install();
    rawAP().dialog.isCloseOnEscape((value: boolean) => expect(value).toBe(true));
    await mock.clickDialogButton("submit");
    expect(mock.dialogs).toHaveLength(0);
  });

  test("history.getState() without a callback answers at once (the CDN all.js); require hands over host modules", async () => {
    mock = createMockAP().install();
    const AP = rawAP();
    AP.history.pushState("release/2");
    await mock.flush();
    expect(AP.history.getState()).toBe("release/2");
    let got: unknown[] = [];
    AP.require(["request", "dialog", "nothing"], (...modules: unknown[]) => (got = modules));
    expect(got).toEqual([AP.request, AP.dialog, undefined]);
  });
});
