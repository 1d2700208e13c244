/**
 * The one table of raw `AP` methods: which apkit call replaces each (the key `forgeSupport` of apkit/forge uses, so
 * `check` reads a raw use's Forge status through it), how `code` rewrites it, and, where nothing is rewritten, why and
 * what to do by hand. `code` and `check` both read this table; nothing else lists AP's methods.
 *
 * Methods are keyed by their path under `AP` ("dialog.create"); `AP.env.*` and `AP.Dialog` are all.js aliases of
 * the top-level sizing methods and of `AP.dialog` (see {@link normalisePath}).
 */

/** How `apkit-migrate code` rewrites a call. */
export type Rewrite =
  /** `AP.x(args)` → `x(args)`: acts and answers nothing (apkit: a promise of nothing). */
  | "fire"
  /** `AP.events.on(name, fn)` → `events.on(name, fn)`: subscribes (apkit also returns the unsubscribe function). */
  | "listen"
  /** `AP.x(args, callback)` → `x(args).then(callback)`: answers once through a trailing callback. */
  | "callback"
  /** `AP.x(callback, args)` → `x(args).then(callback)`: the Jira dialogs take the callback first. */
  | "callbackFirst"
  /** Returns a promise of the same answer (a trailing callback also works): `AP.context.getToken()` → `getToken()`. */
  | "promise"
  /** The rules of their own (code/rules/*.ts). */
  | "request"
  | "dialogCreate"
  | "flagCreate"
  | "dialogButton"
  | "eventsOff"
  | "require"
  | "sizeToParent";

/** One raw method. */
export interface RawMethod {
  /** The apkit call that replaces it, as apkit/forge's `forgeSupport` keys it; absent when nothing does. */
  readonly apkit?: string;
  /** How `code` rewrites it; absent when it is always left. */
  readonly rewrite?: Rewrite;
  /** How many arguments the apkit call takes before its own call options (and the raw callback, if any). */
  readonly arity?: number;
  /** Why `code` leaves it (when there is no rewrite). */
  readonly why?: string;
  /** What to write by hand instead. */
  readonly instead?: string;
}

const left = (why: string, instead: string, apkit?: string): RawMethod => ({ why, instead, ...(apkit ? { apkit } : {}) });
const method = (rewrite: Rewrite, apkit: string, arity = 0): RawMethod => ({ rewrite, apkit, arity });

const SUB_IFRAMES = left(
  "it defines modules for the app's own sub-iframes; apkit never changes AP",
  "keep it while the page stays on Connect; Forge has no sub-iframe modules",
);
const UNSUBSCRIBE = (on: string) =>
  left(`apkit has no ${on.replace("on", "off")}: ${on} returns the unsubscribe function`, `keep what events.${on}(...) returns and call it`);

