// The contract suite (cases.ts) on a third backend: apkit/forge on createMockForge, whose emulated host runs the REAL
// @forge/bridge. The same cases as on the Connect mock (mock.test.ts) and the real Connect bridge
// (test/e2e/contract.test.ts); where Forge cannot do what Connect does, the case's `forge` expectation says why
// (cases.ts: forgeDifferences) and asserts what Forge does instead.
//
// Frames in one JS realm. On Forge every extension and every modal is a Custom UI frame of its own that starts
// apkit itself (`loadAP({ platform: forge() })`). The emulated host has one realm, so each contract frame here is a
// forge() platform of its own, started where that frame would start, and selected while the frame's steps run:
// - `main`: the platform createMockForge started (a Jira issue panel);
// - `sibling`: a second forge() on the same host, standing for a second extension of the app on the page (the host
//   sees its subscriptions, modals and flags like anyone's; the realm and the context are shared);
// - `dialog`: the open modal on top, entered with host.enterModal() before its platform starts (so that it reads
//   the modal's context, as a modal's frame does) and before each of its steps, and left with host.leaveModal()
//   after each: main and sibling steps always run outside the modal.
import * as APKit from "apkit";
import { forge, type ForgeOptions } from "apkit/forge";
import { createMockForge, type ForgeModalRecord, type MockForge } from "apkit/testing/forge";
import { afterEach, describe, expect, test } from "vitest";
import { cases, describeError, forgeDifferences, PRODUCT, type ContractCase, type ContractEnv, type FrameName, type HarnessFault, type HostAction, type Observation, type Outcome } from "./cases.js";
import { productRoutes } from "./product.js";

type Platform = APKit.Platform;

const FORGE_OPTIONS: ForgeOptions = {};
const ENTITIES = [["issue/ABC-1", "issue/10001"], ["issue/ABC-2", "issue/10002"], "pages/98001", "blogposts/98002", "spaces/42", `addons/${PRODUCT.addonKey}`] as const;

/** The extension the app's main frame is: PRODUCT.context as Forge gives it. */
const EXTENSIONS = {
  jira: { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } },
  confluence: { type: "confluence:contentBylineItem", content: { id: "98001", type: "page" }, space: { id: "42", key: "DOCS" } },
};

/** The Forge bridge call a contract fault stands for; `undefined`: the method has no Forge bridge call. */
const FAULT_CALLS: Record<string, string | undefined> = { "context.getContext": "getContext", request: "fetchProduct", "context.getToken": undefined };

