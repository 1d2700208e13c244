// apkit/postgres on a real PostgreSQL server started for this file (test/support/postgres.ts): the TenantStore
// contract on it and on the memory store, the SQL it writes, and scale-out: an install handled by one server
// process and a context token verified by another, sharing the database, and a restart that loses nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMemoryTenantStore, computeQsh, signContextToken, verifyContextToken } from "apkit/server";
import { createPostgresTenantStore } from "apkit/postgres";
import { startPostgres, type TestPostgres } from "../support/postgres.js";
import { tenantStoreContract } from "./tenant-store-contract.js";
import { HS256, NOW_MS, contextClaims, craft, rsaKeys, secret } from "./server-helpers.js";

let database: TestPostgres;
let pool: pg.Pool;
beforeAll(async () => {
  database = await startPostgres();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // Stopping the test server at the end terminates connections still closing (57P01, "administrator command"); a pool
  // without an error listener would turn that into an uncaught exception. Any other idle-client error is a failure.
  pool.on("error", (error) => {
    if ((error as { code?: string }).code !== "57P01") throw error;
  });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await database?.stop();
});

const table = () => `tenants_${randomUUID().replace(/-/g, "").slice(0, 12)}`;

tenantStoreContract("memory", () => createMemoryTenantStore());
tenantStoreContract("postgres", () => createPostgresTenantStore({ pool, table: table() }));

