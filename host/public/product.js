// The "product" side of the local host: what Jira defines on top of connect-host.js. Plain browser JS.
// It keeps an in-memory Jira-like REST API and answers the bridge the way a product does:
// - `request` resolves { body, xhr } and rejects { err, xhr } for non-2xx, with plain-data xhr (functions
//   cannot cross postMessage, so the app side sees status/statusText/responseText/headers as data);
// - `context.getToken` returns an HS256 context JWT minted by the host server; `context.getContext` the
//   context given to the frame; `user.*` answer through callbacks (callback-only, as in products).
// Tests drive it through window.harness (createFrame, broadcast, override, state, requests).
(function () {
  "use strict";
  var host = window.connectHost;
  var ADDON_KEY = "apkit-harness";

  var state = {
    myself: {
      accountId: "557058:harness-user",
      displayName: "Harness User",
      emailAddress: "harness@example.invalid",
      locale: "en_US",
      timeZone: "Europe/Berlin",
      active: true,
    },
    issues: {
      "ABC-1": { id: "10001", key: "ABC-1", fields: { summary: "First issue" } },
      "ABC-2": { id: "10002", key: "ABC-2", fields: { summary: "Second issue" } },
    },
    created: 0,
  };
  var requests = [];
  var overrides = {};
  var frameContexts = {};
  var requestId = 0;

  // ---- in-memory REST -------------------------------------------------------------------------
  function reply(status, body, headers) {
    var text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    var h = Object.assign({ "x-arequestid": "harness-" + ++requestId }, headers || {});
    if (text && !h["content-type"]) h["content-type"] = "application/json;charset=UTF-8";
    return { status: status, text: text, headers: h };
  }
  function findIssue(idOrKey) {
    for (var k in state.issues) {
      var issue = state.issues[k];
      if (issue.key === idOrKey || issue.id === idOrKey) return issue;
    }
    return undefined;
  }
  function noIssue() {
    return reply(404, { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} });
  }
  // Property paths (issues' too) are answered by apkit/testing's property backend: product-shared.js adds the routes.
  function parse(data) {
    if (typeof data !== "string") return data;
    try {
      return JSON.parse(data);
    } catch (e) {
      return undefined;
    }
  }

  var routes = [
    ["GET", /^\/rest\/api\/3\/myself$/, function () {
      return reply(200, state.myself);
    }],
    ["GET", /^\/rest\/api\/3\/issue\/([^/]+)$/, function (m) {
      var issue = findIssue(m[1]);
      return issue ? reply(200, { id: issue.id, key: issue.key, fields: issue.fields }) : noIssue();
    }],
    ["POST", /^\/rest\/api\/3\/issue$/, function (m, req) {
      var body = parse(req.data) || {};
      var n = 3 + state.created++;
      var key = "ABC-" + n;
      state.issues[key] = { id: String(10000 + n), key: key, fields: body.fields || {} };
      var self = "/rest/api/3/issue/" + state.issues[key].id;
      return reply(201, { id: state.issues[key].id, key: key, self: self }, { location: self });
    }],
    ["GET", /^\/rest\/harness\/boom$/, function () {
      return reply(500, { errorMessages: ["Internal server error"], errors: {} });
    }],
    ["GET", /^\/rest\/harness\/text$/, function () {
      return reply(200, "plain text, not JSON", { "content-type": "text/plain;charset=UTF-8" });
    }],
    ["GET", /^\/rest\/harness\/never$/, function () {
      return "never";
    }],
  ];

  function rest(req) {
    var path = String(req.url || "").split("?")[0];
    var method = String(req.type || "GET").toUpperCase();
    var pathMatched = false;
    for (var i = 0; i < routes.length; i++) {
      var m = routes[i][1].exec(path);
      if (!m) continue;
      pathMatched = true;
      if (routes[i][0] === method) return routes[i][2](m, req);
    }
    return pathMatched
      ? reply(405, { errorMessages: ["Method " + method + " is not allowed here."] })
      : reply(404, { errorMessages: ["No REST resource at " + path] });
  }

  // ---- the product's bridge modules -------------------------------------------------------------
  function behaviour(name, normal) {
    var o = overrides[name];
    if (!o) return normal();
    if (o === "never") return new Promise(function () {});
    if (o === "throw") throw new Error("harness: " + name + " threw");
    if (o === "rejectError") return Promise.reject(new Error("harness: " + name + " failed"));
    if (o === "rejectObject") return Promise.reject({ code: 42, reason: "harness object" });
    if (o === "resolveUndefined") return Promise.resolve(undefined);
    if (o === "resolveFalse") return Promise.resolve(false);
    if (o === "rejectZero") return Promise.reject(0);
    throw new Error("harness: unknown override " + o);
  }

  function request(arg0, arg1) {
    var options = typeof arg0 === "string" ? Object.assign({}, typeof arg1 === "object" && arg1 ? arg1 : {}, { url: arg0 }) : arg0 || {};
    return behaviour("request", function () {
      requests.push({ url: options.url, type: options.type || "GET", data: options.data, contentType: options.contentType, headers: options.headers, experimental: options.experimental, binaryAttachment: options.binaryAttachment });
      var r = rest(options);
      if (r === "never") return new Promise(function () {});
      // { body, xhr } or a rejection { err, xhr }, settled by the same code as apkit/testing's mock (product-shared.js).
      var shared = window.APKitProduct;
      return new Promise(function (resolve) {
        var answer = { status: r.status, statusText: shared.reasonOf(r.status), headers: r.headers, body: r.text };
        resolve(shared.settleAnswer(answer, !!options.binaryAttachment));
      });
    });
  }
  request.returnsPromise = true;
  host.defineModule({ request: request });

  function contextFor(callback) {
    var ext = callback && callback._context && callback._context.extension;
    return (ext && frameContexts[ext.key]) || {};
  }
  var getToken = function (callback) {
    var context = contextFor(callback);
    return behaviour("context.getToken", function () {
      return fetch("/__host/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accountId: state.myself.accountId, context: context, ttl: harness.tokenTtl }),
      })
        .then(function (r) { return r.json(); })
        .then(function (j) { harness.tokensIssued++; return j.token; });
    });
  };
  getToken.returnsPromise = true;
  var getContext = function (callback) {
    var context = contextFor(callback);
    return behaviour("context.getContext", function () {
      return Promise.resolve(context);
    });
  };
  getContext.returnsPromise = true;
  host.defineModule("context", { getToken: getToken, getContext: getContext });

  host.defineModule("user", {
    getCurrentUser: function (callback) {
      if (overrides["user.getCurrentUser"] === "never") return;
      callback({ atlassianAccountId: state.myself.accountId });
    },
    getLocale: function (callback) {
      callback("en-US");
    },
    getTimeZone: function (callback) {
      callback(state.myself.timeZone);
    },
  });

  // ---- what tests (and the demo page) drive ---------------------------------------------------
  var harness = {
    addonKey: ADDON_KEY,
    state: state,
    requests: requests,
    tokensIssued: 0,
    tokenTtl: 900,
    routes: routes,
    reply: reply,
    /** The product's REST, as request() answers it: { url, type, data } -> { status, text, headers } (product-forge.js). */
    rest: rest,
    findIssue: findIssue,
    /** A new element: tag, class, text (product-ui.js draws with it too). */
    element: el,
    /** Makes a product method misbehave: never | throw | rejectError | rejectObject | resolveUndefined | resolveFalse | rejectZero | null. */
    override: function (name, how) {
      if (how) overrides[name] = how;
      else delete overrides[name];
    },
    /** Frames an app page. Returns the module key. */
    createFrame: function (spec) {
      var key = spec.key || "frame-" + Math.random().toString(36).slice(2, 8);
      frameContexts[key] = spec.context || { jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } };
      var container = host.create({
        addon_key: spec.addon_key || ADDON_KEY,
        key: key,
        url: spec.url,
        options: Object.assign({ isFullPage: false, autoresize: true, width: "100%", height: spec.height || "200px" }, spec.options || {}),
      });
      var box = document.createElement("section");
      box.className = "host-frame";
      box.setAttribute("data-key", key);
      var title = document.createElement("h2");
      title.textContent = spec.title || key;
      box.appendChild(title);
      window.jQuery(box).append(container);
      (spec.parent || document.getElementById("frames")).appendChild(box);
      return key;
    },
    /** A host event, as the product broadcasts it. */
    broadcast: function (name, filter, data) {
      host.broadcastEvent(name, filter || { addon_key: ADDON_KEY }, data);
    },
    /** The iframe element of a frame created with createFrame. */
    iframeOf: function (key) {
      var box = document.querySelector('.host-frame[data-key="' + key + '"]');
      return box && box.querySelector("iframe");
    },
  };
  window.harness = harness;

  // ---- installed apps: what the host server installed from descriptors (host.installApp in server.mjs) ---------
  // The product shows their issue web panels on an issue page (ABC-1) and their general pages below it, each framed
  // at baseUrl + module url; product-ui.js resolves their dialog modules the same way.
  var ISSUE_LOCATION = /^atl\.jira\.view\.issue\.(left|right)\.context$/;
  function label(name, fallback) {
    return (name && (name.value || name)) || fallback;
  }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  function showInstalled(apps) {
    harness.apps = apps;
    if (!apps.length) return;
    var css = document.createElement("style");
    css.textContent =
      ".jira-issue{background:#fff;border:1px solid #dfe1e6;border-radius:3px;padding:16px 20px}" +
      ".jira-crumbs{color:#6b778c;font-size:13px}.jira-issue h1{font-size:22px;font-weight:500;margin:4px 0 12px}" +
      ".jira-cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px;align-items:start}" +
      ".jira-cols .host-frame{border:0;padding:0;margin-top:16px}.jira-side .host-frame{border:1px solid #dfe1e6;border-radius:3px;padding:8px;margin:0 0 12px}" +
      ".jira-field{color:#6b778c;font-size:12px;font-weight:600;margin:0}.jira-desc{margin:2px 0 0}" +
      ".jira-pages h3{font-size:14px;color:#42526e;margin:8px 0}";
    document.head.appendChild(css);
    var issue = state.issues["ABC-1"];
    var page = el("section", "jira-issue");
    page.appendChild(el("div", "jira-crumbs", "Projects / ABC / " + issue.key));
    page.appendChild(el("h1", "", issue.fields.summary));
    var cols = el("div", "jira-cols");
    var main = el("div", "jira-main");
    main.appendChild(el("p", "jira-field", "Description"));
    main.appendChild(el("p", "jira-desc", "An issue of the local Jira-like host. The panels are Connect apps installed from their descriptors."));
    var side = el("aside", "jira-side");
    cols.appendChild(main);
    cols.appendChild(side);
    page.appendChild(cols);
    var pages = el("section", "jira-pages");
    pages.appendChild(el("h3", "", "Apps: general pages"));
    var frames = document.getElementById("frames");
    frames.insertBefore(pages, frames.firstChild);
    frames.insertBefore(page, pages);
    var issueContext = { jira: { issue: { id: issue.id, key: issue.key }, project: { id: "10000", key: "ABC" } } };
    apps.forEach(function (app) {
      var modules = app.modules || {};
      if (app.forge && harness.forge) {
        // An app with a Connect descriptor and a Forge manifest: product-forge.js shows its Connect issue panels and
        // its Forge issue panels side by side, below the issue (Forge: an emulated Custom UI host, docs/forge.md).
        var panels = (modules.webPanels || []).filter(function (m) { return ISSUE_LOCATION.test(m.location || ""); });
        harness.forge.showSideBySide(app, panels, { page: page, issueKey: issue.key, issueContext: issueContext });
        modules = Object.assign({}, modules, { webPanels: [] });
      }
      (modules.webPanels || []).forEach(function (m) {
        var where = ISSUE_LOCATION.exec(m.location || "");
        if (!where) return;
        harness.createFrame({ addon_key: app.key, key: m.key, url: app.baseUrl + m.url, title: label(m.name, m.key), context: issueContext, parent: where[1] === "left" ? main : side, height: "120px" });
      });
      (modules.generalPages || []).forEach(function (m) {
        harness.createFrame({ addon_key: app.key, key: m.key, url: app.baseUrl + m.url, title: app.name + " · " + label(m.name, m.key), context: { jira: {} }, parent: pages, height: "120px" });
      });
    });
    if (!pages.querySelector(".host-frame")) pages.remove();
  }
  harness.apps = [];
  /** Settles once the installed apps are framed. */
  harness.appsReady = new Promise(function (resolve) {
    document.addEventListener("DOMContentLoaded", function () {
      fetch("/__host/apps")
        .then(function (r) { return r.json(); })
        .then(showInstalled)
        .then(resolve, function (e) { console.error("host: installed apps", e); resolve(); });
    });
  });

  // host.html?app=/examples/static-app/index.html&app=... frames those pages on the app origin at load.
  var appOrigin = location.origin.replace("127.0.0.1", "localhost");
  document.addEventListener("DOMContentLoaded", function () {
    new URLSearchParams(location.search).getAll("app").forEach(function (path, i) {
      if (!/^\/[\w\-./]*$/.test(path)) return; // a path on the app origin only
      harness.createFrame({ url: appOrigin + path, key: "app-" + (i + 1), title: path, height: "260px" });
    });
  });
})();
