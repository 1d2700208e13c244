/**
 * The Forge mock host: an emulation of the host side of `globalThis.__bridge.callBridge`, so that the real
 * `@forge/bridge` package runs unchanged in jsdom tests. docs/forge-bridge-protocol.md lists every call name,
 * payload and answer, read from @forge/bridge 7.2.0, and what the emulation decides where the package is silent.
 *
 * @forge/bridge captures `__bridge.callBridge` once, when it is first imported. So the emulation puts one
 * long-lived dispatcher there (kept on `globalThis` under a registry symbol, so that every copy of this module in
 * a process shares it) and routes each call to the current host state, which tests reset between tests.
 */
import { inReactAct } from "../inReactAct.js";
import { hostEvents } from "./hostEvents.js";
import { hostKit } from "./hostKit.js";
import { hostRequests, registerRequestArea } from "./hostRequests.js";
import { hostUi } from "./hostUi.js";
import { hostView } from "./hostView.js";
import { Clock, cross, ForgeBridgeEmulationError } from "./transport.js";
import type { ForgeBridgeCall, ForgeBridgeHost, ForgeBridgeHostOptions, ForgeCallHandler, ForgeContext } from "./types.js";

export { ForgeBridgeEmulationError, type ForgeBridgeErrorCode } from "./transport.js";

/** The function @forge/bridge captures as `__bridge.callBridge`. */
type CallBridge = (name: string, payload?: unknown) => Promise<unknown>;

interface Slot {
  readonly dispatcher: CallBridge;
  route?: CallBridge;
  installed: boolean;
  previous?: { had: boolean; value: unknown };
  /** Takes back the request base the install set (see `ensureRequestBase`), on uninstall. */
  origin?: () => void;
  host?: ForgeBridgeHost;
}

const SLOT = Symbol.for("apkit.testing.forgeBridge");

/** The defaults of {@link ForgeContext} (a Jira issue panel). */
const DEFAULT_CONTEXT: ForgeContext = {
  accountId: "712020:mock-user",
  cloudId: "00000000-0000-4000-8000-000000000001",
  siteUrl: "https://mock-site.atlassian.net",
  locale: "en-US",
  timezone: "UTC",
  moduleKey: "mock-module",
  localId: "ari:cloud:ecosystem::extension/mock-app/mock-environment/static/mock-module",
  environmentId: "mock-environment",
  environmentType: "DEVELOPMENT",
  extension: {
    type: "jira:issuePanel",
    issue: { id: "10001", key: "TEST-1", type: "Task", typeId: "10002" },
    project: { id: "10000", key: "TEST", type: "software" },
  },
  theme: null,
  license: null,
};

/**
 * Installs the Forge mock host: one stable dispatcher on `globalThis.__bridge.callBridge`, to be in place before
 * the first import of `@forge/bridge` (which captures it). Idempotent: every call returns the same host; with
 * `options`, the host is also reset with them. Nothing happens at import time of apkit/testing.
 *
 * @example
 * ```ts
 * import { installForgeBridge } from "apkit/testing/forge";
 * import { beforeEach, expect, test } from "vitest";
 *
 * const host = installForgeBridge();             // before @forge/bridge is imported
 * const { view, requestJira } = await import("@forge/bridge");
 * beforeEach(() => host.reset({ context: { moduleKey: "my-panel" } }));
 *
 * test("reads the issue", async () => {
 *   host.onRequest("GET", "/rest/api/3/issue/:key", ({ params }) => ({ body: { key: params.key } }));
 *   const context = await view.getContext();
 *   const res = await requestJira(`/rest/api/3/issue/${context.extension.issue.key}`);
 *   expect(await res.json()).toEqual({ key: "TEST-1" });
 * });
 * ```
 */
export function installForgeBridge(options?: ForgeBridgeHostOptions): ForgeBridgeHost {
  const global = globalThis as unknown as Record<PropertyKey, unknown> & { __bridge?: unknown };
  const slot = slotOf();
  const current = global.__bridge as { callBridge?: unknown } | undefined;
  if (current?.callBridge !== slot.dispatcher) {
    slot.previous = { had: "__bridge" in global, value: global.__bridge };
    global.__bridge = { callBridge: slot.dispatcher };
  }
  slot.installed = true;
  slot.origin ??= ensureRequestBase();
  if (options) slot.host!.reset(options);
  return slot.host!;
}

/** @internal The one host of this process (created on first use, not installed): createMockForge's. */
export function forgeHost(): ForgeBridgeHost {
  return slotOf().host!;
}

