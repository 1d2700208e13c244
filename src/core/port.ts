/**
 * The port: the one typed interface between apkit's capabilities and the host they run in.
 *
 * Every public capability (request, context, events, dialog, flag, sizing, navigator, history, cookie, theming,
 * macro, jira) does its argument checks and schema work, then asks {@link port} for the active platform's
 * implementation of its capability and calls it. A platform is a set of capability implementations:
 * - Connect (the default): `src/core/connect/*`, the only code that reads `window.AP`. Each capability's Connect
 *   implementation is passed in at the call site, so bundlers keep only the capabilities an app uses.
 * - Forge: `apkit/forge`, over `@forge/bridge`, selected with `loadAP({ platform: forge(...) })`.
 *
 * The port's shapes were fixed against both bridges: answers that are ordinary outcomes (an HTTP 404, a dialog
 * closed without data) resolve, one-shot calls take {@link CallOptions}, and everything that answers many times
 * (events, flag actions, popstate, dialog buttons) is a listener plus an {@link Unsubscribe}. A capability a
 * platform lacks fails with {@link UnsupportedOnPlatformError}, which names the platform.
 */
import type { CallOptions } from "./bridge.js";
import type { DialogButtonClick, DialogOptions } from "./dialog.js";
import { UnsupportedOnPlatformError } from "./errors.js";
import type { PublicEventFilter, Unsubscribe } from "./events.js";
import type { FlagOptions } from "./flag.js";
import type { HistoryPopState, HistoryState } from "./history.js";
import type { ScrollPosition } from "./iframe.js";
import type { CreatedIssue, CreateIssueParams, DatePickerOptions, JQLEditorOptions } from "./jira.js";
import type { NavigatorLocation } from "./navigator.js";

/** A product REST request as `request` hands it to the platform, already checked. */
export interface HostRequest {
  /** The product-relative path with its query (`/rest/api/3/myself`). */
  url: string;
  /** Upper case. */
  method: string;
  /** The forwarded headers (`Accept`, `If-Match`, `If-None-Match`). */
  headers: Record<string, string>;
  /** A string, or the fields of a multipart form. */
  body?: string | Record<string, unknown>;
  /** The body's content type (`multipart/form-data` for form fields). */
  contentType?: string;
  /** Connect's `experimental` flag (opt into experimental REST APIs). */
  experimental?: boolean;
  /** Ask for the body as binary (attachments). */
  binary?: boolean;
  /** Connect's cache flag. */
  cache?: boolean;
}

/** The host's HTTP answer, whatever its status. */
export interface HostAnswer {
  status: number;
  statusText?: string;
  headers: Headers;
  body: BodyInit | null;
}