describe("apkit/postgres", () => {
  test("creates its table on first use, once; the secret has its own column, never the jsonb payload", async () => {
    const name = table();
    const store = createPostgresTenantStore({ pool, table: name });
    const clientKey = randomUUID();
    await Promise.all([store.get("x"), store.get("y")]);
    await store.set({ clientKey, sharedSecret: "s3cret", baseUrl: "https://a.atlassian.net", key: "app", installationId: "ari:cloud:ecosystem::installation/1" });
    const { rows } = await pool.query(`select client_key, installation_id, base_url, shared_secret, payload from ${name}`);
    expect(rows).toEqual([
      { client_key: clientKey, installation_id: "ari:cloud:ecosystem::installation/1", base_url: "https://a.atlassian.net", shared_secret: "s3cret", payload: expect.not.objectContaining({ sharedSecret: expect.anything() }) },
    ]);
    expect(JSON.stringify(rows[0].payload)).not.toContain("s3cret");
  });

  test("createTable: false leaves the schema to your migrations: schemaSql / migrate()", async () => {
    const name = `app_${table()}`;
    const store = createPostgresTenantStore({ pool, table: name, createTable: false });
    await expect(store.get("x")).rejects.toMatchObject({ code: "42P01" }); // undefined_table
    expect(store.schemaSql).toMatch(new RegExp(`create table ${name} \\(`));
    expect(await store.migrate()).toEqual({ from: 0, to: 2 });
    expect(await store.migrate()).toEqual({ from: 2, to: 2 }); // idempotent
    expect(await store.get("x")).toBeUndefined();
    // The statements are the schema migrate() makes.
    const own = `own_${table()}`;
    await pool.query(createPostgresTenantStore({ pool, table: own }).schemaSql);
    const columns = async (t: string) =>
      (await pool.query("select column_name, data_type, is_nullable from information_schema.columns where table_name = $1 order by column_name", [t])).rows;
    expect(await columns(own)).toEqual(await columns(name));
  });

  test("security review 2, #05: four instances starting together on a fresh database migrate once, and all serve", async () => {
    const name = table();
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: database.url, max: 2 }));
    try {
      const stores = pools.map((p) => createPostgresTenantStore({ pool: p, table: name }));
      // Each instance's first requests arrive together, before any migration has run.
      const first = await Promise.allSettled(stores.flatMap((store, i) => Array.from({ length: 8 }, (_, j) => (j === 0 ? store.set({ clientKey: `k${i}`, sharedSecret: "s", baseUrl: "https://a.atlassian.net" }) : store.get(`k${i}`)))));
      expect(first.filter((r) => r.status === "rejected")).toEqual([]);
      const results = await Promise.all(stores.map((store) => store.migrate()));
      expect(results).toEqual(Array(4).fill({ from: 2, to: 2 }));
      const { rows } = await pool.query("select version, migrated_from from apkit_schema_versions where table_name = $1", [name]);
      expect(rows).toEqual([{ version: 2, migrated_from: 0 }]);
      // And racing migrate() calls on a fresh table: exactly one of them did the work.
      const fresh = table();
      const raced = await Promise.all(pools.map((p) => createPostgresTenantStore({ pool: p, table: fresh, createTable: false }).migrate()));
      expect(raced.filter((r) => r.from === 0)).toHaveLength(1);
      expect(raced.filter((r) => r.from === 2)).toHaveLength(3);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test("an apkit 0.3 table migrates in place: tenants kept, the newest holder of an installationId keeps it", async () => {
    const name = table();
    // The 0.3 schema, as its createPostgresTenantStore made it, with data in it.
    await pool.query(`create table ${name} (client_key text primary key, installation_id text, base_url text not null, shared_secret text not null,
      payload jsonb not null, updated_at timestamptz not null default now()); create index ${name}_installation_id on ${name} (installation_id);`);
    const row = (clientKey: string, installationId: string | null, extra: Record<string, unknown>, at: string) =>
      pool.query(`insert into ${name} values ($1, $2, 'https://a.atlassian.net', 'secret-' || $1, $3::jsonb, $4)`, [clientKey, installationId, JSON.stringify({ clientKey, baseUrl: "https://a.atlassian.net", key: "app", installationId, ...extra }), at]);
    await row("old", "ari:cloud:ecosystem::installation/1", { cloudId: "c-old" }, "2026-01-01");
    await row("new", "ari:cloud:ecosystem::installation/1", {}, "2026-02-01");
    await row("plain", null, { cloudId: "c-plain" }, "2026-01-15");
    const store = createPostgresTenantStore({ pool, table: name });
    expect(await store.migrate()).toEqual({ from: 1, to: 2 });
    expect(await store.get("old")).toMatchObject({ clientKey: "old", sharedSecret: "secret-old", cloudId: "c-old" });
    expect((await store.get("old"))?.installationId).toBeUndefined();
    expect((await store.getByInstallationId("ari:cloud:ecosystem::installation/1"))?.clientKey).toBe("new");
    expect((await store.getByCloudId("c-plain"))?.clientKey).toBe("plain");
    expect(await store.migrate()).toEqual({ from: 2, to: 2 });
    // Forge-only tenants fit now.
    await store.set({ cloudId: "c-forge", installationId: "ari:cloud:ecosystem::installation/2", baseUrl: "https://b.atlassian.net" });
    expect(await store.getByCloudId("c-forge")).toEqual({ cloudId: "c-forge", installationId: "ari:cloud:ecosystem::installation/2", baseUrl: "https://b.atlassian.net" });
  });

  test("security review 2, #04: a clientKey with U+0000 (an unverified iss) is an unknown tenant, without a query", async () => {
    const name = table();
    await createPostgresTenantStore({ pool, table: name }).migrate();
    let queries = 0;
    const counting = { query: (text: string, values?: unknown[]) => (queries++, pool.query(text, values)) };
    const watched = createPostgresTenantStore({ pool: counting, table: name, createTable: false });
    expect(await watched.get("evil\u0000key")).toBeUndefined();
    expect(await watched.getByCloudId("\u0000")).toBeUndefined();
    expect(await watched.getByInstallationId("a\u0000")).toBeUndefined();
    expect(await watched.delete("x\u0000")).toBe(false);
    expect(queries).toBe(0);
    // Through the verifier over the wire: a 401 like any unknown tenant, not a 500.
    const token = craft(HS256, contextClaims("evil\u0000key"), "guess");
    const error = await verifyContextToken(token, { tenants: watched, now: () => NOW_MS }).catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_JWT_TENANT" });
    expect(queries).toBe(0);
  });

  test("security review 2, #03 and #08 across instances: links are unique and lifecycle tokens single-use in the database", async () => {
    const name = table();
    const other = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      const a = createPostgresTenantStore({ pool, table: name });
      const b = createPostgresTenantStore({ pool: other, table: name });
      const installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
      const stamp = { iat: 1000, token: randomUUID() };
      await a.set({ clientKey: "site-A", sharedSecret: "s-A", baseUrl: "https://a.atlassian.net", installationId, cloudId: "cloud-A", lifecycle: stamp });
      const conflictOf = (write: Promise<unknown>) => write.then(() => "written", (e) => e.conflict ?? String(e));
      expect(await conflictOf(b.set({ clientKey: "site-B", sharedSecret: "s-B", baseUrl: "https://b.atlassian.net", installationId, cloudId: "cloud-B" }))).toBe("installationId");
      expect(await conflictOf(b.set({ clientKey: "site-B", sharedSecret: "s-B", baseUrl: "https://b.atlassian.net", cloudId: "cloud-A" }))).toBe("cloudId");
      expect(await b.get("site-B")).toBeUndefined();
      // The token instance A applied is refused by instance B; so is an older event; concurrent replays: one wins.
      expect(await conflictOf(b.set({ clientKey: "site-A", sharedSecret: "stolen", baseUrl: "https://a.atlassian.net", lifecycle: stamp }))).toBe("replayed");
      expect(await conflictOf(b.set({ clientKey: "site-A", sharedSecret: "stale", baseUrl: "https://a.atlassian.net", lifecycle: { iat: 999, token: randomUUID() } }))).toBe("outdated");
      const next = { iat: 1010, token: randomUUID() };
      const raced = await Promise.all([a, b, a, b].map((store, i) => conflictOf(store.set({ clientKey: "site-A", sharedSecret: `race-${i}`, baseUrl: "https://a.atlassian.net", installationId, cloudId: "cloud-A", lifecycle: next }))));
      expect(raced.filter((r) => r === "written")).toHaveLength(1);
      expect(raced.filter((r) => r === "replayed")).toHaveLength(3);
      expect((await a.get("site-A"))?.lifecycle).toEqual(next);
    } finally {
      await other.end();
    }
  });

  test("a schema-qualified table works; anything else in the table name is a TypeError", async () => {
    await pool.query("create schema if not exists apkit_test");
    const store = createPostgresTenantStore({ pool, table: "apkit_test.tenants" });
    await store.set({ clientKey: "k", sharedSecret: "s", baseUrl: "https://a.atlassian.net", key: "app" });
    expect((await store.get("k"))?.sharedSecret).toBe("s");
    for (const bad of ["Tenants", "t; drop table x", "a.b.c", "", "t\"x"]) {
      expect(() => createPostgresTenantStore({ pool, table: bad })).toThrow(TypeError);
    }
    expect(() => createPostgresTenantStore({ pool: {} as never })).toThrow(TypeError);
  });

  test("a database outage is an error of the store (the middlewares answer 500), never an unknown tenant", async () => {
    const dead = new pg.Pool({ connectionString: database.url.replace(/:\d+\//, ":1/"), connectionTimeoutMillis: 500 });
    const store = createPostgresTenantStore({ pool: dead, table: table() });
    await expect(store.get("x")).rejects.toThrow();
    await dead.end();
  });
});

// Two server processes on the built package (dist): one handles the signed install, the other verifies context
// tokens, both on the same database; then the API process restarts and still knows the site.
describe.runIf(process.env.APKIT_TARGET === "esm")("scale-out on PostgreSQL: two processes, one database", () => {
  const keys = rsaKeys();
  const kid = randomUUID();
  let keyServer: Server;
  let keyServerUrl = "";
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    keyServer = createServer((req, res) => (req.url === `/${kid}` ? res.end(keys.pem) : res.writeHead(404).end()));
    keyServer.listen(0, "127.0.0.1");
    await once(keyServer, "listening");
    keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGTERM");
    keyServer?.close();
  });

  async function start(role: "installer" | "api", baseUrl = "https://app.example.com"): Promise<{ url: string; child: ChildProcess }> {
    const child = spawn(process.execPath, [fileURLToPath(new URL("./fixtures/tenant-server.mjs", import.meta.url))], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, DATABASE_URL: database.url, ROLE: role, KEY_SERVER: keyServerUrl, BASE_URL: baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let errors = "";
    child.stderr!.on("data", (d) => (errors += d));
    const [line] = (await Promise.race([
      once(child.stdout!, "data"),
      once(child, "exit").then(() => {
        throw new Error(`${role} process exited: ${errors}`);
      }),
    ])) as [Buffer];
    return { url: line.toString().trim().split("\n")[0]!, child };
  }

  test("an install handled by process A is known to process B, and to B after a restart", async () => {
    // The installer's baseUrl is the app's public URL; the request reaches it on loopback with that Host.
    const lifecycle = await start("installer", "http://installer.test");
    const api = await start("api");
    const clientKey = randomUUID();
    const sharedSecret = secret();
    const now = Math.floor(Date.now() / 1000);
    const qsh = await computeQsh("POST", "http://installer.test/installed", "http://installer.test");
    const token = keys.sign({ kid }, { iss: clientKey, aud: ["http://installer.test"], qsh, iat: now, exp: now + 180 });
    // A site outside Atlassian's domains: its cloud id is not asked for (the child processes use the real fetch).
    const body = { key: "com.example.app", clientKey, sharedSecret, baseUrl: "https://jira.example.test", productType: "jira", eventType: "installed" };
    const installed = await fetch(`${lifecycle.url}/installed`, {
      method: "POST",
      headers: { authorization: `JWT ${token}`, "content-type": "application/json", host: "installer.test" },
      body: JSON.stringify(body),
    });
    expect(installed.status).toBe(204);

    const contextToken = await signContextToken({ iss: clientKey, sub: "557058:user" }, sharedSecret);
    const first = await fetch(api.url, { headers: { authorization: `JWT ${contextToken}` } });
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { pid: number; clientKey: string };
    expect(answer).toMatchObject({ clientKey, pid: api.child.pid });
    expect(api.child.pid).not.toBe(lifecycle.child.pid);

    api.child.kill("SIGTERM");
    await once(api.child, "exit");
    const restarted = await start("api");
    const again = await fetch(restarted.url, { headers: { authorization: `JWT ${contextToken}` } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ clientKey, pid: restarted.child.pid });
  }, 60_000);

  test("the Express example keeps its tenants in PostgreSQL when DATABASE_URL is set", async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL("../../examples/server/index.mjs", import.meta.url))], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => /tenants: /.test(out) && (clearInterval(check), resolve()), 20);
      child.once("exit", (code) => reject(new Error(`the example exited (${code}): ${out}`)));
    });
    expect(out).toMatch(/tenants: PostgreSQL/);
    const url = /apkit server example on (\S+)/.exec(out)![1]!;
    expect((await fetch(`${url}/api/whoami`)).status).toBe(401);
    const { rows } = await pool.query("select to_regclass('apkit_tenants') as t");
    expect(rows[0].t).toBe("apkit_tenants");
  }, 30_000);
});