function slotOf(): Slot {
  const global = globalThis as unknown as Record<PropertyKey, unknown>;
  let slot = global[SLOT] as Slot | undefined;
  if (!slot) {
    const fresh: Slot = {
      // Looked up at each call: reset and reinstall change what answers, never the function @forge/bridge holds.
      dispatcher: (name, payload) =>
        fresh.installed && fresh.route
          ? fresh.route(name, payload)
          : Promise.reject(new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_NOT_INSTALLED", `callBridge("${String(name)}") while the Forge mock host is uninstalled`, { call: String(name) })),
      installed: false,
    };
    slot = fresh;
    Object.defineProperty(global, SLOT, { value: slot, configurable: true });
  }
  slot.host ??= createHost(slot);
  return slot;
}

/** @internal Throws a `TypeError` for options the host cannot take. */
export function checkHostOptions(options: ForgeBridgeHostOptions): void {
  if (options.latency !== undefined && !(Number.isFinite(options.latency) && options.latency >= 0)) {
    throw new TypeError(`apkit/testing forge host: latency must be a number >= 0, got ${String(options.latency)}`);
  }
  const strategy = options.onUnhandledRequest;
  if (strategy !== undefined && typeof strategy !== "function" && !["error", "warn", "bypass", "404", "reject"].includes(strategy)) {
    throw new TypeError(`apkit/testing forge host: onUnhandledRequest must be "error", "warn", "bypass" or a function; got ${JSON.stringify(strategy)}`);
  }
}

function createHost(slot: Slot): ForgeBridgeHost {
  // What a reset replaces: the options, and the clock of the bridge (its latency).
  const state = { options: {} as ForgeBridgeHostOptions, clock: new Clock(0) };
  let context: ForgeContext = structuredClone(DEFAULT_CONTEXT);
  let custom = new Map<string, ForgeCallHandler>();
  let hung = new Set<string>();
  let calls: { name: string; payload: unknown; state: ForgeBridgeCall["state"] }[] = [];

  const contextNow = (): ForgeContext => {
    const copy = structuredClone(context);
    const modal = ui.inside();
    if (modal) copy.extension = { ...copy.extension, modal: structuredClone(modal.context) };
    return copy;
  };
  const kit = hostKit(state, contextNow);
  const requests = hostRequests(kit);
  const events = hostEvents(kit);
  const ui = hostUi(kit);
  const view = hostView(kit, { closeInside: (payload) => ui.closeInside(payload), invokeEndpoint: (payload) => requests.invokeEndpoint(payload) });
  const areas = [requests, events, ui, view];
  const builtins: Record<string, (payload: any) => unknown> = Object.assign({}, ...areas.map((area) => area.builtins));

  // ---- routing ------------------------------------------------------------------------------------------------
  slot.route = (name, payload) => {
    const { clock } = state;
    const record = { name: String(name), payload: cross(payload, clock), state: "pending" as ForgeBridgeCall["state"] };
    calls.push(record);
    if (hung.has(record.name)) {
      record.state = "hung";
      return new Promise<never>(() => {});
    }
    const answered = clock.later(async () => {
      const own = custom.get(record.name);
      if (own) {
        try {
          return await own(record.payload, { name: record.name, context: contextNow() });
        } catch (error) {
          if (error instanceof ForgeBridgeEmulationError) throw error;
          throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_HANDLER_FAILED", `the handler for "${record.name}" threw: ${String(error)}`, { cause: error, call: record.name });
        }
      }
      const builtin = Object.prototype.hasOwnProperty.call(builtins, record.name) ? builtins[record.name] : undefined;
      if (!builtin) {
        throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_UNKNOWN_CALL", `the Forge mock host does not answer callBridge("${record.name}"); answer it with host.handle("${record.name}", fn)`, { call: record.name });
      }
      return builtin(record.payload);
    });
    return answered.then(
      (value) =>
        clock.later(() => {
          record.state = "answered";
          return cross(value, clock);
        }),
      (error) =>
        clock.later(() => {
          record.state = "rejected";
          throw error;
        }),
    );
  };

  const host: ForgeBridgeHost = {
    get installed() {
      return slot.installed && slot.host === host;
    },
    reset(next = {}) {
      checkHostOptions(next);
      state.options = next;
      state.clock = new Clock(next.latency ?? 0);
      context = { ...structuredClone(DEFAULT_CONTEXT), ...structuredClone(next.context ?? {}) };
      custom = new Map();
      hung = new Set();
      calls = [];
      for (const area of areas) area.reset(next);
    },
    uninstall() {
      if (!slot.installed) return;
      slot.installed = false;
      const global = globalThis as unknown as Record<string, unknown>;
      if (slot.previous?.had) global.__bridge = slot.previous.value;
      else delete global.__bridge;
      slot.previous = undefined;
      slot.origin?.();
      slot.origin = undefined;
    },
    flush: () => inReactAct(() => state.clock.idle()),

    get context() {
      return contextNow();
    },
    setContext(patch) {
      context = { ...context, ...structuredClone(patch) };
    },

    onRequest: (method, pattern, handler, options) => requests.onRequest(method, pattern, handler, options),
    onRemote: (method, pattern, handler, options) => requests.onRemote(method, pattern, handler, options),
    get requests() {
      return requests.requests;
    },
    onInvoke: (functionKey, resolver) => registerIn(view.resolvers, functionKey, resolver, "onInvoke needs a resolver function"),
    get invocations() {
      return view.invocations;
    },

    get emitted() {
      return events.emitted;
    },
    emit(event, payload, options = {}) {
      if (typeof event !== "string" || !event) throw new TypeError("apkit/testing forge host: emit needs an event name");
      return kit.settle(() => events.deliver(event, cross(payload, state.clock), options.public === true));
    },
    listenerCount: (event, options = {}) => events.listenerCount(event, options.public === true),

    get modals() {
      return ui.modals;
    },
    closeModal: (payload) => ui.closeModal(cross(payload, state.clock)),
    enterModal: (record) => ui.enterModal(record),
    leaveModal: () => ui.leaveModal(),

    get flags() {
      return ui.flags;
    },
    clickFlagAction: (flag, actionText) => ui.clickFlagAction(flag, actionText),
    closeFlag: (flag) => ui.closeFlag(flag),

    get navigations() {
      return ui.navigations;
    },
    history: ui.history,
    get view() {
      return view.view;
    },

    get calls() {
      return calls;
    },
    handle: (name, handler) => registerIn(custom, name, handler, "handle needs a handler function"),
    hang(name) {
      hung.add(name);
      return () => void hung.delete(name);
    },
  };
  registerRequestArea(host, requests);
  return host;
}

// Where Node's fetch (undici) reads the base URL of relative request URLs: the key its own `setGlobalOrigin` uses.
const UNDICI_ORIGIN = Symbol.for("undici.globalOrigin.1");

/**
 * @forge/bridge builds `new Request('')` for every product and remote request (out/fetch/fetch.js:45): a relative
 * URL. In a browser the document is its base. Under vitest's and jest's jsdom environments `Request` is Node's,
 * which ignores jsdom's `location` and throws "Failed to parse URL from". So, only when `new Request('')` fails
 * and the test environment has a document location, the install gives requests that location as their base (what a
 * browser does), and uninstall takes it back. Two ways, the first that works:
 * - Node's fetch (undici) reads a base URL from a global its own `setGlobalOrigin` sets; in vitest's jsdom that
 *   global is the test's;
 * - under jest the environment is a separate realm whose `Request` is the outer realm's, so that global is out of
 *   reach: the environment's `Request` is replaced by a subclass that resolves a relative URL against the location.
 * Returns what undoes it, or undefined when nothing changed.
 */
function ensureRequestBase(): (() => void) | undefined {
  if (typeof Request !== "function" || works()) return undefined;
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof href !== "string" || !/^https?:/.test(href)) return undefined;
  const g = globalThis as unknown as Record<symbol, unknown> & { Request: typeof Request };
  const had = UNDICI_ORIGIN in g;
  const value = g[UNDICI_ORIGIN];
  g[UNDICI_ORIGIN] = new URL(href);
  if (works()) return () => (had ? (g[UNDICI_ORIGIN] = value) : delete g[UNDICI_ORIGIN]);
  if (had) g[UNDICI_ORIGIN] = value;
  else delete g[UNDICI_ORIGIN];
  const Original = g.Request;
  const base = href;
  g.Request = class extends Original {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === "string" ? new URL(input, (globalThis as { location?: { href: string } }).location?.href ?? base).href : input, init);
    }
  };
  return () => {
    g.Request = Original;
  };
}

function works(): boolean {
  try {
    new Request("");
    return true;
  } catch {
    return false;
  }
}

// A handler registered under a name; the function returned removes it, unless another replaced it meanwhile.
function registerIn<F>(registry: Map<string, F>, name: string, handler: F, misuse: string): () => void {
  if (typeof handler !== "function") throw new TypeError(`apkit/testing forge host: ${misuse}`);
  registry.set(name, handler);
  return () => {
    if (registry.get(name) === handler) registry.delete(name);
  };
}