/** Product requests. */
export interface RequestPort {
  request(request: HostRequest, options: CallOptions): Promise<HostAnswer>;
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

/** Navigation of the host page. */
export interface NavigatorPort {
  go(target: string, context: object): Promise<void>;
  getLocation(options?: CallOptions): Promise<NavigatorLocation>;
  getUrl(options?: CallOptions): Promise<string>;
  reload(): Promise<void>;
}

/** The host page's history, as far as the app's frame may change it. */
export interface HistoryPort {
  back(): Promise<void>;
  forward(): Promise<void>;
  go(delta: number): Promise<void>;
  getState(type: "hash" | "all" | undefined, options?: CallOptions): Promise<string | HistoryState>;
  pushState(state: unknown, title?: string, url?: string): Promise<void>;
  replaceState(state: unknown, title?: string, url?: string): Promise<void>;
  onPopState(listener: (event: HistoryPopState) => void): Unsubscribe;
}

/** Cookies the host keeps for the app. */
export interface CookiePort {
  save(name: string, value: string, expires?: number): Promise<void>;
  read(name: string, options?: CallOptions): Promise<string | undefined>;
  erase(name: string): Promise<void>;
}

/** The host's design tokens in the frame. */
export interface ThemingPort {
  enable(forceNoCleanup: boolean): Promise<void>;
}

/** Confluence macros. */
export interface MacroPort {
  getData(options?: CallOptions): Promise<unknown>;
  getBody(options?: CallOptions): Promise<string>;
  save(parameters: Record<string, unknown>, body?: string): Promise<void>;
  closeEditor(): Promise<void>;
  closePropertyPanel(): Promise<void>;
}

/** Jira's helpers. */
export interface JiraPort {
  refreshIssuePage(): Promise<void>;
  openCreateIssueDialog(params?: CreateIssueParams, options?: CallOptions): Promise<CreatedIssue[]>;
  openIssueDialog(issueKey: string, options?: CallOptions): Promise<string | undefined>;
  setDashboardItemTitle(title: string): Promise<void>;
  isDashboardItemEditable(options?: CallOptions): Promise<boolean>;
  getWorkflowConfiguration(options?: CallOptions): Promise<string | undefined>;
  onWorkflowConfigurationSave(save: () => string, validate?: () => boolean): Promise<void>;
  openDatePicker(options: DatePickerOptions): Promise<void>;
  initJQLEditor(): Promise<void>;
  showJQLEditor(editorOptions?: JQLEditorOptions, options?: CallOptions): Promise<{ jql: string }>;
  isNativeApp(options?: CallOptions): Promise<boolean>;
}

/**
 * The app's own backend, for `apFetch`. Connect's is apkit's context-JWT fetch (a token from `getToken` on each
 * request); Forge's is `requestRemote`, which carries a Forge Invocation Token instead.
 */
export interface BackendPort {
  /** `url` is absolute and on the page's origin (or an allowed one); the platform sends it to the app's backend. */
  fetch(url: URL, init: RequestInit): Promise<Response>;
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

/**
 * A platform apkit can run on: a name and its implementations of the port's capabilities. A capability it leaves
 * out fails with {@link UnsupportedOnPlatformError}, thrown when the capability is called (before any promise
 * exists); a method the platform cannot serve should rather be implemented to reject with that error, as
 * apkit/forge does, so that promise-returning calls settle.
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
  /** Named in every {@link UnsupportedOnPlatformError}. */
  readonly name: string;
  /** Runs once when `loadAP({ platform })` selects it: connect to the host, read what later calls need. */
  start?(options: CallOptions): Promise<unknown>;
}

// The selected platform lives on a registry symbol of the global, not in this module: an ESM and a CJS copy of
// apkit loaded side by side (the dual-package hazard: an app's ESM code and a CJS test helper) must agree on it.
const SELECTED = Symbol.for("apkit.platform");
/** @internal The selected platform, `undefined` on Connect. */
export const selected = (): Platform | undefined => (globalThis as Record<symbol, Platform | undefined>)[SELECTED];

/**
 * @internal The active platform's implementation of `capability`; `connect` (the Connect implementation, given
 * by the caller so that unused capabilities are tree-shaken) when no other platform was selected.
 */
export function port<K extends keyof Port>(capability: K, connect: Port[K]): Port[K] {
  const active = selected();
  if (!active) return connect;
  const found = active[capability];
  if (found) return found as Port[K];
  throw unsupported(active.name, capability);
}

/** @internal The coded error for a capability `platform` lacks. (apkit/forge words its own, with what to use instead.) */
export function unsupported(platform: string, capability: string): UnsupportedOnPlatformError {
  return new UnsupportedOnPlatformError(`${capability} is not available on ${platform}`, { platform, capability });
}

/** @internal The active platform's own implementation of `capability`, or `undefined` on Connect. */
export function override<K extends keyof Port>(capability: K): Port[K] | undefined {
  return selected()?.[capability] as Port[K] | undefined;
}

/**
 * Selects the platform every later call uses; `undefined` goes back to Connect. Apps select a platform with
 * `loadAP({ platform })`, which also starts it; this is for test hosts and embedders that manage the platform
 * themselves.
 *
 * @example
 * ```ts
 * import { selectPlatform } from "apkit";
 * afterEach(() => selectPlatform(undefined)); // every test starts on Connect
 * ```
 */
export function selectPlatform(platform: Platform | undefined): void {
  (globalThis as Record<symbol, Platform | undefined>)[SELECTED] = platform;
}

/**
 * The name of the platform apkit talks to: `"connect"` until `loadAP({ platform })` selected another.
 *
 * @example
 * ```ts
 * import { platformName } from "apkit";
 * if (platformName() === "forge") hideConnectOnlyFeatures();
 * ```
 */
export function platformName(): string {
  return selected()?.name ?? "connect";
}
