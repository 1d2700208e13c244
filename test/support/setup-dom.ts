import { afterEach } from "vitest";

// Each test starts without an AP and with a fresh document body.
afterEach(() => {
  delete (window as unknown as { AP?: unknown }).AP;
  document.head.innerHTML = "";
  document.body.innerHTML = "";
});
