/**
 * The Forge mock host: an emulation of the host side of `globalThis.__bridge.callBridge`, so that the real
 * `@forge/bridge` package runs unchanged in jsdom tests. docs/forge-bridge-protocol.md lists every call name,
 * payload and answer, read from @forge/bridge 7.2.0, and what the emulation decides where the package is silent.
 *
 * @forge/bridge captures `__bridge.callBridge` once, when it is first imported. So the emulation puts one
 * long-lived dispatcher there (kept on `globalThis` under a registry symbol, so that every copy of this module in
 * a process shares it) and routes each call to the current host state, which tests reset between tests.
 */
import {
  headersOf,
  notFound,
  NETWORK_FAILURE,
  parseMaybe,
  register,
  splitPath,
  toFetchAnswer,
  type FetchAnswer,
  type ForgeHandlerOptions,
  type ForgeHandlerResult,
  type ForgeProduct,
  type ForgeProductRequest,
  type ForgeRemoteRequest,
  type ForgeRequestBase,
  type ForgeRequestHandler,
  type ForgeRequestRecord,
  type Registered,
} from "./requests.js";
import { PageHistory, type ForgeHistoryAction, type ForgeHistoryLocation, type ForgeHistoryTarget } from "./history.js";
import { Clock, controlError, cross, ForgeBridgeEmulationError } from "./transport.js";
import { inReactAct } from "../inReactAct.js";

export { ForgeBridgeEmulationError, type ForgeBridgeErrorCode } from "./transport.js";
export type {
  ForgeAnswerInit,
  ForgeHandlerOptions,
  ForgeHandlerResult,
  ForgeProduct,
  ForgeProductRequest,
  ForgeRemoteRequest,
  ForgeRequestBase,
  ForgeRequestHandler,
  ForgeRequestRecord,
} from "./requests.js";
export type { ForgeHistoryAction, ForgeHistoryLocation, ForgeHistoryTarget } from "./history.js";

/** The `extension` part of a Forge context: the module type and what the product adds (`issue`, `project`, `modal`, ...). */
export interface ForgeExtension {
  /** The module type, e.g. `"jira:issuePanel"`. */
  type: string;
  /** Inside a modal: the `context` its opener passed to `new Modal({ context })`. */
  modal?: unknown;
  [field: string]: unknown;
}

