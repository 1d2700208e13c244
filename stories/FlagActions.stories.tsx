import type { Meta, StoryObj } from "@storybook/react";
import { useState } from "react";
import { useFlag } from "apkit/react";
import { withMockHost } from "./mockHost.js";

/** Saves, shows a flag with Undo and Details actions, and reacts to the one the user clicks. */
function SaveWithUndo() {
  const show = useFlag();
  const [log, setLog] = useState<string[]>([]);
  const save = () => {
    const handle = show(
      { title: "Saved", body: "Your changes are saved.", type: "success", actions: { undo: "Undo", details: "Details" } },
      { undo: () => setLog((l) => [...l, "undone"]), details: () => setLog((l) => [...l, "details shown"]) },
    );
    void handle.closed.then(() => setLog((l) => [...l, "flag closed"]));
  };
  return (
    <div>
      <button onClick={save}>Save</button>
      <ul data-testid="log">
        {log.map((entry, i) => (
          <li key={i}>{entry}</li>
        ))}
      </ul>
    </div>
  );
}

const meta = {
  title: "Hooks/FlagActions",
  component: SaveWithUndo,
  decorators: [withMockHost()],
} satisfies Meta<typeof SaveWithUndo>;
export default meta;

export const SaveThenUndo: StoryObj<typeof meta> = {};
