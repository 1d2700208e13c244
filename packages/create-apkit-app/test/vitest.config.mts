// `npm run test -w create-apkit-app`: the starter's own tests (the command line, and a generated app from the
// packed tarballs: install, both builds, its tests under vitest and jest).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    reporters: ["default", fileURLToPath(new URL("../../../test/support/require-tests-reporter.ts", import.meta.url))],
    // One generated app at a time: the machines have two cores.
    fileParallelism: false,
  },
});