/** Every raw method, by its path under `AP`. */
export const RAW_METHODS: Readonly<Record<string, RawMethod>> = {
  request: { rewrite: "request", apkit: "request" },
  resize: method("fire", "resize", 2),
  sizeToParent: { rewrite: "sizeToParent", apkit: "sizeToParent", arity: 1 },
  hideFooter: method("fire", "hideFooter", 1),
  getLocation: method("callback", "navigator.getUrl"),
  // all.js of 2014-2016 had these at top level too.
  getTimeZone: method("callback", "getTimeZone"),
  getLocale: method("callback", "getLocale"),
  getUser: left("deprecated: user keys and names were removed from Connect", "getCurrentUser(), and /rest/api/3/myself for the name", "getCurrentUser"),
  defineModule: SUB_IFRAMES,
  defineGlobal: SUB_IFRAMES,
  addRequestMarshal: left("an internal of all.js's request plugin", "delete the call"),
  require: { rewrite: "require" },
  define: left("all.js's AMD define: apkit has no module registry", "export the value from a module of your own"),
  meta: left("all.js reads <meta name=\"ap-...\"> of your page; apkit has no such helper", 'document.querySelector("meta[name=ap-NAME]")?.content'),
  "Meta.get": left("all.js reads <meta name=\"ap-...\"> of your page; apkit has no such helper", 'document.querySelector("meta[name=ap-NAME]")?.content'),
  localUrl: left("all.js reads <meta name=\"ap-local-base-url\">; apkit has no such helper", "build the URL from your own configuration"),

  "context.getToken": method("promise", "getToken"),
  "context.getContext": method("promise", "getContext"),

  "user.getCurrentUser": method("callback", "getCurrentUser"),
  "user.getLocale": method("callback", "getLocale"),
  "user.getTimeZone": method("callback", "getTimeZone"),
  "user.getUser": left("deprecated: user keys and names were removed from Connect", "getCurrentUser(), and /rest/api/3/myself for the name", "getCurrentUser"),

  "events.on": method("listen", "events.on", 2),
  "events.once": method("listen", "events.once", 2),
  "events.off": { rewrite: "eventsOff", apkit: "events.off", arity: 2 },
  "events.onAny": method("listen", "events.onAny", 1),
  "events.onPublic": method("listen", "events.onPublic", 3),
  "events.onAnyPublic": method("listen", "events.onAnyPublic", 2),
  "events.offAny": UNSUBSCRIBE("onAny"),
  "events.offPublic": UNSUBSCRIBE("onPublic"),
  "events.offAnyPublic": UNSUBSCRIBE("onAnyPublic"),
  "events.oncePublic": left("apkit has no oncePublic", "const stop = events.onPublic(name, (...a) => { stop(); fn(...a); })", "events.onPublic"),
  "events.offAll": left("it removes every listener of the name, other code's included", "call the unsubscribe functions events.on returns"),
  "events.offAllPublic": left("it removes every listener of the name, other code's included", "call the unsubscribe functions events.onPublic returns"),
  "events.emit": method("fire", "events.emit", Infinity),
  "events.emitPublic": method("fire", "events.emitPublic", Infinity),
  "events.emitToDataProvider": left("no apkit call: it feeds Jira's data providers", "keep it while the page stays on Connect"),

  "dialog.create": { rewrite: "dialogCreate", apkit: "dialog.open", arity: 1 },
  "dialog.close": method("fire", "dialog.close", 1),
  "dialog.getCustomData": method("callback", "dialog.getCustomData"),
  "dialog.getButton": { rewrite: "dialogButton", apkit: "dialog.button", arity: 1 },
  "dialog.createButton": method("fire", "dialog.createButton", 1),
  "dialog.disableCloseOnSubmit": method("fire", "dialog.disableCloseOnSubmit"),
  "dialog.isCloseOnEscape": left("connect-host defines no such host method: it never answers", "delete the call"),
  "inlineDialog.hide": method("fire", "dialog.hideInline"),

  "flag.create": { rewrite: "flagCreate", apkit: "flag.show", arity: 1 },

  "navigator.go": method("fire", "navigator.go", 2),
  "navigator.getLocation": method("callback", "navigator.getLocation"),
  "navigator.reload": method("fire", "navigator.reload"),

  "history.back": method("fire", "history.back"),
  "history.forward": method("fire", "history.forward"),
  "history.go": method("fire", "history.go", 1),
  "history.getState": method("callback", "history.getState", 1),
  "history.pushState": method("fire", "history.pushState", 3),
  "history.replaceState": method("fire", "history.replaceState", 3),
  "history.popState": method("listen", "history.onPopState", 1),

  "cookie.save": method("fire", "cookie.save", 3),
  "cookie.read": method("callback", "cookie.read", 1),
  "cookie.erase": method("fire", "cookie.erase", 1),

  "scrollPosition.getPosition": method("callback", "scrollPosition.get"),
  "scrollPosition.setVerticalPosition": method("fire", "scrollPosition.setVertical", 1),

  "theming.initializeTheming": method("fire", "theming.enable"),

  "confluence.getMacroData": method("callback", "macro.getData"),
  "confluence.getMacroBody": method("callback", "macro.getBody"),
  "confluence.saveMacro": method("fire", "macro.save", 2),
  "confluence.closeMacroEditor": method("fire", "macro.closeEditor"),
  "confluence.onMacroPropertyPanelEvent": method("listen", "macro.onPropertyPanelEvent", 1),
  "confluence.closeMacroPropertyPanel": method("fire", "macro.closePropertyPanel"),
  "confluence.getContentProperty": left(
    "the content id comes from the context",
    "createPropertyStore(contentProperties(contentId)).get(key)",
    "createPropertyStore",
  ),
  "confluence.setContentProperty": left(
    "the content id comes from the context, and versions are the store's",
    "createPropertyStore(contentProperties(contentId)).set(key, value)",
    "createPropertyStore",
  ),
  "confluence.syncPropertyFromServer": left("it only makes the Confluence editor raise contentProperty.update", "read the property with createPropertyStore(...).get(key)"),

  "jira.refreshIssuePage": method("fire", "jira.refreshIssuePage"),
  "jira.openCreateIssueDialog": method("callbackFirst", "jira.openCreateIssueDialog", 1),
  "jira.openIssueDialog": method("callback", "jira.openIssueDialog", 1),
  "jira.setDashboardItemTitle": method("fire", "jira.setDashboardItemTitle", 1),
  "jira.isDashboardItemEditable": method("callback", "jira.isDashboardItemEditable"),
  "jira.getWorkflowConfiguration": method("callback", "jira.getWorkflowConfiguration"),
  "jira.openDatePicker": method("fire", "jira.openDatePicker", 1),
  "jira.initJQLEditor": method("fire", "jira.initJQLEditor"),
  "jira.showJQLEditor": method("callbackFirst", "jira.showJQLEditor", 1),
  "jira.isNativeApp": method("callback", "jira.isNativeApp"),
  "jira.WorkflowConfiguration.onSave": left(
    "apkit takes both workflow handlers in one call",
    "jira.onWorkflowConfigurationSave({ validate, save })",
    "jira.onWorkflowConfigurationSave",
  ),
  "jira.DashboardItem.onDashboardItemEdit": left(
    "no apkit call: Jira calls it when the user edits a dashboard item",
    "keep it while the gadget stays on Connect; on Forge, a dashboard gadget has an edit resource",
  ),
  "jira.WorkflowConfiguration.onSaveValidation": left(
    "apkit takes both workflow handlers in one call",
    "jira.onWorkflowConfigurationSave({ validate, save })",
    "jira.onWorkflowConfigurationSave",
  ),
};

