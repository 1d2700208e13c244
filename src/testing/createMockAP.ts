/// <reference lib="esnext.disposable" />
import { signContextToken } from "../server/signContextToken.js";
import { encodeCustomData } from "../core/dialogCodec.js";
import { apFetch, type DialogOptions } from "apkit";
import { emulateHost, sanitize, type EmulatedHost, type HostCallback, type HostMethod, type HostModules } from "./emulateHost.js";
import { inReactAct } from "./inReactAct.js";
import { installAP } from "./installAP.js";
import { addAllJs } from "../compat/allJs.js";
import { createPropertyBackend, type PropertyBackend, type PropertyBackendOptions } from "./propertyBackend.js";
import {
  factories,
  forward,
  fromResponse,
  parseMaybe,
  promised,
  readRequest,
  settleAnswer,
  type LiveHandler,
  type MockRequest,
  type RequestHandler,
  type RequestHandlerFactories,
} from "./createMockAP.request.js";
import { answer, checkStrategy, type Answer, type MockRequestRecord, type UnhandledRequestStrategy } from "./answers.js";
import {
  uiModules,
  type MockClosedDialog,
  type MockDialog,
  type MockDropdown,
  type MockFlag,
  type MockFrame,
  type MockHistory,
  type MockNavigation,
  type MockResize,
} from "./createMockAP.ui.js";

/** The user the mock's iframes belong to. */
export interface MockUser {
  /**
   * `AP.user.getCurrentUser()`'s `atlassianAccountId` and the `sub` of context tokens.
   * @default "557058:mock-user"
   */
  accountId?: string;
  /** @default "en-US" */
  locale?: string;
  /** @default "UTC" */
  timeZone?: string;
  /** The `fullName` of the legacy `AP.user.getUser()`. @default "Mock User" */
  displayName?: string;
}

/**
 * A fault for one host method ({@link MockAP.fault}), as the real bridge delivers it:
 * - `"never"`: the host never answers (apkit: `ERR_TIMEOUT` at the call's deadline);
 * - `"throw"`: the host method throws; on the real bridge the app then never hears back either;
 * - `{ reject: value }` (promise methods): an `Error` arrives as its message string, `0` resolves `undefined`,
 *   anything else arrives as a clone;
 * - `{ resolve: value }`: answers `value`; for promise methods `undefined` arrives as a rejection with `undefined`.
 */
export type MockFault = "never" | "throw" | { reject: unknown } | { resolve: unknown };

/** One app call as the host received it. */
export interface MockCall {
  /** `"request"`, `"context.getToken"`, `"dialog.create"`, `"flag.create.close"`, `"events.emit"`, ... */
  method: string;
  /** The arguments as the host received them (sanitised like the real bridge; the app's callback removed). */
  args: unknown[];
  /** The calling iframe. */
  frame: MockFrame;
}

export type { MockRequestRecord, UnhandledRequestStrategy } from "./answers.js";

