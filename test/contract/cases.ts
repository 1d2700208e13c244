// The contract between an app and the Connect bridge, written once and run twice: against apkit/testing's
// createMockAP in jsdom (test/contract/mock.test.ts) and against the real connect-host.js + all.js in Chromium
// (test/e2e/contract.test.ts). Both drivers run the same steps and the same checks.
//
// A case is a list of steps and a check:
// - app steps run app code in one iframe: `main`, `sibling` (a second iframe of the same app) or `dialog` (the dialog
//   on top). The code is a function `(APKit, arg, state) => result`; it is serialised (the mock driver rebuilds it
//   from its source too, so it can close over nothing), `state` is that iframe's own object for the case, and the
//   result or the error (see describeError) is stored under `as`;
// - `until` steps wait, in one iframe, for the function to return something truthy;
// - host steps are data, done by each driver its own way: broadcast an event, close the top dialog as its page
//   would, click a dialog button or a flag action, close a flag, make a product method misbehave, or observe what
//   the host saw (optionally waiting until `until` holds).
// The check gets the results by name and the environment of the run (tenant, user, context).
import { expect } from "vitest";
import { verifyContextToken } from "apkit/server";

export type FrameName = "main" | "sibling" | "dialog";
export type AppFn = (APKit: any, arg: any, state: any) => unknown;

/** How the local host's product.js makes a method misbehave (harness.override); the mock driver maps each to a fault. */
export type HarnessFault = "never" | "throw" | "rejectError" | "rejectObject" | "resolveUndefined" | "resolveFalse" | "rejectZero";

export type Observation = "lastRequest" | "dialogs" | "flags" | "navigations" | "mainHeight";

export type HostAction =
  | { broadcast: [name: string, data?: unknown] }
  | { closeDialog: unknown }
  | { clickDialogButton: "submit" | "cancel" }
  /** `action` is the id the app gave, `text` what the user sees on the button (Forge flags carry only the text). */
  | { clickFlagAction: { title: string; action: string; text: string } }
  | { closeFlag: { title: string } }
  | { fault: { method: "request" | "context.getToken" | "context.getContext"; how: HarnessFault | null } }
  | { observe: Observation; until?: (value: any) => boolean };

export type Step =
  | { app: AppFn; frame?: FrameName; arg?: unknown; as?: string }
  | { until: AppFn; frame?: FrameName; arg?: unknown }
  | { host: HostAction; as?: string };

/** What an app step or an observation produced. */
export interface Outcome {
  value?: any;
  error?: { code?: string; name?: string; message?: string; status?: number; body?: unknown; cause?: unknown; issues?: unknown; key?: string; timeout?: number; platform?: string; capability?: string };
}

/** What the run is made of: the tenant that signs tokens, the user and the context of the app's iframes. */
export interface ContractEnv {
  driver: string;
  tenant: { clientKey: string; sharedSecret: string };
  accountId: string;
  locale: string;
  timeZone: string;
  context: Record<string, unknown>;
}

export interface ContractCase {
  name: string;
  steps: Step[];
  check(results: Record<string, Outcome>, env: ContractEnv): void | Promise<void>;
  /** What the case comes to on Forge, where it cannot hold as on Connect; without it, it must pass as on Connect. */
  forge?: ForgeExpectation;
}

/**
 * How a case ends on the Forge mock running the real @forge/bridge (test/contract/forge.test.ts), where it differs
 * from Connect. Every difference names its reasons in {@link forgeDifferences} and asserts the Forge outcome.
 */
export interface ForgeExpectation {
  /** Why, as keys of {@link forgeDifferences}. */
  because: ForgeDifference[];
  /** The app runs in a Confluence module (product requests go to requestConfluence) rather than a Jira issue panel. */
  product?: "confluence";
  /** Steps run instead of the case's, where those cannot run on Forge (they wait for what Forge never does). */
  steps?: Step[];
  /** The Forge outcome, asserted instead of the case's check; without it the case's own check must hold. */
  check?(results: Record<string, Outcome>, env: ContractEnv): void | Promise<void>;
}

/**
 * Turns what an app step threw into data (the same in both drivers): the coded fields apkit's errors carry, and the
 * cause when it is data. Serialised into the iframe by the real driver, so it uses nothing from this module.
 */
export function describeError(e: any): Outcome["error"] {
  const plain = (v: unknown) => (v === null || typeof v !== "object" ? v : JSON.parse(JSON.stringify(v)));
  return { code: e?.code, name: e?.name, message: String(e?.message ?? e), status: e?.status, body: plain(e?.body), cause: plain(e?.cause), issues: plain(e?.issues), key: e?.key, timeout: e?.timeout, platform: e?.platform, capability: e?.capability };
}

/** The product both drivers stand for: what product.js of the local host has and answers. */
export const PRODUCT = {
  addonKey: "apkit-harness",
  context: { jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } },
  myself: { accountId: "557058:harness-user", displayName: "Harness User", emailAddress: "harness@example.invalid", locale: "en_US", timeZone: "Europe/Berlin", active: true },
  locale: "en-US",
};

const ISSUE_ID = /^\/rest\/api\/3\/issue\/\d+$/;

// The flags case's opening, the same on every platform: two flags in main, one in the sibling, an action clicked on
// one of each (how each platform then closes them differs).
const FLAGS_SHOWN_AND_CLICKED: Step[] = [
  {
    app: (APKit: any, _: unknown, state: any) => {
      state.seen = [];
      state.f1 = APKit.flag.show({ title: "Contract A1", body: "one", type: "success", actions: { undo: "Undo" } });
      state.f2 = APKit.flag.show({ title: "Contract A2", actions: { undo: "Undo" } });
      state.f1.onAction("undo", () => state.seen.push("A1 undo"));
      state.f2.onAction("undo", () => state.seen.push("A2 undo"));
      state.f1.closed.then(() => state.seen.push("A1 closed"));
      state.f2.closed.then(() => state.seen.push("A2 closed"));
    },
  },
  {
    frame: "sibling",
    app: (APKit: any, _: unknown, state: any) => {
      state.seen = [];
      state.f3 = APKit.flag.show({ title: "Contract B1", actions: { undo: "Undo" } });
      state.f3.onAction("undo", () => state.seen.push("B1 undo"));
      state.f3.closed.then(() => state.seen.push("B1 closed"));
    },
  },
  { host: { observe: "flags", until: (flags: any[]) => flags.filter((f) => f.title.startsWith("Contract ") && f.open).length === 3 } },
  { host: { clickFlagAction: { title: "Contract A2", action: "undo", text: "Undo" } } },
  { host: { clickFlagAction: { title: "Contract B1", action: "undo", text: "Undo" } } },
  { until: (_: any, __: unknown, state: any) => state.seen.length >= 1 },
  { frame: "sibling", until: (_: any, __: unknown, state: any) => state.seen.length >= 1 },
];

