// The TenantStore contract: what apkit/server expects of any tenant store, written once and run on every store
// apkit ships (memory, PostgreSQL). An adapter for another database (Redis, SQLite, DynamoDB ...) passes when this
// suite passes against it: import tenantStoreContract and give it a factory (docs/server.md).
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { isAPKitServerError, type Tenant, type TenantStore } from "apkit/server";

/** A store with every lookup: the Forge association, the site, and the list `linkCloudIds` walks. */
export type ContractStore = TenantStore & Required<Pick<TenantStore, "getByInstallationId" | "getByCloudId" | "list">>;

type ConnectTenant = Tenant & { clientKey: string; sharedSecret: string };
const tenant = (extra: Partial<Tenant> = {}): ConnectTenant => ({
  clientKey: randomUUID(),
  sharedSecret: randomUUID(),
  baseUrl: "https://example.atlassian.net",
  key: "com.example.app",
  productType: "jira",
  ...extra,
});
const installation = () => `ari:cloud:ecosystem::installation/${randomUUID()}`;
const stamp = (iat: number) => ({ iat, token: randomUUID() });

/** The conflict a rejected write names, or a failure when it was not a TenantConflictError. */
async function conflictOf(write: () => unknown): Promise<string> {
  try {
    await write();
  } catch (error) {
    if (isAPKitServerError(error, "ERR_TENANT_CONFLICT")) return error.conflict;
    throw error;
  }
  throw new Error("expected a TenantConflictError, but the write went through");
}

