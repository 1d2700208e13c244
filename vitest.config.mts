import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { entryNames } from "./scripts/entries.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));
// Every entry of package.json "exports" but the core (scripts/entries.mjs).
const ENTRIES = entryNames.filter((name) => name !== "index");

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

const unit = { environment: "jsdom", include: ["test/unit/**/*.test.{ts,tsx}", "test/contract/**/*.test.{ts,tsx}"], setupFiles: ["test/support/setup-dom.ts"] };
const node = { environment: "node", include: ["test/node/**/*.test.{ts,tsx}"] };
// apkit/server's crypto backend is package.json "imports" "#backend": node:crypto's under the "node" condition, Web
// Crypto's by default. The node projects resolve it as Node does (vitest's server conditions include "node");
// "node:webcrypto" runs the server suites on the sources as workers and browsers resolve them, without "node".
const SERVER_SUITES_ON_WEB_CRYPTO = ["test/node/server-verify.test.ts"];

// Drops "node" from a project's server conditions. A plugin, because vitest adds its defaults ("node" among them)
// to whatever conditions a config lists.
function withoutNodeCondition(): Plugin {
  return {
    name: "apkit:without-node-condition",
    configEnvironment(name, config) {
      if (name !== "ssr" || !config.resolve) return;
      config.resolve.conditions = (config.resolve.conditions ?? []).filter((condition) => condition !== "node");
    },
  };
}

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/require-tests-reporter.ts"],
    restoreMocks: true,
    projects: [
      project("unit", "src", unit),
      project("unit", "esm", unit),
      project("unit", "cjs", unit),
      // The React layer again on React 18 (test/react18 holds a second install: React 19 is the root one).
      {
        extends: true,
        resolve: {
          alias: [
            { find: /^react(\/.*)?$/, replacement: `${root}test/react18/node_modules/react$1` },
            { find: /^react-dom(\/.*)?$/, replacement: `${root}test/react18/node_modules/react-dom$1` },
            // Testing Library's ESM build, bundled (below) so that its React imports take the aliases above.
            { find: /^@testing-library\/react$/, replacement: `${root}node_modules/@testing-library/react/dist/@testing-library/react.esm.js` },
            ...aliases("src"),
          ],
        },
        test: {
          name: "unit:react18",
          environment: "jsdom",
          include: ["test/unit/react*.test.tsx"],
          setupFiles: ["test/support/setup-dom.ts"],
          env: { APKIT_TARGET: "src", EXPECT_REACT_MAJOR: "18" },
          // Testing Library must import the aliased React too, so it is bundled rather than loaded by Node.
          server: { deps: { inline: [/@testing-library\/react/, /@tanstack\/react-query/, /@tanstack\/query-core/] } },
        },
      },
      // The vitest half of the component-test matrix (test/matrix; the jest half is `npm run test:jest`): the same
      // file, on the built ESM, with test globals as those users have them, under jsdom and happy-dom.
      ...(["jsdom", "happy-dom"] as const).map((environment) =>
        project(`matrix:${environment}`, "esm", {
          environment,
          globals: true,
          include: ["test/matrix/**/*.test.tsx"],
          setupFiles: ["dist/testing/setup.mjs", "test/matrix/guard.js"],
        }),
      ),
      // In the sources, "node" gets the node:crypto backend; its Web Crypto run is "node:webcrypto" below. On dist, the
      // backend is chosen by which build the test loads (server.mjs or server.node.mjs).
      project("node", "src", { ...node, exclude: [...configDefaults.exclude, ...SERVER_SUITES_ON_WEB_CRYPTO] }),
      {
        ...project("node:webcrypto", "src", { ...node, include: SERVER_SUITES_ON_WEB_CRYPTO }),
        plugins: [withoutNodeCondition()],
      },
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