export const cases: ContractCase[] = [
  {
    name: "request: 200 with status, JSON body and headers",
    steps: [
      {
        as: "me",
        app: async (APKit) => {
          const r = await APKit.request("/rest/api/3/myself");
          return { status: r.status, ok: r.ok, statusText: r.statusText, type: r.headers.get("content-type"), id: r.headers.get("x-arequestid"), url: r.url, body: await r.json() };
        },
      },
    ],
    check(r, env) {
      expect(r.me!.value).toMatchObject({ status: 200, ok: true, statusText: "OK", type: "application/json;charset=UTF-8", url: "/rest/api/3/myself", body: { accountId: env.accountId } });
      expect(r.me!.value.id).toMatch(/^harness-\d+$/);
    },
  },
  {
    name: "request: 201 with Location, 201/200 on a property PUT, 204 without a body, 404 and 500 resolve with ok=false",
    steps: [
      {
        as: "out",
        app: async (APKit) => {
          const created = await APKit.request("/rest/api/3/issue", { method: "POST", body: { fields: { summary: "made by the contract" } } });
          const put = await APKit.request("/rest/api/3/issue/ABC-1/properties/contract-req", { method: "PUT", body: { n: 1 } });
          const again = await APKit.request("/rest/api/3/issue/ABC-1/properties/contract-req", { method: "PUT", body: { n: 2 } });
          const got = await APKit.request("/rest/api/3/issue/ABC-1/properties/contract-req");
          const del = await APKit.request("/rest/api/3/issue/ABC-1/properties/contract-req", { method: "DELETE" });
          const missing = await APKit.request("/rest/api/3/issue/ABC-1/properties/contract-req");
          const boom = await APKit.request("/rest/harness/boom");
          return {
            created: [created.status, created.statusText, created.headers.get("location"), (await created.json()).key],
            put: [put.status, put.ok, again.status],
            got: (await got.json()).value,
            del: [del.status, del.ok, del.body === null, await del.text()],
            missing: [missing.status, missing.ok, missing.statusText, (await missing.json()).errorMessages.length],
            boom: [boom.status, boom.ok, boom.statusText, await boom.json()],
          };
        },
      },
    ],
    check({ out }) {
      expect(out!.value.created).toEqual([201, "Created", expect.stringMatching(ISSUE_ID), expect.stringMatching(/^ABC-\d+$/)]);
      expect(out!.value.put).toEqual([201, true, 200]);
      expect(out!.value.got).toEqual({ n: 2 });
      expect(out!.value.del).toEqual([204, true, true, ""]);
      expect(out!.value.missing).toEqual([404, false, "Not Found", 1]);
      expect(out!.value.boom).toEqual([500, false, "Internal Server Error", { errorMessages: ["Internal server error"], errors: {} }]);
    },
  },
  {
    name: "requestJson: 404 is ERR_HTTP_STATUS with the parsed body, text is ERR_INVALID_JSON, a schema validates",
    steps: [
      {
        as: "out",
        app: async (APKit) => {
          const schema = (check: (v: any) => boolean) => ({ "~standard": { version: 1, vendor: "contract", validate: (v: any) => (check(v) ? { value: v } : { issues: [{ message: "bad", path: ["accountId"] }] }) } });
          const grab = (p: Promise<unknown>) => p.then((v) => ({ v }), (e) => ({ code: e.code, status: e.status, body: e.body, issues: e.issues }));
          return {
            me: await grab(APKit.requestJson("/rest/api/3/myself", { schema: schema((v) => typeof v.accountId === "string") })),
            invalid: await grab(APKit.requestJson("/rest/api/3/myself", { schema: schema((v) => typeof v.accountId === "number") })),
            http: await grab(APKit.requestJson("/rest/api/3/issue/NOPE-9")),
            boom: await grab(APKit.requestJson("/rest/harness/boom")),
            text: await grab(APKit.requestJson("/rest/harness/text")),
          };
        },
      },
    ],
    check({ out }, env) {
      expect(out!.value.me.v).toMatchObject({ accountId: env.accountId, displayName: "Harness User" });
      expect(out!.value.invalid).toMatchObject({ code: "ERR_VALIDATION", issues: [{ message: "bad", path: ["accountId"] }] });
      expect(out!.value.http).toEqual({ code: "ERR_HTTP_STATUS", status: 404, body: { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} } });
      expect(out!.value.boom).toMatchObject({ code: "ERR_HTTP_STATUS", status: 500 });
      expect(out!.value.text).toMatchObject({ code: "ERR_INVALID_JSON" });
    },
  },
  {
    name: "request: the product receives exactly what the bridge forwards (method, url, body, content type, headers, experimental)",
    forge: {
      because: ["noExperimentalFlag", "forgeTokenHeader"],
      check({ seen }) {
        expect(seen!.value).toEqual({
          method: "PUT",
          url: "/rest/api/3/issue/ABC-1/properties/contract-h?x=1",
          data: "[1]",
          // @forge/bridge adds x-atlassian-token; nothing says the request was experimental.
          headers: { "content-type": "application/json", "if-match": "etag-1", "x-atlassian-token": "no-check" },
        });
      },
    },
    steps: [
      {
        app: async (APKit) => {
          await APKit.request("/rest/api/3/issue/ABC-1/properties/contract-h?x=1", { method: "PUT", body: "[1]", headers: { "If-Match": "etag-1" }, experimental: true });
        },
      },
      { as: "seen", host: { observe: "lastRequest" } },
    ],
    check({ seen }) {
      expect(seen!.value).toEqual({
        method: "PUT",
        url: "/rest/api/3/issue/ABC-1/properties/contract-h?x=1",
        data: "[1]",
        headers: { "content-type": "application/json", "if-match": "etag-1" },
        experimental: true,
      });
    },
  },
  {
    name: "context and token: a context JWT the tenant's secret verifies (iss, sub, qsh, 15 minutes, context); the user",
    forge: {
      because: ["noContextJwt", "contextShape"],
      steps: [
        { as: "token", app: (APKit) => APKit.getToken() },
        {
          as: "out",
          app: async (APKit) => ({ context: await APKit.getContext(), user: await APKit.getCurrentUser(), locale: await APKit.getLocale(), timeZone: await APKit.getTimeZone() }),
        },
      ],
      check({ token, out }, env) {
        expect(token!.error).toMatchObject({ code: "ERR_UNSUPPORTED_ON_PLATFORM", platform: "forge", capability: "getToken" });
        expect(token!.error!.message).toContain("requestRemote");
        const { context, user, locale, timeZone } = out!.value;
        expect(context).toMatchObject(env.context);
        expect(context.forge).toMatchObject({ accountId: env.accountId, moduleKey: "contract-main" });
        expect(context.url).toEqual({ displayUrl: context.forge.siteUrl });
        expect(user).toEqual({ atlassianAccountId: env.accountId });
        expect([locale, timeZone]).toEqual([env.locale, env.timeZone]);
      },
    },
    steps: [
      {
        as: "out",
        app: async (APKit) => ({
          token: await APKit.getToken(),
          context: await APKit.getContext(),
          user: await APKit.getCurrentUser(),
          locale: await APKit.getLocale(),
          timeZone: await APKit.getTimeZone(),
        }),
      },
    ],
    async check({ out }, env) {
      const { token, context, user, locale, timeZone } = out!.value;
      const claims = await verifyContextToken(token, { getSharedSecret: (clientKey) => (clientKey === env.tenant.clientKey ? env.tenant.sharedSecret : undefined) });
      expect(claims).toMatchObject({ clientKey: env.tenant.clientKey, accountId: env.accountId, context: env.context });
      expect(claims.payload.qsh).toBe("context-qsh");
      expect((claims.expiresAt.getTime() - claims.issuedAt.getTime()) / 1000).toBe(900);
      expect(JSON.parse(atob(token.split(".")[0]))).toEqual({ typ: "JWT", alg: "HS256" });
      await expect(verifyContextToken(token, { getSharedSecret: () => "another secret" })).rejects.toMatchObject({ code: "ERR_JWT_SIGNATURE" });
      expect(context).toEqual(env.context);
      expect(user).toEqual({ atlassianAccountId: env.accountId });
      expect([locale, timeZone]).toEqual([env.locale, env.timeZone]);
    },
  },
  {
    name: "the transport table: what a misbehaving product method becomes in apkit",
    forge: {
      because: ["hostFailures", "noContextJwt"],
      check(r) {
        // Whatever the host rejects with reaches apkit as a HostError whose cause is the bridge's error.
        for (const [name, what] of [["rejectError", "Error: harness: context.getContext failed"], ["rejectObject", "[object Object]"], ["rejectZero", ": 0"]] as const) {
          expect(r[name]!.error, name).toMatchObject({ code: "ERR_HOST", name: "HostError", cause: { name: "ForgeBridgeEmulationError", code: "ERR_FORGE_BRIDGE_HANDLER_FAILED", call: "getContext" } });
          expect(r[name]!.error!.message, name).toContain(what);
        }
        for (const name of ["resolveUndefined", "resolveFalse"]) {
          expect(r[name]!.error, name).toMatchObject({ code: "ERR_UNSUPPORTED_ON_PLATFORM", platform: "forge", capability: "getToken" });
        }
        expect(r.request!.error).toMatchObject({ code: "ERR_HOST", cause: { code: "ERR_FORGE_BRIDGE_HANDLER_FAILED", call: "fetchProduct" } });
        expect(r.request!.error!.message).toContain("harness: request failed");
        expect(r.healthy!.value).toBe("ABC-1");
      },
    },
    steps: [
      { host: { fault: { method: "context.getContext", how: "rejectError" } } },
      { as: "rejectError", app: (APKit) => APKit.getContext() },
      { host: { fault: { method: "context.getContext", how: "rejectObject" } } },
      { as: "rejectObject", app: (APKit) => APKit.getContext() },
      { host: { fault: { method: "context.getContext", how: "rejectZero" } } },
      { as: "rejectZero", app: (APKit) => APKit.getContext() },
      { host: { fault: { method: "context.getContext", how: null } } },
      { host: { fault: { method: "context.getToken", how: "resolveUndefined" } } },
      { as: "resolveUndefined", app: (APKit) => APKit.getToken() },
      { host: { fault: { method: "context.getToken", how: "resolveFalse" } } },
      { as: "resolveFalse", app: (APKit) => APKit.getToken() },
      { host: { fault: { method: "context.getToken", how: null } } },
      { host: { fault: { method: "request", how: "rejectError" } } },
      { as: "request", app: (APKit) => APKit.request("/rest/api/3/myself") },
      { host: { fault: { method: "request", how: null } } },
      { as: "healthy", app: async (APKit) => (await APKit.getContext()).jira.issue.key },
    ],
    check(r) {
      expect(r.rejectError!.error).toMatchObject({ code: "ERR_HOST", name: "HostError", cause: "harness: context.getContext failed" });
      expect(r.rejectObject!.error).toMatchObject({ code: "ERR_HOST", cause: { code: 42, reason: "harness object" } });
      // A rejection with 0 resolves undefined on the bridge; getContext wants an object.
      expect(r.rejectZero!.error).toMatchObject({ code: "ERR_HOST" });
      expect(r.rejectZero!.error!.cause).toBeUndefined();
      // A promise method resolving undefined rejects with undefined on the bridge.
      expect(r.resolveUndefined!.error).toMatchObject({ code: "ERR_HOST" });
      expect(r.resolveUndefined!.error!.cause).toBeUndefined();
      expect(r.resolveFalse!.error).toMatchObject({ code: "ERR_HOST", cause: false });
      expect(r.request!.error).toMatchObject({ code: "ERR_HOST", cause: "harness: request failed" });
      expect(r.healthy!.value).toBe("ABC-1");
    },
  },
  {
    name: "a product method that never answers or throws ends at the deadline (ERR_TIMEOUT); an abort ends the wait (ERR_ABORTED)",
    forge: {
      because: ["hostFailures"],
      check(r) {
        expect(r.never!.error).toMatchObject({ code: "ERR_TIMEOUT", name: "TimeoutError", timeout: 200 });
        // A throwing host answers with a rejection on Forge's emulated bridge: the app hears a failure at once.
        expect(r.thrown!.error).toMatchObject({ code: "ERR_HOST", cause: { code: "ERR_FORGE_BRIDGE_HANDLER_FAILED", call: "getContext" } });
        expect(r.thrown!.error!.message).toContain("harness: context.getContext threw");
        expect(r.aborted!.error).toMatchObject({ code: "ERR_ABORTED", name: "AbortError" });
        expect(r.slowRequest!.error).toMatchObject({ code: "ERR_TIMEOUT", timeout: 100 });
      },
    },
    steps: [
      { host: { fault: { method: "context.getContext", how: "never" } } },
      { as: "never", app: (APKit) => APKit.getContext({ timeout: 200 }) },
      { host: { fault: { method: "context.getContext", how: "throw" } } },
      { as: "thrown", app: (APKit) => APKit.getContext({ timeout: 200 }) },
      { host: { fault: { method: "context.getContext", how: null } } },
      {
        as: "aborted",
        app: (APKit) => {
          const c = new AbortController();
          const p = APKit.request("/rest/harness/never", { signal: c.signal });
          setTimeout(() => c.abort(), 30);
          return p;
        },
      },
      { as: "slowRequest", app: (APKit) => APKit.request("/rest/harness/never", { timeout: 100 }) },
    ],
    check(r) {
      expect(r.never!.error).toMatchObject({ code: "ERR_TIMEOUT", name: "TimeoutError", timeout: 200 });
      expect(r.thrown!.error).toMatchObject({ code: "ERR_TIMEOUT", timeout: 200 });
      expect(r.aborted!.error).toMatchObject({ code: "ERR_ABORTED", name: "AbortError" });
      expect(r.slowRequest!.error).toMatchObject({ code: "ERR_TIMEOUT", timeout: 100 });
    },
  },
  {
    name: "events, host to app: a broadcast reaches on() in every iframe of the app; an array payload arrives spread",
    forge: {
      because: ["onePayload", "siblingFrame"],
      check(r) {
        // The array is the one payload: one argument.
        const expected = [[{ from: "host", n: 1 }], [[1, "two"]]];
        expect(r.main!.value).toEqual(expected);
        expect(r.sibling!.value).toEqual(expected);
      },
    },
    steps: [
      ...(["main", "sibling"] as const).map((frame) => ({
        frame,
        app: (APKit: any, _: unknown, state: any) => {
          state.got = [];
          APKit.events.on("contract-broadcast", (...args: unknown[]) => state.got.push(args));
        },
      })),
      { host: { broadcast: ["contract-broadcast", { from: "host", n: 1 }] } },
      { host: { broadcast: ["contract-broadcast", [1, "two"]] } },
      ...(["main", "sibling"] as const).map((frame) => ({ frame, until: (_: any, __: unknown, state: any) => state.got.length >= 2 })),
      { as: "main", app: (_: any, __: unknown, state: any) => state.got },
      { as: "sibling", frame: "sibling", app: (_: any, __: unknown, state: any) => state.got },
    ],
    check(r) {
      const expected = [[{ from: "host", n: 1 }], [1, "two"]];
      expect(r.main!.value).toEqual(expected);
      expect(r.sibling!.value).toEqual(expected);
    },
  },
  {
    name: "events, app to app: emit reaches the sender itself and its sibling; an unsubscribed listener hears nothing more",
    forge: {
      because: ["onePayload", "emitEcho", "siblingFrame"],
      steps: [
        { as: "varargs", app: (APKit) => APKit.events.emit("contract-emit", "a", { b: 2 }) },
        {
          frame: "main",
          app: (APKit: any, _: unknown, state: any) => {
            state.got = [];
            state.stop = APKit.events.on("contract-emit", (...args: unknown[]) => state.got.push(args));
          },
        },
        {
          frame: "sibling",
          app: (APKit: any, _: unknown, state: any) => {
            state.got = [];
            state.sentinel = 0;
            state.stop = APKit.events.on("contract-emit", (...args: unknown[]) => state.got.push(args));
            APKit.events.on("contract-sentinel", () => state.sentinel++);
          },
        },
        { app: (APKit) => APKit.events.emit("contract-emit", ["a", { b: 2 }]) },
        { frame: "sibling", until: (_: any, __: unknown, state: any) => state.got.length >= 1 },
        { until: (_: any, __: unknown, state: any) => state.got.length >= 1 },
        { frame: "sibling", app: (_: any, __: unknown, state: any) => state.stop() },
        { app: (APKit) => (APKit.events.emit("contract-emit", "after"), APKit.events.emit("contract-sentinel")) },
        { frame: "sibling", until: (_: any, __: unknown, state: any) => state.sentinel >= 1 },
        { until: (_: any, __: unknown, state: any) => state.got.length >= 2 },
        { as: "main", app: (_: any, __: unknown, state: any) => state.got },
        { as: "sibling", frame: "sibling", app: (_: any, __: unknown, state: any) => state.got },
      ],
      check(r) {
        expect(r.varargs!.error).toMatchObject({ name: "TypeError", message: expect.stringContaining("one payload") });
        expect(r.main!.value).toEqual([[["a", { b: 2 }]], ["after"]]);
        expect(r.sibling!.value).toEqual([[["a", { b: 2 }]]]);
      },
    },
    steps: [
      {
        frame: "main",
        app: (APKit: any, _: unknown, state: any) => {
          state.got = [];
          state.stop = APKit.events.on("contract-emit", (...args: unknown[]) => state.got.push(args));
        },
      },
      {
        frame: "sibling",
        app: (APKit: any, _: unknown, state: any) => {
          state.got = [];
          state.sentinel = 0;
          state.stop = APKit.events.on("contract-emit", (...args: unknown[]) => state.got.push(args));
          APKit.events.on("contract-sentinel", () => state.sentinel++);
        },
      },
      { app: (APKit) => APKit.events.emit("contract-emit", "a", { b: 2 }) },
      { frame: "sibling", until: (_: any, __: unknown, state: any) => state.got.length >= 1 },
      { until: (_: any, __: unknown, state: any) => state.got.length >= 1 },
      { frame: "sibling", app: (_: any, __: unknown, state: any) => state.stop() },
      // Sent after "after" to the same iframe: once the sibling has the sentinel, it would have had "after".
      { app: (APKit) => (APKit.events.emit("contract-emit", "after"), APKit.events.emit("contract-sentinel")) },
      { frame: "sibling", until: (_: any, __: unknown, state: any) => state.sentinel >= 1 },
      { until: (_: any, __: unknown, state: any) => state.got.length >= 2 },
      { as: "main", app: (_: any, __: unknown, state: any) => state.got },
      { as: "sibling", frame: "sibling", app: (_: any, __: unknown, state: any) => state.got },
    ],
    check(r) {
      expect(r.main!.value).toEqual([["a", { b: 2 }], ["after"]]);
      expect(r.sibling!.value).toEqual([["a", { b: 2 }]]);
    },
  },
  {
    name: "events: once fires once, and the listener after it still gets that event (all.js dispatches over a live array)",
    steps: [
      {
        app: (APKit: any, _: unknown, state: any) => {
          state.seen = [];
          APKit.events.once("contract-once", (x: unknown) => state.seen.push(`once:${x}`));
          APKit.events.on("contract-once", (x: unknown) => state.seen.push(`on:${x}`));
        },
      },
      { host: { broadcast: ["contract-once", 1] } },
      { host: { broadcast: ["contract-once", 2] } },
      { until: (_: any, __: unknown, state: any) => state.seen.length >= 3 },
      { as: "seen", app: (_: any, __: unknown, state: any) => state.seen },
    ],
    check({ seen }) {
      expect(seen!.value).toEqual(["once:1", "on:1", "on:2"]);
    },
  },
  {
    name: "raw AP.events.once: all.js dispatches over its live listener array, so the next listener misses that event",
    forge: {
      because: ["noRawAP"],
      steps: [{ as: "AP", app: () => typeof (window as any).AP }],
      check({ AP }) {
        expect(AP!.value).toBe("undefined");
      },
    },
    steps: [
      {
        app: (_: any, __: unknown, state: any) => {
          const AP = (window as any).AP;
          state.seen = [];
          AP.events.once("contract-raw-once", (x: unknown) => state.seen.push(`once:${x}`));
          AP.events.on("contract-raw-once", (x: unknown) => state.seen.push(`on:${x}`));
        },
      },
      { host: { broadcast: ["contract-raw-once", 1] } },
      { host: { broadcast: ["contract-raw-once", 2] } },
      { until: (_: any, __: unknown, state: any) => state.seen.length >= 2 },
      { as: "seen", app: (_: any, __: unknown, state: any) => state.seen },
    ],
    check({ seen }) {
      expect(seen!.value).toEqual(["once:1", "on:2"]);
    },
  },
  {
    name: "raw AP.request: resolves { body, xhr } for 2xx, rejects { err, xhr } otherwise (xhr: status, statusText, responseText, headers)",
    forge: {
      because: ["noRawAP"],
      check({ out }) {
        expect(out!.error).toMatchObject({ name: "TypeError", message: expect.stringContaining("request") });
      },
    },
    steps: [
      {
        as: "out",
        app: async () => {
          const AP = (window as any).AP;
          // Headers through either shape: functions on xhr (Atlassian's CDN all.js) or a plain headers object (npm all.js).
          const header = (xhr: any, name: string) => (typeof xhr.getResponseHeader === "function" ? xhr.getResponseHeader(name) : xhr.headers?.[name]);
          const ok = await AP.request({ url: "/rest/api/3/issue/ABC-1" });
          const failed = await AP.request("/rest/api/3/issue/NOPE-1").then(() => null, (e: any) => e);
          return {
            ok: { keys: Object.keys(ok).sort(), body: JSON.parse(ok.body).key, status: ok.xhr.status, statusText: ok.xhr.statusText, same: ok.xhr.responseText === ok.body, type: header(ok.xhr, "content-type") },
            failed: { keys: Object.keys(failed).sort(), err: failed.err, status: failed.xhr.status, text: JSON.parse(failed.xhr.responseText).errorMessages.length },
          };
        },
      },
    ],
    check({ out }) {
      expect(out!.value).toEqual({
        ok: { keys: ["body", "xhr"], body: "ABC-1", status: 200, statusText: "OK", same: true, type: "application/json;charset=UTF-8" },
        failed: { keys: ["err", "xhr"], err: "Not Found", status: 404, text: 1 },
      });
    },
  },
  {
    name: "events: what an emit carries is sanitised like every message (null properties dropped, null array items kept)",
    forge: {
      because: ["onePayload", "noSanitising", "emitEcho"],
      steps: [
        { as: "varargs", app: (APKit) => APKit.events.emit("contract-null", { a: null }, null) },
        {
          app: (APKit: any, _: unknown, state: any) => {
            state.got = [];
            APKit.events.on("contract-null", (...args: unknown[]) => state.got.push(args));
            APKit.events.emit("contract-null", { a: null, b: [null, { c: null, d: 0 }], e: "", f: false });
          },
        },
        { until: (_: any, __: unknown, state: any) => state.got.length >= 1 },
        { as: "got", app: (_: any, __: unknown, state: any) => state.got },
      ],
      check({ varargs, got }) {
        expect(varargs!.error).toMatchObject({ name: "TypeError" });
        expect(got!.value).toEqual([[{ a: null, b: [null, { c: null, d: 0 }], e: "", f: false }]]);
      },
    },
    steps: [
      {
        app: (APKit: any, _: unknown, state: any) => {
          state.got = [];
          APKit.events.on("contract-null", (...args: unknown[]) => state.got.push(args));
          APKit.events.emit("contract-null", { a: null, b: [null, { c: null, d: 0 }], e: "", f: false }, null);
        },
      },
      { until: (_: any, __: unknown, state: any) => state.got.length >= 1 },
      { as: "got", app: (_: any, __: unknown, state: any) => state.got },
    ],
    check({ got }) {
      expect(got!.value).toEqual([[{ b: [null, { d: 0 }], e: "", f: false }, null]]);
    },
  },
  {
    name: "dialog round trip: the dialog reads exactly its custom data, closes with data, the opener resolves with exactly that",
    forge: {
      because: ["noRawAP"],
      steps: [
        {
          app: (APKit: any, _: unknown, state: any) => {
            state.result = APKit.dialog.open({ key: "dialog", chrome: true, header: "Edit", size: "medium", customData: { projectKey: "ABC", n: [1, 2], nested: { ok: true } } });
          },
        },
        {
          as: "inside",
          frame: "dialog",
          app: async (APKit: any) => {
            const data = await APKit.dialog.getCustomData();
            await APKit.dialog.close({ saved: true, echo: data, list: [1, { x: 0, s: "" }], when: new Date(0) });
            return { isDialog: APKit.dialog.isDialog(), data, raw: typeof (window as any).AP };
          },
        },
        { as: "result", app: (_: any, __: unknown, state: any) => state.result },
        { as: "open", host: { observe: "dialogs", until: (n) => n === 0 } },
      ],
      check(r) {
        // The modal's context is the custom data itself: no raw AP, no envelope.
        expect(r.inside!.value).toEqual({ isDialog: true, data: { projectKey: "ABC", n: [1, 2], nested: { ok: true } }, raw: "undefined" });
        expect(r.result!.value).toEqual({ saved: true, echo: { projectKey: "ABC", n: [1, 2], nested: { ok: true } }, list: [1, { x: 0, s: "" }], when: new Date(0) });
        expect(r.open!.value).toBe(0);
      },
    },
    steps: [
      {
        app: (APKit: any, _: unknown, state: any) => {
          state.result = APKit.dialog.open({ key: "dialog", chrome: true, header: "Edit", size: "medium", customData: { projectKey: "ABC", n: [1, 2], nested: { ok: true } } });
        },
      },
      {
        as: "inside",
        frame: "dialog",
        app: async (APKit: any) => {
          const raw: any = await new Promise((resolve) => (window as any).AP.dialog.getCustomData(resolve));
          const data = await APKit.dialog.getCustomData();
          await APKit.dialog.close({ saved: true, echo: data, list: [1, { x: 0, s: "" }], when: new Date(0) });
          return { isDialog: APKit.dialog.isDialog(), data, rawKeys: Object.keys(raw).sort() };
        },
      },
      { as: "result", app: (_: any, __: unknown, state: any) => state.result },
      { as: "open", host: { observe: "dialogs", until: (n) => n === 0 } },
    ],
    check(r) {
      expect(r.inside!.value).toEqual({ isDialog: true, data: { projectKey: "ABC", n: [1, 2], nested: { ok: true } }, rawKeys: ["__apkit", "n", "nested", "projectKey"] });
      expect(r.result!.value).toEqual({ saved: true, echo: { projectKey: "ABC", n: [1, 2], nested: { ok: true } }, list: [1, { x: 0, s: "" }], when: new Date(0) });
      expect(r.open!.value).toBe(0);
    },
  },
  {
    name: "dialog: the bridge drops null properties of custom data and of close data (null array items stay)",
    forge: {
      because: ["noSanitising"],
      check(r) {
        expect(r.data!.value).toEqual({ keep: 1, gone: null });
        expect(r.result!.value).toEqual({ a: null, b: [null, { c: null }] });
      },
    },
    steps: [
      { app: (APKit: any, _: unknown, state: any) => void (state.result = APKit.dialog.open({ key: "dialog", customData: { keep: 1, gone: null } })) },
      {
        as: "data",
        frame: "dialog",
        app: async (APKit: any) => {
          const data = await APKit.dialog.getCustomData();
          await APKit.dialog.close({ a: null, b: [null, { c: null }] });
          return data;
        },
      },
      { as: "result", app: (_: any, __: unknown, state: any) => state.result },
    ],
    check(r) {
      expect(r.data!.value).toEqual({ keep: 1 });
      expect(r.result!.value).toEqual({ b: [null, {}] });
    },
  },
  {
    name: "dialog: closed by its page with data (host action) the opener resolves; Cancel resolves undefined",
    steps: [
      { app: (APKit: any, _: unknown, state: any) => void (state.first = APKit.dialog.open({ key: "dialog", chrome: true, customData: { step: 1 } }).then((v: unknown) => ({ v }))) },
      { host: { closeDialog: { picked: 7, tags: ["a"] } } },
      { as: "first", app: (_: any, __: unknown, state: any) => state.first },
      { app: (APKit: any, _: unknown, state: any) => void (state.second = APKit.dialog.open({ key: "dialog", chrome: true }).then((v: unknown) => ({ v }))) },
      { host: { clickDialogButton: "cancel" } },
      { as: "second", app: (_: any, __: unknown, state: any) => state.second },
      { as: "open", host: { observe: "dialogs", until: (n) => n === 0 } },
    ],
    check(r) {
      expect(r.first!.value).toEqual({ v: { picked: 7, tags: ["a"] } });
      expect(r.second!.value).toEqual({});
      expect(r.second!.value.v).toBeUndefined();
      expect(r.open!.value).toBe(0);
    },
  },
  {
    name: "dialog: two iframes of the app open dialogs at once; each opener gets its own dialog's result",
    steps: [
      { app: (APKit: any, _: unknown, state: any) => void (state.result = APKit.dialog.open({ key: "dialog", customData: { from: "main" } })) },
      { frame: "sibling", app: (APKit: any, _: unknown, state: any) => void (state.result = APKit.dialog.open({ key: "dialog", customData: { from: "sibling" } })) },
      { host: { observe: "dialogs", until: (n) => n === 2 } },
      // The host closes the dialog on top, whichever dialog asks: close them top first.
      ...[1, 0].flatMap((left) => [
        {
          frame: "dialog" as const,
          app: async (APKit: any) => {
            const { from } = await APKit.dialog.getCustomData();
            await APKit.dialog.close({ answer: `for ${from}` });
          },
        },
        { host: { observe: "dialogs" as const, until: (n: number) => n === left } },
      ]),
      { as: "main", app: (_: any, __: unknown, state: any) => state.result },
      { as: "sibling", frame: "sibling", app: (_: any, __: unknown, state: any) => state.result },
    ],
    check(r) {
      expect(r.main!.value).toEqual({ answer: "for main" });
      expect(r.sibling!.value).toEqual({ answer: "for sibling" });
    },
  },
  {
    name: "dialog: close and getCustomData outside a dialog are ERR_NOT_IN_DIALOG; bad options reject with a TypeError before the host hears of it",
    steps: [
      {
        as: "out",
        app: async (APKit) => {
          const grab = (p: Promise<unknown>) => p.then(() => null, (e) => e.code);
          // A promise-returning call never throws synchronously: its caller mistakes are rejections too.
          let bad = "";
          let thrown = false;
          try {
            await APKit.dialog.open({ key: "dialog", size: "enormous" }).catch((e: any) => (bad = e.name));
          } catch {
            thrown = true;
          }
          return { close: await grab(APKit.dialog.close({ x: 1 })), data: await grab(APKit.dialog.getCustomData()), isDialog: APKit.dialog.isDialog(), bad, thrown };
        },
      },
      { as: "open", host: { observe: "dialogs" } },
    ],
    check(r) {
      expect(r.out!.value).toEqual({ close: "ERR_NOT_IN_DIALOG", data: "ERR_NOT_IN_DIALOG", isDialog: false, bad: "TypeError", thrown: false });
      expect(r.open!.value).toBe(0);
    },
  },
  {
    name: "flags: an action and a close reach only their own flag's handle, in the iframe that showed it",
    forge: {
      because: ["flagCloseUnheard", "siblingFrame"],
      steps: [
        ...FLAGS_SHOWN_AND_CLICKED,
        { host: { closeFlag: { title: "Contract A1" } } },
        // Closed by the user: the app hears nothing, so its own closes come next.
        { frame: "sibling", app: async (_: any, __: unknown, state: any) => (state.f3.close(), await state.f3.closed) },
        { app: async (_: any, __: unknown, state: any) => (state.f2.close(), await state.f2.closed) },
        { as: "main", app: (_: any, __: unknown, state: any) => state.seen },
        { as: "sibling", frame: "sibling", app: (_: any, __: unknown, state: any) => state.seen },
        { as: "flags", host: { observe: "flags" } },
      ],
      check(r) {
        expect(r.main!.value).toEqual(["A2 undo", "A2 closed"]);
        expect(r.sibling!.value).toEqual(["B1 undo", "B1 closed"]);
        const mine = (r.flags!.value as any[]).filter((f) => f.title.startsWith("Contract "));
        expect(mine).toEqual([
          { title: "Contract A1", type: "success", open: false },
          { title: "Contract A2", type: "info", open: false },
          { title: "Contract B1", type: "info", open: false },
        ]);
      },
    },
    steps: [
      ...FLAGS_SHOWN_AND_CLICKED,
      { host: { closeFlag: { title: "Contract A1" } } },
      { until: (_: any, __: unknown, state: any) => state.seen.length >= 2 },
      { frame: "sibling", app: async (_: any, __: unknown, state: any) => (state.f3.close(), await state.f3.closed) },
      { app: async (_: any, __: unknown, state: any) => (state.f2.close(), await state.f2.closed) },
      { as: "main", app: (_: any, __: unknown, state: any) => state.seen },
      { as: "sibling", frame: "sibling", app: (_: any, __: unknown, state: any) => state.seen },
      { as: "flags", host: { observe: "flags" } },
    ],
    check(r) {
      expect(r.main!.value).toEqual(["A2 undo", "A1 closed", "A2 closed"]);
      expect(r.sibling!.value).toEqual(["B1 undo", "B1 closed"]);
      const mine = (r.flags!.value as any[]).filter((f) => f.title.startsWith("Contract "));
      expect(mine).toEqual([
        { title: "Contract A1", type: "success", open: false },
        { title: "Contract A2", type: "info", open: false },
        { title: "Contract B1", type: "info", open: false },
      ]);
    },
  },
  {
    name: "properties, Jira: set (create, replace), get, has, keys with a prefix, delete; the 404 rule",
    steps: [
      {
        as: "out",
        app: async (APKit) => {
          const store = APKit.createPropertyStore(APKit.issueProperties("ABC-2"), { keyPrefix: "contract." });
          await store.set("a", { n: 1 });
          await store.set("a", { n: 2 });
          await store.set("b", ["x", "€"]);
          const got = [await store.get("a"), await store.get("b"), await store.has("a"), await store.has("zzz")];
          const keys = await store.keys();
          const deleted = [await store.delete("a"), await store.delete("a")];
          const after = await store.keys();
          await store.delete("b");
          const missing = await APKit.createPropertyStore(APKit.issueProperties("NOPE-1")).get("k").then(() => null, (e: any) => [e.code, e.key]);
          const tooBig = await store.set("big", "x".repeat(40000)).then(() => null, (e: any) => [e.code, e.limit]);
          return { got, keys, deleted, after, missing, tooBig, end: await store.keys() };
        },
      },
    ],
    check({ out }) {
      expect(out!.value).toEqual({
        got: [{ n: 2 }, ["x", "€"], true, false],
        keys: ["a", "b"],
        deleted: [true, false],
        after: ["b"],
        missing: ["ERR_PROPERTY_TARGET_NOT_FOUND", "/rest/api/3/issue/NOPE-1/properties"],
        tooBig: ["ERR_PROPERTY_TOO_LARGE", 32768],
        end: [],
      });
    },
  },
  {
    name: "properties, Confluence: versions move, concurrent updates lose nothing (409s retried), delete",
    forge: { because: ["productByModule"] },
    steps: [
      {
        as: "out",
        app: async (APKit) => {
          const store = APKit.createPropertyStore(APKit.contentProperties("98001"), { backoff: () => 1 });
          await store.set("contract-votes", 0);
          await Promise.all([1, 2, 3, 4, 5].map(() => store.update("contract-votes", (n = 0) => n + 1)));
          const value = await store.get("contract-votes");
          const raw = await APKit.requestJson("/api/v2/pages/98001/properties?key=contract-votes");
          const deleted = await store.delete("contract-votes");
          return { value, version: raw.results[0].version.number, deleted, gone: await store.has("contract-votes") };
        },
      },
    ],
    check({ out }) {
      // 1 create + 5 updates: version 6, whatever the conflicts on the way.
      expect(out!.value).toEqual({ value: 5, version: 6, deleted: true, gone: false });
    },
  },
  {
    name: "sizing and navigation reach the host: resize sets the iframe's height, navigator.go is the product's to do",
    forge: {
      because: ["hostSizesFrame"],
      steps: [
        { as: "done", app: async (APKit) => (await APKit.resize("100%", 321), await APKit.navigator.go("issue", { issueKey: "ABC-2" }), "done") },
        { as: "height", host: { observe: "mainHeight" } },
        { as: "navigations", host: { observe: "navigations", until: (n: any[]) => n.length > 0 } },
      ],
      check(r) {
        expect(r.done!.value).toBe("done");
        expect(r.height!.value).toBeUndefined();
        expect(r.navigations!.value.at(-1)).toEqual({ target: "issue", context: { issueKey: "ABC-2" } });
      },
    },
    steps: [
      { app: async (APKit) => (await APKit.resize("100%", 321), await APKit.navigator.go("issue", { issueKey: "ABC-2" })) },
      { as: "height", host: { observe: "mainHeight", until: (h) => h === "321px" } },
      { as: "navigations", host: { observe: "navigations", until: (n: any[]) => n.length > 0 } },
    ],
    check(r) {
      expect(r.height!.value).toBe("321px");
      expect(r.navigations!.value.at(-1)).toEqual({ target: "issue", context: { issueKey: "ABC-2" } });
    },
  },
  {
    name: "history: the pop-state event and getState read alike on every platform (the anchor as pushState got it, #! in hash)",
    steps: [
      {
        app: async (APKit: any, _: unknown, state: any) => {
          state.pops = [];
          state.stop = APKit.history.onPopState((e: any) => state.pops.push({ newURL: e.newURL, oldURL: e.oldURL, hash: e.hash }));
          await APKit.history.pushState("contract/a");
          await APKit.history.pushState("contract/b");
          await APKit.history.back();
        },
      },
      { until: (_: any, __: unknown, state: any) => state.pops.length >= 1 },
      {
        as: "out",
        app: async (APKit: any, _: unknown, state: any) => {
          state.stop();
          return { pops: state.pops, anchor: await APKit.history.getState(), hash: (await APKit.history.getState("all")).hash };
        },
      },
    ],
    check(r) {
      expect(r.out!.value).toEqual({
        pops: [{ newURL: "contract/a", oldURL: "contract/b", hash: "#!contract/a" }],
        anchor: "contract/a",
        hash: "#!contract/a",
      });
    },
  },
];

