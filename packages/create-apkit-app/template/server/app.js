// The app's backend (Express): its Connect descriptor, Connect's signed install callbacks, and /api for the panel on
// both platforms. `npm start` runs it (server/index.js); test/server.test.ts calls it over HTTP.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express from "express";
import { createAppMiddleware, handleInstalled, handleUninstalled, toNodeHandler } from "apkit/server";

/**
 * @param {object} options
 * @param {string} options.baseUrl where Jira reaches this server: the descriptor's baseUrl, the manifest's remote
 * @param {import("apkit/server").TenantStore} options.tenants the installed sites (server/tenants.js)
 * @param {string} options.appId the Forge app id (manifest.yml `app.id`): Forge Invocation Tokens must be for it
 * @param {{ install?: typeof fetch, forge?: typeof fetch }} [options.keys] where Atlassian's install keys and Forge's
 *   key set are fetched from: Atlassian by default; tests give local stand-ins (apkit/testing's createInstallKeys,
 *   createForgeKeys)
 */
export function createApp({ baseUrl, tenants, appId, keys = {} }) {
  const descriptorFile = readFileSync(new URL("../atlassian-connect.json", import.meta.url), "utf8");
  const descriptor = JSON.parse(descriptorFile.replaceAll("{{localBaseUrl}}", baseUrl));
  const lifecycle = { baseUrl, tenants, appKey: descriptor.key, ...(keys.install ? { fetch: keys.install } : {}) };

  const app = express();
  app.disable("x-powered-by");
  app.get("/atlassian-connect.json", (req, res) => res.json(descriptor));
  // Signed by Atlassian (RS256); apkit checks the token and that it was issued for the clientKey in the body.
  app.post("/installed", toNodeHandler((request) => handleInstalled(request, lifecycle)));
  app.post("/uninstalled", toNodeHandler((request) => handleUninstalled(request, lifecycle)));

  // One route for both platforms: a context JWT (apFetch in the Connect iframe) or a Forge Invocation Token
  // (requestRemote from the Forge resource) of an installed site; both give the same clientKey. Anything else is
  // answered 401 with { error: { code } } here.
  app.use("/api", createAppMiddleware({ tenants, appId, ...(keys.forge ? { fetch: keys.forge } : {}) }));
  app.get("/api/whoami", (req, res) => {
    // createAppMiddleware sets an AppIdentity (the site's tenant, the platform the call came from, the user).
    const { clientKey, platform, accountId } = /** @type {import("apkit/server").AppIdentity} */ (req.apkit);
    res.json({ clientKey, platform, accountId });
  });

  // The Connect pages (npm run build): Jira frames baseUrl + the module's url.
  app.use(express.static(fileURLToPath(new URL("../dist/", import.meta.url)), { index: false }));
  return app;
}