/** Options of {@link createMockAP}. */
export interface MockAPOptions {
  /**
   * The product context of the app's iframe (`getContext()`, and the `context` claim of tokens).
   * @default { jira: { issue: { id: "10001", key: "TEST-1" }, project: { id: "10000", key: "TEST" } } }
   */
  context?: Record<string, unknown>;
  /** The user viewing the page. */
  user?: MockUser;
  /** @default "mock-app" */
  addonKey?: string;
  /** The module key of the app's iframe. @default "mock-module" */
  moduleKey?: string;
  /** What the iframe was created with (`AP._data.options`), e.g. `{ isFullPage: true }`. @default {} */
  frameOptions?: Record<string, unknown>;
  /**
   * Makes the app iframe a dialog, as if another iframe of the app (`mock.connect`ed as `"mock-opener"`) had opened it
   * with apkit's `dialog.open(options)`: `dialog.getCustomData()` answers `customData`, the dialog is `dialogs[0]`,
   * its buttons are clicked with `clickDialogButton`, and what it closes with lands in `closedDialogs`. Use it to
   * test a dialog page's component on its own. `key` defaults to `moduleKey`.
   */
  dialog?: Partial<DialogOptions>;
  /** The tenant's clientKey: the `iss` of tokens. @default "mock-client-key" */
  clientKey?: string;
  /** The HS256 secret tokens are signed with. @default a random secret per mock (read it from `mock.tenant`) */
  sharedSecret?: string;
  /** Token lifetime in seconds (`exp - iat`). @default 900, like the products */
  tokenTtl?: number;
  /** The clock for tokens, in milliseconds. @default Date.now */
  now?: () => number;
  /**
   * The fake site: where forwarded requests go (`baseUrl + path`) and the host page's URL. For Confluence include
   * the context path: `https://mock-site.atlassian.net/wiki`.
   * @default "https://mock-site.atlassian.net"
   */
  baseUrl?: string;
  /** What to do with a product request (or a call to `backendUrl`) no handler answered. @default "error" */
  onUnhandledRequest?: UnhandledRequestStrategy;
  /** Request handlers (product REST from {@link rest}, the app's backend from {@link remote}) that stay across `resetHandlers()`. */
  handlers?: RequestHandler[];
  /**
   * The origin of the app's backend, where `mock.remote` handlers answer `fetch` calls (apFetch's): other fetches,
   * and backend calls no remote handler answers, go on to the `fetch` that was there (msw's, say).
   * @default the page's origin (`location.origin`), apFetch's default
   */
  backendUrl?: string;
  /**
   * The built-in product property REST (Jira entity and app properties, Confluence v2 content and space properties):
   * options for {@link createPropertyBackend}, a backend of your own, or `false` for none. Requests with a
   * `/properties` path segment go there when no handler answered.
   * @default {} (every entity exists)
   */
  properties?: PropertyBackendOptions | PropertyBackend | false;
  /**
   * Which all.js the iframe behaves as. `"cdn"` is Atlassian's `https://connect-cdn.atl-paas.net/all.js`, what
   * production apps load: `AP.request` resolves `{ body, xhr }` and rejects `{ err, xhr }` with
   * `getResponseHeader` / `getAllResponseHeaders` functions on `xhr`, and `success` / `error` callbacks work.
   * `"npm"` is the atlassian-connect-js package's all.js (the local host): plain-data `xhr` with a `headers`
   * object, and callbacks in the options are dropped with a warning. apkit reads both. The CDN all.js also reorders
   * the callback-first `AP.jira.openCreateIssueDialog` / `showJQLEditor` for the host (define them in `modules`).
   * @default "cdn"
   */
  allJs?: "cdn" | "npm";
  /** Milliseconds each message takes across the bridge. @default 0 (the next microtask) */
  latency?: number;
  /**
   * Host modules added to or replacing the mock's, method by method, in the form of {@link emulateHost}
   * (`returnsPromise` methods, or a trailing callback).
   */
  modules?: HostModules;
  /**
   * The product: decides whether the `jira` or the `confluence` host module exists.
   * @default "confluence" when `context.confluence` is set, else "jira"
   */
  product?: "jira" | "confluence";
  /** What `navigator.getLocation()` answers. @default { target: "addonModule", context: { addonKey, moduleKey } } */
  location?: { target: string; context: Record<string, unknown> };
  /** The macro editor's data and body (Confluence). @default { data: {}, body: "" } */
  macro?: { data?: unknown; body?: string };
  /**
   * Where the bridge's warnings go (a function dropped from a message, a host method that threw).
   * @default console.warn
   */
  warn?: (message: string) => void;
  /** The `fetch` forwarded requests use. @default globalThis.fetch, read at each request (msw patches it) */
  fetch?: typeof fetch;
}

/** The installation {@link createMockAP} signs tokens for, shaped like apkit/server's `Tenant`. */
export interface MockTenant {
  clientKey: string;
  sharedSecret: string;
  baseUrl: string;
  /** The app key. */
  key: string;
  productType: "jira" | "confluence";
  [field: string]: unknown;
}

/**
 * `[Symbol.dispose]()` (= `uninstall`, for `using mock = createMockAP().install()`) where the project's TypeScript
 * libraries know `Symbol.dispose` (lib `esnext.disposable`, or @types/node); nothing where they do not, so a
 * project without them still type-checks.
 */
export type MockDisposable = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? { [P in K]: () => void } : unknown;

/** A mock Connect host with one app iframe; see {@link createMockAP}. */
export type MockAP = MockAPMethods & MockDisposable;