/** product.js's overrides as answers of the emulated host (host.handle); `never` is host.hang. */
function faultHandler(method: string, how: Exclude<HarnessFault, "never">): () => unknown {
  switch (how) {
    case "throw":
      return () => {
        throw new Error(`harness: ${method} threw`);
      };
    case "rejectError":
      return () => Promise.reject(new Error(`harness: ${method} failed`));
    case "rejectObject":
      return () => Promise.reject({ code: 42, reason: "harness object" });
    case "rejectZero":
      return () => Promise.reject(0);
    case "resolveUndefined":
      return () => undefined;
    case "resolveFalse":
      return () => false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let mock: MockForge | undefined;
afterEach(() => {
  mock?.stop();
  mock = undefined;
});

async function setup(c: ContractCase) {
  const warnings: string[] = [];
  const product = c.forge?.product ?? "jira";
  mock = await createMockForge({
    context: {
      accountId: PRODUCT.myself.accountId,
      locale: PRODUCT.myself.locale,
      timezone: PRODUCT.myself.timeZone,
      moduleKey: "contract-main",
      extension: EXTENSIONS[product],
    },
    // With one realm the host can deliver an app's emit to every subscription or to none: to all, so that the
    // sibling hears the main frame (forgeDifferences.emitEcho).
    echoEmits: true,
    properties: { entities: ENTITIES.map((e) => (typeof e === "string" ? e : [...e])) },
    forge: FORGE_OPTIONS,
    warn: (m) => warnings.push(m),
  }).start();
  for (const [method, path, resolve] of productRoutes()) mock.onRequest(method.toUpperCase(), path, resolve as never);
  const env: ContractEnv = {
    driver: "Forge mock (real @forge/bridge)",
    tenant: { clientKey: "forge-has-no-tenant-secret", sharedSecret: "forge-has-no-tenant-secret" },
    accountId: PRODUCT.myself.accountId,
    // @forge/bridge normalises the context's en_US to en-US, as Connect's locale is.
    locale: PRODUCT.locale,
    timeZone: PRODUCT.myself.timeZone,
    context: PRODUCT.context,
  };
  return { mock, env, warnings };
}

const selected = (): Platform => (globalThis as Record<symbol, Platform>)[Symbol.for("apkit.platform")]!;

async function poll<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, flush: () => Promise<void>, what: string): Promise<T> {
  const end = Date.now() + 5000;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`contract (forge): timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    // A request the product never answers stays in flight: a flush would wait for it, so it gets a bound.
    await Promise.race([flush(), sleep(50)]);
    await sleep(5);
  }
}

// The app code is rebuilt from its source, as in the other drivers: a step that closes over anything fails here too.
const rebuild = (fn: Function) => new Function(`return (${fn.toString()})`)() as (...args: unknown[]) => unknown;

function observe(m: MockForge, what: Observation): unknown {
  switch (what) {
    case "lastRequest": {
      const r = m.requests.filter((x) => x.kind === "product").at(-1)!;
      return r.kind === "product" ? { method: r.method, url: r.restPath, data: r.data, headers: r.headers } : undefined;
    }
    case "dialogs":
      return m.modals.filter((x) => x.open).length;
    case "flags":
      return m.flags.map((f) => ({ title: f.title, type: f.type, open: f.open }));
    case "navigations":
      // Connect's { target, context } from Forge's { target, ...location }.
      return m.navigations.map((n) => {
        const { target, ...context } = n.location ?? {};
        return n.type === "same-tab" && n.location ? { target, context } : { type: n.type, url: n.url };
      });
    case "mainHeight":
      // No iframe height to read: the Custom UI host sizes the frame itself.
      return undefined;
  }
}

async function run(m: MockForge, steps: ContractCase["steps"]): Promise<Record<string, Outcome>> {
  const results: Record<string, Outcome> = {};
  const main = selected();
  let sibling: Platform | undefined;
  const dialogs = new Map<ForgeModalRecord, Platform>();
  const states = new Map<Platform, object>();
  const undo = new Map<string, () => void>();

  /** Selects the frame's platform (starting it the first time), inside its modal for `dialog`. */
  const enter = async (name: FrameName = "main"): Promise<Platform> => {
    m.leaveModal();
    if (name === "main") return APKit.selectPlatform(main), main;
    if (name === "sibling") {
      if (!sibling) await APKit.loadAP({ platform: (sibling = forge(FORGE_OPTIONS)) });
      return APKit.selectPlatform(sibling), sibling;
    }
    const modal = await poll(() => m.modals.filter((x) => x.open).at(-1), (x) => !!x, m.flush, "an open modal");
    m.enterModal(modal);
    let platform = dialogs.get(modal!);
    if (!platform) dialogs.set(modal!, (platform = forge(FORGE_OPTIONS)));
    await APKit.loadAP({ platform });
    return platform;
  };
  const leave = () => {
    m.leaveModal();
    APKit.selectPlatform(main);
  };
  const inFrame = async (name: FrameName | undefined, fn: Function, arg: unknown): Promise<Outcome> => {
    const platform = await enter(name);
    if (!states.has(platform)) states.set(platform, {});
    const app = rebuild(fn);
    try {
      return { value: structuredClone(await app(APKit, structuredClone(arg), states.get(platform))) };
    } catch (error) {
      return { error: describeError(error) };
    } finally {
      leave();
    }
  };
  const host = async (action: HostAction): Promise<unknown> => {
    if ("broadcast" in action) return m.emit(action.broadcast[0], action.broadcast[1]);
    if ("closeDialog" in action) return m.closeModal(action.closeDialog);
    if ("clickDialogButton" in action) {
      // Forge modals have no host buttons; the user's way out without data is dismissing the modal (Esc, the
      // overlay): the host closes it and onClose gets no payload. A host Submit has no Forge meaning.
      if (action.clickDialogButton === "cancel") return m.closeModal(undefined);
      throw new Error("contract (forge): a host Submit button has no Forge meaning (modals draw their own buttons)");
    }
    if ("clickFlagAction" in action) {
      const flag = await poll(() => m.flags.filter((f) => f.open && f.title === action.clickFlagAction.title).at(-1), (f) => !!f, m.flush, `flag ${action.clickFlagAction.title}`);
      return m.clickFlagAction(flag!.id, action.clickFlagAction.text);
    }
    if ("closeFlag" in action) {
      const flag = m.flags.filter((f) => f.open && f.title === action.closeFlag.title).at(-1);
      if (!flag) throw new Error(`contract (forge): no open flag ${action.closeFlag.title}`);
      return m.closeFlag(flag.id);
    }
    if ("fault" in action) {
      const { method, how } = action.fault;
      undo.get(method)?.();
      undo.delete(method);
      const call = FAULT_CALLS[method];
      // getToken has no bridge call on Forge (it is ERR_UNSUPPORTED_ON_PLATFORM): there is nothing to misbehave.
      if (how && call) undo.set(method, how === "never" ? m.hang(call) : m.handle(call, faultHandler(method, how)));
      return undefined;
    }
    const { observe: what, until } = action;
    return until ? poll(() => observe(m, what), until, m.flush, `the host's ${what}`) : observe(m, what);
  };
  for (const step of steps) {
    if ("host" in step) {
      const value = await host(step.host);
      if (step.as) results[step.as] = { value };
    } else if ("until" in step) {
      await poll(() => inFrame(step.frame, step.until, step.arg), (o) => !!o.value, m.flush, `${step.until} in ${step.frame ?? "main"}`);
    } else {
      const outcome = await inFrame(step.frame, step.app, step.arg);
      if (step.as) results[step.as] = outcome;
    }
  }
  return results;
}

