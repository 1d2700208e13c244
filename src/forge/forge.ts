/**
 * apkit on Forge Custom UI: the port's capabilities over @forge/bridge, so that app code written against apkit runs
 * unchanged as a Connect iframe and as a Forge Custom UI resource.
 *
 * @forge/bridge is loaded only when `loadAP({ platform: forge() })` starts the platform (it throws when imported
 * outside a Custom UI frame), so importing apkit/forge is free in Node and in Connect pages.
 */
import {
  HostError,
  NotInDialogError,
  UnsupportedOnPlatformError,
  settle,
  type CallOptions,
  type DialogOptions,
  type DialogPort,
  type FlagOptions,
  type HistoryPopState,
  type HostRequest,
  type Platform,
  type Unsubscribe,
} from "apkit";
import { toConnectContext, type ForgeContext } from "./context.js";
import { toForgeLocation, type ForgeLocation } from "./navigation.js";

/** The parts of @forge/bridge apkit uses, typed structurally so that apkit's types do not depend on the package's. */
export interface ForgeBridge {
  view: {
    getContext(): Promise<ForgeContext>;
    close(payload?: unknown): Promise<void>;
    createHistory(): Promise<ForgeHistory>;
    theme: { enable(): Promise<void> };
  };
  events: {
    emit(event: string, payload?: unknown): Promise<void>;
    on(event: string, callback: (payload?: unknown) => unknown): Promise<{ unsubscribe(): void }>;
    emitPublic(event: string, payload?: unknown): Promise<void>;
    onPublic(event: string, callback: (payload?: unknown) => unknown): Promise<{ unsubscribe(): void }>;
  };
  Modal: new (options: {
    resource?: string | null;
    onClose?: (payload: unknown) => unknown;
    size?: string | { width: string; height?: string };
    context?: unknown;
    closeOnEscape?: boolean;
    title?: string;
  }) => { open(): Promise<void> };
  showFlag(options: {
    id: string;
    title?: string;
    description?: string;
    type?: string;
    actions?: Array<{ text: string; onClick: () => void }>;
    isAutoDismiss?: boolean;
  }): { close(): Promise<unknown> };
  router: { navigate(location: ForgeLocation): Promise<void>; reload(): Promise<void> };
  requestJira(path: string, init?: RequestInit): Promise<Response>;
  requestConfluence(path: string, init?: RequestInit): Promise<Response>;
  requestRemote(remoteKey: string, init?: RequestInit & { path?: string }): Promise<Response>;
}

/** The history object `view.createHistory()` gives full-page modules (the `history` package's API). */
export interface ForgeHistory {
  location: { pathname: string; search?: string; hash?: string; key?: string; state?: unknown };
  push(path: string, state?: unknown): void;
  replace(path: string, state?: unknown): void;
  go(delta: number): void;
  back(): void;
  forward(): void;
  listen(listener: (...args: any[]) => void): () => void;
}

/** A Forge modal resource, and how to open it, for a Connect dialog key. */
export interface ForgeDialog {
  /** The `resource` key of the Custom UI resource in manifest.yml. */
  resource: string;
  /** Overrides the size mapped from the Connect options. */
  size?: "small" | "medium" | "large" | "xlarge" | "max" | "fullscreen" | { width: string; height?: string };
  /** The modal's title (Connect's `header` otherwise). */
  title?: string;
}

/** Options of {@link forge}. */
export interface ForgeOptions {
  /**
   * Connect dialog module keys → the Forge resources that replace them, given once: `dialog.open({ key })` opens
   * the mapped resource as a Forge modal. A key not listed opens the resource of the same name.
   */
  dialogs?: Record<string, string | ForgeDialog>;
  /** The `remotes` key in manifest.yml that `apFetch` calls (with `requestRemote`; the FIT replaces the JWT). */
  remote?: string;
  /** The product `request` talks to. @default from the context (`extension.type`, then Confluence content or space). */
  product?: "jira" | "confluence";
  /** @forge/bridge itself, when the app already imported it; otherwise it is imported when the platform starts. */
  bridge?: ForgeBridge;
}

const NAMED_SIZES: Record<string, string> = { small: "small", medium: "medium", large: "large", "x-large": "xlarge", maximum: "max", fullscreen: "fullscreen" };

const unsupported = (capability: string, instead: string) =>
  new UnsupportedOnPlatformError(`${capability} is not available on Forge: ${instead}`, { platform: "forge", capability });

