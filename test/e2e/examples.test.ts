// The examples, installed in apkit-dev the way a product installs apps and proven in Chromium: the same startDemo +
// proveExamples as `npm run demo` (scripts/demo.mjs), so a broken example fails CI.
// Screenshots of each example: .artifacts/example-*.png, Connect and Forge side by side:
// .artifacts/demo-connect-and-forge.png, the whole issue page: .artifacts/demo.png.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import * as jwt from "atlassian-jwt";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DevHost } from "apkit-dev";
import { signContextToken } from "apkit/server";
import { createForgeKeys } from "apkit/testing";
// @ts-expect-error plain JavaScript, shared with `npm run demo`
import * as demoScript from "../../scripts/demo.mjs";

interface Result {
  name: string;
  steps: string[];
  error?: { code?: string; message: string };
  missing: string[];
  screenshot: string;
}
interface Demo {
  host: DevHost;
  server: { url: string; baseUrl: string; tenants: { get(clientKey: string): unknown } };
  apps: Array<{ key: string; baseUrl: string; lifecycleStatus?: number }>;
  url: string;
  close(): Promise<void>;
}
const { startDemo, proveExamples, launchChromium, REACT_APP_ID } = demoScript as {
  startDemo(options?: object): Promise<Demo>;
  proveExamples(browser: Browser, demo: Demo): Promise<{ results: Result[]; logs: string[] }>;
  launchChromium(): Promise<Browser>;
  REACT_APP_ID: string;
};

const REACT_APP = "apkit-react-example";
let demo: Demo;
let browser: Browser;
let results: Result[];
let logs: string[];

beforeAll(async () => {
  demo = await startDemo();
  browser = await launchChromium();
  ({ results, logs } = await proveExamples(browser, demo));
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const whoami = (token?: string, scheme = "JWT") =>
  fetch(`${demo.server.url}/api/whoami`, token ? { headers: { authorization: `${scheme} ${token}` } } : {}).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { error?: { code: string }; clientKey?: string; issueKey?: string | null; platform?: string },
  }));
const site = () => demo.host.site.clientKey;
/** The secret the host sent the React example in this run's signed install. */
const reactSecret = () => demo.host.apps.find((a) => a.key === REACT_APP)!.sharedSecret!;
const contextToken = (secret: string) =>
  signContextToken({ iss: site(), sub: demo.host.product.myself.accountId, context: { jira: { issue: { id: "10001", key: "ABC-1" } } }, exp: Math.floor(Date.now() / 1000) + 60 }, secret);

