// docs/testing.md's Forge Remote example, as written, in jsdom: createForgeKeys (Web Crypto) signs FITs that
// apkit/server accepts, and a mock Connect host's context token and a FIT of the same site resolve to one clientKey.
import { expect, test } from "vitest";
import { createForgeKeys, createMockAP } from "apkit/testing";
import { createAppVerifier, createMemoryTenantStore } from "apkit/server";

test("the same route serves the Connect iframe and the Forge Custom UI", async () => {
  const forge = await createForgeKeys();
  using mock = createMockAP().install();
  const installationId = "ari:cloud:ecosystem::installation/6a1f0c2e-1111-4222-8333-944455556666";
  const tenants = createMemoryTenantStore([{ ...mock.tenant, installationId }]);
  const verify = createAppVerifier({ tenants, appId: forge.appId, jwksUrl: forge.jwksUrl, fetch: forge.fetch });
  const fromConnect = await verify(new Request("https://app.test/api", { headers: { authorization: `JWT ${await mock.ap.context.getToken()}` } }));
  const fromForge = await verify(new Request("https://app.test/api", { headers: { authorization: `Bearer ${await forge.sign({ app: { installationId }, context: { siteUrl: mock.tenant.baseUrl } })}` } }));
  expect(fromForge.clientKey).toBe(fromConnect.clientKey);
  expect([fromConnect.platform, fromForge.platform]).toEqual(["connect", "forge"]);
  expect(forge.fetches).toBe(1);
});

test("rotate() adds a key under a new kid and signs with it; the old key stays published", async () => {
  const forge = await createForgeKeys();
  const first = forge.kid;
  await forge.rotate();
  expect(forge.kid).not.toBe(first);
  expect(forge.jwks.keys.map((k) => (k as { kid: string }).kid)).toEqual([forge.kid, first]);
  const header = JSON.parse(atob((await forge.sign()).split(".")[0]!.replace(/-/g, "+").replace(/_/g, "/")));
  expect(header).toEqual({ alg: "RS256", kid: forge.kid, typ: "JWT" });
});
