/// <reference lib="esnext.disposable" />
import { signContextToken } from "../server/signContextToken.js";
import { encodeCustomData } from "../core/dialogCodec.js";
import { apFetch, type DialogOptions } from "apkit";
import { emulateHost, sanitize, type EmulatedHost, type HostCallback, type HostMethod, type HostModules } from "./emulateHost.js";
import { inReactAct } from "./inReactAct.js";
import { installAP } from "./installAP.js";
import { addAllJs } from "./createMockAP.allJs.js";
import { createPropertyBackend, type PropertyBackend, type PropertyBackendOptions } from "./propertyBackend.js";
import {
  cdnRequest,
  factories,
  forward,
  networkError,
  promised,
  readRequest,
  reasonOf,
  settleAnswer,
  toAnswer,
  type Answer,
  type LiveHandler,
  type MockRequest,
  type RequestHandler,
  type RequestHandlerFactories,
} from "./createMockAP.request.js";
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
 * What to do with an `AP.request` no handler (and not the property backend) answered:
 * - `"error"`: print an error and answer as a network failure (status 0: apkit's `request()` rejects with `ERR_HOST`);
 * - `"warn"`: print a warning and forward the request to `fetch` on `baseUrl` (so msw or another fetch mock answers);
 * - `"bypass"`: forward it silently;
 * - a function: called with the request and printers; the request is then forwarded, unless the function called
 *   `print.error()` (then it is refused like `"error"`), as msw does.
 *
 * Anything else is a `TypeError` when the mock is created (a misspelt `"eror"` must not forward silently).
 */
export type UnhandledRequestStrategy =
  | "error"
  | "warn"
  | "bypass"
  | ((request: MockRequest, print: { warning(): void; error(): void }) => void);

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

/** A request in {@link MockAP.requests}: what the product received, and who answered. */
export interface MockRequestRecord extends MockRequest {
  /** Who answered: a handler, the property backend, `fetch` (forwarded), or nobody (`"unhandled"`). */
  handledBy?: "handler" | "properties" | "fetch" | "unhandled";
  /** The status answered (0: a network failure); `undefined` while pending. */
  status?: number;
}

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
  /** @default "error" */
  onUnhandledRequest?: UnhandledRequestStrategy;
  /** Request handlers that stay across `resetHandlers()`. */
  handlers?: RequestHandler[];
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
  /** Puts the app iframe's `AP` on `window` (the previous value is kept for `uninstall`). Returns the mock. */
  install(): MockAP;
  /** Puts back what `window.AP` was before `install`. Calling it again does nothing. */
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

  /** Handler factories that register what they build (prepended, like {@link MockAP.use}) and return it. */
  readonly request: RequestHandlerFactories<RequestHandler>;
  /** Prepends handlers: they answer before every handler already there. */
  use(...handlers: RequestHandler[]): void;
  /** Drops handlers added since creation (or replaces the initial ones with `next`) and removes every fault. */
  resetHandlers(...next: RequestHandler[]): void;
  /** The handlers in the order they are tried. */
  listHandlers(): readonly RequestHandler[];
  /** Every `AP.request` the product received, in order. */
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
  if (typeof unhandled !== "function" && unhandled !== "error" && unhandled !== "warn" && unhandled !== "bypass") {
    throw new TypeError(`apkit/testing: onUnhandledRequest must be "error", "warn", "bypass" or a function; got ${JSON.stringify(unhandled)}.`);
  }
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

  // ---- request: handlers, then properties, then the unhandled strategy -------------------------------------------
  async function answer(req: MockRequestRecord): Promise<Answer> {
    for (const h of [...runtime, ...baseline]) {
      const params = h.match(req.method, req.path);
      if (!params) continue;
      let found: Answer | undefined;
      try {
        found = await toAnswer(await h.resolver({ ...req, params }), h.header);
      } catch (error) {
        // As msw does: a resolver that throws (or returns something unusable) answers 500 and says why.
        console.error(`[apkit/testing] the handler ${h.header} threw:`, error);
        req.handledBy = "handler";
        return { status: 500, statusText: "Internal Server Error", headers: { "content-type": "application/json;charset=UTF-8" }, body: JSON.stringify({ errorMessages: [String(error)] }) };
      }
      if (!found) continue;
      if (h.options.once) h.use();
      req.handledBy = "handler";
      return found;
    }
    if (properties && /\/properties(\/|$)/.test(req.path)) {
      req.handledBy = "properties";
      const r = properties.handle({ method: req.method, url: req.url, body: typeof req.data === "string" ? req.data : undefined });
      return { status: r.status, statusText: reasonOf(r.status), headers: r.headers, body: r.body };
    }
    const message = `[apkit/testing] AP.request ${req.method} ${req.url} has no handler; add one: mock.request.${req.method.toLowerCase()}("${req.path}", () => json(...))`;
    let refused = unhandled === "error";
    if (refused) console.error(message);
    else if (unhandled === "warn") console.warn(message);
    else if (typeof unhandled === "function") {
      unhandled(req, {
        warning: () => console.warn(message),
        error: () => {
          refused = true;
          console.error(message);
        },
      });
    }
    if (refused) {
      req.handledBy = "unhandled";
      return networkError();
    }
    req.handledBy = "fetch";
    return forward(req, baseUrl, options.fetch ?? globalThis.fetch);
  }

  const request = promised(async (...args: unknown[]) => {
    const callback = args.pop() as HostCallback;
    const req: MockRequestRecord = readRequest(args, callback);
    requests.push(req);
    const result = await answer(req);
    req.status = result.status;
    return settleAnswer(result, req.binary);
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
    if (allJs === "cdn") {
      if (typeof ap.request === "function") ap.request = cdnRequest(ap.request);
      // The Jira plugin of the CDN all.js takes these callback first and hands the host the callback last.
      for (const name of ["openCreateIssueDialog", "showJQLEditor"]) {
        const raw = ap.jira?.[name];
        if (typeof raw === "function") ap.jira[name] = (callback: unknown, arg: unknown) => raw(arg, callback);
      }
    }
    // all.js's own AP.resize calls the host's env.resize.
    if (ap.env?.resize) ap.resize = (...args: unknown[]) => ap.env.resize(...args);
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

  // ALL_JS only carries the app-side calls of all.js to `calls` (see createMockAP.allJs.ts); no page sees it.
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
  const use = (...handlers: RequestHandler[]) => {
    runtime = [...(handlers as LiveHandler[]), ...runtime];
  };

  const mock: MockAPMethods = {
    install() {
      uninstall();
      restore = installAP(main.ap);
      return this as MockAP;
    },
    uninstall,
    main,
    ap: main.ap,
    connect,
    host,
    tenant,
    request: factories((h) => (use(h), h)),
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
