// createProductClient against real HTTP servers on 127.0.0.1: a stand-in product that verifies every request's JWT
// with atlassian-jwt's own decode and qsh (differential: apkit signs, Atlassian's implementation checks), and a
// stand-in OAuth 2.0 authorization server for the JWT bearer grant (asUser), which checks the assertion the way the
// Connect documentation describes it.
import { once } from "node:events";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as atlassianJwt from "atlassian-jwt";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createProductClient, verifyForgeInvocationToken, type Tenant } from "apkit/server";
import { createForgeKeys } from "apkit/testing";

const sharedSecret = randomBytes(32).toString("base64url");
const clientKey = randomUUID();
const oauthClientId = randomUUID();
const HS256 = atlassianJwt.SymmetricAlgorithm.HS256;

interface Seen {
  method: string;
  url: string;
  auth: string;
  body: string;
  contentType: string | undefined;
  xToken: string | undefined;
  verified: "jwt" | "bearer" | "refused";
  actingAs?: string;
  iss?: string;
}
const seen: Seen[] = [];
const issuedTokens = new Map<string, string>(); // access token -> accountId
const grants: Array<{ sub: string; scope: string | null }> = [];
let grantMode: "ok" | "refuse" = "ok";

let product: Server;
let auth: Server;
let productBase = "";
let authBase = "";
let tenant: Tenant;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

/** The product: verifies the Connect JWT with atlassian-jwt (signature and qsh, base path aware) or a granted Bearer token. */
function productHandler(basePath: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    if (req.url?.startsWith(`${basePath}/hang`)) return; // never answers
    const header = String(req.headers.authorization ?? "");
    const record: Seen = { method: req.method!, url: req.url!, auth: header.split(" ")[0]!, body, contentType: req.headers["content-type"], xToken: req.headers["x-atlassian-token"] as string | undefined, verified: "refused" };
    try {
      if (header.startsWith("JWT ")) {
        const claims = atlassianJwt.decodeSymmetric(header.slice(4), sharedSecret, HS256);
        const expected = atlassianJwt.createQueryStringHash(atlassianJwt.fromMethodAndUrl(req.method!, req.url!), false, `${productBase}${basePath}`);
        if (claims.qsh !== expected) throw new Error(`qsh ${claims.qsh} != ${expected}`);
        if (claims.exp - claims.iat !== 180) throw new Error("lifetime");
        record.verified = "jwt";
        record.iss = claims.iss;
      } else if (header.startsWith("Bearer ") && issuedTokens.has(header.slice(7))) {
        record.verified = "bearer";
        record.actingAs = issuedTokens.get(header.slice(7));
      }
    } catch (error) {
      record.verified = "refused";
      record.body = String(error);
    }
    seen.push(record);
    if (record.verified === "refused") return void res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: record.body }));
    if (req.url?.includes("/missing")) return void res.writeHead(404, { "content-type": "application/json" }).end('{"errorMessages":["Issue does not exist"]}');
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, url: req.url }));
  };
}

beforeAll(async () => {
  product = createServer((req, res) => void productHandler(req.url!.startsWith("/wiki") ? "/wiki" : "")(req, res));
  product.listen(0, "127.0.0.1");
  await once(product, "listening");
  productBase = `http://127.0.0.1:${(product.address() as AddressInfo).port}`;

  auth = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    try {
      if (req.url !== "/oauth2/token" || form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") throw new Error("grant_type");
      const claims = atlassianJwt.decodeSymmetric(form.get("assertion")!, sharedSecret, HS256);
      if (claims.iss !== `urn:atlassian:connect:clientid:${oauthClientId}`) throw new Error("iss");
      if (!String(claims.sub).startsWith("urn:atlassian:connect:useraccountid:")) throw new Error("sub");
      // atlassian-jwt's decode hands aud back as a list.
      if (claims.tnt !== productBase || [claims.aud].flat()[0] !== authBase || claims.exp - claims.iat !== 60) throw new Error("claims");
      if (grantMode === "refuse") throw new Error("refused");
      const accountId = String(claims.sub).slice("urn:atlassian:connect:useraccountid:".length);
      grants.push({ sub: accountId, scope: form.get("scope") });
      const token = randomUUID();
      issuedTokens.set(token, accountId);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: token, expires_in: 900, token_type: "Bearer" }));
    } catch (error) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_grant", error_description: String(error) }));
    }
  });
  auth.listen(0, "127.0.0.1");
  await once(auth, "listening");
  authBase = `http://127.0.0.1:${(auth.address() as AddressInfo).port}`;
  tenant = { clientKey, sharedSecret, baseUrl: productBase, key: "com.example.app", oauthClientId, productType: "jira" };
});
afterAll(() => {
  product?.close();
  auth?.close();
});