/**
 * Namespaces of `AP` whose members are not listed one by one: every member is left, for this reason. (AUI messages,
 * dropdowns and custom content live in all.js or in Atlassian's CDN plugins only.)
 */
export const RAW_NAMESPACES: Readonly<Record<string, RawMethod>> = {
  messages: left("AP.messages is deprecated (AUI messages) and apkit has no equivalent", 'flag.show({ title, body, type: "info" })'),
  dropdown: left("no apkit call: AP.dropdown draws a host dropdown", "draw the dropdown in your own page"),
  customContent: left("an app-side object of Atlassian's Confluence plugin, with no bridge round trip", "keep it while the page stays on Connect"),
  host: left("deprecated: connect-host always answers getSelectedText with \"\"", "delete the call"),
  page: left("no apkit call sets the host page's title", "keep it while the page stays on Connect"),
};

/** The AMD module names of `AP.require` and the namespace each hands over (`"request"` is the function itself). */
export const REQUIRE_MODULES: Readonly<Record<string, string>> = {
  request: "request",
  dialog: "dialog",
  events: "events",
  env: "env",
  history: "history",
  cookie: "cookie",
  navigator: "navigator",
  user: "user",
  context: "context",
  confluence: "confluence",
  jira: "jira",
  flag: "flag",
  messages: "messages",
  "inline-dialog": "inlineDialog",
  inlineDialog: "inlineDialog",
  scrollPosition: "scrollPosition",
  theming: "theming",
  host: "host",
};

/** apkit/react's hooks, and the core call each makes (its Forge status is that call's). */
export const REACT_HOOKS: Readonly<Record<string, string>> = {
  useRequest: "request",
  useApFetch: "apFetch",
  useProductContext: "getContext",
  useAPEvent: "events.on",
  useDialog: "dialog.open",
  useFlag: "flag.show",
  useAutoResize: "autoResize",
  useTheme: "theming.enable",
  useProperty: "createPropertyStore",
};

/** `AP.env.resize` is `AP.resize`, `AP.Dialog.create` is `AP.dialog.create`: the path this table keys. */
export function normalisePath(path: readonly string[]): string[] {
  if (path[0] === "env" && path.length > 1) return path.slice(1);
  if (path[0] === "Dialog") return ["dialog", ...path.slice(1)];
  return [...path];
}

/** What the table says of a path under `AP` (normalised), or `undefined` for a path it does not know. */
export function rawMethodOf(path: readonly string[]): RawMethod | undefined {
  const key = normalisePath(path).join(".");
  if (Object.prototype.hasOwnProperty.call(RAW_METHODS, key)) return RAW_METHODS[key];
  const space = normalisePath(path)[0];
  return space !== undefined && Object.prototype.hasOwnProperty.call(RAW_NAMESPACES, space) ? RAW_NAMESPACES[space] : undefined;
}

/** Every apkit call the table maps a raw method to (each must be a key of apkit/forge's `forgeSupport`). */
export function apkitCallsOfTable(): string[] {
  const calls = new Set<string>();
  for (const entry of [...Object.values(RAW_METHODS), ...Object.values(RAW_NAMESPACES)]) if (entry.apkit) calls.add(entry.apkit);
  for (const call of Object.values(REACT_HOOKS)) calls.add(call);
  calls.add("requestJson").add("apFetch");
  return [...calls].sort();
}
