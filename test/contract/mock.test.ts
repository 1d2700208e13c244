// The contract suite (cases.ts) against apkit/testing's createMockAP in jsdom, twice: as Atlassian's CDN all.js
// (what production apps load) and as the npm all.js of the local host with 2 ms per message across the bridge.
// The same cases run on the real connect-host + all.js in test/e2e/contract.test.ts.
import * as APKit from "apkit";
import { createMockAP, rest, type MockAP, type MockFault, type MockFrame } from "apkit/testing";
import { describe, expect, test, vi } from "vitest";
import { cases, describeError, differences, PRODUCT, type ContractEnv, type FrameName, type HarnessFault, type HostAction, type Observation, type Outcome } from "./cases.js";
import { productRoutes } from "./product.js";

const VARIANTS = [
  { name: "CDN all.js", allJs: "cdn", latency: 0 },
  { name: "npm all.js, 2 ms latency", allJs: "npm", latency: 2 },
] as const;

/** The REST of the local host's product.js that the cases use (product.ts), as handlers: the same product, in memory. */
const productHandlers = () => productRoutes().map(([method, path, resolve]) => rest[method](path, resolve as never));

/** product.js's overrides (harness.override) as the mock's faults. */
function faultOf(method: string, how: HarnessFault): MockFault {
  switch (how) {
    case "never":
    case "throw":
      return how;
    case "rejectError":
      return { reject: new Error(`harness: ${method} failed`) };
    case "rejectObject":
      return { reject: { code: 42, reason: "harness object" } };
    case "resolveUndefined":
      return { resolve: undefined };
    case "resolveFalse":
      return { resolve: false };
    case "rejectZero":
      return { reject: 0 };
  }
}

async function poll<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, flush: () => Promise<void>, what: string): Promise<T> {
  const end = Date.now() + 5000;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`contract (mock): timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await flush();
    await new Promise((r) => setTimeout(r, 5));
  }
}

// The app code is rebuilt from its source, as the real driver must: a step that closes over anything fails here too.
const rebuild = (fn: Function) => new Function(`return (${fn.toString()})`)() as (...args: unknown[]) => unknown;

function setup(variant: (typeof VARIANTS)[number]) {
  const warnings: string[] = [];
  const mock = createMockAP({
    addonKey: PRODUCT.addonKey,
    moduleKey: "contract-main",
    context: PRODUCT.context,
    user: { accountId: PRODUCT.myself.accountId, locale: PRODUCT.locale, timeZone: PRODUCT.myself.timeZone },
    handlers: productHandlers(),
    // The entities the local host's product has (product.js, product-properties.js); others answer 404.
    properties: { entities: [["issue/ABC-1", "issue/10001"], ["issue/ABC-2", "issue/10002"], "pages/98001", "blogposts/98002", "spaces/42", `addons/${PRODUCT.addonKey}`] },
    allJs: variant.allJs,
    latency: variant.latency,
    warn: (m) => warnings.push(m),
  });
  const sibling = mock.connect({ moduleKey: "contract-sibling" });
  const env: ContractEnv = {
    driver: `mock (${variant.name})`,
    tenant: mock.tenant,
    accountId: PRODUCT.myself.accountId,
    locale: PRODUCT.locale,
    timeZone: PRODUCT.myself.timeZone,
    context: PRODUCT.context,
  };
  return { mock, sibling, env, warnings };
}

function observe(mock: MockAP, what: Observation): unknown {
  switch (what) {
    case "lastRequest": {
      const r = mock.requests.at(-1)!;
      return { method: r.method, url: r.url, data: r.data, headers: r.headers, experimental: r.experimental };
    }
    case "dialogs":
      return mock.dialogs.length;
    case "flags":
      return mock.flags.map((f) => ({ title: f.title, type: f.type, open: f.open }));
    case "navigations":
      return mock.navigations.map(({ target, context }) => ({ target, context }));
    case "mainHeight": {
      const height = mock.resizes.filter((r) => r.frame === mock.main).at(-1)?.height;
      return typeof height === "number" ? `${height}px` : height;
    }
  }
}

async function run(mock: MockAP, sibling: MockFrame, c: (typeof cases)[number]): Promise<Record<string, Outcome>> {
  const results: Record<string, Outcome> = {};
  const states = new Map<MockFrame, object>();
  const undo = new Map<string, () => void>();
  const frameOf = (name: FrameName = "main"): Promise<MockFrame> =>
    name === "main"
      ? Promise.resolve(mock.main)
      : name === "sibling"
        ? Promise.resolve(sibling)
        : poll(() => mock.dialogs.at(-1), (d) => !!d, mock.flush, "a dialog").then((d) => d!);
  const inFrame = async (name: FrameName | undefined, fn: Function, arg: unknown): Promise<Outcome> => {
    const frame = await frameOf(name);
    if (!states.has(frame)) states.set(frame, {});
    const app = rebuild(fn);
    return frame.run(async () => {
      try {
        return { value: structuredClone(await app(APKit, structuredClone(arg), states.get(frame))) };
      } catch (error) {
        return { error: describeError(error) };
      }
    });
  };
  const host = async (action: HostAction): Promise<unknown> => {
    if ("broadcast" in action) return mock.emit(...action.broadcast);
    if ("closeDialog" in action) return mock.closeDialog(action.closeDialog);
    if ("clickDialogButton" in action) return mock.clickDialogButton(action.clickDialogButton);
    if ("clickFlagAction" in action) return mock.clickFlagAction(action.clickFlagAction.title, action.clickFlagAction.action);
    if ("closeFlag" in action) return mock.closeFlag(action.closeFlag.title);
    if ("fault" in action) {
      const { method, how } = action.fault;
      undo.get(method)?.();
      if (how) undo.set(method, mock.fault(method, faultOf(method, how)));
      return undefined;
    }
    const { observe: what, until } = action;
    return until ? poll(() => observe(mock, what), until, mock.flush, `the host's ${what}`) : observe(mock, what);
  };
  for (const step of c.steps) {
    if ("host" in step) {
      const value = await host(step.host);
      if (step.as) results[step.as] = { value };
    } else if ("until" in step) {
      await poll(() => inFrame(step.frame, step.until, step.arg), (o) => !!o.value, mock.flush, `${step.until} in ${step.frame ?? "main"}`);
    } else {
      const outcome = await inFrame(step.frame, step.app, step.arg);
      if (step.as) results[step.as] = outcome;
    }
  }
  return results;
}