describe("createProductClient on Connect: every request verifies under atlassian-jwt", () => {
  const paths = [
    "/rest/api/3/myself",
    "/rest/api/3/search?jql=project%20%3D%20ABC&maxResults=5",
    "/rest/api/3/search?fields=summary&fields=status&fields=assignee",
    "/rest/api/3/issue/ABC-1?expand=names,renderedFields",
    "/rest/api/3/user/search?query=J%C3%B6rg%20M%C3%BCller",
    "/rest/api/3/issue/ABC-1/properties/über-key",
    "/rest/api/3/filter?name=a+b&name=a%2Bb&empty=&flag",
    "/rest/api/3/x?b=2&a=1&a=0&jwt=ignored-by-qsh",
    "/rest/api/3/o'brien/a|b^c?q='x'",
    "/rest/api/3/emoji?text=%F0%9F%98%80&sym=%21%27%28%29%2A",
  ];
  const cases = ["GET", "POST", "PUT", "DELETE"].flatMap((method) => paths.map((path) => [method, path] as const));

  test.each(cases)("%s %s", async (method, path) => {
    const client = createProductClient(tenant);
    const response = await client(path, { method, body: method === "GET" || method === "DELETE" ? undefined : { a: 1 } });
    const last = seen.at(-1)!;
    expect(last.verified, last.body).toBe("jwt");
    expect(last.iss).toBe("com.example.app");
    expect(response.status).toBe(200);
  });

  test("bodies: objects and arrays as JSON, strings and forms as given, FormData as multipart with X-Atlassian-Token", async () => {
    const client = createProductClient(tenant);
    await client("/rest/api/3/issue", { method: "POST", body: { fields: { summary: "Hi" } } });
    expect(seen.at(-1)).toMatchObject({ body: '{"fields":{"summary":"Hi"}}', contentType: "application/json", xToken: undefined });
    await client("/rest/api/3/bulk", { method: "POST", body: [1, 2] });
    expect(seen.at(-1)).toMatchObject({ body: "[1,2]", contentType: "application/json" });
    await client("/rest/api/3/form", { method: "POST", body: new URLSearchParams({ a: "1 2" }) });
    expect(seen.at(-1)).toMatchObject({ body: "a=1+2", contentType: expect.stringMatching(/x-www-form-urlencoded/) });
    const form = new FormData();
    form.append("file", new Blob(["hello"], { type: "text/plain" }), "hello.txt");
    await client("/rest/api/3/issue/ABC-1/attachments", { method: "POST", body: form });
    expect(seen.at(-1)).toMatchObject({ verified: "jwt", xToken: "no-check", contentType: expect.stringMatching(/^multipart\/form-data; boundary=/) });
    expect(seen.at(-1)!.body).toContain('filename="hello.txt"');
  });

  test("non-2xx answers are Responses; absolute URLs only under the tenant; a Confluence base path is part of every URL and qsh", async () => {
    const client = createProductClient(tenant);
    const missing = await client("/rest/api/3/issue/missing-1");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errorMessages: ["Issue does not exist"] });
    expect((await client(`${productBase}/rest/api/3/myself`)).status).toBe(200);
    for (const elsewhere of ["https://evil.example/rest/api/3/myself", `${productBase.replace("127.0.0.1", "localhost")}/x`, "//evil.example/x"]) {
      await expect(client(elsewhere), elsewhere).rejects.toThrow(TypeError);
    }
    const wiki = createProductClient({ ...tenant, baseUrl: `${productBase}/wiki` });
    expect((await wiki("/rest/api/content?type=page&spaceKey=DS")).status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: "/wiki/rest/api/content?type=page&spaceKey=DS", verified: "jwt" });
    await expect(wiki(`${productBase}/rest/api/3/myself`)).rejects.toThrow(TypeError); // outside /wiki
  });

  test("no answer is a coded error: network failure, timeout, the caller's abort (502 to your callers)", async () => {
    const dead = createProductClient({ ...tenant, baseUrl: "http://127.0.0.1:1" });
    await expect(dead("/rest/api/3/myself")).rejects.toMatchObject({ code: "ERR_PRODUCT_REQUEST", reason: "network" });
    const client = createProductClient(tenant, { timeout: 100 });
    const slow = await client("/hang").catch((e) => e);
    expect(slow).toMatchObject({ code: "ERR_PRODUCT_REQUEST", reason: "timeout" });
    const controller = new AbortController();
    const pending = createProductClient(tenant)("/hang", { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "ERR_PRODUCT_REQUEST", reason: "aborted" });
    const { httpStatusOf } = await import("apkit/server");
    expect(httpStatusOf(slow)).toBe(502);
  });
});

