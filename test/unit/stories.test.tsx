// Every story is also a test: composeStories renders it with its decorators (the emulated host) in jsdom.
import { composeStories } from "@storybook/react";
import { render, screen } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import * as IssueGlance from "../../stories/IssueGlance.stories.js";

describe("stories", () => {
  test("IssueGlance reads the context, then the issue", async () => {
    const { ReadsContextAndIssue } = composeStories(IssueGlance);
    render(<ReadsContextAndIssue />);
    expect(screen.getByText("Loading…")).toBeTruthy();
    expect((await screen.findByTestId("summary")).textContent).toBe("Make stories run as tests");
    expect(screen.getByRole("heading").textContent).toBe("ABC-1");
  });
});
