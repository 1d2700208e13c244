import { defineConfig } from "vitest/config";

export default defineConfig({
  // apkit/testing/setup: what jsdom lacks and apkit needs (Web Crypto's subtle, a ResizeObserver ...). Globals: the
  // tests run under jest too (npm run test:jest), and Testing Library cleans up after each test when it sees them.
  test: { environment: "jsdom", setupFiles: ["apkit/testing/setup"], globals: true, include: ["test/**/*.test.{ts,tsx}"] },
});