/** Everything a {@link MockAP} has but `[Symbol.dispose]`. */
export interface MockAPMethods {
  /**
   * Puts the app iframe's `AP` on `window` (the previous value is kept for `uninstall`), and answers `fetch` calls to
   * `backendUrl` with the `remote` handlers. Returns the mock.
   */
  install(): MockAP;
  /** {@link MockAPMethods.install}, as a promise: the same call as `createMockForge(...).start()`, for tests of both platforms. */
  start(): Promise<MockAP>;
  /** Puts back what `window.AP` (and `fetch`) were before `install`. Calling it again does nothing. */
  uninstall(): void;
  /** The app iframe `install` puts on `window`. */
  readonly main: MockFrame;
  /** The `AP` of the app iframe (`main.ap`). */
  readonly ap: Record<string, any>;
  /** Another iframe on the page: of this app by default (it hears `emit` and `dialog.close`), or of `addonKey`. */
  connect(spec?: { moduleKey?: string; addonKey?: string; context?: Record<string, unknown>; options?: Record<string, unknown> }): MockFrame;
  /** The emulated host underneath, for what the mock has no control for (`host.broadcast(name, filter, data)`). */
  readonly host: EmulatedHost;
  /** clientKey, sharedSecret and baseUrl of the tokens: `createMemoryTenantStore([mock.tenant])` verifies them. */
  readonly tenant: MockTenant;

  /** Handler factories for the product's REST API that register what they build (prepended, like `use`) and return it. */
  readonly request: RequestHandlerFactories<RequestHandler>;
  /** Handler factories for the app's own backend (what `apFetch` calls), registered like `request`'s. */
  readonly remote: RequestHandlerFactories<RequestHandler>;
  /** Prepends handlers: they answer before every handler already there. */
  use(...handlers: RequestHandler[]): void;
  /** Drops handlers added since creation (or replaces the initial ones with `next`) and removes every fault. */
  resetHandlers(...next: RequestHandler[]): void;
  /** The handlers in the order they are tried. */
  listHandlers(): readonly RequestHandler[];
  /** Every `AP.request` the product received and every backend call a `remote` handler could answer, in order. */
  readonly requests: readonly MockRequestRecord[];
  /** The built-in property backend (`undefined` with `properties: false`): read `data`, `stats`. */
  readonly properties: PropertyBackend | undefined;

  /**
   * Broadcasts an event to every iframe of the app, as the product does (`connectHost.broadcastEvent`). One argument
   * (or none) is the event's payload (an array payload is spread into the listener's arguments, as all.js does);
   * several arguments arrive as several arguments. Resolves once delivered.
   */
  emit(name: string, ...args: unknown[]): Promise<void>;
  /** Open dialogs, the top one last. */
  readonly dialogs: readonly MockDialog[];
  /** Every dialog that closed, with what its opener got. */
  readonly closedDialogs: readonly MockClosedDialog[];
  /** The dialog on top closes with `data`, as its page would with apkit's `dialog.close(data)`; its opener resolves. */
  closeDialog(data?: unknown): Promise<void>;
  /** The user clicks Cancel on the dialog on top: it closes without data (the opener resolves `undefined`). */
  cancelDialog(): Promise<void>;
  /** The user clicks a button of the dialog on top (`"submit"`, `"cancel"` or a custom one). */
  clickDialogButton(identifier: string): Promise<void>;
  /** Every flag the app showed, open or closed. */
  readonly flags: readonly MockFlag[];
  /** The user clicks an action of an open flag, chosen by title or by its {@link MockFlag}. */
  clickFlagAction(flag: string | MockFlag, action: string): Promise<void>;
  /** An open flag goes away (its close button, or "auto" closing). */
  closeFlag(flag: string | MockFlag): Promise<void>;
  /** Every `AP.resize` the host received. */
  readonly resizes: readonly MockResize[];
  /** Every `navigator.go` the host received. */
  readonly navigations: readonly MockNavigation[];
  /** Every dropdown the app made with `AP.dropdown.create` (a new one with the same id replaces it). */
  readonly dropdowns: readonly MockDropdown[];
  /**
   * The user picks an item, by `itemId` or text, of a dropdown the app showed (`AP.dropdown.showAt`): the iframe
   * that made it hears `dropdown-item-selected` with `{ dropdownId, item }`.
   */
  selectDropdownItem(dropdownId: string, item: string): Promise<void>;
  /** The host page's history (the history module of page modules). */
  readonly history: MockHistory;
  /** Cookies saved through `AP.cookie`, by `"<addonKey>:<name>"`. */
  readonly cookies: Map<string, string>;
  /** Every call the host received, in order. */
  readonly calls: readonly MockCall[];

