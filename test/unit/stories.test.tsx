// Every story is also a test: composeStories renders it with its decorators (a fresh createMockAP host and the
// host panel) in jsdom, and the test presses the buttons a person would.
import { composeStories } from "@storybook/react";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import * as ApFetchCall from "../../stories/ApFetchCall.stories.js";
import * as DialogRoundTrip from "../../stories/DialogRoundTrip.stories.js";
import * as FlagActions from "../../stories/FlagActions.stories.js";
import * as IssueGlance from "../../stories/IssueGlance.stories.js";

describe("stories", () => {
  test("IssueGlance reads the context, the issue and the votes property, and votes", async () => {
    const { ReadsContextIssueAndProperty } = composeStories(IssueGlance);
    render(<ReadsContextIssueAndProperty />);
    expect(screen.getByText("Loading…")).toBeTruthy();
    expect((await screen.findByTestId("summary")).textContent).toBe("Make stories run as tests");
    expect(screen.getByRole("heading").textContent).toBe("ABC-1");
    await waitFor(() => expect(screen.getByTestId("votes").textContent).toBe("41"));
    fireEvent.click(screen.getByRole("button", { name: /Votes/ }));
    expect(screen.getByTestId("votes").textContent).toBe("42"); // optimistic
    await waitFor(() => expect((screen.getByRole("button", { name: /Votes/ }) as HTMLButtonElement).disabled).toBe(false));
  });

  test("DialogRoundTrip: the opener gets exactly what the dialog closed with; cancel gives undefined", async () => {
    const { OpenAndClose } = composeStories(DialogRoundTrip);
    render(<OpenAndClose />);
    const open = await screen.findByRole("button", { name: "Pick a colour…" });
    await waitFor(() => expect((open as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(open);
    const dialog = await screen.findByRole("dialog", { name: "dialog colour-picker" });
    expect(dialog.textContent).toContain('{"current":"red"}');
    fireEvent.click(screen.getByRole("button", { name: /Close with/ }));
    await waitFor(() => expect(screen.getByTestId("picked").textContent).toBe("blue"));
    await waitFor(() => expect((open as HTMLButtonElement).disabled).toBe(false));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull()); // the host panel caught up
    fireEvent.click(open);
    const second = await screen.findByRole("dialog", { name: "dialog colour-picker" });
    fireEvent.click(within(second).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.getByTestId("picked").textContent).toBe("cancelled"));
  });

  test("FlagActions: the action the user clicks reaches its handler; closing the flag is seen", async () => {
    const { SaveThenUndo } = composeStories(FlagActions);
    render(<SaveThenUndo />);
    fireEvent.click(await screen.findByRole("button", { name: "Save" }));
    await screen.findByRole("status", { name: "flag Saved" });
    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(screen.getByTestId("log").textContent).toContain("undone"));
    fireEvent.click(screen.getByRole("button", { name: "×" }));
    await waitFor(() => expect(screen.getByTestId("log").textContent).toBe("undoneflag closed"));
  });

  test("ApFetchCall: the backend verifies the mock's context token with apkit/server", async () => {
    const { VerifiedByTheBackend } = composeStories(ApFetchCall);
    render(<VerifiedByTheBackend />);
    expect((await screen.findByTestId("tenant")).textContent).toMatch(/^verified for \S+/);
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["alpha", "beta"]);
  });
});
