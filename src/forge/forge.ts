/**
 * apkit on Forge Custom UI: the port's capabilities over @forge/bridge, so that app code written against apkit runs
 * unchanged as a Connect iframe and as a Forge Custom UI resource. Each capability lives in its own module of this
 * folder; this one checks the options and puts the platform together.
 *
 * @forge/bridge is loaded only when `loadAP({ platform: forge() })` starts the platform (it throws when imported
 * outside a Custom UI frame), so importing apkit/forge is free in Node and in Connect pages.
 */
import { UnsupportedOnPlatformError, type Platform } from "apkit";
import { forgeBackend } from "./backend.js";
import type { ForgeBridge, ForgeConfluenceBridge, ForgeJiraBridge } from "./bridge.js";
import { forgeContext } from "./context.js";
import { forgeCookie } from "./cookie.js";
import { forgeDialog } from "./dialog.js";
import { forgeEvents } from "./events.js";
import { forgeFlag } from "./flag.js";
import { forgeFrame } from "./frame.js";
import { forgeHistory } from "./history.js";
import { forgeJira } from "./jira.js";
import { forgeMacro } from "./macro.js";
import { forgeNavigator } from "./navigator.js";
import { forgeRequest } from "./request.js";
import { forgeRuntime, type ForgeProduct, type ForgeRuntime } from "./runtime.js";
import { forgeTheming } from "./theming.js";

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
  /**
   * The product `request` talks to.
   * @default from the context: the module type's product (`jira:*`, `confluence:*`, `bitbucket:*`)
   */
  product?: ForgeProduct;
  /** @forge/bridge itself, when the app already imported it; otherwise it is imported when the platform starts. */
  bridge?: ForgeBridge;
  /** @forge/jira-bridge, for `jira.openIssueDialog` / `openCreateIssueDialog` (`ViewIssueModal`, `CreateIssueModal`). */
  jiraBridge?: ForgeJiraBridge;
  /** @forge/confluence-bridge, for `macro.getBody` (`getMacroContent`). */
  confluenceBridge?: ForgeConfluenceBridge;
}

const OPTION_KEYS: ReadonlySet<string> = new Set(["dialogs", "remote", "product", "bridge", "jiraBridge", "confluenceBridge"]);
const PRODUCTS: ReadonlySet<unknown> = new Set(["jira", "confluence", "bitbucket"]);

// The runtime of the Forge platform that started last on this page: one Custom UI frame runs one app, so this is the
// one `loadAP({ platform: forge() })` selected. `invoke` (resolvers, which Connect lacks) goes through it.
let last: ForgeRuntime | undefined;

/** @internal The runtime of the Forge platform that started last, for calls outside the port (`invoke`). */
export function current(): ForgeRuntime {
  if (!last) {
    throw new UnsupportedOnPlatformError("Forge is not started: await loadAP({ platform: forge() }) first", { platform: "forge", capability: "start" });
  }
  return last;
}

