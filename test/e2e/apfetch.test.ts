// apFetch end to end: an app iframe (the script-tag build, real all.js, cross-origin to the real connect-host.js)
// calls its backend, a route of the local host server, which verifies the host-minted context token with
// apkit/server. Nothing is mocked between AP.context.getToken() and the verifier.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createContextTokenMiddleware } from "apkit/server";
import { frameApp, inApp, launchChromium, openHost, startLocalHost, type Host } from "./browser.js";

let host: Host;
let browser: Browser;
let page: Page;
let frame: Frame;
const seen: string[] = [];
let refuseNext = false;

const auth = createContextTokenMiddleware({ getSharedSecret: (clientKey) => (clientKey === host.tenant.clientKey ? host.tenant.sharedSecret : undefined) });

async function whoami(req: IncomingMessage, res: ServerResponse) {
  const token = String(req.headers.authorization ?? "");
  seen.push(token);
  if (refuseNext) {
    // Like a backend that revoked the token it was sent: apFetch must fetch a fresh one and retry.
    refuseNext = false;
    res.statusCode = 401;
    return res.end();
  }
  const claims = await auth(req, res);
  if (!claims) return;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ clientKey: claims.clientKey, accountId: claims.accountId, context: claims.context }));
}

beforeAll(async () => {
  host = await startLocalHost({ routes: { "/api/whoami": whoami } });
  browser = await launchChromium();
  ({ page } = await openHost(browser, host));
  ({ frame } = await frameApp(page, host, { path: "/app/page.html", key: "apfetch", context: { jira: { issue: { id: "10001", key: "ABC-1" } } } }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const tokensIssued = () => page.evaluate(() => (window as any).harness.tokensIssued as number);

test("the iframe's apFetch reaches its backend with a host-signed token the backend verifies; one token for both calls", async () => {
  const before = await tokensIssued();
  const out = await inApp(frame, `
    const a = await APKit.apFetch("/api/whoami");
    const b = await APKit.apFetch("/api/whoami");
    return [a.status, await a.json(), b.status, location.origin];`);
  expect(out.value).toEqual([
    200,
    { clientKey: host.tenant.clientKey, accountId: "557058:harness-user", context: { jira: { issue: { id: "10001", key: "ABC-1" } } } },
    200,
    host.appOrigin,
  ]);
  expect((await tokensIssued()) - before).toBe(1);
  expect(seen.at(-1)).toBe(seen.at(-2));
  expect(seen.at(-1)).toMatch(/^JWT [\w-]+\.[\w-]+\.[\w-]+$/);
});

test("a 401 makes apFetch get a fresh token from the host and retry once", async () => {
  const before = await tokensIssued();
  const count = seen.length;
  refuseNext = true;
  const out = await inApp(frame, `const r = await APKit.apFetch("/api/whoami", { method: "POST", body: "x" }); return r.status;`);
  expect(out.value).toBe(200);
  expect(seen.length - count).toBe(2);
  expect((await tokensIssued()) - before).toBe(1);
});

test("the token is not sent to the host page's origin", async () => {
  const count = seen.length;
  const out = await inApp(frame, `return await APKit.apFetch(${JSON.stringify(`${host.hostOrigin}/api/whoami`)});`);
  expect(out.error?.code).toBe("ERR_CROSS_ORIGIN_TOKEN");
  expect(seen.length).toBe(count);
});
