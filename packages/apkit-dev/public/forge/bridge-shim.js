// THE LOCAL FORGE HOST IS AN EMULATION. This file is the app-frame half of apkit-dev's emulated Forge Custom UI
// host (loopback addresses only); the dev host injects it first into every resource page it serves. Atlassian does not publish the Custom UI host or its protocol: what
// @forge/bridge 7.2.0 sends through `globalThis.__bridge.callBridge(name, payload)`, and what it expects back, was
// read from the package's own code (docs/forge-bridge-protocol.md). How the real host carries those calls between the
// frame and the product page is not public; the postMessage messages below are this emulation's own invention.
// See docs/dev-host.md and docs/forge.md, "The local Forge host is an emulation".
//
// It runs as a classic script BEFORE the app's bundle: @forge/bridge reads `__bridge.callBridge` once, at import.
//
// frame -> host page   { apkitForge: 1, type: "call", id, name, payload }     a callBridge call
//                      { apkitForge: 1, type: "hostCall", id, fn, args }      calling a function the host handed out
//                      { apkitForge: 1, type: "resize", height }              the frame's content height
// host page -> frame   { apkitForge: 1, type: "answer", id, ok, value | error }
//                      { apkitForge: 1, type: "callback", fn, args }          calling one of the app's functions
// Functions cannot cross postMessage: a function inside a payload (events.on callbacks, Modal onClose, showFlag
// actions' onClick, history listeners) travels as { __apkitFn: n } and the host invokes it with a "callback"
// message; a function inside an answer (on's unsubscribe, createHistory's methods) arrives as { __apkitHostFn: n }
// and becomes a function here that sends "hostCall". Other data is structured-cloned (copied), Blobs included.
(function () {
  "use strict";
  if (globalThis.__bridge) return; // injected by the host and loaded by the page too: once is enough
  var LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
  var parentOrigin;
  try {
    parentOrigin = new URL(document.referrer).origin;
  } catch (e) {
    parentOrigin = undefined;
  }
  if (window.parent === window || !parentOrigin || !LOOPBACK.test(new URL(parentOrigin).hostname)) {
    // Not framed by the local host: leave __bridge undefined, so @forge/bridge fails as it does outside Custom UI.
    console.error("apkit-dev Forge host emulation: this page must be framed by apkit-dev on a loopback address");
    return;
  }

  var nextId = 0;
  var pending = {};
  var appFunctions = {};

  function isPlain(v) {
    if (!v || typeof v !== "object") return false;
    var proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  }
  // The app's functions -> { __apkitFn }, deeply inside plain objects and arrays.
  function encode(v) {
    if (typeof v === "function") {
      var id = ++nextId;
      appFunctions[id] = v;
      return { __apkitFn: id };
    }
    if (Array.isArray(v)) return v.map(encode);
    if (isPlain(v)) {
      var out = {};
      for (var k in v) out[k] = encode(v[k]);
      return out;
    }
    return v;
  }
  // The host's { __apkitHostFn } -> functions that call back into the host page.
  function decode(v) {
    if (Array.isArray(v)) return v.map(decode);
    if (isPlain(v)) {
      if (typeof v.__apkitHostFn === "number") {
        var fn = v.__apkitHostFn;
        return function () {
          return send("hostCall", { fn: fn, args: encode(Array.prototype.slice.call(arguments)) });
        };
      }
      var out = {};
      for (var k in v) out[k] = decode(v[k]);
      return out;
    }
    return v;
  }
  function post(message) {
    message.apkitForge = 1;
    window.parent.postMessage(message, parentOrigin);
  }
  function send(type, fields) {
    var id = ++nextId;
    return new Promise(function (resolve, reject) {
      pending[id] = { resolve: resolve, reject: reject };
      post(Object.assign({ type: type, id: id }, fields));
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    var m = event.data;
    if (!m || m.apkitForge !== 1) return;
    if (m.type === "answer") {
      var p = pending[m.id];
      if (!p) return;
      delete pending[m.id];
      if (m.ok) p.resolve(decode(m.value));
      else {
        var error = new Error((m.error && m.error.message) || "the emulated Forge host refused the call");
        if (m.error && m.error.code) error.code = m.error.code;
        p.reject(error);
      }
    } else if (m.type === "callback") {
      var fn = appFunctions[m.fn];
      if (fn) fn.apply(undefined, decode(m.args || []));
    }
  });

  globalThis.__bridge = {
    callBridge: function (name, payload) {
      return send("call", { name: name, payload: encode(payload) });
    },
  };

  // The real host sizes Custom UI frames to their content (@forge/bridge ships iframe-resizer for it); this emulation
  // reports the document height instead.
  var lastHeight = 0;
  function report() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h !== lastHeight) {
      lastHeight = h;
      post({ type: "resize", height: h });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    report();
    if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  });
})();
