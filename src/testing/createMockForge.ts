/**
 * The Forge mock host: the emulated Custom UI bridge (forge/emulateForgeBridge.ts) with apkit's Forge platform
 * selected on it, and the surface of createMockAP (the same handler factories, `json()`, `onUnhandledRequest`
 * vocabulary, lifecycle and records), so that one component test runs on both platforms with nothing but the choice
 * of mock.
 */
import { loadAP, selectPlatform } from "apkit";
import { forge, type ForgeOptions } from "apkit/forge";
import { factories, type LiveHandler, type RequestHandler, type RequestHandlerFactories } from "./createMockAP.request.js";
import { checkHostOptions, forgeHost, installForgeBridge } from "./forge/emulateForgeBridge.js";
import { requestAreaOf } from "./forge/hostRequests.js";
import type { ForgeBridgeHost, ForgeBridgeHostOptions, ForgeModalRecord } from "./forge/types.js";
import { createPropertyBackend, type PropertyBackend, type PropertyBackendOptions } from "./propertyBackend.js";

/** Options of {@link createMockForge}. */
export interface MockForgeOptions extends ForgeBridgeHostOptions {
  /** Options of apkit/forge's `forge()` (dialog map, remote key, product). */
  forge?: ForgeOptions;
  /**
   * The product's property REST (entity, app, content and space properties), as createMockAP serves it: options for
   * {@link createPropertyBackend}, a backend of your own, or `false` for none. Handlers you add answer first.
   */
  properties?: PropertyBackendOptions | PropertyBackend | false;
  /** Request handlers (`rest` for the product, `remote` for the app's backend) that stay across `resetHandlers()`. */
  handlers?: RequestHandler[];
}

/** An open Forge modal, in the terms of createMockAP's dialogs. */
export interface MockForgeDialog {
  /** The Forge resource it opened, which apkit maps from the Connect dialog key (`forge({ dialogs })`). */
  readonly key: string;
  /** What the modal's frame reads with apkit's `dialog.getCustomData()` (the modal's `context`). */
  readonly customData: unknown;
  /** The emulation's record of the modal. */
  readonly modal: ForgeModalRecord;
}

/**
 * A Forge mock host: every control of the emulated bridge (`onRequest`, `modals`, `enterModal`, `view`, `hang`, ...),
 * and createMockAP's surface on top, so that a test written for one runs on the other.
 */
export interface MockForge extends ForgeBridgeHost {
  /**
   * Installs the emulated bridge and selects apkit's Forge platform on it (`loadAP({ platform: forge(...) })`, whose
   * start goes on in the background: apkit's calls wait for it). Returns the mock.
   */
  install(): MockForge;
  /** {@link MockForge.install}, resolving once apkit runs on the host (the platform started). */
  start(): Promise<MockForge>;
  /** Selects Connect again and takes the emulated bridge away (also `stop()` and `[Symbol.dispose]`, for `using`). */
  uninstall(): void;
  /** {@link MockForge.uninstall}. */
  stop(): void;
  /** The emulation underneath, for what createMockAP's surface has no words for. */
  readonly host: ForgeBridgeHost;
  /** Handler factories for the product's REST API (`requestJira`, ...), registered as they are built. */
  readonly request: RequestHandlerFactories<RequestHandler>;
  /** Handler factories for the app's backend (`requestRemote`, `invokeRemote`: what `apFetch` calls). */
  readonly remote: RequestHandlerFactories<RequestHandler>;
  /** Prepends handlers: they answer before every handler already there. */
  use(...handlers: RequestHandler[]): void;
  /** Drops every handler added since creation (or replaces the initial ones with `next`). */
  resetHandlers(...next: RequestHandler[]): void;
  /** The handlers in the order they are tried. */
  listHandlers(): readonly RequestHandler[];
  /** The property backend behind the product's `/properties` REST (`undefined` with `properties: false`). */
  readonly properties: PropertyBackend | undefined;
  /** The open modals, the top one last, as dialogs. */
  readonly dialogs: readonly MockForgeDialog[];
  /** The modal on top closes with `data`, as its frame's `view.close(data)` would: its opener resolves. */
  closeDialog(data?: unknown): Promise<void>;
  /** The user dismisses the modal on top: the opener resolves `undefined`. */
  cancelDialog(): Promise<void>;
}