/** The context `view.getContext()` answers, shaped like @forge/bridge's `FullContext`. */
export interface ForgeContext {
  accountId?: string;
  cloudId?: string;
  workspaceId?: string;
  siteUrl: string;
  /** Passed through @forge/i18n's `ensureLocale` by @forge/bridge (`en_US` arrives as `en-US`). */
  locale: string;
  timezone: string;
  moduleKey: string;
  localId: string;
  environmentId: string;
  environmentType: "DEVELOPMENT" | "STAGING" | "PRODUCTION";
  extension: ForgeExtension;
  theme?: Record<string, unknown> | null;
  license?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** Fields of a {@link ForgeContext} to change: top-level fields are replaced; `extension`, when given, as a whole. */
export type ForgeContextPatch = Partial<ForgeContext>;

/**
 * What to do with a product or remote request no handler answered:
 * - `"404"` (default): warn (through `warn`) and answer 404 with a Jira-style `errorMessages` body: the app gets a
 *   `Response` with status 404, as it would for a missing resource;
 * - `"reject"`: the bridge call rejects with `ERR_FORGE_BRIDGE_UNHANDLED_REQUEST`;
 * - a function: its result answers (nothing: the 404, without a warning).
 */
export type ForgeUnhandledRequestStrategy =
  | "404"
  | "reject"
  | ((request: ForgeProductRequest | ForgeRemoteRequest) => ForgeHandlerResult | Promise<ForgeHandlerResult>);

/** Options of {@link installForgeBridge} and {@link ForgeBridgeHost.reset}. */
export interface ForgeBridgeHostOptions {
  /** Context fields over the defaults (a Jira issue panel on `https://mock-site.atlassian.net`). */
  context?: ForgeContextPatch;
  /** @default "404" */
  onUnhandledRequest?: ForgeUnhandledRequestStrategy;
  /** Milliseconds each crossing of the bridge takes. @default 0 (a later microtask) */
  latency?: number;
  /**
   * Whether the app's own `events.emit` reaches its own `events.on` listeners. Forge's documentation describes
   * events between different extensions of an app; the package does not show what the emitting frame receives.
   * @default false
   */
  echoEmits?: boolean;
  /** The path `createHistory`'s page history starts at. @default "/" */
  initialPath?: string;
  /** What `router.getUrl(location)` answers. @default issues at `/browse/KEY`, other targets at a made-up path */
  urlFor?: (location: Record<string, unknown>) => string;
  /** Where warnings go (unhandled requests, an app callback that threw). @default console.warn */
  warn?: (message: string) => void;
}

/** One `callBridge` call as the host received it. */
export interface ForgeBridgeCall {
  /** The call name, e.g. `"getContext"`, `"fetchProduct"`, `"openModal"`. */
  readonly name: string;
  /** The payload as the host received it: a copy, with the app's functions as asynchronous proxies. */
  readonly payload: unknown;
  /** `"hung"`: the test made this name hang (`host.hang`), it never settles. */
  readonly state: "pending" | "answered" | "rejected" | "hung";
}

/** An event the app emitted. */
export interface ForgeEmittedEvent {
  readonly event: string;
  readonly payload: unknown;
  /** Emitted with `events.emitPublic`. */
  readonly public: boolean;
}

/** A modal the app opened with `new Modal(options).open()`. */
export interface ForgeModalRecord {
  /** The resource key, `null` for the module's own resource. */
  readonly resource: string | null;
  readonly size: unknown;
  /** What the modal's frame reads as `context.extension.modal`. */
  readonly context: unknown;
  readonly title: string;
  readonly icon: string;
  readonly closeOnEscape: boolean;
  readonly closeOnOverlayClick: boolean;
  /** Still open. */
  readonly open: boolean;
  /** The payload its `onClose` got, once closed. */
  readonly closedWith: unknown;
}

/** A flag the app showed with `showFlag(options)`. */
export interface ForgeFlagRecord {
  /** The app's id, as given (a number stays a number). */
  readonly id: string | number;
  readonly title: string | undefined;
  readonly description: string | undefined;
  /** `options.type`, `"info"` when the app gave none. */
  readonly type: string;
  readonly appearance: string | undefined;
  /** The action texts, in order. */
  readonly actions: readonly string[];
  readonly isAutoDismiss: boolean;
  readonly open: boolean;
  /** Who closed it: the app (`flag.close()`) or the test (`host.closeFlag`). */
  readonly closedBy: "app" | "host" | undefined;
}

/** A `router.navigate` / `router.open` / `router.reload` the host received. */
export interface ForgeNavigation {
  /** `navigate` → `"same-tab"`, `open` → `"new-tab"`, `reload` → `"reload"`. */
  readonly type: "same-tab" | "new-tab" | "reload";
  /** The URL, when the app navigated to a URL string. */
  readonly url: string | undefined;
  /** The `{ target, ... }` location, when the app navigated to one. */
  readonly location: Record<string, unknown> | undefined;
}

/** A resolver call (`invoke(functionKey, payload, metadata)`). */
export interface ForgeInvocation {
  readonly functionKey: string;
  readonly payload: unknown;
  readonly metadata: unknown;
}

/** What an `onInvoke` resolver gets besides the payload. */
export interface ForgeResolverInfo {
  functionKey: string;
  /** The context of the calling frame (a copy). */
  context: ForgeContext;
  /** `invoke`'s third argument. */
  metadata: unknown;
}

/** The `view` calls of the app's frame, recorded. */
export interface ForgeViewLog {
  /** Payloads of `view.close(payload)`, in order. */
  readonly closed: readonly unknown[];
  /** Payloads of `view.submit(payload)`. */
  readonly submitted: readonly unknown[];
  /** Payloads of `view.refresh(payload)`. */
  readonly refreshed: readonly unknown[];
  /** How many times `view.open()` ran. */
  readonly opened: number;
  /** Hooks registered with `view.onClose(fn)` (proxies; calling one runs the app's hook). */
  readonly onCloseHooks: readonly (() => Promise<unknown>)[];
  /** Titles from `view.changeWindowTitle(title)`. */
  readonly titles: readonly string[];
  /** How many times `view.theme.enable()` ran. */
  readonly themeEnabled: number;
}

/** The page history `view.createHistory()` objects share, with the user's back and forward buttons. */
export interface ForgeHistoryControl {
  /** Every entry, oldest first. */
  readonly entries: readonly ForgeHistoryLocation[];
  readonly index: number;
  /** The current entry. */
  readonly location: ForgeHistoryLocation;
  readonly action: ForgeHistoryAction;
  /** How many app listeners are registered. */
  readonly listenerCount: number;
  /** The user presses Back: listeners get `(location, "POP")`. Resolves once delivered. */
  back(): Promise<void>;
  /** The user presses Forward. */
  forward(): Promise<void>;
  /** The user moves `delta` entries. */
  go(delta: number): Promise<void>;
  /** The host navigates the page (as the product's own links would). */
  push(to: ForgeHistoryTarget, state?: unknown): Promise<void>;
}

/** A handler for any `callBridge` name, added with {@link ForgeBridgeHost.handle}. */
export type ForgeCallHandler = (payload: unknown, info: { name: string; context: ForgeContext }) => unknown;

/** The Forge mock host's test controls; see {@link installForgeBridge}. */
export interface ForgeBridgeHost {
  /** Whether the dispatcher is on `globalThis.__bridge` and answering. */
  readonly installed: boolean;
  /**
   * Drops every handler, hang, record, listener, modal, flag and history entry, and applies `options` (the
   * defaults where not given). The dispatcher @forge/bridge captured stays.
   */
  reset(options?: ForgeBridgeHostOptions): void;
  /**
   * Puts back what `globalThis.__bridge` was before the install. The dispatcher @forge/bridge already captured
   * then rejects every call with `ERR_FORGE_BRIDGE_NOT_INSTALLED` until `installForgeBridge()` runs again.
   */
  uninstall(): void;
  /** Resolves once no answer or callback is crossing the bridge (hung calls excepted) and the app reacted. */
  flush(): Promise<void>;

