/** @vitest-environment node */
// The backend over real HTTP on 127.0.0.1: a site installs (Connect's signed callback), then its Connect iframe
// and its Forge resource call the same route, each with its own token, and are the same tenant. Atlassian's key
// services are stood in for by apkit/testing (createInstallKeys, createForgeKeys). With DATABASE_URL set, the
// tenants are in PostgreSQL (server/tenants.js), as in production.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signContextToken } from "apkit/server";
import { createForgeKeys, createInstallKeys } from "apkit/testing";
import { createApp } from "../server/app.js";
import { openTenants } from "../server/tenants.js";

let server: Server;
let baseUrl = "";
let tenants: Awaited<ReturnType<typeof openTenants>>;
const forge = await createForgeKeys();
const installKeys = await createInstallKeys();
const installationId = `ari:cloud:ecosystem::installation/${crypto.randomUUID()}`;

beforeAll(async () => {
  tenants = await openTenants(process.env.DATABASE_URL);
  server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on("request", createApp({ baseUrl, tenants, appId: forge.appId, keys: { install: installKeys.fetch, forge: forge.fetch } }));
});
afterAll(async () => {
  await new Promise((closed) => server.close(closed));
  await tenants.close();
});

/** Sends a Request (as apkit/testing builds them) to the running server. */
const send = async (request: Request) =>
  fetch(new URL(new URL(request.url).pathname, baseUrl), { method: request.method, headers: request.headers, body: await request.text() });

test("GET /atlassian-connect.json is the descriptor, with this server as its baseUrl", async () => {
  const descriptor = await (await fetch(`${baseUrl}/atlassian-connect.json`)).json();
  expect(descriptor).toMatchObject({ key: "__APP_KEY__", baseUrl, authentication: { type: "jwt" } });
});

test("a site installs, then its Connect iframe and its Forge resource are the same tenant on /api/whoami", async () => {
  const { request, payload } = await installKeys.installed({ appBaseUrl: baseUrl, payload: { key: "__APP_KEY__", installationId } });
  expect((await send(request)).status).toBe(204);

  const now = Math.floor(Date.now() / 1000);
  const contextToken = await signContextToken({ iss: payload.clientKey, sub: "557058:alice", iat: now, exp: now + 60, context: {} }, payload.sharedSecret!);
  const fromConnect = await fetch(`${baseUrl}/api/whoami`, { headers: { authorization: `JWT ${contextToken}` } });
  expect(await fromConnect.json()).toEqual({ clientKey: payload.clientKey, platform: "connect", accountId: "557058:alice" });

  const fit = await forge.sign({ app: { installationId }, principal: "557058:alice" });
  const fromForge = await fetch(`${baseUrl}/api/whoami`, { headers: { authorization: `Bearer ${fit}` } });
  expect(await fromForge.json()).toEqual({ clientKey: payload.clientKey, platform: "forge", accountId: "557058:alice" });
});

test("without a token, or with a forged one, /api answers 401 with a coded error", async () => {
  const none = await fetch(`${baseUrl}/api/whoami`);
  expect(none.status).toBe(401);
  expect(await none.json()).toMatchObject({ error: { code: "ERR_JWT_MISSING" } });
  const forged = await fetch(`${baseUrl}/api/whoami`, { headers: { authorization: "JWT e30.e30.c2ln" } });
  expect(forged.status).toBe(401);
});

test("an install signed with a key Atlassian does not publish stores nothing", async () => {
  const stranger = await createInstallKeys();
  const { request, payload } = await stranger.installed({ appBaseUrl: baseUrl, payload: { key: "__APP_KEY__" } });
  expect((await send(request)).status).toBe(401);
  expect(await tenants.get(payload.clientKey)).toBeFalsy();
});
