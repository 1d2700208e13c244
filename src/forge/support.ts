/**
 * How each apkit call behaves on Forge, in one list: the Forge platform takes its refusals' words from it, the
 * contract suite checks each entry against the Forge mock, docs/forge.md prints it, and tools (apkit-migrate's
 * readiness report) read it at run time, so what they say follows the library.
 */
import { UnsupportedOnPlatformError } from "apkit";

/** `works`: as on Connect; `differs`: works, with a documented difference; `unsupported`: `ERR_UNSUPPORTED_ON_PLATFORM`. */
export type ForgeSupportStatus = "works" | "differs" | "unsupported";

/** How one apkit call behaves on Forge. */
export interface ForgeSupport {
  readonly status: ForgeSupportStatus;
  /** What the call becomes on Forge (the @forge/bridge API it uses), or why it has none. */
  readonly forge: string;
  /** `differs`: what differs. `unsupported`: what to use instead (the words of the platform's error). */
  readonly note?: string;
}

const works = (forge: string): ForgeSupport => ({ status: "works", forge });
const differs = (forge: string, note: string): ForgeSupport => ({ status: "differs", forge, note });
const unsupported = (forge: string, note: string): ForgeSupport => ({ status: "unsupported", forge, note });

const ONE_PAYLOAD = "a Forge event carries one payload: an array arrives as one argument, not spread, and emit with more than one argument is a TypeError";
const NO_HOST_BUTTONS = "Forge modals have no host buttons: draw them in the modal's own UI";
const NO_SCROLL = "Forge gives no scroll position of the host page";
const HOST_SIZES = "nothing to do: the Custom UI host sizes the frame to its content";
const HISTORY = "view.createHistory() (full-page modules); an entry's anchor is its path without the leading slash";
const COOKIES =
  "kept in the Custom UI frame's localStorage, per app and environment, expiry honoured; not shared with the app's Connect pages";

/**
 * Every apkit call that reaches the host, and how it behaves on Forge (apkit/forge's platform). Keyed by the call as
 * written in code (`"request"`, `"events.on"`, `"dialog.button"`, `"cookie.read"`, `"apFetch"`, ...).
 *
 * @example
 * ```ts
 * import { forgeSupport } from "apkit/forge";
 * const { status, note } = forgeSupport["cookie.read"];
 * console.log(status, note); // "differs", "kept in the Custom UI frame's localStorage, ..."
 * ```
 */
