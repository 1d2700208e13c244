import type { Meta, StoryObj } from "@storybook/react";
import { useState } from "react";
import { useDialog } from "apkit/react";
import { withMockHost } from "./mockHost.js";

/** Opens a dialog module and shows what it closed with (`undefined` when cancelled). */
function ColourPicker() {
  const { open, isOpen } = useDialog();
  const [picked, setPicked] = useState<string>("nothing yet");
  const pick = async () => {
    const result = await open<{ choice: string }>({ key: "colour-picker", size: "small", customData: { current: "red" } });
    setPicked(result ? result.choice : "cancelled");
  };
  return (
    <div>
      <button onClick={() => void pick()} disabled={isOpen}>
        Pick a colour…
      </button>
      <p>
        Picked: <output data-testid="picked">{picked}</output>
      </p>
    </div>
  );
}

const meta = {
  title: "Hooks/DialogRoundTrip",
  component: ColourPicker,
  decorators: [withMockHost()],
} satisfies Meta<typeof ColourPicker>;
export default meta;

export const OpenAndClose: StoryObj<typeof meta> = {};
