// Stories run against createMockAP (apkit/testing): a mock Connect host with the real bridge's transport rules.
// The decorator installs a fresh mock per story and renders a small "host" panel beside the story: the dialogs and
// flags the app opened, with the buttons a person would press in Jira. Tests press the same buttons.
import { useEffect, useState, type ReactNode } from "react";
import type { Decorator } from "@storybook/react";
import { APProvider } from "apkit/react";
import { createMockAP, type MockAP, type MockAPOptions } from "apkit/testing";

/** Builds the mock of one story: options, then handlers and data through `setup`. */
export interface MockHostSpec {
  options?: MockAPOptions;
  setup?: (mock: MockAP) => void;
}

function HostPanel({ mock }: { mock: MockAP }) {
  // The mock has no change events: follow its lists at a human pace.
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 50);
    return () => clearInterval(timer);
  }, []);
  const flags = mock.flags.filter((f) => f.open);
  return (
    <aside aria-label="host" style={{ marginTop: 16, padding: 8, border: "1px dashed #97a0af", font: "12px system-ui" }}>
      <strong>Host (mock)</strong>
      {mock.dialogs.map((d, i) => (
        <div key={d.id} role="dialog" aria-label={`dialog ${String(d.request.key)}`}>
          Dialog “{String(d.request.key)}” open, custom data <code>{JSON.stringify(d.customData)}</code>{" "}
          {i === mock.dialogs.length - 1 && (
            <>
              <button onClick={() => void mock.closeDialog({ choice: "blue" })}>Close with {"{ choice: \"blue\" }"}</button>{" "}
              <button onClick={() => void mock.cancelDialog()}>Cancel</button>
            </>
          )}
        </div>
      ))}
      {flags.map((f) => (
        <div key={f.id} role="status" aria-label={`flag ${f.title ?? ""}`}>
          Flag “{f.title}” ({f.type}){" "}
          {Object.entries(f.actions).map(([id, label]) => (
            <button key={id} onClick={() => void mock.clickFlagAction(f, id)}>
              {label}
            </button>
          ))}{" "}
          <button onClick={() => void mock.closeFlag(f)}>×</button>
        </div>
      ))}
    </aside>
  );
}

function Host({ spec, children }: { spec: MockHostSpec; children: ReactNode }) {
  // Created and installed during the first render, before any effect of the story asks for AP.
  const [mock] = useState(() => {
    const m = createMockAP({ warn: () => {}, ...spec.options });
    spec.setup?.(m);
    return m.install();
  });
  useEffect(() => () => mock.uninstall(), [mock]);
  return (
    <APProvider>
      {children}
      <HostPanel mock={mock} />
    </APProvider>
  );
}

/** A decorator that runs the story inside a fresh mock host built from `spec`. */
export const withMockHost =
  (spec: MockHostSpec = {}): Decorator =>
  (Story) => (
    <Host spec={spec}>
      <Story />
    </Host>
  );