// Methods with no Forge equivalent: each rejects (or throws, where the Connect call is synchronous) with the code.
const rejecting = (capability: string, instead: string) => async (): Promise<never> => {
  throw unsupported(capability, instead);
};

// A promise from the bridge under apkit's deadline and signal; a rejection becomes a HostError naming the call.
function call<T>(what: string, options: CallOptions | undefined, work: () => Promise<T>): Promise<T> {
  return settle<T>(what, options ?? {}, (done) => {
    work().then(done.resolve, (reason: unknown) =>
      done.reject(
        reason instanceof UnsupportedOnPlatformError || reason instanceof NotInDialogError
          ? reason
          : new HostError(`forge ${what} failed: ${(reason as Error)?.message ?? String(reason)}`, { method: what, cause: reason }),
      ),
    );
  });
}

// A subscription the bridge answers asynchronously, handed out synchronously: stopping before the bridge answered
// unsubscribes as soon as it does.
function subscription(subscribe: () => Promise<{ unsubscribe(): void } | (() => void)>, active: { on: boolean }): Unsubscribe {
  let stop: (() => void) | undefined;
  subscribe().then(
    (handle) => {
      stop = typeof handle === "function" ? handle : () => handle.unsubscribe();
      if (!active.on) stop();
    },
    (error: unknown) => queueMicrotask(() => { throw error; }),
  );
  return () => {
    if (!active.on) return;
    active.on = false;
    stop?.();
  };
}

// @forge/bridge is one module per page: once imported, every forge() platform of the page may use it at once.
let imported: ForgeBridge | undefined;

async function importBridge(): Promise<ForgeBridge> {
  // @forge/bridge is CommonJS: under Node's ESM loader its exports may sit on `default`.
  const module = (await import("@forge/bridge")) as unknown as ForgeBridge & { default?: ForgeBridge };
  return (imported = module.view ? module : module.default!);
}

/**
 * The Forge Custom UI platform: pass it to `loadAP` once at start-up, and every apkit call of the page (and of
 * apkit/react's hooks) goes to @forge/bridge.
 *
 * | apkit | on Forge |
 * |---|---|
 * | `request`, `requestJson`, property stores | `requestJira` / `requestConfluence` (the product from the context; `/wiki` added for Confluence) |
 * | `getContext` | `view.getContext()` in Connect's shape ({@link toConnectContext}) |
 * | `getCurrentUser`, `getLocale`, `getTimeZone` | the context's `accountId`, `locale`, `timezone` |
 * | `events.on/once/off/emit/onPublic/emitPublic` | `events.*` (one payload per event) |
 * | `dialog.open` | `new Modal({ resource, context: customData, onClose }).open()`, resolving with the `onClose` payload |
 * | `dialog.getCustomData`, `dialog.close`, `dialog.isDialog` | the modal's `extension.modal`, `view.close(data)` |
 * | `flag.show` | `showFlag` (ids generated, actions as `onClick`) |
 * | `navigator.go`, `navigator.reload` | `router.navigate` ({@link toForgeLocation}), `router.reload` |
 * | `history` | `view.createHistory()` (full-page modules) |
 * | `theming.enable` | `view.theme.enable()` |
 * | `resize`, `sizeToParent`, `hideFooter`, `autoResize` | nothing: the host sizes the frame |
 * | `apFetch` | `requestRemote(remote, { path })`: the backend verifies a FIT (apkit/server `createAppMiddleware`) |
 * | `getToken`, `cookie`, `navigator.getLocation/getUrl`, `scrollPosition`, dialog buttons, `macro` (but `getData`), `jira` | `ERR_UNSUPPORTED_ON_PLATFORM`, naming what to use instead |
 *
 * Timeouts and `AbortSignal` work as on Connect (apkit's own deadline; the bridge has none).
 *
 * @example
 * ```ts
 * import { loadAP, getContext, requestJson } from "apkit";
 * import { forge } from "apkit/forge";
 * await loadAP({ platform: forge({ dialogs: { "edit-dialog": "edit-modal" }, remote: "backend" }) });
 * const { jira } = await getContext();
 * const issue = await requestJson(`/rest/api/3/issue/${jira?.issue?.id}`);
 * ```
 */