/**
 * The Forge Custom UI platform: pass it to `loadAP` once at start-up, and every apkit call of the page (and of
 * apkit/react's hooks) goes to @forge/bridge.
 *
 * | apkit | on Forge |
 * |---|---|
 * | `request`, `requestJson`, property stores | `requestJira` / `requestConfluence` / `requestBitbucket` (the product from the module type; `/wiki` added for Confluence) |
 * | `getContext` | `view.getContext()` in Connect's shape ({@link toConnectContext}) |
 * | `getCurrentUser`, `getLocale`, `getTimeZone` | the context's `accountId`, `locale`, `timezone` |
 * | `events.on/once/off/emit/onPublic/emitPublic` | `events.*` (one payload per event) |
 * | `dialog.open` | `new Modal({ resource, context: customData, onClose }).open()`, resolving with the `onClose` payload |
 * | `dialog.getCustomData`, `dialog.close`, `dialog.isDialog` | the modal's `extension.modal`, `view.close(data)` |
 * | `flag.show` | `showFlag` (ids generated, actions as `onClick`) |
 * | `navigator.go`, `navigator.reload` | `router.navigate` ({@link toForgeLocation}), `router.reload` |
 * | `navigator.getLocation`, `navigator.getUrl` | the module's place from the context, `router.getUrl` |
 * | `history` | `view.createHistory()` (full-page modules) |
 * | `cookie` | the frame's `localStorage`, per app and environment, with expiry |
 * | `theming.enable` | `view.theme.enable()` |
 * | `macro.getData`, `save`, `closeEditor`, `getBody` | `extension.config`, `view.submit({ config })`, `view.close()`, `getMacroContent` (with `confluenceBridge`) |
 * | `jira.refreshIssuePage`, `openIssueDialog`, `openCreateIssueDialog` | `view.refresh()`, `ViewIssueModal`, `CreateIssueModal` (with `jiraBridge`) |
 * | `resize`, `sizeToParent`, `hideFooter`, `autoResize` | nothing: the host sizes the frame |
 * | `apFetch` | `requestRemote(remote, { path })`: the backend verifies a FIT (apkit/server `createAppMiddleware`) |
 * | `getToken`, `scrollPosition`, dialog buttons, the property panel, Jira's other helpers | `ERR_UNSUPPORTED_ON_PLATFORM`, naming what to use instead |
 *
 * {@link forgeSupport} has the same, call by call. Timeouts and `AbortSignal` work as on Connect (apkit's own
 * deadline; the bridge has none). Options are checked at once: a misspelt key or a wrong type is a `TypeError`.
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
  checkOptions(options);
  const runtime = forgeRuntime(options);
  return {
    name: "forge",
    async start(callOptions) {
      last = runtime;
      await runtime.start(callOptions);
    },
    request: forgeRequest(runtime),
    context: forgeContext(runtime),
    events: forgeEvents(runtime),
    dialog: forgeDialog(runtime),
    flag: forgeFlag(runtime),
    frame: forgeFrame(runtime),
    navigator: forgeNavigator(runtime),
    history: forgeHistory(runtime),
    cookie: forgeCookie(runtime),
    theming: forgeTheming(runtime),
    macro: forgeMacro(runtime),
    jira: forgeJira(runtime),
    backend: forgeBackend(runtime),
  };
}

// A mistake in the start-up line shows at once, not as every later call failing.
function checkOptions(options: ForgeOptions): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`apkit/forge: forge() takes an options object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`apkit/forge: forge() has no option "${key}" (it has ${[...OPTION_KEYS].join(", ")})`);
  }
  const { dialogs, remote, product, bridge, jiraBridge, confluenceBridge } = options;
  if (remote !== undefined && (typeof remote !== "string" || !remote)) {
    throw new TypeError(`apkit/forge: forge({ remote }) must be the remotes key of manifest.yml (a non-empty string), got ${String(remote)}`);
  }
  if (product !== undefined && !PRODUCTS.has(product)) {
    throw new TypeError(`apkit/forge: forge({ product }) must be "jira", "confluence" or "bitbucket", got ${String(product)}`);
  }
  if (dialogs !== undefined) {
    if (typeof dialogs !== "object" || dialogs === null || Array.isArray(dialogs)) {
      throw new TypeError("apkit/forge: forge({ dialogs }) maps Connect dialog keys to Forge resource keys (an object)");
    }
    for (const [key, spec] of Object.entries(dialogs)) {
      const resource = typeof spec === "string" ? spec : (spec as ForgeDialog | null)?.resource;
      if (typeof resource !== "string" || !resource) {
        throw new TypeError(`apkit/forge: forge({ dialogs }) maps "${key}" to ${JSON.stringify(spec)}: give a resource key, or { resource }`);
      }
    }
  }
  if (bridge !== undefined && typeof (bridge as { view?: unknown })?.view !== "object") {
    throw new TypeError("apkit/forge: forge({ bridge }) must be the @forge/bridge module");
  }
  if (jiraBridge !== undefined && typeof (jiraBridge as { ViewIssueModal?: unknown })?.ViewIssueModal !== "function") {
    throw new TypeError("apkit/forge: forge({ jiraBridge }) must be the @forge/jira-bridge module");
  }
  if (confluenceBridge !== undefined && typeof (confluenceBridge as { getMacroContent?: unknown })?.getMacroContent !== "function") {
    throw new TypeError("apkit/forge: forge({ confluenceBridge }) must be the @forge/confluence-bridge module");
  }
}
