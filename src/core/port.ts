/**
 * The port: the one typed interface between apkit's capabilities and the host they run in.
 *
 * A call travels one way: the public capability (`src/core/<capability>.ts`) checks its arguments and does its
 * schema work, then calls the selected platform's implementation of its capability, found by `port()`
 * (platform.ts). A platform is a set of capability implementations:
 * - Connect (the default): `src/core/connect/*`, the only code that reads `window.AP`. Each capability's Connect
 *   implementation is passed in at the call site, so bundlers keep only the capabilities an app uses.
 * - Forge: `apkit/forge` (`src/forge/*`), over `@forge/bridge`, selected with `loadAP({ platform: forge(...) })`.
 *
 * The port's shapes were fixed against both bridges: answers that are ordinary outcomes (an HTTP 404, a dialog
 * closed without data) resolve; product requests take and give Fetch types; one-shot calls take
 * {@link CallOptions}; everything that answers many times (events, flag actions, popstate, dialog buttons) is a
 * listener plus an {@link Unsubscribe}. Where the public API's shape is the port's, it is written once, here, and
 * the public interface is derived from it. A method a platform cannot serve rejects with
 * `UnsupportedOnPlatformError` (a capability it leaves out entirely fails the same way, when called).
 *
 * This module holds types only: it imports nothing that imports it.
 */
import type { CallOptions } from "./settle.js";
import type {
  CreatedIssue,
  CreateIssueParams,
  DatePickerOptions,
  DialogButtonClick,
  DialogOptions,
  FlagOptions,
  HistoryPopState,
  HistoryState,
  JQLEditorOptions,
  NavigatorLocation,
  PublicEventFilter,
  ScrollPosition,
  Unsubscribe,
} from "./types.js";

/** A product REST request as `request` hands it to the platform: checked, in Fetch's types. */
export interface ProductRequest {
  /** The product-relative path with its query (`/rest/api/3/myself`). */
  path: string;
  /** Upper case. */
  method: string;
  /** The headers the app set: the platform refuses what it cannot send (Connect: all but `Accept`, `If-Match`, `If-None-Match`, `Content-Type`). */
  headers: Headers;
  /** JSON or form text, or a multipart form (file uploads such as Jira attachments). */
  body?: string | FormData;
  /** Connect's `experimental` flag (opt into experimental REST APIs). */
  experimental?: boolean;
  /** Ask for the body as binary (attachments). */
  binary?: boolean;
  /** Connect's cache flag. */
  cache?: boolean;
}

/** Product requests. */
export interface RequestPort {
  /** The product's answer as a `Response`, whatever its status; rejects only when no status came back at all. */
  request(request: ProductRequest, options: CallOptions): Promise<Response>;
}

/** The iframe's context and the current user. Values are checked by the capability, not the platform. */
export interface ContextPort {
  getContext(options?: CallOptions): Promise<unknown>;
  getToken(options?: CallOptions): Promise<unknown>;
  getCurrentUser(options?: CallOptions): Promise<unknown>;
  getLocale(options?: CallOptions): Promise<unknown>;
  getTimeZone(options?: CallOptions): Promise<unknown>;
}

/** How a listener subscribes: to one event or to all, of this app or public. */
export type ListenKind = "on" | "onPublic" | "onAny" | "onAnyPublic";

/** Events between the host and the app's frames. */
export interface EventsPort {
  /** `name` is undefined for `onAny`/`onAnyPublic`; listeners get the event's arguments (`onAny`: the name first). */
  listen(kind: ListenKind, name: string | undefined, listener: (...args: any[]) => void, filter?: PublicEventFilter): Unsubscribe;
  /** Throws the coded bridge error at once when there is no host. */
  emit(name: string, args: unknown[], isPublic: boolean): void;
}

/** The state of one dialog button that can be asked for or changed. */
export type DialogButtonOp = "enable" | "disable" | "toggle" | "show" | "hide" | "trigger" | "isEnabled" | "isHidden";