export function forge(options: ForgeOptions = {}): Platform {
  let bridge: ForgeBridge | undefined;
  let started: ForgeContext | undefined;
  let flags = 0;
  // Each frame (each extension of the app on a page, each modal) runs its own forge(): the host keys flags by id, so
  // a counter alone would give two frames the same ids and one frame's flag would replace or close the other's.
  const frameTag = Math.random().toString(36).slice(2, 10);
  let history: Promise<ForgeHistory> | undefined;

  let loading: Promise<ForgeBridge> | undefined;
  let starting: Promise<void> | undefined;
  const notStarted = () => new UnsupportedOnPlatformError("Forge is not started: await loadAP({ platform: forge() }) first", { platform: "forge", capability: "start" });
  // Synchronous calls (flags, event subscriptions) need the bridge now; the others wait for a start in progress, as
  // Connect's calls wait for a pending loadAP.
  const need = (): ForgeBridge => {
    const b = bridge ?? (options.bridge ? undefined : imported);
    if (!b) throw notStarted();
    return b;
  };
  const ready = (): Promise<ForgeBridge> => (bridge ? Promise.resolve(bridge) : (loading ?? Promise.reject(notStarted())));
  const onBridge = <T>(what: string, options: CallOptions | undefined, work: (b: ForgeBridge) => Promise<T>) =>
    call(what, options, async () => work(await ready()));
  const context = (options?: CallOptions) => onBridge("view.getContext", options, (b) => b.view.getContext());
  const product = (): "jira" | "confluence" => {
    if (options.product) return options.product;
    const extension = started?.extension ?? {};
    const type = String(extension.type ?? "");
    return type.startsWith("confluence:") || type === "macro" || extension.content || extension.space ? "confluence" : "jira";
  };
  const modalData = (c: ForgeContext) => {
    if (!c.extension?.modal) throw new NotInDialogError("Not in a dialog (no Forge modal context)");
    return c.extension.modal;
  };
  const historyOf = () => (history ??= onBridge("view.createHistory", {}, (b) => b.view.createHistory()));

  const dialog: DialogPort = {
    open(o: DialogOptions, callOptions: CallOptions) {
      const mapped = options.dialogs?.[o.key];
      const spec: ForgeDialog = typeof mapped === "string" ? { resource: mapped } : (mapped ?? { resource: o.key });
      const size = spec.size ?? modalSizeOf(o);
      const title = spec.title ?? o.header;
      // The result arrives only through onClose: no deadline unless the caller sets one, as on Connect.
      return settle("dialog.open", { timeout: Infinity, ...callOptions }, (done) => {
        const openModal = (b: ForgeBridge) =>
          new b.Modal({
            resource: spec.resource,
            onClose: (payload) => done.resolve(payload),
            ...(size !== undefined && { size }),
            ...(o.customData !== undefined && { context: o.customData }),
            ...(o.closeOnEscape !== undefined && { closeOnEscape: o.closeOnEscape }),
            ...(title !== undefined && { title }),
          })
            .open()
            .catch((reason: unknown) =>
              done.reject(new HostError(`forge Modal.open failed: ${(reason as Error)?.message}`, { method: "dialog.open", cause: reason })),
            );
        ready().then(openModal, done.reject);
      });
    },
    isDialog: () => !!need() && !!started?.extension?.modal,
    getCustomData: async (o) => modalData(await context(o)),
    close: async (data, o) => {
      modalData(await context(o));
      await onBridge("view.close", o, (b) => b.view.close(data));
    },
    button: rejecting("dialog.button", "Forge modals have no host buttons: draw them in the modal's own UI"),
    onButtonClick: () => {
      throw unsupported("dialog.button", "Forge modals have no host buttons: draw them in the modal's own UI");
    },
    createButton: rejecting("dialog.createButton", "Forge modals have no host buttons: draw them in the modal's own UI"),
    disableCloseOnSubmit: rejecting("dialog.disableCloseOnSubmit", "Forge modals have no host buttons"),
    hideInline: rejecting("dialog.hideInline", "Forge has no inline dialogs"),
  };

  return {
    name: "forge",
    start(callOptions) {
      loading ??= (options.bridge ? Promise.resolve(options.bridge) : importBridge()).then((b) => (bridge = b));
      starting = loading.then(() => context(callOptions)).then((c) => void (started = c));
      return starting;
    },
    request: {
      request: (request, o) =>
        onBridge("request", o, async (b) => {
          // The product comes from the context: a request made while the platform starts waits for it.
          await starting;
          const init = toFetchInit(request);
          const res =
            product() === "confluence"
              ? await b.requestConfluence(request.url.startsWith("/wiki/") ? request.url : `/wiki${request.url}`, init)
              : await b.requestJira(request.url, init);
          return { status: res.status, statusText: res.statusText, headers: res.headers, body: await res.arrayBuffer() };
        }),
    },
    context: {
      getContext: async (o) => toConnectContext(await context(o)),
      getToken: rejecting("context.getToken", "Forge has no context JWT; call your backend with apFetch (requestRemote) and verify the Forge Invocation Token with apkit/server"),
      getCurrentUser: async (o) => {
        const { accountId } = await context(o);
        return accountId === undefined ? undefined : { atlassianAccountId: accountId };
      },
      getLocale: async (o) => (await context(o)).locale,
      getTimeZone: async (o) => (await context(o)).timezone,
    },
    events: {
      listen(kind, name, listener, filter) {
        if (kind === "onAny" || kind === "onAnyPublic") throw unsupported(`events.${kind}`, "Forge events are subscribed by name only");
        if (filter) throw unsupported("events.onPublic filter", "Forge public events carry no sender to filter on");
        const b = need();
        const active = { on: true };
        const callback = (payload: unknown) => active.on && listener(payload);
        return subscription(() => (kind === "on" ? b.events.on(name!, callback) : b.events.onPublic(name!, callback)), active);
      },
      emit(name, args, isPublic) {
        if (args.length > 1) throw new TypeError("apkit: a Forge event carries one payload; pass an object or an array");
        const b = need();
        (isPublic ? b.events.emitPublic(name, args[0]) : b.events.emit(name, args[0])).catch((error: unknown) =>
          queueMicrotask(() => {
            throw error;
          }),
        );
      },
    },
    dialog,
    flag: {
      show(o: FlagOptions, on) {
        const shown = need().showFlag({
          id: `apkit-flag-${frameTag}-${++flags}`,
          title: o.title,
          description: o.body,
          type: o.type ?? "info",
          actions: Object.entries<string>(o.actions ?? {}).map(([action, text]) => ({ text, onClick: () => on.action(action) })),
          // Connect flags close by themselves unless close is "manual".
          isAutoDismiss: o.close !== "manual",
        });
        return {
          close: () => {
            shown.close().then(on.close, on.close);
          },
        };
      },
    },
    frame: {
      // The Custom UI host sizes the frame to its content itself.
      resizable: () => !need(),
      resize: async () => {},
      sizeToParent: async () => {},
      hideFooter: async () => {},
      getScroll: rejecting("scrollPosition.get", "Forge gives no scroll position of the host page"),
      setVerticalScroll: rejecting("scrollPosition.setVertical", "Forge gives no scroll position of the host page"),
    },
    navigator: {
      go: (target, ctx) => onBridge("router.navigate", {}, async (b) => b.router.navigate(toForgeLocation(target, ctx as Record<string, unknown>))),
      getLocation: rejecting("navigator.getLocation", "read the place from getContext() (extension.issue, extension.content ...)"),
      getUrl: rejecting("navigator.getUrl", "Forge does not expose the host page's URL; build links from the context's siteUrl"),
      reload: () => onBridge("router.reload", {}, (b) => b.router.reload()),
    },
    history: {
      back: async () => (await historyOf()).back(),
      forward: async () => (await historyOf()).forward(),
      go: async (delta) => (await historyOf()).go(delta),
      async getState(type) {
        const { location } = await historyOf();
        const hash = location.pathname.replace(/^\//, "") + (location.search ?? "") + (location.hash ?? "");
        return type === "all" ? { key: location.key ?? "", hash, title: "", href: location.pathname } : hash;
      },
      pushState: async (state, _title, url) => (await historyOf()).push(routeOf(state, url), state),
      replaceState: async (state, _title, url) => (await historyOf()).replace(routeOf(state, url), state),
      onPopState(listener) {
        const active = { on: true };
        return subscription(
          async () =>
            (await historyOf()).listen((...args: any[]) => {
              // history 5 calls listen's callback with { action, location }, history 4 with (location, action).
              const [location, action] = args[0]?.location ? [args[0].location, args[0].action] : args;
              if (active.on && action === "POP") listener(popStateOf(location));
            }),
          active,
        );
      },
    },
    cookie: {
      save: rejecting("cookie.save", "Forge has no host cookies; use localStorage or Forge storage through a resolver"),
      read: rejecting("cookie.read", "Forge has no host cookies; use localStorage or Forge storage through a resolver"),
      erase: rejecting("cookie.erase", "Forge has no host cookies; use localStorage or Forge storage through a resolver"),
    },
    theming: { enable: () => onBridge("view.theme.enable", {}, (b) => b.view.theme.enable()) },
    macro: {
      getData: async (o) => (await context(o)).extension?.config ?? {},
      getBody: rejecting("macro.getBody", "a Forge macro's body is in the context (extension.macro.body, ADF)"),
      save: rejecting("macro.save", "a Forge macro saves its config with view.submit() in its config resource"),
      closeEditor: rejecting("macro.closeEditor", "use view.close() in the macro's config resource"),
      closePropertyPanel: rejecting("macro.closePropertyPanel", "Forge macros have no property panel"),
    },
    jira: {
      refreshIssuePage: rejecting("jira.refreshIssuePage", "use @forge/jira-bridge"),
      openCreateIssueDialog: rejecting("jira.openCreateIssueDialog", "use CreateIssueModal of @forge/jira-bridge"),
      openIssueDialog: rejecting("jira.openIssueDialog", "use ViewIssueModal of @forge/jira-bridge"),
      setDashboardItemTitle: rejecting("jira.setDashboardItemTitle", "set the title in manifest.yml"),
      isDashboardItemEditable: rejecting("jira.isDashboardItemEditable", "read the context's extension.entryPoint"),
      getWorkflowConfiguration: rejecting("jira.getWorkflowConfiguration", "use workflowRules of @forge/jira-bridge"),
      onWorkflowConfigurationSave: rejecting("jira.onWorkflowConfigurationSave", "use workflowRules of @forge/jira-bridge"),
      openDatePicker: rejecting("jira.openDatePicker", "draw a date picker in the resource (Atlaskit)"),
      initJQLEditor: rejecting("jira.initJQLEditor", "draw a JQL field in the resource"),
      showJQLEditor: rejecting("jira.showJQLEditor", "draw a JQL field in the resource"),
      isNativeApp: rejecting("jira.isNativeApp", "read the context's surface"),
    },
    backend: {
      async fetch(url, init) {
        if (!options.remote) throw unsupported("apFetch", 'give forge({ remote: "<remotes key of manifest.yml>" })');
        const remote = options.remote;
        const { signal, ...rest } = init;
        return onBridge("requestRemote", { signal: signal ?? undefined }, (b) =>
          b.requestRemote(remote, { ...rest, path: url.pathname + url.search }),
        );
      },
    },
  };
}

// Connect's preset sizes by Forge's names; a width (and height) without a preset becomes a custom size.
function modalSizeOf(o: DialogOptions): ForgeDialog["size"] {
  if (o.size) return NAMED_SIZES[o.size.toLowerCase()] as ForgeDialog["size"];
  if (o.width === undefined) return undefined;
  return { width: String(o.width), ...(o.height !== undefined && { height: String(o.height) }) };
}

function toFetchInit(request: HostRequest): RequestInit {
  const headers: Record<string, string> = { ...request.headers };
  let body: BodyInit | undefined;
  if (typeof request.body === "object") {
    // The form's fields, as request() collected them; @forge/bridge sends a FormData as multipart.
    const form = new FormData();
    for (const [key, value] of Object.entries(request.body)) form.append(key, value as string | Blob);
    body = form;
  } else if (request.body !== undefined) {
    body = request.body;
    if (request.contentType) headers["Content-Type"] = request.contentType;
  }
  return { method: request.method, headers, ...(body !== undefined && { body }) };
}

function routeOf(state: unknown, url: string | undefined): string {
  const route = typeof state === "string" ? state : url;
  if (route === undefined) throw new TypeError("apkit: on Forge, pushState needs a string state or a url");
  return route.startsWith("/") ? route : `/${route}`;
}

function popStateOf(location: ForgeHistory["location"]): HistoryPopState {
  const hash = location.pathname.replace(/^\//, "") + (location.search ?? "") + (location.hash ?? "");
  return { key: location.key, hash, href: location.pathname, state: location.state, newURL: location.pathname };
}