for (const variant of VARIANTS) {
  describe(`contract on createMockAP (${variant.name})`, () => {
    for (const c of cases) {
      test(c.name, async () => {
        const { mock, sibling, env } = setup(variant);
        const results = await run(mock, sibling, c);
        await c.check(results, env);
      });
    }
  });
}

describe("where the mock differs from the real bridge, on purpose (cases.ts: differences)", () => {
  test(`early events: ${differences.earlyEvents.slice(0, 60)}…`, async () => {
    const mock = createMockAP().install();
    await mock.emit("early", { n: 1 });
    const seen: unknown[] = [];
    APKit.events.on("early", (data) => seen.push(data));
    await mock.flush();
    expect(seen).toEqual([]);
    await mock.emit("early", { n: 2 });
    expect(seen).toEqual([{ n: 2 }]);
  });

  test("resize: every call reaches the host (all.js would debounce them into the last)", async () => {
    const mock = createMockAP().install();
    await APKit.resize("100%", 100);
    await APKit.resize("100%", 200);
    await mock.flush();
    expect(mock.resizes.map((r) => r.height)).toEqual([100, 200]);
  });

  test('flags with close: "auto" stay open until the test closes them', async () => {
    const mock = createMockAP().install();
    const f = APKit.flag.show({ title: "Auto", close: "auto" });
    await mock.flush();
    // A minute of (fake) time later: the mock has no timer of its own that closes "auto" flags.
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "Date"] });
    try {
      vi.advanceTimersByTime(60_000);
    } finally {
      vi.useRealTimers();
    }
    expect(mock.flags.map((x) => [x.title, x.close, x.open])).toEqual([["Auto", "auto", true]]);
    await mock.closeFlag("Auto");
    await f.closed;
    expect(mock.flags[0]!.open).toBe(false);
  });

  test("a host method that throws: the app hears nothing (ERR_TIMEOUT), and the mock says so through warn", async () => {
    const warnings: string[] = [];
    const mock = createMockAP({ warn: (m) => warnings.push(m) }).install();
    mock.fault("context.getContext", "throw");
    await expect(APKit.getContext({ timeout: 50 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
    expect(warnings).toEqual([expect.stringContaining("host method context.getContext threw")]);
  });
});
