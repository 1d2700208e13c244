// The backend of the React example (examples/react-app), an Express app with what a Connect app with
// `authentication: jwt` needs:
// - GET  /atlassian-connect.json  the React app's descriptor, its {{localBaseUrl}} replaced by this server's baseUrl;
// - POST /installed, /uninstalled the signed lifecycle callbacks (RS256 tokens, verified by apkit/server) that store
//                                 and remove the site (clientKey, sharedSecret, ...) in a TenantStore;
// - /api/*                        routes for the app's iframes, which call them with apFetch; every call must carry a
//                                 context token signed with that site's shared secret (verified per request). With
//                                 `forge` (FORGE_APP_ID), the same routes also serve the app's Forge Custom UI:
//                                 a Forge Invocation Token (requestRemote) resolves to the same site's clientKey;
// - the React app's pages, built by `npm run example:react` into examples/react-app/dist.
//
// Run it alone with `npm run example:server` (127.0.0.1:3000); with DATABASE_URL set, tenants live in PostgreSQL.
// `npm run demo` starts it inside the local host, which
// installs the app the way Jira does.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import {
  createAppMiddleware,
  createContextTokenMiddleware,
  createMemoryTenantStore,
  handleInstalled,
  handleUninstalled,
  toNodeHandler,
} from "apkit/server";

const REACT_APP = fileURLToPath(new URL("../react-app/", import.meta.url));
const CDN_ALL_JS = "https://connect-cdn.atl-paas.net/all.js";

/**
 * The Express app.
 * @param {object} options
 * @param {string} options.baseUrl where this server is reachable for the product (the descriptor's baseUrl)
 * @param {import("apkit/server").TenantStore} [options.tenants] installed sites (memory by default: forgotten on restart)
 * @param {string} [options.devInstallKeyServer] DEVELOPMENT ONLY: the install-key server lifecycle tokens are checked
 *   against, instead of Atlassian's https://connect-install-keys.atlassian.com (the local demo host signs installs
 *   with its own key and serves it on loopback; apkit/server accepts plain http for loopback only)
 * @param {string} [options.devAllJs] DEVELOPMENT ONLY: served pages load all.js from here instead of Atlassian's CDN
 *   (the local demo host serves the npm package's copy; it has no internet)
 * @param {{ appId: string, jwksUrl?: string, fetch?: typeof fetch }} [options.forge] the app's Forge id (manifest.yml
 *   app.id): /api then also accepts Forge Invocation Tokens, one route for both platforms during the migration
 * @param {(line: string) => void} [options.log]
 */
