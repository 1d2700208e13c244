// The command line, on files in a temporary directory: the dry run's diff is a real patch (git apply turns the
// files into what --write writes), --write changes files and a second run finds nothing to do, the JSON reports
// have their documented shape, and usage errors exit 2.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { main } from "../src/cli.js";
import { unifiedDiff } from "../src/code/diff.js";
import { FIXTURES } from "./support/fixtures.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "apkit-migrate-cli-"));
  for (const name of ["jquery-page", "handlebars", "react-hooks", "noop", "vue-sfc"]) cpSync(join(FIXTURES, name), join(dir, "app", name), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: dir });
  return { code, stdout, stderr };
}

const inputs = ["app/jquery-page/input.js", "app/handlebars/input.hbs", "app/react-hooks/input.jsx", "app/noop/input.js", "app/vue-sfc/input.vue"];
const read = (file: string) => readFileSync(join(dir, file), "utf8");

test("a dry run changes nothing, and its diff is the patch --write applies", async () => {
  const before = inputs.map(read);
  const dry = await cli("code", ...inputs);
  expect(dry.code).toBe(0);
  expect(inputs.map(read)).toEqual(before);
  expect(dry.stderr).toContain("Dry run: nothing was written");
  // stdout is the patch alone: one file each that changes (not noop), as git applies it.
  expect(dry.stdout.match(/^--- a\//gm)?.length).toBe(4);
  execFileSync("git", ["init", "-q"], { cwd: dir });
  writeFileSync(join(dir, "dry.patch"), dry.stdout);
  execFileSync("git", ["apply", "dry.patch"], { cwd: dir });
  const patched = inputs.map(read);
  for (const [i, file] of inputs.entries()) writeFileSync(join(dir, file), before[i]!);
  const wrote = await cli("code", "--write", ...inputs);
  expect(wrote.code).toBe(0);
  expect(inputs.map(read)).toEqual(patched);
  expect(patched[0]).toBe(read("app/jquery-page/output.js"));
});

test("--write, then a second run: nothing more to change, the same uses left", async () => {
  await cli("code", "--write", "--json", "first.json", "app");
  const second = await cli("code", "--json", "second.json", "app");
  expect(second.stdout).not.toContain("--- a/");
  const first = JSON.parse(read("first.json"));
  const again = JSON.parse(read("second.json"));
  expect(again.totals.changed).toBe(0);
  expect(again.totals.rewritten).toBe(0);
  expect(again.files.map((f: { left: unknown[] }) => f.left)).toEqual(first.files.map((f: { left: unknown[] }) => f.left));
});

test("the --json report: files with what was rewritten and left, and totals", async () => {
  const run = await cli("code", "app", "--json=report.json");
  expect(run.code).toBe(0);
  const report = JSON.parse(read("report.json"));
  expect(Object.keys(report)).toEqual(["files", "totals"]);
  expect(report.files.map((f: { file: string }) => f.file)).toContain("app/jquery-page/output.js");
  const hbs = report.files.find((f: { file: string }) => f.file === "app/handlebars/input.hbs");
  expect(hbs).toEqual({
    file: "app/handlebars/input.hbs",
    changed: true,
    rewritten: 4,
    left: [{ line: 9, call: "AP.navigator.reload", reason: expect.stringContaining("markup"), suggestion: expect.any(String) }],
    notes: [expect.stringContaining("apkit.global.js")],
  });
  const { files, changed, rewritten, left, share } = report.totals;
  expect(files).toBe(report.files.length);
  expect(rewritten).toBe(report.files.reduce((n: number, f: { rewritten: number }) => n + f.rewritten, 0));
  expect(left).toBe(report.files.reduce((n: number, f: { left: unknown[] }) => n + f.left.length, 0));
  expect(share).toBeCloseTo(rewritten / (rewritten + left), 3);
  expect(changed).toBeGreaterThan(0);
  expect(run.stderr).toMatch(/\d+ files read, \d+ to change: \d+ uses of AP rewritten, \d+ left \(\d+% rewritten\)/);
});

test("check: a readiness line per use, and its JSON report per file and in totals", async () => {
  const run = await cli("check", "app/jquery-page/input.js", "app/react-hooks/output.jsx", "--json", "check.json");
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/app\/jquery-page\/input\.js: \d+ uses \(\d+ raw AP, 0 apkit\)/);
  const report = JSON.parse(read("check.json"));
  const hooks = report.files.find((f: { file: string }) => f.file === "app/react-hooks/output.jsx");
  expect(hooks.totals.raw).toBe(0);
  expect(hooks.findings.map((f: { call: string }) => f.call)).toEqual(["apFetch", "events.on", "events.off", "resize", "dialog.open", "flag.show"]);
  const t = report.totals;
  expect(t.works + t.differs + t.unsupported).toBe(t.uses);
  expect(t.raw + t.apkit).toBe(t.uses);
});

test("usage errors exit 2 and say why; --help exits 0", async () => {
  expect(await cli("code")).toMatchObject({ code: 2, stderr: expect.stringContaining("give the files or directories") });
  expect(await cli("code", "--force", "app")).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option --force") });
  expect(await cli("code", "nowhere")).toMatchObject({ code: 2, stderr: expect.stringContaining("no such file or directory: nowhere") });
  expect(await cli("check", "app", "--json")).toMatchObject({ code: 2, stderr: expect.stringContaining("--json needs a value") });
  expect(await cli("nope")).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "nope"') });
  expect(await cli("code", "--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("--write") });
  const help = await cli("--help");
  expect(help.stdout).toMatch(/code\s+rewrite raw AP calls/);
  expect(help.stdout).toMatch(/check\s+report every AP use/);
});

test("the diff of a file without a final newline says so, as patch reads it", () => {
  expect(unifiedDiff("a.js", "x\nAP.resize();", "x\nAPKit.resize();")).toBe(
    "--- a/a.js\n+++ b/a.js\n@@ -1,2 +1,2 @@\n x\n-AP.resize();\n\\ No newline at end of file\n+APKit.resize();\n\\ No newline at end of file\n",
  );
  expect(unifiedDiff("a.js", "same\n", "same\n")).toBe("");
});
