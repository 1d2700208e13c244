// The dialog's page, as its start-up renders it (src/dialog.tsx), on both platforms (test/platforms.tsx).
import { fireEvent, render, screen } from "@testing-library/react";
import { APProvider } from "apkit/react";
import { LabelDialog } from "../src/LabelDialog";
import { platforms } from "./platforms";

for (const platform of platforms) {
  describe(`the label dialog on ${platform.name}`, () => {
    test("shows what it was opened for and closes with the chosen label", async () => {
      const mock = await platform.dialog({ issueKey: "ABC-1", label: "bug" }).start();
      try {
        render(
          <APProvider options={platform.options}>
            <LabelDialog />
          </APProvider>,
        );
        expect(await screen.findByText("Label ABC-1 as:")).toBeTruthy();
        expect(screen.getByLabelText<HTMLInputElement>("bug").checked).toBe(true);
        fireEvent.click(screen.getByLabelText("question"));
        fireEvent.click(screen.getByRole("button", { name: "Save" }));
        await mock.flush();
        expect(platform.closedWith(mock)).toEqual([{ label: "question" }]);
      } finally {
        mock.uninstall();
      }
    });
  });
}