/**
 * A Forge Custom UI host for tests: the real @forge/bridge package runs against it (it emulates the host side of
 * `globalThis.__bridge.callBridge`, see docs/forge-bridge-protocol.md), and apkit runs on Forge over it. Its surface
 * is createMockAP's: `install()` / `start()` / `uninstall()`, `mock.request.get(path, () => json(...))`,
 * `mock.remote.get(...)` for the backend, `requests`, `dialogs` / `closeDialog`, `flags` / `clickFlagAction`,
 * `emit`, `flush`, so the same component test runs on both platforms with only the mock chosen.
 *
 * @example
 * ```ts
 * import { createMockForge } from "apkit/testing/forge";
 * import { json } from "apkit/testing";
 * import { requestJson } from "apkit";
 * const mock = await createMockForge({ context: { extension: { type: "jira:issuePanel", issue: { id: "10001", key: "ABC-1" } } } }).start();
 * mock.request.get("/rest/api/3/myself", () => json({ accountId: "a-1" }));
 * await requestJson("/rest/api/3/myself"); // { accountId: "a-1" }
 * mock.uninstall();
 * ```
 */
export function createMockForge(options: MockForgeOptions = {}): MockForge {
  const { forge: forgeOptions, properties: propertyOptions, handlers: initial = [], ...hostOptions } = options;
  const properties =
    propertyOptions === false
      ? undefined
      : propertyOptions && typeof (propertyOptions as PropertyBackend).handle === "function"
        ? (propertyOptions as PropertyBackend)
        : createPropertyBackend(propertyOptions as PropertyBackendOptions | undefined);
  // Checked now (a misspelt policy must fail where it is written); the host is the process's one, not installed yet.
  checkHostOptions(hostOptions);
  const host = forgeHost();

  // The mock's handlers, kept here so that they survive install() (which resets the host) as createMockAP's do.
  let baseline = initial as LiveHandler[];
  let runtime: LiveHandler[] = [];
  let removers: Array<() => void> = [];
  let started: Promise<unknown> | undefined;
  const area = requestAreaOf(host);
  const register = (handlers: readonly LiveHandler[]) => {
    // Registered last first, so that the first of a list answers first (each registration goes in front).
    for (const h of [...handlers].reverse()) removers.push(area.use(h));
  };
  const use = (...handlers: RequestHandler[]) => {
    runtime = [...(handlers as LiveHandler[]), ...runtime];
    if (started) register(handlers as LiveHandler[]);
  };

  const uninstall = () => {
    selectPlatform(undefined);
    host.uninstall();
    started = undefined;
  };
  // The host's controls (getters and closures) read through the prototype; the mock's own members, getters
  // included, are defined on top (Object.assign would freeze a getter's value at creation).
  const own = {
    host,
    properties,
    install(): MockForge {
      uninstall();
      installForgeBridge(hostOptions);
      area.properties = properties;
      removers = [];
      register([...runtime, ...baseline]);
      started = loadAP({ platform: forge(forgeOptions) });
      // The start's failure reaches whoever awaits start(); nobody else must see it as unhandled.
      started.catch(() => {});
      return mock;
    },
    async start(): Promise<MockForge> {
      if (!started) mock.install();
      await started;
      return mock;
    },
    uninstall,
    stop: uninstall,
    request: factories("product", (h) => (use(h), h)),
    remote: factories("remote", (h) => (use(h), h)),
    use,
    resetHandlers(...next: RequestHandler[]) {
      for (const remove of removers) remove();
      removers = [];
      runtime = [];
      baseline = (next.length ? next : initial) as LiveHandler[];
      if (started) register(baseline);
    },
    listHandlers: () => area.handlers as readonly RequestHandler[],
    get dialogs(): readonly MockForgeDialog[] {
      return host.modals.filter((m) => m.open).map((modal) => ({ key: modal.resource ?? "", customData: modal.context, modal }));
    },
    closeDialog: (data?: unknown) => host.closeModal(data),
    cancelDialog: () => host.closeModal(undefined),
  };
  const mock = Object.create(host, Object.getOwnPropertyDescriptors(own)) as MockForge;
  const bag = mock as unknown as Record<symbol, unknown>;
  bag[Symbol.for("Symbol.dispose")] = uninstall;
  if (typeof Symbol.dispose === "symbol") bag[Symbol.dispose] = uninstall;
  return mock;
}
