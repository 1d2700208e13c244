// What a user installs: apkit and apkit-migrate packed with `npm pack`, installed from the two tarballs into an
// empty project, and the installed bin run there. (The package's `test` script builds both first.)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

const pkg = join(import.meta.dirname, "..");
const root = join(pkg, "..", "..");
let dir: string;
let installed = "";

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const bin = (args: string[]) => {
  try {
    return { code: 0, stdout: execFileSync(process.execPath, [join(dir, "node_modules", ".bin", "apkit-migrate"), ...args], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }), stderr: "" };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
};

beforeAll(() => {
  for (const built of [join(root, "dist", "index.mjs"), join(pkg, "lib", "cli.js")]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run npm run test -w apkit-migrate (it builds apkit and the package first)`);
  }
  dir = mkdtempSync(join(tmpdir(), "apkit-migrate-pack-"));
  const packs = join(dir, "packs");
  mkdirSync(packs);
  const apkitTgz = npm(["pack", "--silent", "--pack-destination", packs], root).trim().split("\n").pop()!;
  const migrateTgz = npm(["pack", "--silent", "--pack-destination", packs], pkg).trim().split("\n").pop()!;
  const project = join(dir);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "legacy-app", private: true, version: "1.0.0" }));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", join(packs, apkitTgz), join(packs, migrateTgz)], project);
  installed = readFileSync(join(project, "node_modules", "apkit-migrate", "package.json"), "utf8");
}, 240_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

test("the installed bin rewrites a page and reports what it left", () => {
  expect(JSON.parse(installed).name).toBe("apkit-migrate");
  mkdirSync(join(dir, "public"));
  writeFileSync(join(dir, "public", "panel.html"), '<script>\n  AP.resize();\n  AP.messages.info("Hi", "there");\n</script>\n');
  const run = bin(["code", "public", "--write", "--json", "report.json"]);
  expect(run.code).toBe(0);
  expect(readFileSync(join(dir, "public", "panel.html"), "utf8")).toBe('<script>\n  APKit.resize();\n  AP.messages.info("Hi", "there");\n</script>\n');
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  expect(report.totals).toMatchObject({ files: 1, changed: 1, rewritten: 1, left: 1 });
  expect(report.files[0].left[0]).toMatchObject({ line: 3, call: "AP.messages.info" });
});

test("the installed check reads Forge's statuses from the installed apkit", () => {
  const run = bin(["check", "public"]);
  const apkitForge = readFileSync(join(dir, "node_modules", "apkit", "dist", "forge.mjs"), "utf8");
  if (apkitForge.includes("forgeSupport")) {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/public\/panel\.html: 2 uses/);
  } else {
    // An apkit without the table: check says what to install, with its own exit code, and prints no report.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("has no forgeSupport table");
  }
});

test("apkit itself gains no dependency from the tools", () => {
  const apkit = JSON.parse(readFileSync(join(dir, "node_modules", "apkit", "package.json"), "utf8"));
  expect(apkit.dependencies).toEqual({ zod: expect.any(String) });
  expect(Object.keys(apkit.dependencies ?? {})).not.toContain("jscodeshift");
});
