// Issue 21, as a newcomer meets it: the packed package installed into a fresh project, and only what its docs say.
// - vitest and jest configured exactly as docs/testing.md writes them (copied from the page), running the component
//   tests of test/matrix (useAutoResize with no stub of the test's own, every host control, both mock hosts, act()
//   warnings counted) and the README's component-test quickstart, verbatim;
// - the documented two-platform start-up line type-checks under exactOptionalPropertyTypes;
// - every relative link in the shipped README and docs leads to a file in the installed package.
// Runs once (node:esm project). Needs `npm run build` and the npm registry (or its cache).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { relativeLinks } from "../../scripts/relativeLinks.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const dev = (name: string) => {
  const version = rootPkg.devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency of apkit`);
  return version as string;
};
const DEV_DEPENDENCIES = [
  "react",
  "react-dom",
  "@forge/bridge",
  "@testing-library/react",
  "@testing-library/dom",
  "msw",
  "vitest",
  "jsdom",
  "jest",
  "jest-environment-jsdom",
  "jest-fixed-jsdom",
  "babel-jest",
  "@babel/core",
  "@babel/preset-env",
  "@babel/preset-react",
  "@babel/preset-typescript",
  "typescript",
  "@types/react",
  "@types/react-dom",
];
let dir = "";

const run = (cmd: string, args: string[], cwd = dir) => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false", CI: "1" } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`.slice(0, 8000));
  }
};

/** A fenced block of a doc whose first line is `// <name>`, as the reader copies it. */
function docFile(doc: string, name: string): string {
  const text = readFileSync(join(root, doc), "utf8");
  const block = new RegExp("```\\w+\\n(// " + name.replace(/\./g, "\\.") + "\\n[\\s\\S]*?)```").exec(text);
  if (!block) throw new Error(`${doc} has no \`${name}\` block`);
  return block[1]!;
}

describe.runIf(process.env.APKIT_TARGET === "esm")("the first hour, from the packed tarball and the docs only", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "apkit-first-hour-"));
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], root))[0];
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: "apkit-first-hour",
        private: true,
        type: "module",
        dependencies: { apkit: `file:./${packed.filename}` },
        devDependencies: Object.fromEntries(DEV_DEPENDENCIES.map((name) => [name, dev(name)])),
      }),
    );
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
    mkdirSync(join(dir, "test"));
    for (const file of ["component.test.tsx", "both-platforms.test.tsx", "act.test.tsx", "autoresize.test.tsx"]) cpSync(join(root, "test/matrix", file), join(dir, "test", file));
  }, 300_000);
  afterAll(() => {
    if (dir && !process.env.KEEP_FIRST_HOUR) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test("jest, configured as docs/testing.md writes it, runs the component tests: both mock hosts, useAutoResize, no act() warning", { timeout: 120_000 }, () => {
    const jestConfig = docFile("docs/testing.md", "jest.config.cjs");
    writeFileSync(join(dir, "jest.config.cjs"), jestConfig);
    writeFileSync(join(dir, "babel.config.cjs"), docFile("docs/testing.md", "babel.config.cjs"));
    const out = run(process.execPath, ["node_modules/jest/bin/jest.js", "--ci", "test/"]);
    expect(out + "").not.toMatch(/not wrapped in act/);
    // The other documented environment: jest-fixed-jsdom with apkit/testing/setup.
    const fixed = jestConfig.replace(/testEnvironment: "apkit\/testing\/jest-environment",/, 'testEnvironment: "jest-fixed-jsdom", setupFiles: ["apkit/testing/setup"],');
    expect(fixed).not.toBe(jestConfig);
    writeFileSync(join(dir, "jest.config.cjs"), fixed);
    run(process.execPath, ["node_modules/jest/bin/jest.js", "--ci", "test/"]);
  });

  test("vitest, configured as docs/testing.md writes it, runs them too, and the README's component-test quickstart verbatim", { timeout: 120_000 }, () => {
    writeFileSync(join(dir, "vitest.config.ts"), docFile("docs/testing.md", "vitest.config.ts"));
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const quickstart = /```tsx\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## Quickstart: component tests")))![1]!;
    writeFileSync(join(dir, "test", "readme.test.tsx"), quickstart);
    const out = run(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=verbose"]);
    expect(out).toMatch(/readme\.test\.tsx/);
    expect(out).toMatch(/autoresize\.test\.tsx/);
  });

  test("the two-platform start-up line type-checks under exactOptionalPropertyTypes against the installed package", { timeout: 60_000 }, () => {
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, module: "esnext", moduleResolution: "bundler", target: "es2022", jsx: "react-jsx", noEmit: true, skipLibCheck: true, lib: ["es2022", "dom"], types: [] },
        files: ["start.tsx"],
      }),
    );
    writeFileSync(
      join(dir, "start.tsx"),
      `import type { LoadAPOptions } from "apkit";
       import { forge } from "apkit/forge";
       import { APProvider } from "apkit/react";
       declare const onForge: boolean;
       export const apOptions: LoadAPOptions | undefined = onForge ? { platform: forge() } : undefined;
       export const page = <APProvider options={apOptions}><p /></APProvider>;`,
    );
    run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "."]);
  });

  test("every relative link of the shipped README and docs leads to a file in the installed package", () => {
    const pkg = join(dir, "node_modules/apkit");
    const docs = ["README.md", ...listMarkdown(join(pkg, "docs")).map((f) => relative(pkg, f))];
    expect(docs.length).toBeGreaterThan(10);
    const dead = docs.flatMap((doc) =>
      relativeLinks(readFileSync(join(pkg, doc), "utf8"))
        .map((link) => ({ link, target: resolve(dirname(join(pkg, doc)), link) }))
        .filter(({ target }) => !existsSync(target))
        .map(({ link }) => `${doc}: ${link}`),
    );
    expect(dead).toEqual([]);
  });
});

function listMarkdown(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listMarkdown(join(folder, entry.name)) : entry.name.endsWith(".md") ? [join(folder, entry.name)] : [],
  );
}