export function createExampleApp({ baseUrl, tenants = createMemoryTenantStore(), devInstallKeyServer, devAllJs, forge, log = () => {} }) {
  const descriptor = JSON.parse(readFileSync(resolve(REACT_APP, "atlassian-connect.json"), "utf8").replaceAll("{{localBaseUrl}}", baseUrl));
  const lifecycle = { baseUrl, tenants, appKey: descriptor.key, ...(devInstallKeyServer ? { keyServer: devInstallKeyServer } : {}) };

  const app = express();
  app.disable("x-powered-by");

  app.get("/atlassian-connect.json", (req, res) => {
    res.set("cache-control", "no-store").json(descriptor);
  });

  // Lifecycle: apkit verifies the RS256 token (key by kid from the key server, aud = baseUrl, qsh, exp) and that it
  // was issued for the very clientKey in the body before anything is stored. 204 stored; 401/403/400 otherwise.
  app.post(descriptor.lifecycle.installed, toNodeHandler(async (request) => {
    const response = await handleInstalled(request, lifecycle);
    log(`POST ${descriptor.lifecycle.installed} -> ${response.status}`);
    return response;
  }));
  app.post(descriptor.lifecycle.uninstalled, toNodeHandler(async (request) => {
    const response = await handleUninstalled(request, lifecycle);
    log(`POST ${descriptor.lifecycle.uninstalled} -> ${response.status}`);
    return response;
  }));

  // Everything under /api needs a context token of an installed site (Authorization: JWT <token>); the claims are
  // on req.apkit. Rejections are answered by the middleware: 401 with { error: { code } }. With a Forge app id, a
  // Forge Invocation Token (Authorization: Bearer <FIT>) of the same site is accepted too, as the same clientKey.
  app.use("/api", forge ? createAppMiddleware({ tenants, ...forge }) : createContextTokenMiddleware({ tenants }));
  app.get("/api/whoami", async (req, res) => {
    const { clientKey, accountId, context, platform = "connect" } = req.apkit;
    const site = await tenants.get(clientKey);
    res.json({
      clientKey,
      platform,
      accountId,
      // Connect's context token and a Forge invocation carry the issue in different places.
      issueKey: context?.jira?.issue?.key ?? context?.extension?.issue?.key ?? null,
      site: site?.baseUrl ?? null,
      productType: site?.productType ?? null,
    });
  });
  app.use("/api", (req, res) => res.status(404).json({ error: { code: "NOT_FOUND", message: `No route ${req.method} ${req.path}` } }));

  // The React app's pages. Product iframes load them from baseUrl + the module's url.
  const pages = resolve(REACT_APP, "dist");
  app.get(/\.html$/, (req, res, next) => {
    const file = resolve(pages, `.${decodeURIComponent(req.path)}`);
    if (!file.startsWith(pages + sep)) return next();
    let html;
    try {
      html = readFileSync(file, "utf8");
    } catch {
      return next();
    }
    if (devAllJs) html = html.replaceAll(CDN_ALL_JS, devAllJs);
    res.set("cache-control", "no-store").type("html").send(html);
  });
  app.use(express.static(pages, { index: false }));
  app.get("/", (req, res) => {
    res.type("text").send(`apkit server example. Descriptor: ${baseUrl}/atlassian-connect.json\n`);
  });
  return app;
}

/**
 * Starts the example on 127.0.0.1 (never on other interfaces).
 * @param {Omit<Parameters<typeof createExampleApp>[0], "baseUrl"> & { port?: number, baseUrl?: string }} [options]
 *   port 0 picks a free port; baseUrl defaults to http://127.0.0.1:<port> (behind a tunnel, pass its https URL)
 */
export async function startExampleServer({ port = 0, baseUrl, ...options } = {}) {
  const tenants = options.tenants ?? createMemoryTenantStore();
  const server = createServer();
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ok);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  const app = createExampleApp({ ...options, tenants, baseUrl: (baseUrl ?? url).replace(/\/+$/, "") });
  server.on("request", app);
  return {
    url,
    baseUrl: (baseUrl ?? url).replace(/\/+$/, ""),
    tenants,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

// `node examples/server/index.mjs` (npm run example:server)
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const dev = { devInstallKeyServer: env.APKIT_DEV_INSTALL_KEYS_URL, devAllJs: env.APKIT_DEV_ALL_JS_URL };
  const forge = env.FORGE_APP_ID ? { appId: env.FORGE_APP_ID } : undefined;
  // Tenants in PostgreSQL when DATABASE_URL is set (installs survive restarts, several instances share them);
  // in memory otherwise, so the example runs with nothing to configure.
  let tenants;
  if (env.DATABASE_URL) {
    const [{ default: pg }, { createPostgresTenantStore }] = await Promise.all([import("pg"), import("apkit/postgres")]);
    tenants = createPostgresTenantStore({ pool: new pg.Pool({ connectionString: env.DATABASE_URL }) });
    await tenants.migrate();
  }
  const server = await startExampleServer({ port: Number(env.PORT ?? 3000), baseUrl: env.BASE_URL, ...dev, forge, tenants, log: console.log });
  console.log(`tenants: ${env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "in memory (set DATABASE_URL for PostgreSQL)"}`);
  console.log(`apkit server example on ${server.url}`);
  console.log(`descriptor: ${server.baseUrl}/atlassian-connect.json`);
  if (dev.devInstallKeyServer) console.warn(`DEVELOPMENT ONLY: install tokens are checked against ${dev.devInstallKeyServer}, not Atlassian's key server.`);
  if (dev.devAllJs) console.warn(`DEVELOPMENT ONLY: pages load all.js from ${dev.devAllJs}.`);
}
