// THE LOCAL FORGE HOST IS AN EMULATION. This module answers what @forge/bridge sends through
// `globalThis.__bridge.callBridge(name, payload)`: the call names, payloads and answers were read from @forge/bridge
// 7.2.0's own code (docs/forge-bridge-protocol.md); where the package is silent, the choices are those of
// apkit/testing's Forge mock (the last table there). Atlassian does not publish the Custom UI host.
//
// It answers from the SAME product as the Connect side: the same user and site, the dev host's product REST (issues,
// properties ...), the same product UI model (its modals and flags are the model's dialogs and flags, drawn by
// product-ui.mjs). Remote calls (requestRemote, invokeRemote) and resolvers (invoke) go to the dev host's server,
// which signs Forge Invocation Tokens and calls the app's remote, or runs the local resolver module.
//
// THE SEAM (issue 24): this module is the whole host-side bridge emulation; forge-frames.mjs carries the calls and
// knows nothing of their meaning. It is to be replaced by apkit/testing/forge's emulation, loaded like
// apkit/testing is (the import map), once that emulation can serve several frames of one page over a given product UI
// model and request handlers (see docs/dev-host.md, "The Forge emulation"). What must stay the same for the page:
// `createForgeEmulation({ harness, frames })` returning `callBridge(frame, name, payload)` and the records below.
//
// Emulated: getContext, fetchProduct (Jira and Confluence, /wiki removed), fetchRemote (requestRemote), invoke
// (resolvers: the local resolver module; invokeRemote: the module's resolver endpoint's remote), on / onPublic /
// emit / emitPublic (between Forge frames), openModal + close / submit / refresh, showFlag / closeFlag,
// navigate / reload / getUrl (recorded), createHistory (an in-memory history per frame), enableTheming /
// changeWindowTitle / emitReadyEvent / getFrameId. Any other name rejects with ERR_FORGE_BRIDGE_UNKNOWN_CALL.
import { PageHistory } from "apkit/testing/forge";

const MODAL_SIZES = { small: ["400px", "240px"], medium: ["600px", "400px"], large: ["800px", "500px"], xlarge: ["968px", "600px"], max: ["90%", "90%"], fullscreen: ["100%", "100%"] };

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const refuse = (code, message) => Object.assign(new Error(message), { code });

/**
 * @param {{ harness: any, frames: ReturnType<typeof import("./forge-frames.mjs").createForgeFrames> }} options
 */