/** Dialogs, seen from the opener and from inside the dialog. */
export interface DialogPort {
  /** Resolves with what the dialog passed to `close(data)` (undefined when the user dismissed it). */
  open(options: DialogOptions, callOptions: CallOptions): Promise<unknown>;
  isDialog(): boolean;
  getCustomData(options?: CallOptions): Promise<unknown>;
  close(data: unknown, options?: CallOptions): Promise<void>;
  button(name: string, op: DialogButtonOp, options?: CallOptions): Promise<unknown>;
  onButtonClick(name: string, listener: (click: DialogButtonClick) => void): Unsubscribe;
  createButton(options: { identifier: string; text: string; disabled?: boolean }): Promise<void>;
  disableCloseOnSubmit(): Promise<void>;
  hideInline(): Promise<void>;
}

/** What a shown flag reports back. */
export interface FlagListeners {
  action(action: string): void;
  close(): void;
}

/** Flags. */
export interface FlagPort {
  /** Shows the flag at once (throws the coded bridge error when there is no host). */
  show(options: FlagOptions, on: FlagListeners): { close(): void };
}

/** The iframe's size and scroll position. */
export interface FramePort {
  /** Whether apkit sizes the frame (Connect) or the host does (Forge); throws the coded error without a host. */
  resizable(): boolean;
  resize(width?: number | string, height?: number | string): Promise<void>;
  sizeToParent(hideFooter: boolean): Promise<void>;
  hideFooter(hide: boolean): Promise<void>;
  getScroll(options?: CallOptions): Promise<ScrollPosition>;
  setVerticalScroll(y: number): Promise<void>;
}

/** Navigation of the host page; the public `navigator` types `go`'s targets on top of it. */
export interface NavigatorPort {
  /** Sends the host page to `target` (checked by type per target in the public API). */
  go(target: string, context: object): Promise<void>;
  /**
   * The host page's target and context (callback-only on the bridge; a promise here).
   * @example
   * ```ts
   * const { target, context } = await navigator.getLocation();
   * if (target === "issue") console.log(context.issueKey);
   * ```
   */
  getLocation(options?: CallOptions): Promise<NavigatorLocation>;
  /**
   * The host page's URL (`AP.getLocation` on Connect).
   * @example
   * ```ts
   * const url = new URL(await navigator.getUrl());
   * ```
   */
  getUrl(options?: CallOptions): Promise<string>;
  /**
   * Reloads the host page.
   * @example
   * ```ts
   * await navigator.reload();
   * ```
   */
  reload(): Promise<void>;
}

/** The host page's history, as far as the app's frame may change it; the public `history` types `getState`. */
export interface HistoryPort {
  /**
   * One step back (pop-state listeners run).
   * @example
   * ```ts
   * await history.back();
   * ```
   */
  back(): Promise<void>;
  /**
   * One step forward (pop-state listeners run).
   * @example
   * ```ts
   * await history.forward();
   * ```
   */
  forward(): Promise<void>;
  /**
   * `delta` steps through the history (an integer; 0 reloads).
   * @example
   * ```ts
   * await history.go(-2);
   * ```
   */
  go(delta: number): Promise<void>;
  /** The anchor (`"hash"`, the default) or everything (`"all"`). */
  getState(type: "hash" | "all" | undefined, options?: CallOptions): Promise<string | HistoryState>;
  /**
   * Adds a history entry (pop-state listeners do not run). A string `state` is the entry's anchor; on Forge a
   * non-string state needs a `url`, which becomes the anchor.
   * @example
   * ```ts
   * await history.pushState("page2");
   * ```
   */
  pushState(state: unknown, title?: string, url?: string): Promise<void>;
  /**
   * Replaces the current entry (pop-state listeners do not run).
   * @example
   * ```ts
   * await history.replaceState("page2");
   * ```
   */
  replaceState(state: unknown, title?: string, url?: string): Promise<void>;
  /**
   * Runs `listener` on every change made by back/forward/go or the user; returns the unsubscribe function. The
   * event is the same on every platform: `newURL` / `oldURL` and `hash` are the entries' anchors as `pushState` was
   * given them (`"settings/users"`, no `#!` and no leading slash).
   * @example
   * ```ts
   * const stop = history.onPopState((e) => console.log(e.oldURL, "->", e.newURL));
   * ```
   */
  onPopState(listener: (event: HistoryPopState) => void): Unsubscribe;
}

