// The issue panel, as its page's start-up renders it (src/panel.tsx), on both platforms (test/platforms.tsx).
import { fireEvent, render, screen } from "@testing-library/react";
import { APProvider } from "apkit/react";
import { IssuePanel } from "../src/IssuePanel";
import { LABEL_DIALOG, LABEL_PROPERTY } from "../src/shared";
import { ISSUE, platforms } from "./platforms";

for (const platform of platforms) {
  describe(`the issue panel on ${platform.name}`, () => {
    test("shows the issue and what the backend verified", async () => {
      const host = await platform.panel("First issue");
      try {
        render(
          <APProvider options={host.options}>
            <IssuePanel />
          </APProvider>,
        );
        expect(await screen.findByText("First issue")).toBeTruthy();
        // Each platform's own token: a context JWT on Connect, a Forge Invocation Token on Forge.
        expect(await screen.findByText(new RegExp(`^Backend: verified a ${platform.name} call`))).toBeTruthy();
      } finally {
        host.stop();
      }
    });

    test("labels the issue: the dialog's choice is stored in an issue property", async () => {
      const host = await platform.panel("First issue");
      try {
        render(
          <APProvider options={host.options}>
            <IssuePanel />
          </APProvider>,
        );
        const pick = await screen.findByRole("button", { name: "Pick a label…" });
        expect(await screen.findByText("Label: none")).toBeTruthy();
        fireEvent.click(pick);
        await host.flush();
        expect(host.openedDialog()).toEqual({ key: LABEL_DIALOG, data: { issueKey: ISSUE.key } });

        await host.closeDialog({ label: "idea" });
        expect(await screen.findByText("Label: idea")).toBeTruthy();
        await host.flush();
        expect(host.issueProperty(LABEL_PROPERTY)).toBe("idea");
        expect(host.flagTitles()).toEqual(["Labelled idea"]);
      } finally {
        host.stop();
      }
    });
  });
}