export const forgeSupport: Readonly<Record<string, ForgeSupport>> = {
  loadAP: differs("loadAP({ platform: forge() }) selects Forge", "there is no raw AP: loadAP resolves undefined (apkit/compat's installAP gives legacy code one)"),
  request: differs(
    "requestJira / requestConfluence / requestBitbucket, the product from the module's context (/wiki added for Confluence)",
    "@forge/bridge adds x-atlassian-token: no-check; `experimental` and `cache` are not sent; a form field may repeat",
  ),
  requestJson: differs("request over requestJira / requestConfluence / requestBitbucket", "as request"),
  createPropertyStore: works("the same property REST paths through request"),
  getContext: differs("view.getContext() in Connect's shape (toConnectContext)", "Forge's own context is under `forge`, the site under `url.displayUrl`"),
  getToken: unsupported(
    "Forge has no context JWT",
    "call your backend with apFetch (requestRemote, forge({ remote })) and verify the Forge Invocation Token with apkit/server's createAppMiddleware",
  ),
  getCurrentUser: works("the context's accountId"),
  getLocale: works("the context's locale"),
  getTimeZone: works("the context's timezone"),
  "events.on": differs("events.on", ONE_PAYLOAD),
  "events.once": differs("events.on", ONE_PAYLOAD),
  "events.off": works("the subscription's unsubscribe"),
  "events.emit": differs("events.emit", ONE_PAYLOAD),
  "events.onPublic": differs("events.onPublic", `${ONE_PAYLOAD}; a sender filter is ERR_UNSUPPORTED_ON_PLATFORM (Forge public events carry no sender)`),
  "events.emitPublic": differs("events.emitPublic", ONE_PAYLOAD),
  "events.onAny": unsupported("Forge events are subscribed by name only", "subscribe to each event by name with events.on"),
  "events.onAnyPublic": unsupported("Forge events are subscribed by name only", "subscribe to each event by name with events.onPublic"),
  "dialog.open": differs(
    "new Modal({ resource, context: customData, onClose }).open(), resolving with the onClose payload",
    "the resource comes from forge({ dialogs }) (else the dialog key); the host draws no header or buttons (chrome)",
  ),
  "dialog.getCustomData": works("the modal's context (extension.modal)"),
  "dialog.close": works("view.close(data)"),
  "dialog.isDialog": works("the context's extension.modal"),
  "dialog.button": unsupported("Forge modals have no host buttons", NO_HOST_BUTTONS),
  "dialog.createButton": unsupported("Forge modals have no host buttons", NO_HOST_BUTTONS),
  "dialog.disableCloseOnSubmit": unsupported("Forge modals have no host Submit button", NO_HOST_BUTTONS),
  "dialog.hideInline": unsupported("Forge has no inline dialogs", "open a Modal (dialog.open) instead of an inline dialog"),
  "flag.show": differs("showFlag (ids per frame, actions as onClick)", "a flag the user closes is not reported: `closed` settles on close() only"),
  resize: differs("nothing", HOST_SIZES),
  sizeToParent: differs("nothing", HOST_SIZES),
  hideFooter: differs("nothing", HOST_SIZES),
  autoResize: differs("nothing", HOST_SIZES),
  "scrollPosition.get": unsupported("no Forge equivalent", NO_SCROLL),
  "scrollPosition.setVertical": unsupported("no Forge equivalent", NO_SCROLL),
  "navigator.go": differs("router.navigate (toForgeLocation)", "a target the Forge router lacks is ERR_UNSUPPORTED_ON_PLATFORM"),
  "navigator.getLocation": differs(
    "the module's place from the context (an issue, a project, a page, a space)",
    "the place of the module, in Connect's targets; other places answer the module itself (addonModule)",
  ),
  "navigator.getUrl": differs("router.getUrl of the module's place", "the URL of the place the module shows (the site's URL when it has none), not the browser's"),
  "navigator.reload": works("router.reload()"),
  "history.back": differs("history.back()", HISTORY),
  "history.forward": differs("history.forward()", HISTORY),
  "history.go": differs("history.go(delta)", HISTORY),
  "history.getState": differs("history.location", HISTORY),
  "history.pushState": differs("history.push(path)", `${HISTORY}; the state must be a string (or pass a url)`),
  "history.replaceState": differs("history.replace(path)", `${HISTORY}; the state must be a string (or pass a url)`),
  "history.onPopState": differs("history.listen (POP changes)", HISTORY),
  "cookie.save": differs("localStorage", COOKIES),
  "cookie.read": differs("localStorage", COOKIES),
  "cookie.erase": differs("localStorage", COOKIES),
  "theming.enable": works("view.theme.enable()"),
  "theming.current": works("the document's data-color-mode / data-theme"),
  "theming.onChange": works("the document's data-color-mode / data-theme"),
  "macro.getData": works("the context's extension.config"),
  "macro.getBody": differs(
    "getMacroContent of @forge/confluence-bridge (pass it as forge({ confluenceBridge }))",
    "without forge({ confluenceBridge }) it is ERR_UNSUPPORTED_ON_PLATFORM",
  ),
  "macro.save": differs("view.submit({ config: parameters }) in the macro's config resource", "saving also closes the editor; a body cannot be saved (a non-empty body is refused)"),
  "macro.closeEditor": works("view.close()"),
  "macro.closePropertyPanel": unsupported("Forge macros have no property panel", "use the macro's config resource"),
  "macro.onPropertyPanelEvent": unsupported("Forge macros have no property panel", "use the macro's config resource"),
  "jira.refreshIssuePage": works("view.refresh()"),
  "jira.openIssueDialog": differs("ViewIssueModal of @forge/jira-bridge (pass it as forge({ jiraBridge }))", "without forge({ jiraBridge }) it is ERR_UNSUPPORTED_ON_PLATFORM"),
  "jira.openCreateIssueDialog": differs(
    "CreateIssueModal of @forge/jira-bridge (pass it as forge({ jiraBridge }))",
    "the created issues come back as [{ id }]; without forge({ jiraBridge }) it is ERR_UNSUPPORTED_ON_PLATFORM",
  ),
  "jira.setDashboardItemTitle": unsupported("no Forge equivalent", "set the dashboard gadget's title in manifest.yml"),
  "jira.isDashboardItemEditable": unsupported("no Forge equivalent", "a Forge gadget's edit view is its own resource (edit in manifest.yml)"),
  "jira.getWorkflowConfiguration": unsupported("no Forge equivalent here", "use workflowRules of @forge/jira-bridge in the rule's config resource"),
  "jira.onWorkflowConfigurationSave": unsupported("no Forge equivalent here", "use workflowRules of @forge/jira-bridge in the rule's config resource"),
  "jira.openDatePicker": unsupported("no Forge equivalent", "draw a date picker in the resource (Atlaskit)"),
  "jira.initJQLEditor": unsupported("no Forge equivalent", "draw a JQL field in the resource"),
  "jira.showJQLEditor": unsupported("no Forge equivalent", "draw a JQL field in the resource"),
  "jira.isNativeApp": unsupported("no Forge equivalent", "read the context's surface"),
  apFetch: differs(
    "requestRemote(forge({ remote }), { path })",
    "the backend gets a Forge Invocation Token, not a context JWT (apkit/server's createAppMiddleware verifies both on one route)",
  ),
  createApFetch: differs("requestRemote(forge({ remote }), { path })", "as apFetch; baseUrl only decides which URLs may be called"),
  invoke: works("invoke of @forge/bridge (a Forge resolver); apkit/forge only"),
};

/**
 * @internal The coded refusal of `call` on Forge, in the words of {@link forgeSupport}: a rejection (or a throw, where
 * the call is synchronous) that names what to use instead.
 */
export function refusal(call: string): UnsupportedOnPlatformError {
  const entry = forgeSupport[call];
  const instead = entry?.note ?? entry?.forge ?? "no Forge equivalent";
  return new UnsupportedOnPlatformError(`${call} is not available on Forge: ${instead}`, { platform: "forge", capability: call });
}
