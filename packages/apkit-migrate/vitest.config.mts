import { defineConfig } from "vitest/config";

// The package's own tests (the repository's root vitest projects never include packages/). Fixture files under
// test/fixtures are data, never test modules.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/require-tests-reporter.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