describe("installing the examples like a product", () => {
  test("the host read the descriptors; the server example verified the signed install and stored the site", async () => {
    expect(demo.apps.map((a) => [a.key, a.lifecycleStatus])).toEqual([
      ["apkit-static-example", undefined], // authentication none, no lifecycle: nothing to call
      [REACT_APP, 204],
      ["apkit-two-platforms-example", undefined], // its Connect side; its Forge side: host.installForgeApp
      ["apkit-legacy-panel-example", undefined], // the same: a raw-AP page, on Forge through apkit/compat
    ]);
    const react = demo.host.apps.find((a) => a.key === REACT_APP)!;
    expect(react.forge).toMatchObject({ appId: REACT_APP_ID, installationId: expect.stringMatching(/^ari:cloud:ecosystem::installation\//) });
    const stored = (await demo.server.tenants.get(site())) as Record<string, unknown>;
    expect(stored).toMatchObject({
      key: REACT_APP,
      clientKey: site(),
      sharedSecret: reactSecret(),
      baseUrl: demo.host.hostOrigin,
      productType: "jira",
      eventType: "installed",
      // what links the app's Forge calls to this Connect tenant (createAppVerifier)
      installationId: react.forge!.installationId,
    });
  });

  test("an install signed with a key the key server does not publish is refused, and the site keeps its secret", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const url = `${demo.server.baseUrl}/installed`;
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.encodeAsymmetric(
      {
        iss: site(),
        aud: [demo.server.baseUrl],
        qsh: jwt.createQueryStringHash(jwt.fromMethodAndUrl("POST", url), false, demo.server.baseUrl),
        iat: now,
        exp: now + 60,
      },
      privateKey.export({ type: "pkcs8", format: "pem" }) as string,
      jwt.AsymmetricAlgorithm.RS256,
      { kid: "attacker-key" },
    );
    const res = await fetch(url, {
      method: "POST",
      headers: { authorization: `JWT ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ key: REACT_APP, clientKey: site(), sharedSecret: "stolen", baseUrl: demo.host.hostOrigin, eventType: "installed" }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ERR_INSTALL_KEY");
    expect(await demo.server.tenants.get(site())).toMatchObject({ sharedSecret: reactSecret() });
  });

  test("the /api routes need a context token of the installed site", async () => {
    expect(await whoami()).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_MISSING" } } });
    expect(await whoami(await contextToken(randomBytes(32).toString("base64url")))).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_SIGNATURE" } } });
    expect(await whoami(await contextToken(reactSecret()))).toMatchObject({ status: 200, body: { clientKey: site(), issueKey: "ABC-1", platform: "connect" } });
  });

  test("they take a Forge Invocation Token of the host's key for the same site; one signed by another key is refused", async () => {
    const fit = await demo.host.signForgeToken(REACT_APP, "triage-panel", { extension: { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" } } });
    expect(await whoami(fit, "Bearer")).toMatchObject({ status: 200, body: { clientKey: site(), issueKey: "ABC-1", platform: "forge" } });
    const other = await createForgeKeys({ appId: REACT_APP_ID });
    const forged = await other.sign({ app: { installationId: demo.host.apps.find((a) => a.key === REACT_APP)!.forge!.installationId } });
    expect(await whoami(forged, "Bearer")).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_KEY" } } });
  });
});

describe("each example works on the real bridge (Chromium)", () => {
  const names = [
    "static-app · issue panel",
    "static-app · general page",
    "react-app · priority dialog (Connect dialog module)",
    "react-app + server · issue panel (Connect)",
    // The same React pages built as Forge Custom UI resources (emulated Custom UI host, docs/dev-host.md): the
    // backend verified a Forge Invocation Token, the modal resource closed with the choice.
    "react-app + server · issue panel (Forge Custom UI)",
    "react-app · priority dialog (Forge modal resource)",
    // The same page as a Connect iframe and as a Forge Custom UI iframe: both show ABC-1, a note written in each is
    // read back in the other, screenshot demo-connect-and-forge.png.
    "two-platforms · Connect and Forge side by side",
    // A raw-AP page (callbacks, AP.require, jQuery), unchanged, on Connect's real all.js and on Forge through
    // apkit/compat's installAP() (its ap-forge.js built from forge-entry.mjs): screenshot demo-legacy-panel.png.
    "legacy-panel · raw AP code on Connect (all.js) and on Forge (apkit/compat)",
  ];
  test.each(names)("%s", (name) => {
    const result = results.find((r) => r.name === name);
    expect(result, `no result for ${name}; page errors: ${logs.join(" | ")}`).toBeDefined();
    const detail = `steps:\n  ${result!.steps.join("\n  ")}\npage errors: ${logs.join(" | ")}`;
    expect(result!.error, detail).toBeUndefined();
    expect(result!.missing, detail).toEqual([]);
    expect(result!.steps.length).toBeGreaterThan(0);
  });
});

describe("uninstalling", () => {
  test("the signed uninstalled callback removes the site; its context tokens are refused from then on", async () => {
    const secret = reactSecret();
    expect(await demo.host.uninstallApp(REACT_APP)).toBe(204);
    expect(await demo.server.tenants.get(site())).toBeUndefined();
    expect(await whoami(await contextToken(secret))).toMatchObject({ status: 401, body: { error: { code: "ERR_JWT_SIGNATURE" } } });
  });
});
