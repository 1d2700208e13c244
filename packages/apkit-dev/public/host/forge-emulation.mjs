// THE LOCAL FORGE HOST IS AN EMULATION: apkit/testing/forge's, the one the Forge mock of component tests runs on
// (createForgeHost, one host per frame), loaded like apkit/testing is (the page's import map). The call names,
// payloads and answers were read from @forge/bridge 7.2.0's own code (docs/forge-bridge-protocol.md); Atlassian does
// not publish the Custom UI host.
//
// What this page adds to it is the page's: each frame's host shares the page's product UI model (its modals and
// flags are the model's dialogs and flags, drawn by product-ui.mjs), the event bus of the page's frames, and sends
// what only the dev host can answer there: product REST to the dev host's product (the same as the Connect side's),
// remote calls (requestRemote, invokeRemote) and resolvers (invoke) to its server, which signs Forge Invocation
// Tokens and calls the app's remote, or runs the local resolver module.
import { createForgeEventBus, createForgeHost } from "apkit/testing/forge";

const MODAL_SIZES = { small: ["400px", "240px"], medium: ["600px", "400px"], large: ["800px", "500px"], xlarge: ["968px", "600px"], max: ["90%", "90%"], fullscreen: ["100%", "100%"] };

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const refuse = (code, message) => Object.assign(new Error(message), { code });

/**
 * @param {{ harness: any, frames: ReturnType<typeof import("./forge-frames.mjs").createForgeFrames> }} options
 */
export function createForgeEmulation({ harness, frames }) {
  const bus = createForgeEventBus();
  const state = {
    /** Every callBridge call the page's hosts received: { frame, name }. */
    calls: [],
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

  // The page's product UI as the emulation's hosts share it: the model, and drawing what changes on it.
  function uiFor(frame) {
    return {
      product: harness.ui.product,
      modalOpened(record, close) {
        const resource = record.resource ?? frame.resource;
        const size = typeof record.size === "object" && record.size ? [record.size.width, record.size.height || "400px"] : MODAL_SIZES[record.size || "medium"] || MODAL_SIZES.medium;
        const extension = { ...clone(frame.context.extension), modal: clone(record.context === undefined ? {} : record.context) };
        const modalFrame = frames.makeFrame({
          key: `${frame.key}/modal/${resource}`,
          app: frame.app,
          module: frame.module,
          resource,
          url: resourceUrl(frame.app, resource),
          context: contextFor(frame.app, frame.context.moduleKey, extension),
          modal: { record, close: (payload) => close(clone(payload)) },
          height: "100%",
        });
        modalFrame.iframe.style.flex = "1";
        const d = harness.ui.product.dialogs.all.find((x) => x.record === record);
        harness.ui.drawDialog(d, {
          className: "forge-modal",
          attributes: { "data-forge-resource": resource },
          size,
          title: record.title || "",
          content: modalFrame.iframe,
          onDismiss: () => close(undefined),
        });
        record.frame = modalFrame;
      },
      modalClosed(record) {
        harness.ui.undrawDialog(harness.ui.product.dialogs.all.find((d) => d.record === record));
        if (record.frame) frames.drop(record.frame);
      },
      flagShown(record, click, dismiss) {
        const f = harness.ui.product.flags.all.find((x) => x.record === record);
        f.platform = "forge";
        harness.ui.drawFlag(f, "forge-flag", (text) => click(text), () => {
          dismiss();
          return true;
        });
      },
      flagClosed(record) {
        harness.ui.removeFlag(harness.ui.product.flags.all.find((x) => x.record === record));
      },
    };
  }

  const server = (frame, call, payload) =>
    harness.call("forge/call", { app: frame.app.key, module: frame.module?.key ?? frame.key, call, payload, context: clone(frame.context) });

  // Product REST: the dev host's product, as the Connect side reaches it (Confluence paths keep /wiki; it answers both).
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
    const url = String(p.restPath || "");
    harness.requests.push({ platform: "forge", frame: frame.key, url, type: method, data, contentType: headers["content-type"], headers });
    return harness.rest({ url, type: method, data, contentType: headers["content-type"], headers, frame: { platform: "forge", app: frame.app.key, module: frame.module?.key ?? frame.key } });
  }

  /** The emulation's host of one frame, made when the frame first calls. */
  function hostOf(frame) {
    if (frame.host) return frame.host;
    const host = createForgeHost({
      context: frame.context,
      ui: uiFor(frame),
      bus,
      app: frame.app.key,
      ...(frame.modal && { modal: { context: frame.context.extension.modal, close: frame.modal.close } }),
      warn: (message) => console.warn(message),
    });
    host.handle("fetchProduct", (payload) => fetchProduct(frame, payload));
    host.handle("fetchRemote", (p) => server(frame, "fetchRemote", { remoteKey: p.remoteKey, init: p.fetchRequestInit }));
    host.handle("invoke", (p) => {
      if (p.invokeType === "ui-remote-fetch") return server(frame, "invokeRemote", { input: { path: p.path, method: p.method, headers: p.headers, body: p.body } });
      if (p.invokeType !== undefined) throw refuse("ERR_DEV_NOT_EMULATED", `the local Forge host does not emulate invoke of type ${p.invokeType} (invokeService: Forge containers)`);
      return server(frame, "invoke", { functionKey: p.functionKey, payload: p.payload, metadata: p.metadata });
    });
    host.handle("emitReadyEvent", () => undefined);
    host.handle("getFrameId", () => frame.id);
    frame.host = host;
    return host;
  }

  return {
    state,
    contextFor,
    resourceUrl,
    callBridge(frame, name, payload) {
      state.calls.push({ frame: frame.key, name });
      frame.calls++;
      return hostOf(frame).callBridge(name, payload);
    },
  };
}
