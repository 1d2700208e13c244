// The product's UI side of the local host, the way Jira/Confluence plug into connect-host.js:
// - a content resolver (dialog modules have no URL until it answers; it must return a jQuery Deferred);
// - a dialog provider and a flag provider registered on connect-host's framework adaptor, drawing plain DOM;
// - host modules products define themselves: navigator, history, cookie, confluence, jira.
// Tests read and drive it through window.harness.ui (and by clicking the DOM it draws).
(function () {
  "use strict";
  var host = window.connectHost;
  var $ = window.jQuery;
  var appOrigin = location.origin.replace("127.0.0.1", "localhost");

  var ui = {
    /** Module key -> page path on the app origin; other keys resolve to /app/<key>.html. */
    modules: {},
    dialogs: [],
    flags: [],
    /** Delay of close: "auto" flags (products use a few seconds). */
    flagAutoCloseMs: 2000,
    navigations: [],
    reloads: 0,
    location: { target: "issue", context: { issueKey: "ABC-1", projectKey: "ABC" } },
    cookies: {},
    macro: { data: { color: "blue" }, body: "<p>macro body</p>", saved: [], editorClosed: 0, panelClosed: 0 },
    jira: { refreshes: 0, titles: [], editable: true, workflowConfiguration: '{"field":"summary"}', issueDialogs: [] },
    history: { pushed: [], popStateCallbacks: [] },
  };

  var style = document.createElement("style");
  style.textContent =
    "#harness-dialogs{position:fixed;inset:0;pointer-events:none}" +
    ".harness-dialog{pointer-events:auto;position:absolute;top:40px;left:50%;transform:translateX(-50%);background:#fff;" +
    "border:1px solid #888;box-shadow:0 4px 16px rgba(0,0,0,.3);display:flex;flex-direction:column}" +
    ".harness-dialog header,.harness-dialog footer{padding:6px 10px;background:#f4f5f7}" +
    ".harness-dialog .ap-iframe-container,.harness-dialog iframe{flex:1;width:100%;border:0}" +
    "#harness-flags{position:fixed;right:12px;bottom:12px;display:flex;flex-direction:column;gap:6px}" +
    ".harness-flag{background:#fff;border-left:4px solid #0052cc;padding:8px 12px;box-shadow:0 2px 8px rgba(0,0,0,.2)}" +
    // A little of the product's look (the demo's screenshots): Atlassian-like dialog chrome and flag colours.
    ".harness-dialog{border:0;border-radius:3px;box-shadow:0 8px 24px rgba(9,30,66,.3);overflow:hidden}" +
    ".harness-dialog header{background:#fff;font-size:18px;font-weight:500;padding:14px 16px 6px}" +
    ".harness-dialog footer{background:#fff;display:flex;justify-content:flex-end;gap:6px;padding:10px 16px}" +
    ".harness-dialog footer button,.harness-flag button{font:inherit;border:0;border-radius:3px;padding:4px 12px;background:rgba(9,30,66,.06);color:#42526e;cursor:pointer}" +
    ".harness-dialog footer button[data-identifier=submit]{background:#0052cc;color:#fff}" +
    ".harness-dialog footer button:disabled{opacity:.5;cursor:default}" +
    ".harness-flag{position:relative;width:320px;border-radius:3px;border-left-width:6px}.harness-flag p{margin:4px 0}" +
    ".harness-flag[data-type=success]{border-left-color:#36b37e}.harness-flag[data-type=warning]{border-left-color:#ffab00}" +
    ".harness-flag[data-type=error]{border-left-color:#de350b}" +
    ".harness-flag .harness-flag-close{position:absolute;top:4px;right:4px;background:none;padding:0 6px}";
  document.head.appendChild(style);

  function layer(id) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      document.body.appendChild(el);
    }
    return el;
  }
  function extensionOf(callback) {
    return (callback && callback._context && callback._context.extension) || {};
  }

  // ---- content resolver ------------------------------------------------------------------------
  host.registerContentResolver.resolveByExtension(function (extension) {
    var deferred = $.Deferred();
    // A module of an app installed from its descriptor (product.js: harness.apps): baseUrl + the module's url.
    var app = (window.harness.apps || []).filter(function (a) { return a.key === extension.addon_key; })[0];
    var module = app && Object.keys(app.modules).reduce(function (found, type) {
      return found || (Array.isArray(app.modules[type]) && app.modules[type].filter(function (m) { return m.key === extension.key && m.url; })[0]);
    }, undefined);
    if (module) return deferred.resolve({ url: app.baseUrl + module.url, options: {} }).promise();
    var path = ui.modules[extension.key] || "/app/" + extension.key + ".html";
    if (!/^\/[\w\-./]*$/.test(path)) deferred.reject({}, { text: "no such module: " + extension.key });
    else deferred.resolve({ url: appOrigin + path, options: {} });
    return deferred.promise();
  });

  // ---- dialogs ---------------------------------------------------------------------------------
  var SIZES = { small: ["400px", "200px"], medium: ["600px", "400px"], large: ["800px", "500px"], "x-large": ["968px", "600px"] };
  function topDialog() {
    return ui.dialogs[ui.dialogs.length - 1];
  }
  function buttonOf(identifier) {
    var d = topDialog();
    return d && d.buttons[identifier];
  }
  function drawButton(d, action) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = action.text || action.identifier;
    button.setAttribute("data-identifier", action.identifier);
    button.disabled = !!action.disabled;
    button.hidden = !!action.hidden;
    button.addEventListener("click", function () {
      if (!button.disabled) action.onClick();
    });
    d.footer.appendChild(button);
    d.buttons[action.identifier] = button;
  }
  var dialogProvider = {
    create: function (options, extension) {
      // What connect-host's own dialog code gives its iframes: the dialog's id and who opened it.
      extension.options = Object.assign({}, extension.options, {
        isDialog: true,
        dialogId: options.id,
        callbackExtensionId: extension.callback_extension_id,
        preventDialogCloseOnEscape: options.closeOnEscape === false,
      });
      var el = document.createElement("section");
      el.className = "harness-dialog";
      el.setAttribute("data-key", extension.key);
      el.setAttribute("data-dialog-id", options.id);
      var size = SIZES[String(options.size || "").toLowerCase()] || [options.width || "50%", options.height || "50%"];
      el.style.width = size[0];
      el.style.height = size[1];
      var header = document.createElement("header");
      header.textContent = options.header || "";
      var footer = document.createElement("footer");
      var d = { id: options.id, key: extension.key, addonKey: extension.addon_key, options: options, el: el, footer: footer, buttons: {} };
      el.appendChild(header);
      $(el).append(host.create(extension)); // no URL: the content resolver answers
      el.appendChild(footer);
      (options.actions || []).forEach(function (action) {
        drawButton(d, action);
      });
      if (options.chrome === false) {
        header.hidden = true;
        footer.hidden = true;
      }
      ui.dialogs.push(d);
      layer("harness-dialogs").appendChild(el);
    },
    close: function () {
      var d = ui.dialogs.pop();
      if (d) d.el.remove();
    },
    isActiveDialog: function (addonKey) {
      var d = topDialog();
      return !!d && d.addonKey === addonKey;
    },
    setButtonDisabled: function (identifier, disabled) {
      var b = buttonOf(identifier);
      if (b) b.disabled = !!disabled;
    },
    isButtonDisabled: function (identifier) {
      var b = buttonOf(identifier);
      return !b || b.disabled;
    },
    toggleButton: function (identifier) {
      var b = buttonOf(identifier);
      if (b) b.disabled = !b.disabled;
    },
    setButtonHidden: function (identifier, hidden) {
      var b = buttonOf(identifier);
      if (b) b.hidden = !!hidden;
    },
    isButtonHidden: function (identifier) {
      var b = buttonOf(identifier);
      return !b || b.hidden;
    },
    createButton: function (action) {
      var d = topDialog();
      if (d) drawButton(d, action);
    },
  };

  // ---- flags -----------------------------------------------------------------------------------
  var flagProvider = {
    create: function (options) {
      var el = document.createElement("div");
      el.className = "harness-flag";
      el.setAttribute("data-flag-id", options.id);
      el.setAttribute("data-type", options.type);
      var title = document.createElement("strong");
      title.textContent = options.title || "";
      var body = document.createElement("p");
      body.textContent = options.body || "";
      el.appendChild(title);
      el.appendChild(body);
      var open = true;
      var flag = {
        close: function () {
          if (!open) return;
          open = false;
          el.remove();
          options.onClose(options.id); // connect-host then sends flag.close to the iframe that made the flag
        },
      };
      (options.actions || []).forEach(function (action) {
        var link = document.createElement("button");
        link.type = "button";
        link.textContent = action.actionText;
        link.setAttribute("data-action", action.actionKey);
        link.addEventListener("click", action.executeAction);
        el.appendChild(link);
      });
      var x = document.createElement("button");
      x.type = "button";
      x.className = "harness-flag-close";
      x.textContent = "×";
      x.addEventListener("click", flag.close);
      el.appendChild(x);
      if (options.close === "auto") setTimeout(flag.close, ui.flagAutoCloseMs);
      ui.flags.push({ id: options.id, title: options.title, body: options.body, type: options.type, close: options.close });
      layer("harness-flags").appendChild(el);
      return flag;
    },
  };

  var adaptor = host.getFrameworkAdaptor();
  [
    ["dialog", dialogProvider],
    ["flag", flagProvider],
  ].forEach(function (entry) {
    adaptor.registerModule({
      getModuleRegistrationName: function () {
        return entry[0];
      },
      isEnabled: function () {
        return true;
      },
      getProvider: function () {
        return entry[1];
      },
    });
  });

  // ---- navigator -------------------------------------------------------------------------------
  host.defineModule("navigator", {
    go: function (target, context, callback) {
      ui.navigations.push({ target: target, context: context, from: extensionOf(callback).key });
    },
    getLocation: function (callback) {
      callback(ui.location);
    },
    reload: function () {
      ui.reloads++;
    },
  });

  // ---- history: the host page's fragment, "#!<state>" ------------------------------------------
  function anchor() {
    return decodeURIComponent(location.hash.replace(/^#!?/, ""));
  }
  function setAnchor(state, replace) {
    // pushState/replaceState fire no hashchange: the app's own changes do not reach its pop-state callbacks.
    history[replace ? "replaceState" : "pushState"](history.state, "", "#!" + encodeURIComponent(String(state)));
  }
  window.addEventListener("hashchange", function (event) {
    var change = {
      oldURL: decodeURIComponent((event.oldURL.split("#")[1] || "").replace(/^!/, "")),
      newURL: anchor(),
      hash: location.hash,
      href: location.href,
      title: document.title,
    };
    // One call per registered callback: simple-xdm answers a callback once, so apps register again.
    ui.history.popStateCallbacks.splice(0).forEach(function (callback) {
      callback(change);
    });
  });
  host.defineModule("history", {
    back: function () {
      history.back();
    },
    forward: function () {
      history.forward();
    },
    go: function (delta) {
      history.go(delta);
    },
    pushState: function (state, title, url) {
      ui.history.pushed.push([state, title, url]);
      setAnchor(url || state, false);
    },
    replaceState: function (state, title, url) {
      setAnchor(url || state, true);
    },
    getState: function (type, callback) {
      callback(type === "all" ? { key: anchor(), hash: location.hash, title: document.title, href: location.href } : anchor());
    },
    popState: function (callback) {
      ui.history.popStateCallbacks.push(callback);
    },
  });

  // ---- cookie: per app, in memory --------------------------------------------------------------
  host.defineModule("cookie", {
    save: function (name, value, expires, callback) {
      ui.cookies[extensionOf(callback).addon_key + ":" + name] = { value: value, expires: expires };
    },
    read: function (name, callback) {
      var c = ui.cookies[extensionOf(callback).addon_key + ":" + name];
      callback(c ? c.value : undefined);
    },
    erase: function (name, callback) {
      delete ui.cookies[extensionOf(callback).addon_key + ":" + name];
    },
  });

  // ---- confluence: the macro editor --------------------------------------------------------------
  host.defineModule("confluence", {
    getMacroData: function (callback) {
      callback(ui.macro.data);
    },
    getMacroBody: function (callback) {
      callback(ui.macro.body);
    },
    saveMacro: function (parameters, body) {
      ui.macro.saved.push([parameters, body]);
      ui.macro.data = parameters;
      if (body !== undefined && body !== null) ui.macro.body = body;
    },
    closeMacroEditor: function () {
      ui.macro.editorClosed++;
    },
    closeMacroPropertyPanel: function () {
      ui.macro.panelClosed++;
    },
  });

  // ---- jira ------------------------------------------------------------------------------------
  host.defineModule("jira", {
    refreshIssuePage: function () {
      ui.jira.refreshes++;
    },
    setDashboardItemTitle: function (title) {
      ui.jira.titles.push(title);
    },
    isDashboardItemEditable: function (callback) {
      callback(ui.jira.editable);
    },
    getWorkflowConfiguration: function (callback) {
      callback(ui.jira.workflowConfiguration);
    },
    isNativeApp: function (callback) {
      callback(false);
    },
    // Products define these with the callback last, as simple-xdm passes it; apps call them callback first, and the
    // Jira plugin of Atlassian's CDN all.js (not the npm all.js served here) turns one into the other.
    // Like connect-host's own modules, they take the callback from the end of whatever arrived.
    openCreateIssueDialog: function () {
      var params = arguments[arguments.length - 2] || {};
      arguments[arguments.length - 1]([{ key: "ABC-100", fields: params.fields || {} }]);
    },
    showJQLEditor: function () {
      var options = arguments[arguments.length - 2] || {};
      arguments[arguments.length - 1]({ jql: options.jql || "" });
    },
    openIssueDialog: function (issueKey, callback) {
      // The issue dialog stays open until the test closes it (harness.ui.closeIssueDialog).
      ui.jira.issueDialogs.push({ issueKey: issueKey, done: callback });
    },
  });

  /** Closes the oldest open issue dialog: its opener's callback gets the issue key. */
  ui.closeIssueDialog = function () {
    var d = ui.jira.issueDialogs.shift();
    if (d) d.done(d.issueKey);
  };
  /** The iframe element of the n-th open dialog (0: the bottom one). */
  ui.dialogIframe = function (n) {
    var d = ui.dialogs[n];
    return d && d.el.querySelector("iframe");
  };

  // product.js defines window.harness first; this file only adds its part.
  window.harness.ui = ui;
})();
