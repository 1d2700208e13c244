import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    reporters: ["default", "../../test/support/require-tests-reporter.ts"],
    testTimeout: 60_000,
  },
});