describe("contract on createMockForge (apkit/forge over the real @forge/bridge)", () => {
  for (const c of cases) {
    const label = c.forge ? `${c.name} [Forge differs: ${c.forge.because.join(", ")}]` : c.name;
    test(label, async () => {
      const { mock: m, env } = await setup(c);
      const results = await run(m, c.forge?.steps ?? c.steps);
      await (c.forge?.check ?? c.check)(results, env);
      // The product each request went to: the module's own.
      expect(new Set(m.requests.map((r) => (r.kind === "product" ? r.product : r.kind)))).toEqual(new Set(m.requests.length ? [c.forge?.product ?? "jira"] : []));
    });
  }
});

describe("where Forge differs (cases.ts: forgeDifferences)", () => {
  const citing = (key: string) => cases.filter((c) => c.forge?.because.includes(key as never)).map((c) => c.name);
  for (const [key, reason] of Object.entries(forgeDifferences)) {
    test(`${key}: ${reason}`, () => {
      // Every difference is asserted by at least one case.
      expect(citing(key)).not.toEqual([]);
    });
  }

  test("every Forge expectation names known reasons, and asserts an outcome or runs other steps for a reason", () => {
    for (const c of cases) {
      if (!c.forge) continue;
      expect(c.forge.because.length, c.name).toBeGreaterThan(0);
      for (const key of c.forge.because) expect(Object.keys(forgeDifferences), c.name).toContain(key);
    }
  });
});