  /** What `view.getContext()` answers now (a copy; inside a modal entered with `enterModal`, with `extension.modal`). */
  readonly context: ForgeContext;
  /** Changes context fields (top-level fields replaced, `extension` as a whole when given). */
  setContext(patch: ForgeContextPatch): void;

  /**
   * Answers `requestJira` / `requestConfluence` / `requestBitbucket` calls whose method and path match. Later
   * handlers answer first. `pattern` is a path (`:name` segments, a trailing `*`) or a RegExp, matched against the
   * path without its query. Returns a function that removes the handler.
   */
  onRequest(
    method: string,
    pattern: string | RegExp,
    handler: ForgeRequestHandler<ForgeProductRequest>,
    options?: ForgeHandlerOptions & { product?: ForgeProduct },
  ): () => void;
  /** Answers `requestRemote`, `invokeRemote` and `invokeService` calls, like `onRequest`. */
  onRemote(
    method: string,
    pattern: string | RegExp,
    handler: ForgeRequestHandler<ForgeRemoteRequest>,
    options?: ForgeHandlerOptions & { remoteKey?: string },
  ): () => void;
  /** Every product and remote request, in order. */
  readonly requests: readonly ForgeRequestRecord[];
  /**
   * Answers `invoke(functionKey, payload)` with what `resolver` returns (a throw rejects the call with
   * `ERR_FORGE_BRIDGE_HANDLER_FAILED`). Returns a function that removes it.
   */
  onInvoke(functionKey: string, resolver: (payload: unknown, info: ForgeResolverInfo) => unknown): () => void;
  /** Every resolver call, in order. */
  readonly invocations: readonly ForgeInvocation[];

  /** Every event the app emitted (`events.emit`, `events.emitPublic`). */
  readonly emitted: readonly ForgeEmittedEvent[];
  /** The product (or another frame of the app) emits an event: the app's `events.on` listeners get `payload`. */
  emit(event: string, payload?: unknown, options?: { public?: boolean }): Promise<void>;
  /** How many app listeners an event has. */
  listenerCount(event: string, options?: { public?: boolean }): number;

  /** Every modal the app opened, open or closed. */
  readonly modals: readonly ForgeModalRecord[];
  /** The open modal on top closes with `payload` (as its frame's `view.close(payload)` would): its `onClose` runs. */
  closeModal(payload?: unknown): Promise<void>;
  /**
   * The app's frame becomes the content of the open modal on top (or of `modal`): `getContext()` answers its
   * context under `extension.modal`, and the app's `view.close(payload)` closes it, running the opener's `onClose`.
   */
  enterModal(modal?: ForgeModalRecord): void;
  /**
   * The app's frame is the opener's again (the inverse of `enterModal`; nothing happens outside a modal): the
   * modal stays open, `getContext()` answers without `extension.modal`, and `view.close` no longer closes it. In
   * one JS realm this is how a test runs the opener's code after the modal's.
   */
  leaveModal(): void;