/** Cookies the host keeps for the app: the public `cookie` is this interface. */
export interface CookiePort {
  /**
   * Saves `value` under `name` for `expires` days.
   * @example
   * ```ts
   * await cookie.save("theme", "compact", 365);
   * ```
   */
  save(name: string, value: string, expires?: number): Promise<void>;
  /**
   * The value saved under `name`, or `undefined`.
   * @example
   * ```ts
   * const theme = (await cookie.read("theme")) ?? "comfortable";
   * ```
   */
  read(name: string, options?: CallOptions): Promise<string | undefined>;
  /**
   * Deletes the cookie `name`.
   * @example
   * ```ts
   * await cookie.erase("theme");
   * ```
   */
  erase(name: string): Promise<void>;
}

/** The host's design tokens in the frame. */
export interface ThemingPort {
  /**
   * Turns theming on for this page (`AP.theming.initializeTheming` on Connect, `view.theme.enable()` on Forge); the
   * theme arrives asynchronously. `forceNoCleanup` keeps a light theme applied when the host switches theming off.
   * @example
   * ```ts
   * await theming.enable();
   * ```
   */
  enable(options?: { forceNoCleanup?: boolean }): Promise<void>;
}

/** Confluence macros; the public `macro` adds schemas to `getData` and the property panel's events. */
export interface MacroPort {
  /** The macro's saved parameters (the public `macro` validates them with a schema). */
  getData(options?: CallOptions): Promise<unknown>;
  /**
   * The macro's body (rich-text body macros).
   * @example
   * ```ts
   * const body = await macro.getBody();
   * ```
   */
  getBody(options?: CallOptions): Promise<string>;
  /**
   * Saves the macro's parameters (and body, when given; otherwise the body stays as it is).
   * @example
   * ```ts
   * await macro.save({ color: "red" });
   * ```
   */
  save(parameters: Record<string, unknown>, body?: string): Promise<void>;
  /**
   * Closes the macro editor without saving (call {@link MacroPort.save} first).
   * @example
   * ```ts
   * await macro.closeEditor();
   * ```
   */
  closeEditor(): Promise<void>;
  /**
   * Closes the macro's property panel.
   * @example
   * ```ts
   * await macro.closePropertyPanel();
   * ```
   */
  closePropertyPanel(): Promise<void>;
  /**
   * Listens to the property panel's controls, each an app event named after its control; returns the function that
   * stops them all. (Forge macros have no property panel: there it throws the coded refusal.)
   * @example
   * ```ts
   * const stop = macro.onPropertyPanelEvent({ "click.refresh.my-macro.macro.property-panel": () => refresh() });
   * ```
   */
  onPropertyPanelEvent(bindings: Record<string, () => void>): Unsubscribe;
}

