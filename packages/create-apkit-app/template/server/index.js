// `npm start`: the backend on 127.0.0.1:$PORT (3000). Set BASE_URL to the https URL Jira reaches it at (a tunnel
// while developing), FORGE_APP_ID if it is not manifest.yml's, DATABASE_URL for PostgreSQL.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createApp } from "./app.js";
import { openTenants } from "./tenants.js";

const port = Number(process.env.PORT ?? 3000);
const baseUrl = (process.env.BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, "");
if (!/^https?:\/\/[^/]/.test(baseUrl)) throw new Error(`BASE_URL must be the URL Jira reaches this server at, such as https://my-tunnel.example.com; got ${JSON.stringify(process.env.BASE_URL)}`);
// manifest.yml's app.id (the one line under `app:` that holds it).
const manifest = readFileSync(new URL("../manifest.yml", import.meta.url), "utf8");
const appId = process.env.FORGE_APP_ID ?? /^\s+id:\s*(ari:cloud:ecosystem::app\/\S+)/m.exec(manifest)?.[1];
if (!appId) throw new Error("No Forge app id: set FORGE_APP_ID, or app.id in manifest.yml");

const tenants = await openTenants(process.env.DATABASE_URL);
createServer(createApp({ baseUrl, tenants, appId })).listen(port, "127.0.0.1", () => {
  console.log(`Backend on http://127.0.0.1:${port}; tenants in ${process.env.DATABASE_URL ? "PostgreSQL" : "memory"}`);
  console.log(`Connect descriptor: ${baseUrl}/atlassian-connect.json`);
});
