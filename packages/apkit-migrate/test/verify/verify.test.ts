// `apkit-migrate verify` on the React example (its hand-written manifest.yml and its pages' sources) and on small
// apps made in a temporary directory to disagree with their manifest one way at a time. The pages' calls come from
// the real scanner of `check` (src/check/scan.ts).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { beforeAll, describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { scanPaths } from "../../src/check/scan.js";
import { command as verifyCommand } from "../../src/verify/command.js";
import { verifyManifest, type Problem } from "../../src/verify/verify.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const example = `${root}examples/react-app/`;

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, cwd }, out, err };
}

beforeAll(() => {
  // The example's Forge resources (the root `npm test` builds them before the tests; alone, this file builds them).
  if (!existsSync(`${root}dist/forge.mjs`)) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
  if (!existsSync(`${example}dist-forge/triage-panel/index.html`)) execFileSync("npm", ["run", "example:react:forge"], { cwd: root, stdio: "ignore" });
}, 180_000);

describe("the React example", () => {
  test("manifest --move-ui writes the hand-written manifest.yml (modulo comments and the placeholder id)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apkit-migrate-react-"));
    const { io: cli, out } = io(example);
    const code = await main(["manifest", "atlassian-connect.json", "--move-ui", "--resources", "dist-forge", "--out", join(dir, "manifest.yml")], cli);
    expect(code, out.join("")).toBe(0);
    const written = parse(readFileSync(join(dir, "manifest.yml"), "utf8"));
    const handWritten = parse(readFileSync(`${example}manifest.yml`, "utf8"));
    delete written.app.id;
    delete handWritten.app.id;
    expect(written).toEqual(handWritten);
    // The start-up line it prints is the one the example's src/shared.ts gives forge().
    expect(out.join("")).toContain('"remote": "connect"');
    expect(out.join("")).toContain('"priority-dialog": {');
  });

  test("verify passes on manifest.yml and the pages' sources", async () => {
    const problems = await verifyManifest(`${example}manifest.yml`, [`${example}src`], { scanPaths });
    expect(problems.filter((problem) => problem.level === "error")).toEqual([]);
    // The dialog draws its own buttons on Forge; dialog.button and disableCloseOnSubmit stay for the Connect build,
    // and verify says so.
    expect(problems.map((problem) => [problem.check, problem.message.split(" ")[0]])).toEqual([
      ["unsupported", "dialog.disableCloseOnSubmit"],
      ["unsupported", "dialog.button"],
    ]);
  });

  test("verify passes on the written manifest too, and the command exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apkit-migrate-react-"));
    symlinkSync(`${example}dist-forge`, join(dir, "dist-forge"));
    const { io: cli } = io(example);
    expect(await main(["manifest", "atlassian-connect.json", "--move-ui", "--resources", "dist-forge", "--out", join(dir, "manifest.yml")], cli)).toBe(0);
    const { io: run, out } = io(example);
    expect(await verifyCommand.run([join(dir, "manifest.yml"), "src"], run)).toBe(0);
    expect(out.join("")).toMatch(/agree/);
  });
});

/** A small app: a manifest, its built resources and one source file. */
function app(source: string, manifest: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "apkit-migrate-verify-"));
  mkdirSync(join(dir, "static/panel"), { recursive: true });
  writeFileSync(join(dir, "static/panel/index.html"), "<!doctype html>");
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src/panel.ts"), source);
  writeFileSync(join(dir, "src/options.ts"), 'export const DIALOG = "edit";\nexport const OPTIONS = { dialogs: { [DIALOG]: "panel" }, remote: "connect" };\n');
  const base = {
    app: { id: "ari:cloud:ecosystem::app/x", connect: { key: "k", remote: "connect" } },
    modules: { "jira:issuePanel": [{ key: "panel", resource: "panel", title: "P", icon: "resource:panel;icon.svg" }] },
    resources: [{ key: "panel", path: "static/panel" }],
    remotes: [{ key: "connect", baseUrl: "https://k.example.com" }],
    permissions: { scopes: ["read:jira-work", "read:connect-jira"] },
    ...manifest,
  };
  writeFileSync(join(dir, "manifest.yml"), JSON.stringify(base));
  return dir;
}

const checks = async (dir: string): Promise<[Problem["level"], Problem["check"]][]> =>
  (await verifyManifest("manifest.yml", ["src"], { scanPaths, cwd: dir })).map((problem) => [problem.level, problem.check]);

describe("what verify catches", () => {
  test("options read through constants and imports agree: no problem", async () => {
    const dir = app('import { apFetch, dialog, requestJson } from "apkit";\nimport { forge } from "apkit/forge";\nimport { OPTIONS, DIALOG } from "./options.js";\nforge(OPTIONS);\ndialog.open({ key: DIALOG });\nrequestJson(`/rest/api/3/issue/${k}`);\napFetch("/api/x");\n');
    expect(await checks(dir)).toEqual([]);
  });

  test("a dialog mapped to a missing resource, an unknown remote, a dialog opened with no resource", async () => {
    const dir = app('import { dialog } from "apkit";\nimport { forge } from "apkit/forge";\nforge({ dialogs: { edit: "nope" }, remote: "backend" });\ndialog.open({ key: "other" });\n');
    expect(await checks(dir)).toEqual([
      ["error", "dialog-resource"],
      ["error", "remote"],
      ["error", "opened-dialog"],
    ]);
  });

  test("a call the scopes do not allow, a path no rule knows, apFetch without a remote", async () => {
    const dir = app('import { apFetch, request, requestJson } from "apkit";\nimport { forge } from "apkit/forge";\nforge({});\nrequestJson("/rest/api/3/project", { method: "POST" });\nrequest("/rest/something/else");\napFetch("/x");\n');
    expect(await checks(dir)).toEqual([
      ["error", "scope"],
      ["warning", "unknown-scope"],
      ["error", "apfetch-remote"],
    ]);
  });

  test("options computed at run time cannot be checked, and say so", async () => {
    const dir = app("forge(makeOptions());\n");
    expect(await checks(dir)).toEqual([["error", "unreadable-options"]]);
  });

  test("a resource directory without index.html; code without a forge() line", async () => {
    const dir = app('import { requestJson } from "apkit";\nrequestJson("/rest/api/3/myself");\n', { resources: [{ key: "panel", path: "static/missing" }], permissions: { scopes: ["read:jira-user"] } });
    expect(await checks(dir)).toEqual([
      ["error", "resource-entry"],
      ["warning", "no-forge-call"],
    ]);
  });

  test("the command: exit 1 on errors, 2 on usage, a coded error for a missing manifest", async () => {
    const dir = app('forge({ remote: "backend" });\n');
    const command = verifyCommand;
    const bad = io(dir);
    expect(await command.run(["manifest.yml", "src"], bad.io)).toBe(1);
    expect(bad.out.join("")).toMatch(/src\/panel\.ts:1:1: error: /);
    const usage = io(dir);
    expect(await command.run(["manifest.yml"], usage.io)).toBe(2);
    const missing = io(dir);
    expect(await command.run(["nope.yml", "src"], missing.io)).toBe(1);
    expect(missing.err.join("")).toMatch(/ERR_VERIFY_INPUT/);
  });
});
