// The command line on its own: what it writes, and what it refuses (a usage error, exit code 2, nothing written).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { createApp, parseArguments } from "../bin/create-apkit-app.mjs";

const bin = fileURLToPath(new URL("../bin/create-apkit-app.mjs", import.meta.url));
const template = fileURLToPath(new URL("../template/", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "create-apkit-app-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filesOf = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesOf(join(folder, entry.name)).map((f) => `${entry.name}/${f}`) : [entry.name],
  );

test("writes every template file, named after the folder, with no placeholder left", () => {
  const { key, files } = createApp({ folder: join(dir, "Triage Helper") });
  expect(key).toBe("triage-helper");
  expect(files).toEqual(filesOf(template).map((f) => (f === "_gitignore" ? ".gitignore" : f)).sort());
  for (const file of files) expect(readFileSync(join(dir, "Triage Helper", file), "utf8")).not.toMatch(/__[A-Z_]+__/);
  const app = join(dir, "Triage Helper");
  expect(JSON.parse(readFileSync(join(app, "package.json"), "utf8"))).toMatchObject({ name: "triage-helper", dependencies: { apkit: "^0.3.0" } });
  expect(JSON.parse(readFileSync(join(app, "atlassian-connect.json"), "utf8"))).toMatchObject({ key: "triage-helper", name: "Triage Helper" });
  expect(readFileSync(join(app, "manifest.yml"), "utf8")).toMatch(/^ {4}key: triage-helper$/m);
});

test("the template pins the versions apkit itself is tested with, and the apkit it is written for", () => {
  const pins = JSON.parse(readFileSync(join(template, "package.json"), "utf8"));
  const repo = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const { apkit, ...rest } = { ...pins.dependencies, ...pins.devDependencies };
  for (const [name, version] of Object.entries(rest)) expect([name, version]).toEqual([name, repo.devDependencies[name]]);
  expect(apkit).toBe("__APKIT__");
  expect(readFileSync(bin, "utf8")).toContain(`const APKIT = "^${repo.version}";`);
});

test("--name, --apkit and --help", () => {
  expect(parseArguments(["app", "--name", "My app", "--apkit", "file:../apkit.tgz"])).toEqual({ folder: "app", name: "My app", apkit: "file:../apkit.tgz", help: false });
  const help = execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
  expect(help).toMatch(/^Usage: npm create apkit-app <folder>/);
});

test.each([
  ["no folder", [], /which folder\?/],
  ["two folders", ["a", "b"], /one folder only/],
  ["an unknown option", ["app", "--typescript"], /unknown option --typescript/],
  ["an option without its value", ["app", "--name"], /--name needs a value/],
  ["a name with markup", ["app", "--name", "<b>x</b>"], /the name may have letters, digits/],
  ["a folder that is not empty", ["full"], /full exists and is not an empty folder/],
])("refuses %s: exit code 2, the usage, nothing written", (_, args, message) => {
  mkdirSync(join(dir, "full"), { recursive: true });
  writeFileSync(join(dir, "full", "keep.txt"), "mine");
  const before = filesOf(dir).length;
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8" });
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toContain("Usage:");
  expect(filesOf(dir).length).toBe(before);
  expect(readFileSync(join(dir, "full", "keep.txt"), "utf8")).toBe("mine");
});

test("the command is executable, as npm installs it", () => {
  expect(statSync(bin).mode & 0o111).not.toBe(0);
  expect(relative(root, bin)).toBe("packages/create-apkit-app/bin/create-apkit-app.mjs");
});
