// apkit/testing's createInstallKeys: install and uninstall callbacks signed like Atlassian's, accepted by
// handleInstalled / handleUninstalled through the key service's fetch and through a real key server on loopback;
// and what they must not allow (another key, another tenant's token).
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { createInstallKeys } from "apkit/testing";
import { createMemoryTenantStore, handleInstalled, handleUninstalled } from "apkit/server";

const appBaseUrl = "https://app.example.com/connect";

test("installed and uninstalled callbacks verify through the key service's fetch", async () => {
  const keys = await createInstallKeys({ cloudId: "c0ffee00-1111-4222-8333-444455556666" });
  const tenants = createMemoryTenantStore();
  const options = { baseUrl: appBaseUrl, tenants, fetch: keys.fetch };
  const { request, payload } = await keys.installed({ appBaseUrl, payload: { installationId: "ari:cloud:ecosystem::installation/abc-1" } });
  expect((await handleInstalled(request, options)).status).toBe(204);
  // The site's cloud id came from the stand-in for <site>/_edge/tenant_info.
  expect(tenants.get(payload.clientKey)).toMatchObject({ sharedSecret: payload.sharedSecret, installationId: "ari:cloud:ecosystem::installation/abc-1", cloudId: "c0ffee00-1111-4222-8333-444455556666" });
  const gone = await keys.uninstalled({ appBaseUrl, payload: { clientKey: payload.clientKey } });
  expect((await handleUninstalled(gone.request, options)).status).toBe(204);
  expect(tenants.get(payload.clientKey)).toBeUndefined();
});

test("50 concurrent installs of different sites all land; without a cloud id option no site's tenant_info is answered", async () => {
  const keys = await createInstallKeys();
  const tenants = createMemoryTenantStore();
  const callbacks = await Promise.all(Array.from({ length: 50 }, () => keys.installed({ appBaseUrl })));
  const answers = await Promise.all(callbacks.map(({ request }) => handleInstalled(request, { baseUrl: appBaseUrl, tenants, fetch: keys.fetch })));
  expect(answers.map((r) => r.status)).toEqual(Array(50).fill(204));
  expect(tenants.size).toBe(50);
});

test("a real key server on loopback serves the PEM; another key pair or another tenant's token is refused", async () => {
  const keys = await createInstallKeys();
  const server = createServer((req, res) => (req.url === `/${keys.kid}` ? res.end(keys.pem) : res.writeHead(404).end()));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    const tenants = createMemoryTenantStore();
    const options = { baseUrl: appBaseUrl, tenants, keyServer: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    // A site outside Atlassian's domains: its cloud id is not asked for (this test's fetch is the real one; no DNS).
    const site = "https://jira.example.test";
    const first = await keys.installed({ appBaseUrl, payload: { baseUrl: site } });
    expect((await handleInstalled(first.request, options)).status).toBe(204);
    const stranger = await createInstallKeys();
    const forged = await stranger.installed({ appBaseUrl, payload: { clientKey: first.payload.clientKey, baseUrl: site } });
    const refused = await handleInstalled(forged.request, options);
    expect(refused.status).toBe(401);
    const other = await keys.installed({ appBaseUrl, claims: { iss: "another-site" }, payload: { clientKey: first.payload.clientKey, sharedSecret: "stolen", baseUrl: site } });
    expect((await handleInstalled(other.request, options)).status).toBe(403);
    expect(tenants.get(first.payload.clientKey)?.sharedSecret).toBe(first.payload.sharedSecret);
  } finally {
    server.close();
  }
});