export function createForgeEmulation({ harness, frames }) {
  const product = harness.ui.product; // the product's UI model, as product-ui.mjs holds it
  const subscriptions = [];
  const state = {
    /** Every callBridge call the host received: { frame, name }. */
    calls: [],
    emitted: [],
    /** The Forge flags of the product's flags. */
    get flags() {
      return product.flags.all.filter((f) => f.platform === "forge");
    },
    modals: [],
    titles: [],
    submitted: [],
    refreshed: [],
  };

  /** The Forge context (FullContext) of a module's frame, on this site, for the user viewing the page. */
  function contextFor(app, moduleKey, extension) {
    const me = harness.myself;
    const appUuid = String(app.forge.appId).split("/").pop();
    return {
      accountId: me.accountId,
      cloudId: harness.site.cloudId,
      siteUrl: harness.site.hostOrigin,
      locale: me.locale, // "en_US": @forge/bridge turns it into "en-US"
      timezone: me.timeZone,
      moduleKey,
      localId: `ari:cloud:ecosystem::extension/${appUuid}/${harness.site.environmentId}/static/${moduleKey}`,
      environmentId: harness.site.environmentId,
      environmentType: "DEVELOPMENT",
      extension,
      theme: null,
      license: null,
    };
  }

  function resourceUrl(app, resourceKey) {
    const origin = app.forge.resources[resourceKey];
    if (!origin) throw refuse("ERR_DEV_NO_RESOURCE", `no resource ${resourceKey} in the manifest of ${app.key}`);
    return `${origin}/`;
  }

  // ---- the product's REST, and the server's Forge calls ------------------------------------------------------------
  function fetchProduct(frame, p) {
    if (p.product !== "jira" && p.product !== "confluence") throw refuse("ERR_DEV_PRODUCT", `the local product answers jira and confluence requests, not ${p.product}`);
    const init = p.fetchRequestInit || {};
    const headers = {};
    for (const [name, value] of init.headers || []) headers[String(name).toLowerCase()] = String(value);
    const method = String(init.method || "GET").toUpperCase();
    if (p.isMultipartFormData) {
      return { status: 415, statusText: "Unsupported Media Type", headers: { "content-type": "application/json" }, body: JSON.stringify({ errorMessages: ["multipart bodies are not emulated by the local Forge host"] }) };
    }
    const data = init.body === null || init.body === undefined ? undefined : init.body;
    // Confluence paths carry /wiki (requestConfluence); the product answers them with or without it.
    const url = String(p.restPath || "");
    harness.requests.push({ platform: "forge", frame: frame.key, url, type: method, data, contentType: headers["content-type"], headers });
    return harness.rest({ url, type: method, data, contentType: headers["content-type"], headers, frame: { platform: "forge", app: frame.app.key, module: frame.module?.key ?? frame.key } });
  }
  const server = (frame, call, payload) =>
    harness.call("forge/call", { app: frame.app.key, module: frame.module?.key ?? frame.key, call, payload, context: clone(frame.context) });

  // ---- events: between the Forge frames of an app (emitPublic: of every app) --------------------------------------
  const subscribe = (isPublic) => (frame, p) => {
    const sub = { frame, event: String(p.event), callback: p.callback, public: isPublic };
    subscriptions.push(sub);
    return {
      unsubscribe() {
        const i = subscriptions.indexOf(sub);
        if (i >= 0) subscriptions.splice(i, 1);
      },
    };
  };
  const emit = (isPublic) => (frame, p) => {
    state.emitted.push({ frame: frame.key, event: p.event, payload: clone(p.payload), public: isPublic });
    for (const sub of subscriptions.slice()) {
      if (sub.public !== isPublic || sub.event !== p.event || sub.frame === frame) continue; // no echo to the sender
      if (!isPublic && sub.frame.app.key !== frame.app.key) continue;
      if (!document.contains(sub.frame.iframe)) continue;
      sub.callback(p.payload);
    }
    return undefined;
  };

  // ---- modals: dialogs of the product's model (product-ui.mjs draws them), with a Forge frame inside --------------
  function openModal(frame, p) {
    const resource = p.resource === null || p.resource === undefined ? frame.resource : p.resource;
    const size = typeof p.size === "object" && p.size ? [p.size.width, p.size.height || "400px"] : MODAL_SIZES[p.size || "medium"] || MODAL_SIZES.medium;
    const extension = { ...clone(frame.context.extension), modal: clone(p.context === undefined ? {} : p.context) };
    const record = { platform: "forge", resource: p.resource === undefined ? null : p.resource, context: clone(p.context), title: p.title || "", size: p.size, open: true, closedWith: undefined };
    const modalFrame = frames.makeFrame({
      key: `${frame.key}/modal/${resource}`,
      app: frame.app,
      module: frame.module,
      resource,
      url: resourceUrl(frame.app, resource),
      context: contextFor(frame.app, frame.context.moduleKey, extension),
      modal: { record, onClose: p.onClose },
      height: "100%",
    });
    modalFrame.iframe.style.flex = "1";
    harness.ui.openDialog(record, {
      addonKey: frame.app.key,
      closeOnEscape: p.closeOnEscape,
      className: "forge-modal",
      attributes: { "data-forge-resource": resource },
      size,
      title: p.title || "",
      content: modalFrame.iframe,
      onDismiss: () => closeModal(modalFrame, undefined),
    });
    state.modals.push(record);
    return true;
  }
  function closeModal(frame, payload) {
    const record = frame.modal.record;
    if (!harness.ui.closeDialog(record, clone(payload))) return false;
    record.open = false;
    record.closedWith = clone(payload);
    frames.drop(frame);
    if (typeof frame.modal.onClose === "function") frame.modal.onClose(payload);
    return true;
  }

  // ---- flags: flags of the product's model, drawn by product-ui.mjs (actions: index -> text) ----------------------
  function showFlag(frame, p) {
    const actions = {};
    (p.actions || []).forEach((action, i) => (actions[i] = action.text));
    const record = { platform: "forge", frame: frame.key, id: String(p.id), title: p.title, body: p.description, type: p.type || "info", close: p.isAutoDismiss ? "auto" : "manual", actions };
    harness.ui.showFlag(record, "forge-flag", (i) => {
      const action = p.actions[i];
      if (typeof action.onClick === "function") action.onClick();
    });
    return undefined;
  }
  function closeFlag(frame, p) {
    const f = product.flags.find(String(p && p.id));
    return !!f && f.platform === "forge" && harness.ui.closeFlag(f, "app");
  }

  // ---- history: one in-memory history per frame, the Forge mock's (apkit/testing/forge) ---------------------------
  function historyOf(frame) {
    frame.history ??= new PageHistory("/", (error) => console.error("forge host: a history listener failed", error));
    return frame.history;
  }

  // ---- the call names ---------------------------------------------------------------------------------------------
  const handlers = {
    getContext: (frame) => clone(frame.context),
    fetchProduct,
    fetchRemote: (frame, p) => server(frame, "fetchRemote", { remoteKey: p.remoteKey, init: p.fetchRequestInit }),
    invoke: (frame, p) => {
      if (p.invokeType === "ui-remote-fetch") return server(frame, "invokeRemote", { input: { path: p.path, method: p.method, headers: p.headers, body: p.body } });
      if (p.invokeType !== undefined) throw refuse("ERR_DEV_NOT_EMULATED", `the local Forge host does not emulate invoke of type ${p.invokeType} (invokeService: Forge containers)`);
      return server(frame, "invoke", { functionKey: p.functionKey, payload: p.payload, metadata: p.metadata });
    },
    on: subscribe(false),
    onPublic: subscribe(true),
    emit: emit(false),
    emitPublic: emit(true),
    openModal,
    // Outside a modal: nothing to close (apkit/testing's mock makes the same choice).
    close: (frame, payload) => (frame.modal ? closeModal(frame, payload) : true),
    submit: (frame, payload) => {
      state.submitted.push({ frame: frame.key, payload: clone(payload) });
      return true;
    },
    refresh: (frame, payload) => {
      state.refreshed.push({ frame: frame.key, payload: clone(payload) });
      return true;
    },
    showFlag,
    closeFlag,
    navigate: (frame, p) => {
      product.navigator.go({ platform: "forge", from: frame.key, url: p.url, location: p.url === undefined ? clone(p) : undefined, type: p.type });
      return undefined;
    },
    reload: (frame) => {
      product.navigator.reload();
      product.navigator.go({ platform: "forge", from: frame.key, type: "reload" });
      return undefined;
    },
    getUrl: (frame, location) => {
      if (location && location.target === "issue" && location.issueKey) return `${window.location.origin}/browse/${encodeURIComponent(location.issueKey)}`;
      return `${window.location.origin}/forge-target/${encodeURIComponent(String(location && location.target))}`;
    },
    createHistory: (frame) => historyOf(frame).handle(),
    enableTheming: (frame) => {
      frame.theming = true;
      return undefined;
    },
    changeWindowTitle: (frame, title) => {
      state.titles.push(String(title));
      return undefined;
    },
    emitReadyEvent: () => undefined,
    getFrameId: (frame) => frame.id,
  };

  return {
    state,
    contextFor,
    resourceUrl,
    callBridge(frame, name, payload) {
      state.calls.push({ frame: frame.key, name });
      frame.calls++;
      const handler = Object.prototype.hasOwnProperty.call(handlers, name) && handlers[name];
      if (!handler) throw refuse("ERR_FORGE_BRIDGE_UNKNOWN_CALL", `the local Forge host does not emulate callBridge("${name}")`);
      return handler(frame, payload);
    },
  };
}