describe("asUser: the OAuth 2.0 JWT bearer grant", () => {
  test("acts as the user; one grant for concurrent calls; cached until 30 s before expiry; per user and scopes", async () => {
    let clock = Date.UTC(2027, 0, 15, 8);
    const options = { authorizationServer: authBase, now: () => clock };
    const before = grants.length;
    const alice = createProductClient(tenant, options).asUser("557058:alice");
    const responses = await Promise.all(Array.from({ length: 20 }, () => alice("/rest/api/3/myself")));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ verified: "bearer", actingAs: "557058:alice" });
    expect(grants.length - before).toBe(1);
    // A new client (one per request is normal) reuses the cached token.
    await createProductClient(tenant, options).asUser("557058:alice")("/rest/api/3/myself");
    expect(grants.length - before).toBe(1);
    await createProductClient(tenant, options).asUser("557058:bob")("/rest/api/3/myself");
    await createProductClient(tenant, options).asUser("557058:alice", { scopes: ["read", "write"] })("/rest/api/3/myself");
    expect(grants.slice(before).map((g) => [g.sub, g.scope])).toEqual([["557058:alice", null], ["557058:bob", null], ["557058:alice", "READ WRITE"]]);
    clock += (900 - 31) * 1000; // 31 s before expiry: still cached
    await createProductClient(tenant, options).asUser("557058:alice")("/rest/api/3/myself");
    expect(grants.length - before).toBe(3);
    clock += 2000; // 29 s before expiry: a fresh grant
    await createProductClient(tenant, options).asUser("557058:alice")("/rest/api/3/myself");
    expect(grants.length - before).toBe(4);
  });

  test("a refused grant is ERR_PRODUCT_REQUEST (reason grant, with its status), not cached; bad calls are TypeErrors", async () => {
    grantMode = "refuse";
    const user = `557058:${randomUUID()}`;
    try {
      await expect(createProductClient(tenant, { authorizationServer: authBase }).asUser(user)("/rest/api/3/myself")).rejects.toMatchObject({
        code: "ERR_PRODUCT_REQUEST",
        reason: "grant",
        status: 401,
      });
    } finally {
      grantMode = "ok";
    }
    expect((await createProductClient(tenant, { authorizationServer: authBase }).asUser(user)("/rest/api/3/myself")).status).toBe(200);
    expect(() => createProductClient({ ...tenant, oauthClientId: undefined }).asUser("557058:x")).toThrow(/oauthClientId/);
    expect(() => createProductClient(tenant).asUser("")).toThrow(TypeError);
    expect(() => createProductClient(tenant, { authorizationServer: "http://auth.example.com" })).toThrow(/https/);
    expect(() => createProductClient({ ...tenant, sharedSecret: "" })).toThrow(TypeError);
  });
});

