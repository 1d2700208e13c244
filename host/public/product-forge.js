// THE LOCAL FORGE HOST IS AN EMULATION. This file is the host-page half of an emulated Forge Custom UI host, for the
// local demo host only (it answers frames on the host's loopback app origin, nothing else). Atlassian does not publish
// the Custom UI host or its protocol: the call names, payloads and answers below are what @forge/bridge 7.2.0 sends
// through `globalThis.__bridge.callBridge(name, payload)` and expects back, read from the package's own code
// (docs/forge-bridge-protocol.md). The postMessage framing between this page and the frames (forge/bridge-shim.js,
// loaded in each Forge frame before the app's bundle) is this emulation's own. Where the package is silent, the
// choices are those of apkit/testing's Forge mock (docs/forge-bridge-protocol.md, last table).
// See docs/forge.md, "The local Forge host is an emulation".
//
// It answers from the SAME in-memory product as the Connect side (product.js, product-properties.js): the same
// issue, the same user, the same REST routes (issue properties included), the same product UI model (its modals and
// flags are the model's dialogs and flags, drawn by product-ui.js). Loaded after product.js and product-ui.js.
// Plain browser JS. Tests and the demo read window.harness.forge.
//
// Emulated: getContext (a FullContext for the frame's issue), fetchProduct (the product's REST, Jira and the
// Confluence routes under /wiki), on / onPublic / emit / emitPublic (between Forge frames), openModal + close /
// submit / refresh (modals drawn by this page), showFlag / closeFlag, navigate / reload / getUrl (recorded),
// createHistory (an in-memory history per frame), enableTheming / changeWindowTitle / emitReadyEvent / getFrameId.
// Not emulated (the call rejects with a code): fetchRemote, invoke (no Forge backend or resolvers here), and every
// other name.
(function () {
  "use strict";
  var harness = window.harness;
  var product = harness.ui.product; // the product's UI model, as product-ui.js holds it
  var appOrigin = location.origin.replace("127.0.0.1", "localhost");
  var STATUS_TEXT = { 200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 500: "Internal Server Error" };
  var MODAL_SIZES = { small: ["400px", "240px"], medium: ["600px", "400px"], large: ["800px", "500px"], xlarge: ["968px", "600px"], max: ["90%", "90%"], fullscreen: ["100%", "100%"] };

  var forge = {
    /** Every callBridge call the host received: { frame, name }. */
    calls: [],
    /** The frames, by frame id. */
    frames: {},
    emitted: [],
    /** The Forge flags of the product's flags. */
    get flags() {
      return product.flags.all.filter(function (f) {
        return f.platform === "forge";
      });
    },
    modals: [],
    titles: [],
    submitted: [],
    refreshed: [],
    /** The iframe element of a Forge module framed by showSideBySide / createFrame. */
    iframeOf: function (key) {
      var box = document.querySelector('.forge-frame[data-forge-key="' + key + '"]');
      return box && box.querySelector("iframe");
    },
  };
  harness.forge = forge;

  var nextFrame = 0;
  var nextHostFn = 0;
  var hostFns = {};
  var subscriptions = [];

  function clone(v) {
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  }
  function isPlain(v) {
    if (!v || typeof v !== "object") return false;
    var proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  }
  // The app's { __apkitFn } -> functions that run it in its frame (asynchronously, with copies of the arguments).
  function decode(frame, v) {
    if (Array.isArray(v)) return v.map(function (x) { return decode(frame, x); });
    if (isPlain(v)) {
      if (typeof v.__apkitFn === "number") {
        var fn = v.__apkitFn;
        return function () {
          post(frame, { type: "callback", fn: fn, args: encode(frame, Array.prototype.slice.call(arguments)) });
        };
      }
      var out = {};
      for (var k in v) out[k] = decode(frame, v[k]);
      return out;
    }
    return v;
  }
  // This page's functions in an answer -> { __apkitHostFn }, callable only by the frame they were given to.
  function encode(frame, v) {
    if (typeof v === "function") {
      var id = ++nextHostFn;
      hostFns[id] = { frame: frame, fn: v };
      return { __apkitHostFn: id };
    }
    if (Array.isArray(v)) return v.map(function (x) { return encode(frame, x); });
    if (isPlain(v)) {
      var out = {};
      for (var k in v) out[k] = encode(frame, v[k]);
      return out;
    }
    return v;
  }
  function post(frame, message) {
    message.apkitForge = 1;
    var win = frame.iframe.contentWindow;
    if (win) win.postMessage(message, appOrigin);
  }
  function refuse(code, message) {
    var e = new Error(message);
    e.code = code;
    return e;
  }
  function frameOf(source) {
    for (var id in forge.frames) if (forge.frames[id].iframe.contentWindow === source) return forge.frames[id];
    return undefined;
  }

  window.addEventListener("message", function (event) {
    var m = event.data;
    if (!m || m.apkitForge !== 1 || event.origin !== appOrigin) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (m.type === "resize") {
      frame.iframe.style.height = Math.min(Math.max(Number(m.height) || 0, 40), 2000) + "px";
      return;
    }
    var work;
    if (m.type === "call") {
      forge.calls.push({ frame: frame.key, name: m.name });
      var handler = Object.prototype.hasOwnProperty.call(handlers, m.name) && handlers[m.name];
      work = handler
        ? new Promise(function (resolve) { resolve(handler(frame, decode(frame, m.payload))); })
        : Promise.reject(refuse("ERR_FORGE_BRIDGE_UNKNOWN_CALL", "the local Forge host does not emulate callBridge(\"" + m.name + "\")"));
    } else if (m.type === "hostCall") {
      var entry = hostFns[m.fn];
      work = entry && entry.frame === frame
        ? new Promise(function (resolve) { resolve(entry.fn.apply(undefined, decode(frame, m.args || []))); })
        : Promise.reject(refuse("ERR_FORGE_BRIDGE_UNKNOWN_CALL", "no such host function"));
    } else return;
    work.then(
      function (value) { post(frame, { type: "answer", id: m.id, ok: true, value: encode(frame, value) }); },
      function (error) {
        post(frame, { type: "answer", id: m.id, ok: false, error: { message: String((error && error.message) || error), code: error && error.code } });
      },
    );
  });

  // ---- the Forge context of a frame -----------------------------------------------------------------------------
  function issueExtension(issueKey) {
    var issue = harness.state.issues[issueKey];
    return {
      type: "jira:issuePanel",
      issue: { id: issue.id, key: issue.key, type: "Task", typeId: "10002" },
      project: { id: "10000", key: "ABC", type: "software" },
      isNewToIssue: false,
    };
  }
  function fullContext(app, moduleKey, extension) {
    var me = harness.state.myself;
    return {
      accountId: me.accountId,
      cloudId: "00000000-0000-4000-8000-000000000042", // made up: the local site has no cloud id
      siteUrl: location.origin,
      locale: me.locale, // "en_US": @forge/bridge turns it into "en-US"
      timezone: me.timeZone,
      moduleKey: moduleKey,
      localId: "ari:cloud:ecosystem::extension/" + app.key + "/local/static/" + moduleKey,
      environmentId: "local",
      environmentType: "DEVELOPMENT",
      extension: extension,
      theme: null,
      license: null,
    };
  }

  // ---- frames ---------------------------------------------------------------------------------------------------
  function resourceUrl(app, resourceKey) {
    var r = (app.forge.resources || []).filter(function (x) { return x.key === resourceKey; })[0];
    if (!r) throw refuse("ERR_FORGE_LOCAL_NO_RESOURCE", "no resource " + resourceKey + " in the manifest of " + app.key);
    if (new URL(r.path, appOrigin).origin !== appOrigin) throw refuse("ERR_FORGE_LOCAL_NO_RESOURCE", "resources are served on " + appOrigin + " only");
    return new URL(r.path, appOrigin).href;
  }
  function makeFrame(spec) {
    var iframe = document.createElement("iframe");
    iframe.src = spec.url;
    iframe.style.border = "0";
    iframe.style.width = "100%";
    iframe.style.height = spec.height || "200px";
    iframe.title = spec.title || spec.key;
    var frame = { id: "forge-frame-" + ++nextFrame, key: spec.key, app: spec.app, resource: spec.resource, module: spec.module, iframe: iframe, context: spec.context, modal: spec.modal, history: undefined };
    forge.frames[frame.id] = frame;
    return frame;
  }
  /** Frames a Forge module's resource in a box like the Connect frames' (`.host-frame.forge-frame[data-forge-key]`). */
  function createFrame(spec) {
    var frame = makeFrame(spec);
    var box = document.createElement("section");
    box.className = "host-frame forge-frame";
    box.setAttribute("data-forge-key", spec.key);
    var title = document.createElement("h2");
    title.textContent = spec.title || spec.key;
    box.appendChild(title);
    box.appendChild(frame.iframe);
    spec.parent.appendChild(box);
    return frame;
  }
  forge.createFrame = createFrame;

  /**
   * An app installed with both a Connect descriptor and a Forge manifest (host.installForgeApp in server.mjs; a
   * migrated app keeps its Connect key as app.connect.key): its Connect issue web panel and its Forge issue panel,
   * side by side on the same issue, framed in `page`.
   */
  forge.showSideBySide = function (app, connectPanels, where) {
    var style = document.getElementById("forge-side-by-side-style");
    if (!style) {
      style = document.createElement("style");
      style.id = "forge-side-by-side-style";
      style.textContent =
        ".two-platforms{margin-top:16px;border-top:1px solid #dfe1e6;padding-top:12px}.two-platforms h3{font-size:14px;color:#42526e;margin:0 0 4px}" +
        ".two-platforms .note{color:#6b778c;font-size:12px;margin:0 0 8px}" +
        ".two-platforms-cols{display:grid;grid-template-columns:1fr 1fr;gap:16px;align-items:start}" +
        ".two-platforms .host-frame{border:1px solid #dfe1e6;border-radius:3px;padding:8px;margin:0}" +
        ".forge-frame h2{color:#5e4db2}";
      document.head.appendChild(style);
    }
    var section = document.createElement("section");
    section.className = "two-platforms";
    section.setAttribute("data-app", app.key);
    var h = document.createElement("h3");
    h.textContent = app.name + ": one app, two platforms, one issue (" + where.issueKey + ")";
    var note = document.createElement("p");
    note.className = "note";
    note.textContent =
      "Left: a Connect iframe (the real connect-host.js and all.js). Right: a Forge Custom UI iframe running the real @forge/bridge " +
      "against this page's EMULATION of the Custom UI host (docs/forge.md). Both read and write the same issue property of this product.";
    var cols = document.createElement("div");
    cols.className = "two-platforms-cols";
    var left = document.createElement("div");
    var right = document.createElement("div");
    cols.appendChild(left);
    cols.appendChild(right);
    section.appendChild(h);
    section.appendChild(note);
    section.appendChild(cols);
    where.page.appendChild(section);
    connectPanels.forEach(function (m) {
      harness.createFrame({ addon_key: app.key, key: m.key, url: app.baseUrl + m.url, title: "Connect · " + ((m.name && (m.name.value || m.name)) || m.key), context: where.issueContext, parent: left, height: "220px" });
    });
    ((app.forge.modules || {})["jira:issuePanel"] || []).forEach(function (m) {
      createFrame({
        key: m.key,
        app: app,
        module: m,
        resource: m.resource,
        url: resourceUrl(app, m.resource),
        title: "Forge Custom UI · " + (m.title || m.key),
        context: fullContext(app, m.key, issueExtension(where.issueKey)),
        parent: right,
        height: "220px",
      });
    });
  };

  // ---- fetchProduct: the product's REST -------------------------------------------------------------------------
  function fetchProduct(frame, p) {
    if (p.product !== "jira" && p.product !== "confluence") throw refuse("ERR_FORGE_LOCAL_PRODUCT", "the local product answers jira and confluence requests, not " + p.product);
    var init = p.fetchRequestInit || {};
    var headers = {};
    (init.headers || []).forEach(function (pair) { headers[String(pair[0]).toLowerCase()] = String(pair[1]); });
    var path = String(p.restPath || "");
    // Confluence paths carry /wiki (requestConfluence); the product's routes are mounted without it.
    if (p.product === "confluence") path = path.replace(/^\/wiki(?=\/)/, "");
    var method = String(init.method || "GET").toUpperCase();
    if (p.isMultipartFormData) return { status: 415, statusText: "Unsupported Media Type", headers: { "content-type": "application/json" }, body: JSON.stringify({ errorMessages: ["multipart bodies are not emulated by the local Forge host"] }) };
    var req = { url: path, type: method, data: init.body === null || init.body === undefined ? undefined : init.body, contentType: headers["content-type"], headers: headers };
    harness.requests.push({ platform: "forge", frame: frame.key, url: path, type: method, data: req.data, contentType: req.contentType, headers: headers });
    var r = harness.rest(req);
    if (r === "never") return new Promise(function () {});
    return { status: r.status, statusText: STATUS_TEXT[r.status] || "", headers: r.headers, body: r.text };
  }

  // ---- events: between the Forge frames of an app (emitPublic: of every app) --------------------------------------
  function subscribe(isPublic) {
    return function (frame, p) {
      var sub = { frame: frame, event: String(p.event), callback: p.callback, public: isPublic };
      subscriptions.push(sub);
      return {
        unsubscribe: function () {
          var i = subscriptions.indexOf(sub);
          if (i >= 0) subscriptions.splice(i, 1);
        },
      };
    };
  }
  function emit(isPublic) {
    return function (frame, p) {
      forge.emitted.push({ frame: frame.key, event: p.event, payload: clone(p.payload), public: isPublic });
      subscriptions.slice().forEach(function (sub) {
        if (sub.public !== isPublic || sub.event !== p.event || sub.frame === frame) return; // no echo to the sender
        if (!isPublic && sub.frame.app.key !== frame.app.key) return;
        if (!document.contains(sub.frame.iframe)) return;
        sub.callback(p.payload);
      });
      return undefined;
    };
  }

  // ---- modals: dialogs of the product's model (product-ui.js draws them), with a Forge frame inside -----------------
  function openModal(frame, p) {
    var resource = p.resource === null || p.resource === undefined ? frame.resource : p.resource;
    var size = typeof p.size === "object" && p.size ? [p.size.width, p.size.height || "400px"] : MODAL_SIZES[p.size || "medium"] || MODAL_SIZES.medium;
    var extension = Object.assign(clone(frame.context.extension), { modal: clone(p.context === undefined ? {} : p.context) });
    var record = { platform: "forge", resource: p.resource === undefined ? null : p.resource, context: clone(p.context), title: p.title || "", size: p.size, open: true, closedWith: undefined };
    var modalFrame = makeFrame({
      key: frame.key + "/modal/" + resource,
      app: frame.app,
      resource: resource,
      url: resourceUrl(frame.app, resource),
      context: fullContext(frame.app, frame.context.moduleKey, extension),
      modal: { record: record, onClose: p.onClose },
      height: "100%",
    });
    modalFrame.iframe.style.flex = "1";
    harness.ui.openDialog(record, {
      addonKey: frame.app.key,
      closeOnEscape: p.closeOnEscape,
      className: "forge-modal",
      attributes: { "data-forge-resource": resource },
      size: size,
      title: p.title || "",
      content: modalFrame.iframe,
      onDismiss: function () {
        closeModal(modalFrame, undefined);
      },
    });
    forge.modals.push(record);
    return true;
  }
  function closeModal(frame, payload) {
    var record = frame.modal.record;
    if (!harness.ui.closeDialog(record, clone(payload))) return false;
    record.open = false;
    record.closedWith = clone(payload);
    delete forge.frames[frame.id];
    if (typeof frame.modal.onClose === "function") frame.modal.onClose(payload);
    return true;
  }

  // ---- flags: flags of the product's model, drawn by product-ui.js (actions: index -> text) -------------------------
  function showFlag(frame, p) {
    var actions = {};
    (p.actions || []).forEach(function (action, i) {
      actions[i] = action.text;
    });
    var record = { platform: "forge", frame: frame.key, id: String(p.id), title: p.title, body: p.description, type: p.type || "info", close: p.isAutoDismiss ? "auto" : "manual", actions: actions };
    harness.ui.showFlag(record, "forge-flag", function (i) {
      var action = p.actions[i];
      if (typeof action.onClick === "function") action.onClick();
    });
    return undefined;
  }
  function closeFlag(frame, p) {
    var f = product.flags.find(String(p && p.id));
    return !!f && f.platform === "forge" && harness.ui.closeFlag(f, "app");
  }

  // ---- history: one in-memory history per frame, the Forge mock's (apkit/testing, from /product-shared.js) ----------
  function historyOf(frame) {
    frame.history = frame.history || new window.APKitProduct.PageHistory("/", function (error) {
      console.error("forge host: a history listener failed", error);
    });
    return frame.history;
  }

  // ---- the call names ---------------------------------------------------------------------------------------------
  var handlers = {
    getContext: function (frame) {
      return clone(frame.context);
    },
    fetchProduct: fetchProduct,
    fetchRemote: function () {
      throw refuse("ERR_FORGE_LOCAL_NO_BACKEND", "the local Forge host has no Forge remote (requestRemote / apFetch): the demo's backend is a Connect one");
    },
    invoke: function () {
      throw refuse("ERR_FORGE_LOCAL_NO_BACKEND", "the local Forge host runs no resolvers or remotes (invoke)");
    },
    on: subscribe(false),
    onPublic: subscribe(true),
    emit: emit(false),
    emitPublic: emit(true),
    openModal: openModal,
    close: function (frame, payload) {
      // Outside a modal: nothing to close (apkit/testing's mock makes the same choice).
      return frame.modal ? closeModal(frame, payload) : true;
    },
    submit: function (frame, payload) {
      forge.submitted.push({ frame: frame.key, payload: clone(payload) });
      return true;
    },
    refresh: function (frame, payload) {
      forge.refreshed.push({ frame: frame.key, payload: clone(payload) });
      return true;
    },
    showFlag: showFlag,
    closeFlag: closeFlag,
    navigate: function (frame, p) {
      product.navigator.go({ platform: "forge", from: frame.key, url: p.url, location: p.url === undefined ? clone(p) : undefined, type: p.type });
      return undefined;
    },
    reload: function (frame) {
      product.navigator.reload();
      product.navigator.go({ platform: "forge", from: frame.key, type: "reload" });
      return undefined;
    },
    getUrl: function (frame, location) {
      if (location && location.target === "issue" && location.issueKey) return window.location.origin + "/browse/" + encodeURIComponent(location.issueKey);
      return window.location.origin + "/forge-target/" + encodeURIComponent(String(location && location.target));
    },
    createHistory: function (frame) {
      return historyOf(frame).handle();
    },
    enableTheming: function (frame) {
      frame.theming = true;
      return undefined;
    },
    changeWindowTitle: function (frame, title) {
      forge.titles.push(String(title));
      return undefined;
    },
    emitReadyEvent: function () {
      return undefined;
    },
    getFrameId: function (frame) {
      return frame.id;
    },
  };
})();
