/// <reference types="vitest/globals" />
// Issue 21: the mocks' host controls never make React warn about act(), under jest's CommonJS runtime (where the
// CommonJS build once looked React up with import(), which fails there, so nothing was wrapped) and under vitest
// (where a listener that mock.emit reaches at once ran before act() had begun). Every control that updates a
// component runs here against listeners that set state at once, and the React warnings are counted: zero. The
// update is on screen as soon as the control resolves (getBy, not findBy): act() flushed it. Same four setups as
// component.test.tsx (test/matrix).
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { forge } from "apkit/forge";
import { APProvider, useAPEvent, useAutoResize, useDialog, useFlag, type APProviderProps } from "apkit/react";
import { createMockAP } from "apkit/testing";
import { createMockForge } from "apkit/testing/forge";

const actWarnings: string[] = [];
const consoleError = console.error;
beforeEach(() => {
  actWarnings.length = 0;
  console.error = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (/not wrapped in act|not configured to support act/.test(text)) actWarnings.push(text);
    consoleError(...args);
  };
});
afterEach(() => {
  console.error = consoleError;
});

function Panel() {
  const [log, setLog] = useState<string[]>([]);
  const add = (line: string) => setLog((lines) => [...lines, line]);
  useAPEvent("issue-changed", (what) => add(`event: ${String(what)}`));
  useAutoResize();
  const { open } = useDialog();
  const showFlag = useFlag();
  return (
    <div className="ac-content">
      <button onClick={async () => add(`dialog: ${JSON.stringify((await open<{ label: string }>({ key: "pick" })) ?? "dismissed")}`)}>dialog</button>
      <button
        onClick={() => {
          const shown = showFlag({ title: "Saved", actions: { undo: "Undo" } }, { undo: () => add("flag: undo") });
          void shown.closed.then(() => add("flag: closed"));
        }}
      >
        flag
      </button>
      <ul>
        {log.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

const page = (options?: APProviderProps["options"]) => (
  <APProvider options={options}>
    <Panel />
  </APProvider>
);

test("Connect: emit, closeDialog, cancelDialog, clickFlagAction, closeFlag and flush cause no act() warning", async () => {
  const mock = createMockAP().install();
  try {
    render(page());
    await mock.flush();
    await mock.emit("issue-changed", "summary");
    expect(screen.getByText("event: summary")).toBeTruthy();

    fireEvent.click(screen.getByText("dialog"));
    await mock.flush();
    await mock.closeDialog({ label: "blue" });
    expect(screen.getByText('dialog: {"label":"blue"}')).toBeTruthy();
    fireEvent.click(screen.getByText("dialog"));
    await mock.flush();
    await mock.cancelDialog();
    expect(screen.getByText('dialog: "dismissed"')).toBeTruthy();

    fireEvent.click(screen.getByText("flag"));
    await mock.flush();
    await mock.clickFlagAction("Saved", "undo");
    expect(screen.getByText("flag: undo")).toBeTruthy();
    await mock.closeFlag("Saved");
    expect(screen.getByText("flag: closed")).toBeTruthy();
  } finally {
    mock.uninstall();
  }
  expect(actWarnings).toEqual([]);
});

test("Forge: emit, closeModal, clickFlagAction, closeFlag and flush cause no act() warning", async () => {
  const mock = await createMockForge({ forge: {}, warn: () => {} }).start();
  try {
    render(page({ platform: forge() }));
    await mock.flush();
    await mock.emit("issue-changed", "summary");
    expect(screen.getByText("event: summary")).toBeTruthy();

    fireEvent.click(screen.getByText("dialog"));
    await mock.flush();
    await mock.closeModal({ label: "blue" });
    expect(screen.getByText('dialog: {"label":"blue"}')).toBeTruthy();

    fireEvent.click(screen.getByText("flag"));
    await mock.flush();
    const id = mock.flags[0]!.id;
    await mock.clickFlagAction(id, "Undo");
    expect(screen.getByText("flag: undo")).toBeTruthy();
    await mock.closeFlag(id);
  } finally {
    mock.stop();
  }
  expect(actWarnings).toEqual([]);
});