  /**
   * Makes a host method (`"request"`, `"context.getToken"`, `"user.getLocale"`, ...) misbehave until the returned
   * function is called or `resetHandlers()` runs.
   */
  fault(method: string, fault: MockFault): () => void;
  /**
   * Resolves once no message is crossing the bridge and the app's promise reactions to the last ones have run. Work
   * the app then does on timers or macrotasks (reading a `Response` body, React rendering) may still be going: await
   * what the app shows for that (`findByText`).
   */
  flush(): Promise<void>;
}

const ALL_JS = "_apkitAllJs";

const DEFAULT_CONTEXT = { jira: { issue: { id: "10001", key: "TEST-1" }, project: { id: "10000", key: "TEST" } } };

/**
 * A mock Connect host for component tests in jsdom (vitest or jest), built on {@link emulateHost}, so the app talks
 * to it through the real bridge's transport rules (sanitised messages, promise and callback methods, rejections as
 * all.js delivers them, live-array event dispatch, `emit` echoing to the sender). It defines the host modules a
 * product defines: `request` (your handlers, then an in-memory property REST, then `onUnhandledRequest`),
 * `context` (real HS256 context tokens that apkit/server verifies), `user`, dialogs and flags with host-side
 * controls, sizing, navigator, history, cookies, theming and the product's own module. Held to the same contract
 * suite as the real connect-host + all.js (test/contract).
 *
 * @example
 * ```ts
 * import { getContext, requestJson, dialog } from "apkit";
 * import { createMockAP, json } from "apkit/testing";
 * import { afterEach, expect, test } from "vitest";
 *
 * const mock = createMockAP({ context: { jira: { issue: { id: "10001", key: "ABC-1" } } } });
 * mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: "Hi" } }));
 * afterEach(() => mock.uninstall());
 *
 * test("reads the issue and asks for a choice", async () => {
 *   mock.install();
 *   const { jira } = await getContext();
 *   expect(await requestJson(`/rest/api/3/issue/${jira.issue.key}`)).toMatchObject({ key: "ABC-1" });
 *   const picked = dialog.open({ key: "pick", customData: { n: 1 } });
 *   await mock.flush();
 *   expect(mock.dialogs[0]?.customData).toEqual({ n: 1 });
 *   await mock.closeDialog({ id: 7 });
 *   expect(await picked).toEqual({ id: 7 });
 * });
 * ```
 */
