// The apkit-dev command: its arguments, and a real --once run of the bin in a child process.
import { execFile } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { main, optionsFromArgs } from "../src/cli.mjs";
import { tempDirs } from "./support.mjs";

const BIN = fileURLToPath(new URL("../bin/apkit-dev.mjs", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/pages/", import.meta.url));
const temp = tempDirs();
afterAll(() => temp.cleanup());

describe("arguments", () => {
  test("Connect and Forge options become startDevHost's", () => {
    const parsed = optionsFromArgs(["--descriptor", "http://127.0.0.1:3000/atlassian-connect.json", "--manifest", "manifest.yml", "--remote", "connect=http://127.0.0.1:3000", "--resource", "main=dist", "--resolver", "src/index.js", "--port", "0", "--state", "s.json", "--quiet"]);
    expect(parsed).toMatchObject({
      port: 0,
      once: false,
      devHost: {
        port: 0,
        log: false,
        state: "s.json",
        connect: { descriptor: "http://127.0.0.1:3000/atlassian-connect.json" },
        forge: { manifest: "manifest.yml", remotes: { connect: "http://127.0.0.1:3000" }, resources: { main: "dist" }, resolver: "src/index.js", tunnel: false },
      },
    });
    expect(optionsFromArgs(["--serve", "app"]).port).toBe(4600);
  });

  test.each([
    [[], "give an app"],
    [["--serve", "x", "--port", "70000"], "--port must be"],
    [["--serve", "x", "--remote", "connect"], "--remote needs --manifest"],
    [["--manifest", "m.yml", "--remote", "no-equals"], "takes key=value"],
    [["--serve", "x", "--nope"], "Unknown option"],
  ])("%j is a usage error (ERR_DEV_USAGE), exit code 2", async (args, message) => {
    expect(() => optionsFromArgs(args)).toThrow(expect.objectContaining({ code: "ERR_DEV_USAGE", message: expect.stringContaining(message) }));
    const err = [];
    expect(await main(args, { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join("\n")).toContain(message);
  });

  test("--help prints the usage", async () => {
    const out = [];
    expect(await main(["--help"], { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out.join("\n")).toMatch(/^apkit-dev: a local Jira\/Confluence-like host/);
  });
});

describe("the bin", () => {
  test("--once serves a static app, opens each module in Chromium, exits 0 with the report", async () => {
    const dir = temp.make();
    cpSync(FIXTURE, dir, { recursive: true });
    const descriptor = readFileSync(join(dir, "atlassian-connect.json"), "utf8").replaceAll("{page}", "apkit.html");
    writeFileSync(join(dir, "atlassian-connect.json"), descriptor);
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, "--serve", dir, "--port", "0", "--once"], { timeout: 90_000 });
    expect(stdout).toMatch(/^apkit-dev: http:\/\/127\.0\.0\.1:\d+\/host\.html$/m);
    expect(stdout).toContain("app fixture-app: Connect at http://localhost:");
    for (const key of ["panel", "glance", "project-page", "general", "admin", "macro"]) expect(stdout).toContain(`✓ connect fixture-app ${key}`);
    expect(stdout).toMatch(/apkit-dev --once: ok$/m);
  });

  test("--once fails (exit 1) when a module never reaches the bridge", async () => {
    const dir = temp.make();
    cpSync(FIXTURE, dir, { recursive: true });
    // The panel points at a page that does not exist: its frame shows a 404 and never talks to the host.
    const descriptor = JSON.parse(readFileSync(join(dir, "atlassian-connect.json"), "utf8"));
    descriptor.modules = { webPanels: [{ ...descriptor.modules.webPanels[0], url: "/missing.html" }] };
    writeFileSync(join(dir, "atlassian-connect.json"), JSON.stringify(descriptor));
    const run = promisify(execFile)(process.execPath, [BIN, "--serve", dir, "--port", "0", "--once"], { timeout: 60_000 });
    const failure = await run.then(() => undefined, (error) => error);
    expect(failure?.code).toBe(1);
    expect(failure.stdout).toMatch(/✗ connect fixture-app panel \(issue\/ABC-1\): did not reach the bridge/);
    expect(failure.stdout).toMatch(/apkit-dev --once: FAILED$/m);
  });

  test("a bad app is reported with its code and exit 1", async () => {
    const failure = await promisify(execFile)(process.execPath, [BIN, "--descriptor", "https://app.example.com/atlassian-connect.json", "--port", "0"]).then(() => undefined, (e) => e);
    expect([failure?.code, failure?.stderr]).toEqual([1, expect.stringContaining("ERR_DEV_NOT_LOOPBACK")]);
  });
});