export function tenantStoreContract(name: string, make: () => ContractStore | Promise<ContractStore>): void {
  describe(`TenantStore contract: ${name}`, () => {
    test("get of an unknown clientKey, site or installation is nothing (undefined or null), not an error", async () => {
      const store = await make();
      expect((await store.get(randomUUID())) ?? undefined).toBeUndefined();
      expect((await store.getByInstallationId(installation())) ?? undefined).toBeUndefined();
      expect((await store.getByCloudId(randomUUID())) ?? undefined).toBeUndefined();
    });

    test("set then get returns the whole tenant, every install field kept as sent", async () => {
      const store = await make();
      const t = tenant({ displayUrl: "https://jira.example.com", serverVersion: "100", oauthClientId: "abc", nested: { a: [1, "2", null] }, cloudId: "c-1" });
      await store.set(t);
      expect(await store.get(t.clientKey)).toEqual(t);
      expect(await store.getByCloudId("c-1")).toEqual(t);
    });

    test("set replaces (a reinstall rotates the secret); delete removes; deleting again is no error", async () => {
      const store = await make();
      const t = tenant();
      await store.set(t);
      await store.set({ ...t, sharedSecret: "rotated", baseUrl: "https://renamed.atlassian.net" });
      expect(await store.get(t.clientKey)).toMatchObject({ sharedSecret: "rotated", baseUrl: "https://renamed.atlassian.net" });
      await store.delete(t.clientKey);
      expect((await store.get(t.clientKey)) ?? undefined).toBeUndefined();
      await store.delete(t.clientKey);
    });

    test("clientKeys are opaque strings: quotes, SQL, unicode, prototype names; a NUL is nothing, not an error", async () => {
      const store = await make();
      for (const clientKey of ["'; drop table apkit_tenants; --", "constructor", "__proto__", "ключ 🔑", "a\\b\"c", " padded "]) {
        const t = tenant({ clientKey });
        await store.set(t);
        expect(await store.get(clientKey), clientKey).toEqual(t);
      }
      expect((await store.get("toString")) ?? undefined).toBeUndefined();
      expect((await store.get("evil\u0000key")) ?? undefined).toBeUndefined();
      expect((await store.getByCloudId("\u0000")) ?? undefined).toBeUndefined();
      expect((await store.getByInstallationId("a\u0000b")) ?? undefined).toBeUndefined();
    });

    test("the Forge association follows installs, reinstalls and uninstalls", async () => {
      const store = await make();
      const a = installation();
      const b = installation();
      const t = tenant({ installationId: a });
      await store.set(t);
      expect((await store.getByInstallationId(a))?.clientKey).toBe(t.clientKey);
      await store.set({ ...t, installationId: b });
      expect((await store.getByInstallationId(a)) ?? undefined).toBeUndefined();
      expect((await store.getByInstallationId(b))?.clientKey).toBe(t.clientKey);
      await store.delete(t.clientKey);
      expect((await store.getByInstallationId(b)) ?? undefined).toBeUndefined();
      const without = tenant();
      await store.set(without);
      expect((await store.get(without.clientKey))?.installationId).toBeUndefined();
    });

    test("a tenant without Connect credentials (a Forge-only site) is kept by its cloudId", async () => {
      const store = await make();
      const cloudId = randomUUID();
      const installationId = installation();
      await store.set({ cloudId, installationId, baseUrl: "https://forge-only.atlassian.net" });
      expect(await store.getByCloudId(cloudId)).toEqual({ cloudId, installationId, baseUrl: "https://forge-only.atlassian.net" });
      expect((await store.getByInstallationId(installationId))?.cloudId).toBe(cloudId);
      // A later Connect install of the same site becomes that tenant (one tenant per site).
      const connect = tenant({ cloudId, installationId });
      await store.set(connect);
      expect(await store.getByCloudId(cloudId)).toEqual(connect);
      expect([...(await store.list())].filter((t) => t.cloudId === cloudId)).toHaveLength(1);
    });

    test("a link another tenant holds is refused and nothing is written (security review 2, #03)", async () => {
      const store = await make();
      const a = tenant({ installationId: installation(), cloudId: randomUUID() });
      await store.set(a);
      const b = tenant({ cloudId: randomUUID() });
      expect(await conflictOf(() => store.set({ ...b, installationId: a.installationId }))).toBe("installationId");
      expect(await conflictOf(() => store.set({ ...b, cloudId: a.cloudId }))).toBe("cloudId");
      expect((await store.get(b.clientKey)) ?? undefined).toBeUndefined();
      expect((await store.getByInstallationId(a.installationId as string))?.clientKey).toBe(a.clientKey);
      // A's uninstall drops nothing of B's.
      await store.set(b);
      await store.delete(a.clientKey);
      expect(await store.get(b.clientKey)).toEqual(b);
    });

    test("lifecycle stamps: a token applies once, never after a newer one; a write without a stamp keeps it (#08)", async () => {
      const store = await make();
      const first = stamp(1000);
      const t = tenant({ lifecycle: first });
      await store.set(t);
      expect(await conflictOf(() => store.set({ ...t, sharedSecret: "replayed", lifecycle: first }))).toBe("replayed");
      const second = stamp(1010);
      await store.set({ ...t, sharedSecret: "rotated", lifecycle: second });
      expect(await conflictOf(() => store.set({ ...t, sharedSecret: "rotated-out", lifecycle: stamp(1005) }))).toBe("outdated");
      expect((await store.get(t.clientKey))?.sharedSecret).toBe("rotated");
      const { lifecycle, ...unstamped } = t;
      void lifecycle;
      await store.set({ ...unstamped, sharedSecret: "rotated", installationId: installation() });
      expect((await store.get(t.clientKey))?.lifecycle).toEqual(second);
      await store.set({ ...t, lifecycle: stamp(1010) }); // the same second, another token: a new event
    });

    test("what get returns is a copy: changing it changes nothing stored", async () => {
      const store = await make();
      const t = tenant({ nested: { list: [1] } });
      await store.set(t);
      const got = (await store.get(t.clientKey))!;
      got.sharedSecret = "mutated";
      (got.nested as { list: number[] }).list.push(2);
      t.sharedSecret = "mutated too";
      expect((await store.get(t.clientKey))!.sharedSecret).not.toMatch(/mutated/);
      expect((await store.get(t.clientKey))!.nested).toEqual({ list: [1] });
    });

    test("list returns every tenant", async () => {
      const store = await make();
      const all = [tenant(), tenant({ cloudId: randomUUID() }), { cloudId: randomUUID(), baseUrl: "https://x.atlassian.net" }];
      for (const t of all) await store.set(t);
      const listed = [...(await store.list())];
      for (const t of all) expect(listed).toContainEqual(t);
    });

    test("50 concurrent installs of different sites all land", async () => {
      const store = await make();
      const all = Array.from({ length: 50 }, () => tenant({ installationId: installation(), cloudId: randomUUID() }));
      await Promise.all(all.map((t) => store.set(t)));
      const back = await Promise.all(all.map((t) => store.get(t.clientKey)));
      expect(back).toEqual(all);
      const linked = await Promise.all(all.map((t) => store.getByInstallationId(t.installationId as string)));
      expect(linked.map((t) => t?.clientKey)).toEqual(all.map((t) => t.clientKey));
    });
  });
}
