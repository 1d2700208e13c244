// The TenantStore contract: what apkit/server expects of any tenant store, written once and run on every store
// apkit ships (memory, PostgreSQL). An adapter for another database (Redis, SQLite, DynamoDB ...) passes when this
// suite passes against it: import tenantStoreContract and give it a factory (docs/server.md).
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { Tenant, TenantStore } from "apkit/server";

/** A store with the Forge association, as createAppVerifier needs it. */
export type ContractStore = TenantStore & Required<Pick<TenantStore, "getByInstallationId">>;

const tenant = (extra: Partial<Tenant> = {}): Tenant => ({
  clientKey: randomUUID(),
  sharedSecret: randomUUID(),
  baseUrl: "https://example.atlassian.net",
  key: "com.example.app",
  productType: "jira",
  ...extra,
});
const installation = () => `ari:cloud:ecosystem::installation/${randomUUID()}`;

export function tenantStoreContract(name: string, make: () => ContractStore | Promise<ContractStore>): void {
  describe(`TenantStore contract: ${name}`, () => {
    test("get of an unknown clientKey is nothing (undefined or null), not an error", async () => {
      const store = await make();
      expect((await store.get(randomUUID())) ?? undefined).toBeUndefined();
      expect((await store.getByInstallationId(installation())) ?? undefined).toBeUndefined();
    });

    test("set then get returns the whole tenant, every install field kept as sent", async () => {
      const store = await make();
      const t = tenant({ displayUrl: "https://jira.example.com", serverVersion: "100", oauthClientId: "abc", nested: { a: [1, "2", null] }, cloudId: "c-1" });
      await store.set(t);
      expect(await store.get(t.clientKey)).toEqual(t);
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

    test("clientKeys are opaque strings: quotes, SQL, unicode, prototype names", async () => {
      const store = await make();
      for (const clientKey of ["'; drop table apkit_tenants; --", "constructor", "__proto__", "ключ 🔑", "a\\b\"c", " padded "]) {
        const t = tenant({ clientKey });
        await store.set(t);
        expect(await store.get(clientKey), clientKey).toEqual(t);
      }
      expect((await store.get("toString")) ?? undefined).toBeUndefined();
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

    test("what get returns is a copy: changing it changes nothing stored", async () => {
      const store = await make();
      const t = tenant();
      await store.set(t);
      const got = (await store.get(t.clientKey))!;
      got.sharedSecret = "mutated";
      t.sharedSecret = "mutated too";
      expect((await store.get(t.clientKey))!.sharedSecret).not.toMatch(/mutated/);
    });

    test("50 concurrent installs of different sites all land", async () => {
      const store = await make();
      const all = Array.from({ length: 50 }, () => tenant({ installationId: installation() }));
      await Promise.all(all.map((t) => store.set(t)));
      const back = await Promise.all(all.map((t) => store.get(t.clientKey)));
      expect(back).toEqual(all);
      const linked = await Promise.all(all.map((t) => store.getByInstallationId(t.installationId as string)));
      expect(linked.map((t) => t?.clientKey)).toEqual(all.map((t) => t.clientKey));
    });
  });
}
