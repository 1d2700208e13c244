/**
 * The Forge mock host's public types: what the emulated Custom UI host's controls take and give.
 */
import type {
  ForgeHandlerOptions,
  ForgeHandlerResult,
  ForgeProduct,
  ForgeProductRequest,
  ForgeRemoteRequest,
  ForgeRequestHandler,
  ForgeRequestRecord,
} from "./requests.js";
import type { ForgeHistoryAction, ForgeHistoryLocation, ForgeHistoryTarget } from "./history.js";

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
 * What to do with a product or remote request no handler answered: the Connect mock's vocabulary (msw's):
 * - `"error"` (default): print an error (through `warn`) and refuse it: the bridge call rejects with
 *   `ERR_FORGE_BRIDGE_UNHANDLED_REQUEST` (apkit's `request()` / `apFetch()` reject with `ERR_HOST`);
 * - `"warn"`: print a warning and forward it to `fetch` (the site's URL for product requests, the page's origin for
 *   remote ones), so msw or another fetch mock answers;
 * - `"bypass"`: forward it silently;
 * - a function: called with the request and printers; the request is then forwarded unless it called
 *   `print.error()`. A function that returns an answer (`json(...)`, `{ status, body }`, ...) answers with it.
 *
 * `"404"` (warn, and answer a Jira-style 404) and `"reject"` (refuse without printing) are kept from earlier versions.
 */
export type ForgeUnhandledRequestStrategy =
  | "error"
  | "warn"
  | "bypass"
  | "404"
  | "reject"
  | ((
      request: ForgeProductRequest | ForgeRemoteRequest,
      print: { warning(): void; error(): void },
    ) => ForgeHandlerResult | void | Promise<ForgeHandlerResult | void>);

/** Options of {@link installForgeBridge} and {@link ForgeBridgeHost.reset}. */
export interface ForgeBridgeHostOptions {
  /** Context fields over the defaults (a Jira issue panel on `https://mock-site.atlassian.net`). */
  context?: ForgeContextPatch;
  /** @default "error" */
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
  /** `description`, under the name the Connect mock's flags have. */
  readonly body: string | undefined;
  /** `options.type`, `"info"` when the app gave none. */
  readonly type: string;
  readonly appearance: string | undefined;
  /** The action texts, in order. */
  readonly actions: readonly string[];
  readonly isAutoDismiss: boolean;
  readonly open: boolean;
  /** Who closed it: the app (`flag.close()`), the test (`host.closeFlag`), or a flag shown later with its id. */
  readonly closedBy: "app" | "host" | "replaced" | undefined;
}

/** A `router.navigate` / `router.open` / `router.reload` the host received. */
export interface ForgeNavigation {
  /** `navigate` → `"same-tab"`, `open` → `"new-tab"`, `reload` → `"reload"`. */
  readonly type: "same-tab" | "new-tab" | "reload";
  /** The URL, when the app navigated to a URL string. */
  readonly url: string | undefined;
  /** The `{ target, ... }` location, when the app navigated to one. */
  readonly location: Record<string, unknown> | undefined;
  /**
   * Where to, in the Connect mock's terms: the location's target (`"site"` for a URL, `"reload"` for a reload), and
   * its other fields (`{ relativeUrl }` / `{ absoluteUrl }` for a URL).
   */
  readonly target: string;
  readonly context: Record<string, unknown>;
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
  /** The current entry as an anchor, the way apkit's `history.getState()` reads it (`"settings/users"`). */
  readonly state: string;
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
  /** The user clicks the action with this text on the open flag with this id (or title, or record): its `onClick` runs. */
  clickFlagAction(flag: string | number | ForgeFlagRecord, actionText: string): Promise<void>;
  /** The user dismisses the open flag with this id (or title, or record). */
  closeFlag(flag: string | number | ForgeFlagRecord): Promise<void>;

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