  /** Every flag the app showed, open or closed. */
  readonly flags: readonly ForgeFlagRecord[];
  /** The user clicks the action with this text on the open flag with this id: its `onClick` runs. */
  clickFlagAction(id: string | number, actionText: string): Promise<void>;
  /** The user dismisses the open flag with this id. */
  closeFlag(id: string | number): Promise<void>;

  /** Every `router.navigate` / `open` / `reload`. */
  readonly navigations: readonly ForgeNavigation[];
  /** The page history behind `view.createHistory()`. */
  readonly history: ForgeHistoryControl;
  /** The `view` calls of the app's frame. */
  readonly view: ForgeViewLog;

  /** Every `callBridge` call, in order. */
  readonly calls: readonly ForgeBridgeCall[];
  /**
   * Answers the call `name` with `handler` (built-in names included): for names the emulation does not know
   * (`getFrameId`, `isRovoEnabled`, ...) or a different answer. Returns a function that removes it.
   */
  handle(name: string, handler: ForgeCallHandler): () => void;
  /**
   * From now on the host never answers `name`: the calls stay pending forever (for an app's timeout). Returns a
   * function that ends the hang for later calls; the hung ones never settle.
   */
  hang(name: string): () => void;
}

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
  const current = global.__bridge as { callBridge?: unknown } | undefined;
  if (current?.callBridge !== slot.dispatcher) {
    slot.previous = { had: "__bridge" in global, value: global.__bridge };
    global.__bridge = { callBridge: slot.dispatcher };
  }
  slot.installed = true;
  slot.origin ??= ensureRequestBase();
  slot.host ??= createHost(slot);
  if (options) slot.host.reset(options);
  return slot.host;
}

