import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Each test starts without an AP, with no component mounted (Testing Library only cleans up by itself when test
// globals are on; here they are not) and with a fresh document.
afterEach(() => {
  cleanup();
  delete (window as unknown as { AP?: unknown }).AP;
  document.head.innerHTML = "";
  document.body.innerHTML = "";
});
