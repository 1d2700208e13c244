// The starter's CI test, as a newcomer's first hour goes: apkit built and packed (`npm pack` at the repository's
// root) and this package packed, an app generated from the packed starter with `npm exec` (what `npm create
// apkit-app` runs) into a temp folder, `npm install`ed from the registry (apkit from its tarball), built for both
// platforms, its manifest validated, its tests run under vitest (the backend on a real PostgreSQL server when the
// machine has one, as CI's does) and under jest, and its backend started with `npm start`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresBin, startPostgres, type TestPostgres } from "../../../test/support/postgres.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const starter = fileURLToPath(new URL("../", import.meta.url));
let dir = "";
let app = "";
let postgres: TestPostgres | undefined;

// The commands run as a user's would: without the npm settings of the `npm run` around this test (its workspace,
// its prefix) or what vitest puts in the environment (VITEST*, and Vite's BASE_URL, MODE, DEV, PROD, SSR), which
// would leak into the app's own npm, vitest and server.
const KEEP = /^npm_config_(cache|userconfig|globalconfig|cafile|registry|noproxy|proxy|https_proxy)$/i;
const LEAKS = /^(npm_|VITEST|NODE_ENV$|BASE_URL$|MODE$|DEV$|PROD$|SSR$|TEST$)/i;
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !LEAKS.test(key) || KEEP.test(key)));

/** Runs a command to its end; its output (stdout, then stderr: jest reports on stderr), or an error with it. */
function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): string {
  const done = spawnSync(command, args, {
    cwd: options.cwd ?? app,
    encoding: "utf8",
    env: { ...env, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...options.env },
  });
  const output = `${done.stdout ?? ""}\n${done.stderr ?? ""}`;
  if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${done.status ?? done.error}):\n${output.slice(-12000)}`);
  return output;
}

const pack = (cwd: string): string => {
  run("npm", ["pack", "--pack-destination", dir], { cwd });
  const { name, version } = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
  return `${name}-${version}.tgz`;
};

describe("an app made by the packed create-apkit-app, on the packed apkit", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "create-apkit-app-"));
    // The root's `npm test` built apkit already (APKIT_BUILT, from `npm run test:built`); run alone, the test builds it.
    if (!process.env.APKIT_BUILT) run("npm", ["run", "build"], { cwd: root });
    const apkit = pack(root);
    const tool = pack(starter);
    run("npm", ["exec", "--yes", `--package=./${tool}`, "--", "create-apkit-app", "my-app", "--apkit", `file:../${apkit}`], { cwd: dir });
    app = join(dir, "my-app");
    run("npm", ["install", "--prefer-offline"]);
    if (postgresBin()) postgres = await startPostgres();
  }, 600_000);
  afterAll(async () => {
    await postgres?.stop();
    if (dir && !process.env.KEEP_STARTER_APP) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test("the app installs apkit from its tarball, and nothing of this repository", () => {
    const installed = JSON.parse(readFileSync(join(app, "node_modules/apkit/package.json"), "utf8"));
    expect(installed.version).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
    expect(readFileSync(join(app, "package-lock.json"), "utf8")).not.toContain(root);
  });

  test("npm run build: the Connect pages, loading all.js", { timeout: 120_000 }, () => {
    run("npm", ["run", "build"]);
    for (const page of ["index.html", "dialog.html"]) {
      expect(readFileSync(join(app, "dist", page), "utf8")).toContain('<script src="https://connect-cdn.atl-paas.net/all.js"></script>');
    }
  });

  test("npm run build:forge: one folder per resource of manifest.yml, without all.js; npm run check:manifest passes", { timeout: 120_000 }, () => {
    run("npm", ["run", "build:forge"]);
    for (const resource of ["issue-panel", "label-dialog"]) {
      const html = readFileSync(join(app, "dist-forge", resource, "index.html"), "utf8");
      expect(html).not.toContain("all.js");
      expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\//);
    }
    expect(existsSync(join(app, "dist-forge/issue-panel/icon.svg"))).toBe(true);
    expect(run("npm", ["run", "check:manifest"])).toContain("manifest.yml is a valid Forge manifest");
  });

  test("npm test: the component tests on both platforms and the backend's, on PostgreSQL where there is one", { timeout: 120_000 }, async () => {
    const out = run("npm", ["test", "--", "--reporter=verbose"], { env: postgres ? { DATABASE_URL: postgres.url } : {} });
    for (const platform of ["connect", "forge"]) {
      expect(out).toContain(`the issue panel on ${platform} > labels the issue: the dialog's choice is stored in an issue property`);
      expect(out).toContain(`the label dialog on ${platform} > shows what it was opened for and closes with the chosen label`);
    }
    expect(out).toContain("a site installs, then its Connect iframe and its Forge resource are the same tenant on /api/whoami");
    expect(out).toMatch(/Tests\s+10 passed \(10\)/);
    expect(out).not.toMatch(/not wrapped in act|Warning:/);
    if (postgres) {
      // The backend's test kept its tenants in PostgreSQL (server/tenants.js with DATABASE_URL): the installed site.
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        const { rows } = await client.query("select count(*)::int as sites from apkit_tenants where installation_id is not null");
        expect(rows[0].sites).toBeGreaterThan(0);
      } finally {
        await client.end();
      }
    }
  });

  test("npm run test:jest: the same component tests under jest", { timeout: 120_000 }, () => {
    const report = run("npm", ["run", "test:jest", "--", "--verbose"]);
    expect(report).toMatch(/Tests:\s+6 passed, 6 total/);
    expect(report).toContain("the issue panel on forge");
    expect(report).not.toMatch(/not wrapped in act/);
  });

  test("npm start: the backend serves the descriptor, with its baseUrl", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const server = spawn("npm", ["start"], { cwd: app, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    try {
      await new Promise<void>((started, failed) => {
        let output = "";
        server.stdout.on("data", (chunk: Buffer) => {
          output += chunk;
          if (output.includes("Connect descriptor:")) started();
        });
        server.once("exit", (code) => failed(new Error(`npm start exited (${code}): ${output}`)));
      });
      const descriptor = await (await fetch(`http://127.0.0.1:${port}/atlassian-connect.json`)).json();
      expect(descriptor).toMatchObject({ key: "my-app", baseUrl: `http://127.0.0.1:${port}` });
      expect((await fetch(`http://127.0.0.1:${port}/index.html`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/whoami`)).status).toBe(401);
    } finally {
      // npm start runs node as its child: stop the whole group it leads.
      process.kill(-server.pid!, "SIGTERM");
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