export function createMockAP(options: MockAPOptions = {}): MockAP {
  const addonKey = options.addonKey ?? "mock-app";
  const moduleKey = options.moduleKey ?? "mock-module";
  const context: Record<string, unknown> = options.context ?? DEFAULT_CONTEXT;
  const user = { accountId: "557058:mock-user", locale: "en-US", timeZone: "UTC", displayName: "Mock User", ...options.user };
  const baseUrl = (options.baseUrl ?? "https://mock-site.atlassian.net").replace(/\/+$/, "");
  const product = options.product ?? (context.confluence ? "confluence" : "jira");
  const tenant: MockTenant = {
    clientKey: options.clientKey ?? "mock-client-key",
    sharedSecret: options.sharedSecret ?? randomSecret(),
    baseUrl,
    key: addonKey,
    productType: product,
  };
  const tokenTtl = options.tokenTtl ?? 900;
  const now = options.now ?? Date.now;
  const allJs = options.allJs ?? "cdn";
  const unhandled = options.onUnhandledRequest ?? "error";
  checkStrategy(unhandled, "apkit/testing");
  const properties =
    options.properties === false
      ? undefined
      : options.properties && typeof (options.properties as PropertyBackend).handle === "function"
        ? (options.properties as PropertyBackend)
        : createPropertyBackend(options.properties as PropertyBackendOptions | undefined);

  const frames = new Map<string, MockFrame>();
  const calls: MockCall[] = [];
  const requests: MockRequestRecord[] = [];
  const faults = new Map<string, MockFault>();
  const initial = [...(options.handlers ?? [])] as LiveHandler[];
  let runtime: LiveHandler[] = [];
  let baseline = initial;

  const frameOf = (callback: HostCallback): MockFrame => {
    const { extension } = callback._context;
    return frames.get(extension.id) ?? fail(`unknown iframe ${extension.id}`);
  };

  // ---- request: the one answer engine (handlers, then properties, then the unhandled strategy) -----------------
  const sources = {
    handlers: () => [...runtime, ...baseline],
    properties,
    unhandled,
    print: {
      warn: (m: string) => console.warn(`[apkit/testing] ${m}`),
      error: (m: string, cause?: unknown) => (cause === undefined ? console.error(`[apkit/testing] ${m}`) : console.error(`[apkit/testing] ${m}`, cause)),
    },
    unhandledMessage: (r: MockRequestRecord) =>
      `${r.kind === "remote" ? "apFetch" : "AP.request"} ${r.method} ${r.url} has no handler; add one: mock.${r.kind === "remote" ? "remote" : "request"}.${r.method.toLowerCase()}("${r.path}", () => json(...))`,
  };
  const productSources = { ...sources, forward: (r: MockRequestRecord) => forward(r, baseUrl, options.fetch ?? globalThis.fetch) };

  const request = promised(async (...args: unknown[]) => {
    const callback = args.pop() as HostCallback;
    const req: MockRequestRecord = { kind: "product", ...readRequest(args, callback) };
    requests.push(req);
    return settleAnswer(await answer(req, productSources), req.binary);
  });

  // ---- context and user --------------------------------------------------------------------------------------
  const contextModule = {
    getContext: promised(async (...args: unknown[]) => frameOf(args.pop() as HostCallback).context),
    getToken: promised(async (...args: unknown[]) => {
      const frame = frameOf(args.pop() as HostCallback);
      const iat = Math.floor(now() / 1000);
      return signContextToken(
        { iss: tenant.clientKey, sub: user.accountId, qsh: "context-qsh", iat, exp: iat + tokenTtl, context: frame.context },
        tenant.sharedSecret,
      );
    }),
  };
  const userModule = {
    getCurrentUser: (...args: unknown[]) => (args.pop() as HostCallback)({ atlassianAccountId: user.accountId }),
    getLocale: (...args: unknown[]) => (args.pop() as HostCallback)(user.locale),
    getTimeZone: (...args: unknown[]) => (args.pop() as HostCallback)(user.timeZone),
    // The legacy shape: the products stopped handing out usernames and user keys, so the accountId stands in for both.
    getUser: (...args: unknown[]) => (args.pop() as HostCallback)({ id: user.accountId, key: user.accountId, fullName: user.displayName }),
  };

  let host: EmulatedHost | undefined;
  const flush = () => host!.idle();

  function connect(spec: { moduleKey?: string; addonKey?: string; context?: Record<string, unknown>; options?: Record<string, unknown> } = {}): MockFrame {
    const ap = host!.connect({ addon_key: spec.addonKey ?? addonKey, key: spec.moduleKey ?? moduleKey, options: spec.options ?? {} });
    const report = ap[ALL_JS];
    delete ap[ALL_JS];
    addAllJs(ap, {
      report: (method, ...args) => report?.(method, ...args),
      cdn: allJs === "cdn",
      disableCloseOnSubmit: () => ui.disableCloseOnSubmit(frame),
      historyState: () => ui.history.state,
    });
    const frame: MockFrame = {
      ap,
      addonKey: spec.addonKey ?? addonKey,
      moduleKey: spec.moduleKey ?? moduleKey,
      id: ap._data.extension_id,
      options: ap._data.options,
      context: spec.context ?? context,
      async run(fn) {
        const restore = installAP(ap);
        try {
          const value = await fn();
          await flush();
          return value;
        } finally {
          restore();
        }
      },
    };
    frames.set(frame.id, frame);
    return frame;
  }

  const ui = uiModules({
    host: () => host!,
    addonKey,
    frameOf,
    connect: (spec) => connect(spec),
    flush,
    location: options.location ?? { target: "addonModule", context: { addonKey, moduleKey } },
    pageUrl: `${baseUrl}/plugins/servlet/ac/${addonKey}/${moduleKey}`,
    macro: { data: options.macro?.data ?? {}, body: options.macro?.body ?? "" },
    product,
    properties,
  });

  // ALL_JS only carries the app-side calls of all.js to `calls` (see src/compat/allJs.ts); no page sees it.
  const modules: HostModules = { request, context: contextModule, user: userModule, ...ui.modules, [ALL_JS]: () => undefined };
  for (const [name, given] of Object.entries(options.modules ?? {})) {
    const current = modules[name];
    modules[name] = typeof given === "function" || typeof current !== "object" ? given : { ...current, ...given };
  }
  host = emulateHost(withFaults(modules, faults), {
    latency: options.latency,
    warn: options.warn,
    onCall: (call) => {
      const frame = frames.get(call.extension.id);
      if (!frame) return;
      if (call.method === ALL_JS) calls.push({ method: String(call.args[0]), args: call.args.slice(1), frame });
      else calls.push({ method: call.method, args: call.args, frame });
    },
  });
  let main: MockFrame;
  if (options.dialog) {
    const opener = connect({ moduleKey: "mock-opener" });
    const { customData } = options.dialog;
    // As apkit's dialog.open sends it, through the bridge's sanitising.
    const request = { ...options.dialog, key: options.dialog.key ?? moduleKey, customData: encodeCustomData(customData, "mock") };
    main = ui.openDialog(opener, sanitize([request], options.warn ?? ((m) => console.warn(m)))[0] as Record<string, unknown>);
  } else main = connect({ options: options.frameOptions });

  let restore: (() => void) | undefined;
  const uninstall = () => {
    restore?.();
    restore = undefined;
    // The default apFetch caches the token of the host it last talked to: this mock's must not outlive it.
    apFetch.reset();
  };
  // apFetch on Connect is a plain fetch to the app's origin: `remote` handlers answer it there, the rest goes on.
  const answerBackend = (next: typeof fetch): typeof fetch => async (input, init) => {
    const page = globalThis.location?.href;
    const url = new URL(input instanceof Request ? input.url : String(input), page);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const backend = new URL(options.backendUrl ?? globalThis.location?.origin ?? "http://localhost");
    if (url.origin !== backend.origin || !sources.handlers().some((h) => h.kind === "remote" && h.match(method, url.pathname))) {
      return next(input, init);
    }
    const sent = new Request(input instanceof Request ? input : url, init);
    const data = /^(GET|HEAD)$/.test(sent.method) ? null : await sent.clone().text();
    const headers: Record<string, string> = {};
    sent.headers.forEach((value, name) => (headers[name] = value));
    const record: MockRequestRecord = {
      kind: "remote",
      method: sent.method,
      url: url.pathname + url.search,
      path: url.pathname,
      query: url.searchParams,
      headers,
      data,
      body: parseMaybe(data),
      experimental: false,
      binary: false,
      frame: { addonKey: main.addonKey, moduleKey: main.moduleKey, id: main.id },
    };
    requests.push(record);
    const found = await answer(record, sources);
    if (found.status === 0) throw new TypeError(`[apkit/testing] ${sent.method} ${url.href}: no answer (networkError())`);
    const noBody = found.status === 204 || found.status === 205 || found.status === 304 || sent.method === "HEAD";
    const response = new Response(noBody ? null : found.body, { status: found.status, statusText: found.statusText, headers: found.headers });
    Object.defineProperty(response, "url", { value: url.href });
    return response;
  };
  const interceptFetch = (): (() => void) => {
    const previous = globalThis.fetch;
    if (typeof previous !== "function") return () => {};
    const wrapped = answerBackend(previous);
    // Some environments (happy-dom) make `fetch` read-only but configurable: define it, as msw's interceptors do.
    const put = (value: typeof fetch) => Object.defineProperty(globalThis, "fetch", { value, writable: true, configurable: true });
    try {
      put(wrapped);
    } catch {
      // Not configurable: remote handlers cannot answer here, and apFetch goes to the real fetch.
      return () => {};
    }
    // Someone who wrapped fetch after us (msw) keeps their wrapper; ours then only passes calls on.
    return () => {
      if (globalThis.fetch === wrapped) put(previous);
    };
  };
  const use = (...handlers: RequestHandler[]) => {
    runtime = [...(handlers as LiveHandler[]), ...runtime];
  };

  const mock: MockAPMethods = {
    install() {
      uninstall();
      const restoreAP = installAP(main.ap);
      const restoreFetch = interceptFetch();
      restore = () => {
        restoreFetch();
        restoreAP();
      };
      return this as MockAP;
    },
    async start() {
      return (this as MockAP).install();
    },
    uninstall,
    main,
    ap: main.ap,
    connect,
    host,
    tenant,
    request: factories("product", (h) => (use(h), h)),
    remote: factories("remote", (h) => (use(h), h)),
    use,
    resetHandlers(...next) {
      runtime = [];
      if (next.length) baseline = next as LiveHandler[];
      else baseline = initial;
      faults.clear();
    },
    listHandlers: () => [...runtime, ...baseline],
    requests,
    properties,
    emit(name, ...args) {
      if (typeof name !== "string" || !name) throw new TypeError("apkit/testing: emit needs an event name");
      host!.broadcast(name, { addon_key: addonKey }, args.length <= 1 ? args[0] : args);
      return flush();
    },
    dialogs: ui.dialogs,
    closedDialogs: ui.closedDialogs,
    closeDialog: ui.closeDialog,
    cancelDialog: () => ui.clickDialogButton("cancel"),
    clickDialogButton: ui.clickDialogButton,
    flags: ui.flags,
    clickFlagAction: ui.clickFlagAction,
    closeFlag: ui.closeFlag,
    resizes: ui.resizes,
    navigations: ui.navigations,
    dropdowns: ui.dropdowns,
    selectDropdownItem: ui.selectDropdownItem,
    history: ui.history,
    cookies: ui.cookies,
    calls,
    fault(method, fault) {
      const [name, member] = splitPath(method);
      const owner = member === undefined ? modules : modules[name];
      const target = member === undefined ? modules[name] : typeof owner === "object" ? owner[member] : undefined;
      if (typeof target !== "function") throw new TypeError(`apkit/testing: no host method ${method} to fault`);
      if (typeof fault === "object" && "reject" in fault && !(target as HostMethod).returnsPromise) {
        throw new TypeError(`apkit/testing: ${method} answers through a callback; it cannot reject (use { resolve } or "never")`);
      }
      faults.set(method, fault);
      return () => {
        if (faults.get(method) === fault) faults.delete(method);
      };
    },
    flush,
  };
  // Host controls settle the app's React state inside act() when React's test environment is on: started inside it
  // (emit reaches the app's listeners at once).
  for (const name of ["emit", "closeDialog", "cancelDialog", "clickDialogButton", "clickFlagAction", "closeFlag", "selectDropdownItem", "flush"] as const) {
    const control = mock[name] as (...args: unknown[]) => Promise<void>;
    (mock as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => inReactAct(() => control.apply(mock, args));
  }
  // `using mock = createMockAP().install()`: the native Symbol.dispose where there is one, and the registry symbol
  // that Babel's and esbuild's `using` fall back to where there is none (jest's vm contexts on Node 20), so such a
  // runtime disposes the mock too instead of throwing after install().
  const bag = mock as unknown as Record<symbol, unknown>;
  bag[Symbol.for("Symbol.dispose")] = uninstall;
  if (typeof Symbol.dispose === "symbol") bag[Symbol.dispose] = uninstall;
  return mock as MockAP;
}

function fail(message: string): never {
  throw new Error(`[apkit/testing] ${message}`);
}

function splitPath(method: string): [string, string | undefined] {
  const dot = method.indexOf(".");
  return dot < 0 ? [method, undefined] : [method.slice(0, dot), method.slice(dot + 1)];
}

// Every plain host method looks for a fault first. The wrapper keeps the method's length (the bridge pads the app's
// arguments to it before appending the callback) and its returnsPromise.
function withFaults(modules: HostModules, faults: Map<string, MockFault>): HostModules {
  const wrap = (path: string, fn: HostMethod): HostMethod => {
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const fault = faults.get(path);
      if (!fault) return fn.apply(this, args);
      if (fault === "throw") throw new Error(`[apkit/testing] fault: ${path} threw`);
      if (fault === "never") return fn.returnsPromise ? new Promise(() => {}) : undefined;
      if ("reject" in fault) return Promise.reject(fault.reject);
      if (fn.returnsPromise) return Promise.resolve(fault.resolve);
      (args[args.length - 1] as HostCallback)(fault.resolve);
      return undefined;
    } as HostMethod;
    Object.defineProperty(wrapped, "length", { value: fn.length });
    wrapped.returnsPromise = fn.returnsPromise;
    return wrapped;
  };
  const out: HostModules = {};
  for (const [name, value] of Object.entries(modules)) {
    if (typeof value === "function") {
      out[name] = wrap(name, value);
      continue;
    }
    const module: Record<string, any> = {};
    for (const [method, definition] of Object.entries(value)) {
      const isClass = Object.prototype.hasOwnProperty.call(definition, "constructor");
      module[method] = isClass ? definition : wrap(`${name}.${method}`, definition as HostMethod);
    }
    out[name] = module;
  }
  return out;
}

function randomSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