/**
 * Where the mock and the real bridge differ on purpose. Each driver asserts its own side (so a change on either side
 * is noticed); the real side of the first one is also in test/e2e/core.test.ts.
 */
export const differences = {
  earlyEvents:
    "The real host queues events for an iframe that is not up yet and replays them on every event_query all.js sends: " +
    "they arrive twice at load. The mock's iframes are up from their creation, so an event broadcast before the app " +
    "subscribed reaches nobody (as on the real bridge once the iframe has loaded).",
  resizeDebounce:
    "all.js debounces AP.resize (50 ms, the last call wins); the mock's host records every call the app made. The " +
    "contract compares the size the iframe ends up with.",
  autoFlags: 'The real product closes close: "auto" flags after a few seconds; the mock leaves them open until closeFlag.',
  dialogPages:
    "A real dialog loads its module's page; the mock has no page: run the dialog's code with mock.dialogs[i].run(fn), " +
    "or close it from the test with closeDialog / cancelDialog. Esc is not emulated.",
  hostThrows:
    "A host method that throws is an uncaught error in the host page on the real bridge; the mock reports it through " +
    "warn. The app sees the same in both: no answer.",
};

/** Where Forge differs from Connect: the reasons the cases' {@link ForgeExpectation}s name, in one place. */
export const forgeDifferences = {
  noContextJwt:
    "Forge has no context JWT: getToken is ERR_UNSUPPORTED_ON_PLATFORM naming platform forge (the backend is called " +
    "with apFetch over requestRemote and verifies a Forge Invocation Token); a getToken fault has nothing to act on.",
  contextShape:
    "getContext is Connect's shape mapped from Forge's context, with Forge's own context under `forge` and the site " +
    "under `url.displayUrl`: it contains the Connect context rather than equalling it.",
  noExperimentalFlag:
    "request's `experimental` flag does not reach a Forge product: requestJira has no such option and apkit/forge " +
    "sends no header for it, so the host sees nothing of it.",
  forgeTokenHeader: "@forge/bridge adds `x-atlassian-token: no-check` to every product request.",
  hostFailures:
    "The emulated Forge host answers a failing or throwing handler with a rejection (ERR_FORGE_BRIDGE_HANDLER_FAILED, " +
    "the value thrown as its cause): apkit reports ERR_HOST with that error as cause, where all.js passes the raw " +
    "value (or, for a throwing host method, nothing at all: ERR_TIMEOUT).",
  onePayload:
    "A Forge event carries one payload: an array arrives as one argument, not spread; emit with more than one " +
    "argument is a TypeError before anything crosses.",
  emitEcho:
    "The emulation has one realm, so an app's emit reaches every subscription (echoEmits) or none: the driver turns " +
    "echo on so that the sibling hears. That the sender hears itself is Connect's behaviour; Forge does not document it.",
  siblingFrame:
    "The emulation has one frame per host: the sibling iframe is a second forge() platform on the same host and " +
    "realm (a second extension of the app), sharing the main frame's context.",
  noRawAP: "There is no window.AP on Forge: raw AP code fails (TypeError), only apkit's API runs on both.",
  noSanitising:
    "Connect's bridge drops null properties of every message; Forge's bridge copies data as it is (the emulation " +
    "copies plain data), so nulls arrive.",
  flagCloseUnheard:
    "Forge's showFlag reports no close to the app: a flag the user closes (or that dismisses itself) leaves its " +
    "`closed` pending; only the app's own close() settles it.",
  productByModule:
    "A Forge module talks to its own product (requestJira in Jira, requestConfluence with /wiki in Confluence): the " +
    "Confluence case runs in a Confluence module; the check is the same.",
  hostSizesFrame:
    "The Custom UI host sizes the frame itself: resize resolves and does nothing, there is no iframe " +
    "height to observe. navigator.go maps to router.navigate as on Connect.",
};

export type ForgeDifference = keyof typeof forgeDifferences;
