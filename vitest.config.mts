import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const ENTRIES = ["react", "server", "testing", "schemas"] as const;

/** Where `import "apkit"` (and the sub-entries) lead: the sources, or the built files we ship. */
type Target = "src" | "esm" | "cjs";

function aliases(target: Target) {
  const file = (entry: string) =>
    target === "src"
      ? `${root}src/${entry === "index" ? "index" : `${entry}/index`}.ts`
      : `${root}dist/${entry}.${target === "esm" ? "mjs" : "cjs"}`;
  return [
    { find: /^apkit$/, replacement: file("index") },
    ...ENTRIES.map((entry) => ({ find: new RegExp(`^apkit/${entry}$`), replacement: file(entry) })),
  ];
}

function project(name: string, target: Target, test: TestProjectInlineConfiguration["test"]): TestProjectInlineConfiguration {
  return {
    extends: true,
    resolve: { alias: aliases(target) },
    test: { name: target === "src" ? name : `${name}:${target}`, env: { APKIT_TARGET: target }, ...test },
  };
}

const unit = { environment: "jsdom", include: ["test/unit/**/*.test.{ts,tsx}"], setupFiles: ["test/support/setup-dom.ts"] };
const node = { environment: "node", include: ["test/node/**/*.test.{ts,tsx}"] };

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/require-tests-reporter.ts"],
    restoreMocks: true,
    projects: [
      project("unit", "src", unit),
      project("unit", "esm", unit),
      project("unit", "cjs", unit),
      project("node", "src", node),
      project("node", "esm", node),
      project("node", "cjs", node),
      project("e2e", "esm", {
        environment: "node",
        include: ["test/e2e/**/*.test.ts"],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // One Chromium at a time: the machines have two cores.
        fileParallelism: false,
      }),
    ],
  },
});