/** Jira's helpers; the public `jira` takes the workflow configuration's handlers as an object. */
export interface JiraPort {
  /**
   * Refreshes the issue view without reloading the browser page.
   * @example
   * ```ts
   * await jira.refreshIssuePage();
   * ```
   */
  refreshIssuePage(): Promise<void>;
  /**
   * Opens Jira's create-issue dialog, prefilled; resolves with the issues created when it closes.
   * @example
   * ```ts
   * const [issue] = await jira.openCreateIssueDialog({ pid: 10000, issueType: 10001, fields: { summary: "Follow-up" } });
   * ```
   */
  openCreateIssueDialog(params?: CreateIssueParams, options?: CallOptions): Promise<CreatedIssue[]>;
  /**
   * Opens an issue in Jira's issue dialog; resolves when it is closed.
   * @example
   * ```ts
   * await jira.openIssueDialog("ABC-1");
   * ```
   */
  openIssueDialog(issueKey: string, options?: CallOptions): Promise<string | undefined>;
  /**
   * Sets the title of this dashboard item.
   * @example
   * ```ts
   * await jira.setDashboardItemTitle("Open bugs (12)");
   * ```
   */
  setDashboardItemTitle(title: string): Promise<void>;
  /**
   * Whether the user may edit this dashboard item.
   * @example
   * ```ts
   * if (await jira.isDashboardItemEditable()) showSettingsLink();
   * ```
   */
  isDashboardItemEditable(options?: CallOptions): Promise<boolean>;
  /**
   * The stored configuration of the workflow post function being edited (on its configuration page).
   * @example
   * ```ts
   * const saved = JSON.parse((await jira.getWorkflowConfiguration()) || "{}");
   * ```
   */
  getWorkflowConfiguration(options?: CallOptions): Promise<string | undefined>;
  /** Registers the workflow rule's save (and validation) callbacks; the public `jira` takes them as an object. */
  onWorkflowConfigurationSave(save: () => string, validate?: () => boolean): Promise<void>;
  /**
   * Opens Jira's date picker next to `element` (or at `position`); `onSelect` gets the choice.
   * @example
   * ```ts
   * await jira.openDatePicker({ element: input, date: input.value, onSelect: (iso) => (input.value = iso) });
   * ```
   */
  openDatePicker(options: DatePickerOptions): Promise<void>;
  /**
   * Loads the JQL editor ahead of {@link JiraPort.showJQLEditor}, so it opens at once.
   * @example
   * ```ts
   * await jira.initJQLEditor();
   * ```
   */
  initJQLEditor(): Promise<void>;
  /**
   * Opens Jira's JQL editor; resolves with the query the user submits.
   * @example
   * ```ts
   * const { jql } = await jira.showJQLEditor({ jql: "project = ABC", header: "Filter issues" });
   * ```
   */
  showJQLEditor(editorOptions?: JQLEditorOptions, options?: CallOptions): Promise<{ jql: string }>;
  /**
   * Whether the page runs in Jira's mobile app.
   * @example
   * ```ts
   * if (await jira.isNativeApp()) document.body.classList.add("mobile");
   * ```
   */
  isNativeApp(options?: CallOptions): Promise<boolean>;
}

/**
 * The app's own backend, for `apFetch`. Connect's is apkit's context-JWT fetch (the token of the `apFetch`
 * instance); Forge's is `requestRemote`, which carries a Forge Invocation Token instead.
 */
export interface BackendPort {
  /**
   * As `fetch(input, init)`: `input` is an absolute URL, or the app's `Request`, already checked to be on an origin
   * that may get the app's credentials. Resolves the backend's `Response`, whatever its status.
   */
  fetch(input: URL | Request, init: RequestInit): Promise<Response>;
}

/** Every capability of the port, by name. */
export interface Port {
  request: RequestPort;
  context: ContextPort;
  events: EventsPort;
  dialog: DialogPort;
  flag: FlagPort;
  frame: FramePort;
  navigator: NavigatorPort;
  history: HistoryPort;
  cookie: CookiePort;
  theming: ThemingPort;
  macro: MacroPort;
  jira: JiraPort;
  backend: BackendPort;
}

/** The platforms apkit ships: Connect (all.js) and Forge Custom UI (apkit/forge). Others may name themselves. */
export type PlatformName = "connect" | "forge" | (string & {});

/**
 * A platform apkit can run on: a name and its implementations of the port's capabilities. A capability it leaves
 * out fails with `UnsupportedOnPlatformError` when called (a rejection for the methods that return promises); a
 * method the platform cannot serve should rather be implemented to reject with that error, naming what to use
 * instead, as apkit/forge does.
 *
 * @example
 * ```ts
 * import { loadAP, type Platform } from "apkit";
 * // Platforms come from their entries (apkit/forge); a hand-made one serves tests and embedders.
 * const offline: Platform = { name: "offline" };
 * await loadAP({ platform: offline });
 * ```
 */
export interface Platform extends Partial<Port> {
  /** Named in every `UnsupportedOnPlatformError`. */
  readonly name: PlatformName;
  /** Runs once when `loadAP({ platform })` selects it: connect to the host, read what later calls need. */
  start?(options: CallOptions): Promise<unknown>;
}
