// apkit-dev's own tests (`npm run test -w apkit-dev`): the host's server side on real loopback servers, the host
// page in Debian's Chromium with the real connect-host.js / all.js and the real @forge/bridge, and the packed
// tarballs installed in a temporary folder. One file at a time: the machines have two cores and Chromium is heavy.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    name: "apkit-dev",
    environment: "node",
    include: ["test/**/*.test.mjs"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ["default", fileURLToPath(new URL("../../../test/support/require-tests-reporter.ts", import.meta.url))],
  },
});