function createHost(slot: Slot): ForgeBridgeHost {
  let options: ForgeBridgeHostOptions = {};
  let clock = new Clock(0);
  let warn: (message: string) => void = (m) => console.warn(m);
  let context: ForgeContext = structuredClone(DEFAULT_CONTEXT);
  let products: Registered<ForgeProductRequest>[] = [];
  let remotes: Registered<ForgeRemoteRequest>[] = [];
  let resolvers = new Map<string, (payload: unknown, info: ForgeResolverInfo) => unknown>();
  let custom = new Map<string, ForgeCallHandler>();
  let hung = new Set<string>();
  let calls: { name: string; payload: unknown; state: ForgeBridgeCall["state"] }[] = [];
  let requests: ForgeRequestRecord[] = [];
  let invocations: ForgeInvocation[] = [];
  let emitted: ForgeEmittedEvent[] = [];
  let listeners = { private: new Map<string, Set<(payload: unknown) => Promise<unknown>>>(), public: new Map<string, Set<(payload: unknown) => Promise<unknown>>>() };
  type LiveModal = { record: Mutable<ForgeModalRecord>; onClose: ((payload: unknown) => Promise<unknown>) | undefined };
  let modals: LiveModal[] = [];
  let inside: LiveModal | undefined;
  type LiveFlag = { record: Mutable<ForgeFlagRecord>; onClicks: Map<string, () => Promise<unknown>> };
  let flags: LiveFlag[] = [];
  let navigations: ForgeNavigation[] = [];
  let page = new PageHistory("/", (e) => warn(`[apkit/testing forge host] an app history listener threw: ${String(e)}`));
  let view = { closed: [] as unknown[], submitted: [] as unknown[], refreshed: [] as unknown[], opened: 0, onCloseHooks: [] as (() => Promise<unknown>)[], titles: [] as string[], themeEnabled: 0 };

  const contextNow = (): ForgeContext => {
    const copy = structuredClone(context);
    if (inside) copy.extension = { ...copy.extension, modal: structuredClone(inside.record.context) };
    return copy;
  };
  const settle = (work: () => Promise<unknown>) => inReactAct(async () => {
    await work();
    await clock.idle();
  });
  // An app callback the host runs (a listener, onClose, onClick): a failure there is the app's, reported, not thrown.
  const callApp = (fn: ((...args: unknown[]) => Promise<unknown>) | undefined, ...args: unknown[]) =>
    fn ? fn(...args).catch((error) => warn(`[apkit/testing forge host] an app callback threw: ${String(error)}`)) : Promise.resolve();

  // ---- requests ------------------------------------------------------------------------------------------------
  async function answerRequest<R extends ForgeProductRequest | ForgeRemoteRequest>(request: ForgeRequestRecord<R>, handlers: Registered<R>[], what: string): Promise<FetchAnswer> {
    requests.push(request as ForgeRequestRecord);
    const finish = (answer: FetchAnswer, by: "handler" | "unhandled") => {
      request.handledBy = by;
      request.status = answer.status;
      return answer;
    };
    for (const entry of [...handlers]) {
      const params = entry.live.match(request.method, request.path);
      if (!params || !entry.accepts(request)) continue;
      let answer: Awaited<ReturnType<typeof toFetchAnswer>>;
      try {
        answer = await toFetchAnswer(await entry.handler({ ...request, params }));
      } catch (error) {
        // As msw and the Connect mock do: a handler that throws (or answers nonsense) is a 500 that says why.
        warn(`[apkit/testing forge host] the handler ${entry.live.header} threw: ${String(error)}`);
        return finish({ status: 500, statusText: "Internal Server Error", headers: { "content-type": "application/json;charset=UTF-8" }, body: JSON.stringify({ errorMessages: [String(error)] }) }, "handler");
      }
      if (answer === undefined) continue;
      if (entry.live.options.once) entry.live.use();
      if (answer === NETWORK_FAILURE) {
        request.handledBy = "handler";
        throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_NETWORK", `${what}: the handler answered networkError()`);
      }
      return finish(answer, "handler");
    }
    const strategy = options.onUnhandledRequest ?? "404";
    if (strategy === "reject") {
      request.handledBy = "unhandled";
      throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_UNHANDLED_REQUEST", `no handler for ${what}`);
    }
    if (typeof strategy === "function") {
      const answer = await toFetchAnswer(await strategy({ ...request, params: {} }));
      if (answer === NETWORK_FAILURE) throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_NETWORK", `${what}: onUnhandledRequest answered networkError()`);
      return finish(answer ?? notFound(what), "unhandled");
    }
    warn(`[apkit/testing forge host] no handler for ${what}: answering 404. Add one with host.${request.kind === "product" ? "onRequest" : "onRemote"}("${request.method}", "${request.path}", ...)`);
    return finish(notFound(what), "unhandled");
  }

  function readFetch(payload: Record<string, unknown>, path: string) {
    const init = (payload.fetchRequestInit ?? {}) as Record<string, unknown>;
    const data = (init.body ?? null) as string | null;
    return { init, method: String(init.method ?? "GET").toUpperCase(), headers: headersOf(init.headers), data, body: parseMaybe(data), ...splitPath(path) };
  }

  // ---- the built-in call names ----------------------------------------------------------------------------------
  const builtins: Record<string, (payload: any) => unknown> = {
    getContext: () => contextNow(),

    fetchProduct: (payload: Record<string, unknown>) => {
      if (typeof payload?.restPath !== "string") throw bad("fetchProduct", "restPath");
      const r = readFetch(payload, payload.restPath);
      const request: ForgeRequestRecord<ForgeProductRequest> = {
        kind: "product",
        product: String(payload.product) as ForgeProduct,
        restPath: payload.restPath,
        multipart: payload.isMultipartFormData === true,
        ...r,
        params: {},
      };
      return answerRequest(request, products, `${request.product} ${request.method} ${request.restPath}`);
    },

    fetchRemote: (payload: Record<string, unknown>) => {
      const init = (payload?.fetchRequestInit ?? {}) as Record<string, unknown>;
      // A remote request's record has no `init` (the remote gets the request, not @forge/bridge's options).
      const { init: _sent, ...r } = readFetch(payload ?? {}, typeof init.path === "string" && init.path ? init.path : "/");
      const request: ForgeRequestRecord<ForgeRemoteRequest> = {
        kind: "remote",
        via: "requestRemote",
        remoteKey: typeof payload?.remoteKey === "string" ? payload.remoteKey : undefined,
        ...r,
        params: {},
      };
      return answerRequest(request, remotes, `remote ${request.remoteKey} ${request.method} ${request.path}`);
    },

    invoke: async (payload: Record<string, unknown>) => {
      if (payload && typeof payload.invokeType === "string") return invokeEndpoint(payload);
      const functionKey = payload?.functionKey;
      if (typeof functionKey !== "string") throw bad("invoke", "functionKey");
      invocations.push({ functionKey, payload: payload.payload, metadata: payload.metadata });
      const resolver = resolvers.get(functionKey);
      if (!resolver) {
        throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_UNHANDLED_INVOKE", `no resolver for invoke("${functionKey}"); add one with host.onInvoke("${functionKey}", ...)`, { call: "invoke" });
      }
      let value: unknown;
      try {
        value = await resolver(payload.payload, { functionKey, context: contextNow(), metadata: payload.metadata });
      } catch (error) {
        throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_HANDLER_FAILED", `the resolver "${functionKey}" threw: ${String(error)}`, { cause: error, call: "invoke" });
      }
      // The package's own comment (out/invoke/invoke.js:21-22): with metadata the answer is { body, metadata }.
      return payload.metadata === undefined ? value : { body: value, metadata: {} };
    },

    emit: (payload: { event: string; payload: unknown }) => appEmit(payload, false),
    emitPublic: (payload: { event: string; payload: unknown }) => appEmit(payload, true),
    on: (payload: { event: string; callback: (p: unknown) => Promise<unknown> }) => subscribe(payload, false),
    onPublic: (payload: { event: string; callback: (p: unknown) => Promise<unknown> }) => subscribe(payload, true),

    openModal: (payload: Record<string, unknown>) => {
      const record: Mutable<ForgeModalRecord> = {
        resource: (payload?.resource ?? null) as string | null,
        size: payload?.size,
        context: payload?.context,
        title: String(payload?.title ?? ""),
        icon: String(payload?.icon ?? ""),
        closeOnEscape: payload?.closeOnEscape !== false,
        closeOnOverlayClick: payload?.closeOnOverlayClick !== false,
        open: true,
        closedWith: undefined,
      };
      modals.push({ record, onClose: typeof payload?.onClose === "function" ? (payload.onClose as LiveModal["onClose"]) : undefined });
      return true;
    },

    close: async (payload: unknown) => {
      view.closed.push(payload);
      if (inside?.record.open) {
        const modal = inside;
        inside = undefined;
        await closeLive(modal, payload);
      }
      return true;
    },
    submit: (payload: unknown) => (view.submitted.push(payload), true),
    refresh: (payload: unknown) => (view.refreshed.push(payload), true),
    open: () => (view.opened++, true),
    onClose: (hook: unknown) => {
      if (typeof hook === "function") view.onCloseHooks.push(hook as () => Promise<unknown>);
      return true;
    },
    changeWindowTitle: (title: unknown) => {
      view.titles.push(String(title));
      return undefined;
    },
    enableTheming: () => {
      view.themeEnabled++;
      return undefined;
    },

    showFlag: (payload: Record<string, unknown>) => {
      const actions = Array.isArray(payload?.actions) ? (payload.actions as { text?: unknown; onClick?: unknown }[]) : [];
      const onClicks = new Map<string, () => Promise<unknown>>();
      for (const action of actions) if (typeof action?.onClick === "function") onClicks.set(String(action.text), action.onClick as () => Promise<unknown>);
      // A flag shown again with an open flag's id replaces it, as one id names one flag.
      for (const flag of flags) if (flag.record.open && flag.record.id === payload.id) flag.record.open = false;
      flags.push({
        record: {
          id: payload.id as string | number,
          title: payload.title as string | undefined,
          description: payload.description as string | undefined,
          type: String(payload.type ?? "info"),
          appearance: payload.appearance as string | undefined,
          actions: actions.map((a) => String(a?.text)),
          isAutoDismiss: payload.isAutoDismiss === true,
          open: true,
          closedBy: undefined,
        },
        onClicks,
      });
      return undefined;
    },
    closeFlag: (payload: { id?: unknown }) => {
      const flag = flags.find((f) => f.record.open && f.record.id === payload?.id);
      if (!flag) return false;
      flag.record.open = false;
      flag.record.closedBy = "app";
      return true;
    },

    navigate: (payload: Record<string, unknown>) => {
      const { type, url, ...location } = payload ?? {};
      navigations.push({
        type: type === "new-tab" ? "new-tab" : "same-tab",
        url: typeof url === "string" ? url : undefined,
        location: typeof url === "string" ? undefined : location,
      });
      return undefined;
    },
    reload: () => {
      navigations.push({ type: "reload", url: undefined, location: undefined });
      return undefined;
    },
    getUrl: (location: Record<string, unknown>) => (options.urlFor ?? defaultUrlFor(context.siteUrl))(location ?? {}),

    createHistory: () => page.handle(),
  };

  function bad(call: string, field: string): ForgeBridgeEmulationError {
    return new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_BAD_PAYLOAD", `${call} without ${field}`, { call });
  }

  async function invokeEndpoint(payload: Record<string, unknown>) {
    const via = payload.invokeType === "ui-container-fetch" ? "invokeService" : "invokeRemote";
    const raw = typeof payload.path === "string" && payload.path ? payload.path : "/";
    const request: ForgeRequestRecord<ForgeRemoteRequest> = {
      kind: "remote",
      via,
      remoteKey: undefined,
      method: String(payload.method ?? "GET").toUpperCase(),
      ...splitPath(raw),
      headers: headersOf(payload.headers),
      data: payload.body,
      body: parseMaybe(payload.body),
      params: {},
    };
    const answer = await answerRequest(request, remotes, `${via} ${request.method} ${raw}`);
    // Headers as arrays: the type the package declares (RemoteInvokeResponse), which it joins with ",".
    const headers = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k, [v]]));
    const result = { status: answer.status, headers, body: answer.body === "" ? undefined : parseMaybe(answer.body) };
    return answer.status < 400 ? { success: true, payload: result } : { success: false, error: result };
  }

  function appEmit({ event, payload }: { event: string; payload: unknown }, isPublic: boolean) {
    emitted.push({ event, payload, public: isPublic });
    if (options.echoEmits) deliver(event, payload, isPublic);
    return undefined;
  }

  function subscribe({ event, callback }: { event: string; callback: (p: unknown) => Promise<unknown> }, isPublic: boolean) {
    if (typeof callback !== "function") throw bad(isPublic ? "onPublic" : "on", "callback");
    const table = isPublic ? listeners.public : listeners.private;
    const set = table.get(event) ?? new Set();
    table.set(event, set);
    // A wrapper per subscription: unsubscribing one leaves another subscription of the same callback in place.
    const entry = (p: unknown) => callback(p);
    set.add(entry);
    return { unsubscribe: () => void set.delete(entry) };
  }

  function deliver(event: string, payload: unknown, isPublic: boolean): Promise<unknown> {
    const set = (isPublic ? listeners.public : listeners.private).get(event);
    return Promise.all([...(set ?? [])].map((listener) => callApp(listener, payload)));
  }

  async function closeLive(modal: LiveModal, payload: unknown): Promise<void> {
    modal.record.open = false;
    modal.record.closedWith = payload;
    await callApp(modal.onClose, payload);
  }

  // ---- routing ------------------------------------------------------------------------------------------------
  slot.route = (name, payload) => {
    const record = { name: String(name), payload: cross(payload, clock), state: "pending" as ForgeBridgeCall["state"] };
    calls.push(record);
    if (hung.has(record.name)) {
      record.state = "hung";
      return new Promise<never>(() => {});
    }
    const answered = clock.later(async () => {
      const own = custom.get(record.name);
      const builtin = Object.prototype.hasOwnProperty.call(builtins, record.name) ? builtins[record.name] : undefined;
      if (own) {
        try {
          return await own(record.payload, { name: record.name, context: contextNow() });
        } catch (error) {
          if (error instanceof ForgeBridgeEmulationError) throw error;
          throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_HANDLER_FAILED", `the handler for "${record.name}" threw: ${String(error)}`, { cause: error, call: record.name });
        }
      }
      if (!builtin) {
        throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_UNKNOWN_CALL", `the Forge mock host does not answer callBridge("${record.name}"); answer it with host.handle("${record.name}", fn)`, { call: record.name });
      }
      return builtin(record.payload);
    });
    return answered.then(
      (value) => clock.later(() => ((record.state = "answered"), cross(value, clock))),
      (error) =>
        clock.later(() => {
          record.state = "rejected";
          throw error;
        }),
    );
  };

  const historyControl: ForgeHistoryControl = {
    get entries() {
      return page.entries;
    },
    get index() {
      return page.index;
    },
    get location() {
      return page.location;
    },
    get action() {
      return page.action;
    },
    get listenerCount() {
      return page.listeners.size;
    },
    back: () => settle(async () => page.go(-1)),
    forward: () => settle(async () => page.go(1)),
    go: (delta) => settle(async () => page.go(delta)),
    push: (to, state) => settle(async () => page.push(to, state)),
  };

  const findFlag = (id: string | number) => {
    const flag = [...flags].reverse().find((f) => f.record.open && f.record.id === id);
    if (!flag) throw controlError(`no open flag with id ${JSON.stringify(id)} (open: ${JSON.stringify(flags.filter((f) => f.record.open).map((f) => f.record.id))})`);
    return flag;
  };

  const host: ForgeBridgeHost = {
    get installed() {
      return slot.installed && slot.host === host;
    },
    reset(next = {}) {
      if (next.latency !== undefined && !(Number.isFinite(next.latency) && next.latency >= 0)) throw new TypeError(`apkit/testing forge host: latency must be a number >= 0, got ${String(next.latency)}`);
      const strategy = next.onUnhandledRequest;
      if (strategy !== undefined && strategy !== "404" && strategy !== "reject" && typeof strategy !== "function") {
        throw new TypeError(`apkit/testing forge host: onUnhandledRequest must be "404", "reject" or a function; got ${JSON.stringify(strategy)}`);
      }
      options = next;
      clock = new Clock(next.latency ?? 0);
      warn = next.warn ?? ((m) => console.warn(m));
      context = { ...structuredClone(DEFAULT_CONTEXT), ...structuredClone(next.context ?? {}) };
      products = [];
      remotes = [];
      resolvers = new Map();
      custom = new Map();
      hung = new Set();
      calls = [];
      requests = [];
      invocations = [];
      emitted = [];
      listeners = { private: new Map(), public: new Map() };
      modals = [];
      inside = undefined;
      flags = [];
      navigations = [];
      page = new PageHistory(next.initialPath ?? "/", (e) => warn(`[apkit/testing forge host] an app history listener threw: ${String(e)}`));
      view = { closed: [], submitted: [], refreshed: [], opened: 0, onCloseHooks: [], titles: [], themeEnabled: 0 };
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
    flush: () => inReactAct(() => clock.idle()),

    get context() {
      return contextNow();
    },
    setContext(patch) {
      context = { ...context, ...structuredClone(patch) };
    },

    onRequest(method, pattern, handler, opts = {}) {
      const entry = register<ForgeProductRequest>(method, pattern, handler, opts, (r) => !opts.product || r.product === opts.product);
      products = [entry, ...products];
      return () => void (products = products.filter((e) => e !== entry));
    },
    onRemote(method, pattern, handler, opts = {}) {
      const entry = register<ForgeRemoteRequest>(method, pattern, handler, opts, (r) => !opts.remoteKey || r.remoteKey === opts.remoteKey);
      remotes = [entry, ...remotes];
      return () => void (remotes = remotes.filter((e) => e !== entry));
    },
    get requests() {
      return requests;
    },
    onInvoke: (functionKey, resolver) => registerIn(resolvers, functionKey, resolver, "onInvoke needs a resolver function"),
    get invocations() {
      return invocations;
    },

    get emitted() {
      return emitted;
    },
    emit(event, payload, opts = {}) {
      if (typeof event !== "string" || !event) throw new TypeError("apkit/testing forge host: emit needs an event name");
      return settle(() => deliver(event, cross(payload, clock), opts.public === true));
    },
    listenerCount(event, opts = {}) {
      return (opts.public ? listeners.public : listeners.private).get(event)?.size ?? 0;
    },

    get modals() {
      return modals.map((m) => m.record);
    },
    closeModal(payload) {
      const modal = [...modals].reverse().find((m) => m.record.open);
      if (!modal) throw controlError("closeModal: no open modal");
      if (inside === modal) inside = undefined;
      return settle(() => closeLive(modal, cross(payload, clock)));
    },
    enterModal(record) {
      const modal = record ? modals.find((m) => m.record === record) : [...modals].reverse().find((m) => m.record.open);
      if (!modal?.record.open) throw controlError("enterModal: no such open modal");
      inside = modal;
    },
    leaveModal() {
      inside = undefined;
    },

    get flags() {
      return flags.map((f) => f.record);
    },
    clickFlagAction(id, actionText) {
      const flag = findFlag(id);
      const onClick = flag.onClicks.get(actionText);
      if (!onClick) throw controlError(`flag ${JSON.stringify(id)} has no action ${JSON.stringify(actionText)} (actions: ${JSON.stringify(flag.record.actions)})`);
      return settle(() => callApp(onClick));
    },
    closeFlag(id) {
      const flag = findFlag(id);
      flag.record.open = false;
      flag.record.closedBy = "host";
      return settle(async () => undefined);
    },

    get navigations() {
      return navigations;
    },
    history: historyControl,
    get view() {
      return view;
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function defaultUrlFor(siteUrl: string) {
  return (location: Record<string, unknown>): string => {
    const base = siteUrl.replace(/\/+$/, "");
    if (location.target === "issue" && typeof location.issueKey === "string") return `${base}/browse/${encodeURIComponent(location.issueKey)}`;
    const { target, ...rest } = location;
    const query = new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)])).toString();
    return `${base}/apkit-forge-mock/${encodeURIComponent(String(target))}${query ? `?${query}` : ""}`;
  };
}
