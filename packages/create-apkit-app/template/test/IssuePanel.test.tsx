// The issue panel, as its page's start-up renders it (src/panel.tsx), on both platforms (test/platforms.tsx).
import { fireEvent, render, screen } from "@testing-library/react";
import { createPropertyStore, issueProperties } from "apkit";
import { APProvider } from "apkit/react";
import { json } from "apkit/testing";
import { IssuePanel } from "../src/IssuePanel";
import { LABEL_DIALOG, LABEL_PROPERTY, type Label, type WhoAmI } from "../src/shared";
import { ISSUE, platforms } from "./platforms";

for (const platform of platforms) {
  describe(`the issue panel on ${platform.name}`, () => {
    async function start() {
      const mock = platform.panel();
      mock.request.get("/rest/api/3/issue/:key", () => json({ ...ISSUE, fields: { summary: "First issue" } }));
      // The backend (server/app.js answers this after verifying the call's token).
      mock.remote.get("/api/whoami", () => json({ clientKey: "site", platform: platform.name, accountId: "alice" } satisfies WhoAmI));
      await mock.start();
      render(
        <APProvider options={platform.options}>
          <IssuePanel />
        </APProvider>,
      );
      return mock;
    }

    test("shows the issue and what the backend verified", async () => {
      const mock = await start();
      try {
        expect(await screen.findByText("First issue")).toBeTruthy();
        expect(await screen.findByText(`Backend: verified a ${platform.name} call from site`)).toBeTruthy();
        // Each platform's own way to the backend: Connect's apFetch sends a context JWT; on Forge it is requestRemote
        // and the app sends no token (Forge adds its Invocation Token on the way).
        const call = mock.requests.find((request) => request.kind === "remote");
        if (platform.name === "connect") expect(call?.headers.authorization).toMatch(/^JWT /);
        else expect(call?.headers.authorization).toBeUndefined();
      } finally {
        mock.uninstall();
      }
    });

    test("labels the issue: the dialog's choice is stored in an issue property", async () => {
      const mock = await start();
      try {
        const pick = await screen.findByRole("button", { name: "Pick a label…" });
        expect(await screen.findByText("Label: none")).toBeTruthy();
        fireEvent.click(pick);
        await mock.flush();
        expect(mock.dialogs.map((d) => [d.key, d.customData])).toEqual([[LABEL_DIALOG, { issueKey: ISSUE.key }]]);

        await mock.closeDialog({ label: "idea" });
        expect(await screen.findByText("Label: idea")).toBeTruthy();
        await mock.flush();
        expect(await createPropertyStore<Label>(issueProperties(ISSUE.id)).get(LABEL_PROPERTY)).toBe("idea");
        expect(mock.flags.map((flag) => flag.title)).toEqual(["Labelled idea"]);
      } finally {
        mock.uninstall();
      }
    });
  });
}