describe("security review 2, #06: user tokens are cached per site and secret, not per clientKey", () => {
  test("after the tenant record changes (another baseUrl, another secret), the user's token is never sent to the new site", async () => {
    const received: string[] = [];
    const elsewhere = createServer((req, res) => {
      received.push(String(req.headers.authorization ?? ""));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    elsewhere.listen(0, "127.0.0.1");
    await once(elsewhere, "listening");
    const elsewhereBase = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    try {
      const user = `557058:${randomUUID()}`;
      const options = { authorizationServer: authBase };
      expect((await createProductClient(tenant, options).asUser(user)("/rest/api/3/myself")).status).toBe(200);
      const genuine = [...issuedTokens].find(([, accountId]) => accountId === user)![0];
      // The same clientKey, now pointing somewhere else: a new grant is asked for (and refused: tnt is not the site).
      const moved = { ...tenant, baseUrl: elsewhereBase };
      await expect(createProductClient(moved, options).asUser(user)("/rest/api/3/myself")).rejects.toMatchObject({ code: "ERR_PRODUCT_REQUEST", reason: "grant" });
      const rekeyed = { ...tenant, baseUrl: elsewhereBase, sharedSecret: randomBytes(32).toString("base64url") };
      await expect(createProductClient(rekeyed, options).asUser(user)("/rest/api/3/myself")).rejects.toMatchObject({ code: "ERR_PRODUCT_REQUEST", reason: "grant" });
      expect(received.join("\n")).not.toContain(genuine);
      expect(received).toEqual([]);
      // The original record still reuses its own cached token.
      const grantsBefore = grants.length;
      expect((await createProductClient(tenant, options).asUser(user)("/rest/api/3/myself")).status).toBe(200);
      expect(grants.length).toBe(grantsBefore);
    } finally {
      elsewhere.close();
    }
  });
});

describe("createProductClient on Forge Remote: from a verified invocation", () => {
  test("the system token by default, the user token asUser, to the invocation's apiBaseUrl", async () => {
    const forge = await createForgeKeys();
    const token = await forge.sign({ principal: "557058:u" });
    const request = new Request("https://remote.example.com/x", {
      headers: { authorization: `Bearer ${token}`, "x-forge-oauth-system": "sys-token", "x-forge-oauth-user": "user-token" },
    });
    const invocation = await verifyForgeInvocationToken(request, { appId: forge.appId, fetch: forge.fetch });
    const sent: Array<{ url: string; auth: string | null }> = [];
    const fetch = async (url: string, init?: RequestInit) => {
      sent.push({ url, auth: new Headers(init?.headers).get("authorization") });
      return new Response("{}", { status: 200 });
    };
    const client = createProductClient(invocation, { fetch });
    expect(client.baseUrl).toBe(invocation.apiBaseUrl);
    await client("/rest/api/3/myself");
    await client.asUser()("/rest/api/3/myself");
    await client.asUser("557058:u")("/rest/api/3/issue/ABC-1");
    expect(sent).toEqual([
      { url: `${invocation.apiBaseUrl}/rest/api/3/myself`, auth: "Bearer sys-token" },
      { url: `${invocation.apiBaseUrl}/rest/api/3/myself`, auth: "Bearer user-token" },
      { url: `${invocation.apiBaseUrl}/rest/api/3/issue/ABC-1`, auth: "Bearer user-token" },
    ]);
    expect(() => client.asUser("557058:someone-else")).toThrow(TypeError);
    await expect(client("https://evil.example/x")).rejects.toThrow(TypeError);
    // Verified from the bare token, there are no product tokens to use: a TypeError says what to do.
    const bare = await verifyForgeInvocationToken(token, { appId: forge.appId, fetch: forge.fetch });
    await expect(createProductClient(bare, { fetch })("/rest/api/3/myself")).rejects.toThrow(/x-forge-oauth-system/);
  });
});
