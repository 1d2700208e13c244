import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// React's act() warnings fail the test they happen in: apkit's hooks and the mock's host controls must never cause
// a state update outside act() where React's test environment is on.
const actWarnings: string[] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const text = args.map(String).join(" ");
  if (/not wrapped in act|not configured to support act/.test(text)) actWarnings.push(text);
  consoleError(...args);
};

// Each test starts without an AP, with no component mounted (Testing Library only cleans up by itself when test
// globals are on; here they are not) and with a fresh document.
afterEach(() => {
  cleanup();
  delete (window as unknown as { AP?: unknown }).AP;
  document.head.innerHTML = "";
  document.body.innerHTML = "";
  if (actWarnings.length) {
    const first = actWarnings[0];
    actWarnings.length = 0;
    throw new Error(`React warned about act(): ${first}`);
  }
});
