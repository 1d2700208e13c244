// The product's UI side of the host page, the way Jira/Confluence plug into connect-host.js:
// - a content resolver (dialog modules have no URL until it answers; it must return a jQuery Deferred);
// - a dialog provider and a flag provider registered on connect-host's framework adaptor, drawing plain DOM;
// - host modules products define themselves: navigator, history, cookie, confluence, jira.
// What the product keeps (dialog stack and buttons, flags, navigations, cookies, history, macro, Jira) is
// apkit/testing's product model (createProductUi), the one createMockAP runs on: this file only draws it and wires it
// to connect-host.js. The Forge emulation (forge-emulation.mjs) draws its modals and flags with the helpers on
// harness.ui, over the same model.
// Tests read and drive it through window.harness.ui (and by clicking the DOM it draws).
import { createProductUi } from "apkit/testing";

(function () {
  "use strict";
  var host = window.connectHost;
  var $ = window.jQuery;
  var appOrigin = location.origin.replace("127.0.0.1", "localhost");
  var product = createProductUi({
    location: { target: "issue", context: { issueKey: "ABC-1", projectKey: "ABC" } },
    pageUrl: location.href.split("#")[0],
    pageTitle: function () {
      return document.title;
    },
    macro: { data: {}, body: "" },
    jira: { editable: true, workflowConfiguration: '{"field":"summary"}' },
  });
  // The DOM of a dialog or flag record of the model: the model stays free of elements.
  var views = new Map();

  var ui = {
    product: product,
    /** Module key -> page path on the app origin; other keys resolve to /app/<key>.html. */
    modules: {},
    dialogs: product.dialogs.stack,
    flags: product.flags.all,
    /** Delay of close: "auto" flags (products use a few seconds). */
    flagAutoCloseMs: 2000,
    navigations: product.navigator.navigations,
    get reloads() {
      return product.navigator.reloads;
    },
    location: product.navigator.location,
    cookies: product.cookies.store,
    macro: product.macro,
    jira: product.jira,
    history: product.history,
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
  var element = window.harness.element;
  function button(text, attribute, value, onClick) {
    var b = element("button", "", text);
    b.type = "button";
    if (attribute) b.setAttribute(attribute, value);
    b.addEventListener("click", onClick);
    return b;
  }
  function extensionOf(callback) {
    return (callback && callback._context && callback._context.extension) || {};
  }

  // ---- content resolver ------------------------------------------------------------------------
  // A dialog module of an installed app: its url, filled in and signed by the dev host like any module URL. Other keys
  // resolve to ui.modules[key] on the app origin, or /app/<key>.html (pages the tests frame).
  function moduleOf(app, key) {
    var modules = (app && app.modules) || {};
    for (var type in modules) {
      var found = Array.isArray(modules[type]) && modules[type].filter(function (m) { return m.key === key && m.url; })[0];
      if (found) return found;
    }
    return undefined;
  }
  host.registerContentResolver.resolveByExtension(function (extension) {
    var deferred = $.Deferred();
    var app = (window.harness.apps || []).filter(function (a) { return a.key === extension.addon_key; })[0];
    var module = moduleOf(app, extension.key);
    if (module) {
      var frame = window.harness.frames[extension.key] || { context: {} };
      window.harness.call("frame-url", { app: app.key, url: module.url, context: frame.context }).then(
        function (r) { deferred.resolve({ url: r.url, options: {} }); },
        function (e) { deferred.reject({}, { text: String(e.message) }); },
      );
      return deferred.promise();
    }
    var path = ui.modules[extension.key] || "/app/" + extension.key + ".html";
    if (!/^\/[\w\-./]*$/.test(path)) deferred.reject({}, { text: "no such module: " + extension.key });
    else deferred.resolve({ url: appOrigin + path, options: {} });
    return deferred.promise();
  });

  // ---- dialogs: the model's stack, drawn -------------------------------------------------------------
  /**
   * Puts a dialog record on the model's stack and draws it: `content` (the iframe's container) between a header and
   * a footer (none without `spec.buttons`). With `spec.onDismiss`, a × in the header (and Escape, unless
   * `closeOnEscape` is false) calls it. Returns the record.
   */
  function openDialog(record, spec) {
    var d = product.dialogs.open(record, spec);
    drawDialog(d, spec);
    return d;
  }
  /** Draws a dialog of the model (one already on its stack). */
  function drawDialog(d, spec) {
    var el = element("section", "harness-dialog " + (spec.className || ""));
    Object.keys(spec.attributes || {}).forEach(function (name) {
      el.setAttribute(name, spec.attributes[name]);
    });
    el.style.width = spec.size[0];
    el.style.height = spec.size[1];
    var header = element("header", "", spec.title);
    var footer = element("footer");
    el.appendChild(header);
    $(el).append(spec.content);
    el.appendChild(footer);
    footer.hidden = !spec.buttons;
    if (spec.onDismiss) {
      var x = button("×", "", "", spec.onDismiss);
      x.className = "harness-dialog-close";
      x.style.float = "right";
      header.appendChild(x);
      if (d.closeOnEscape) {
        el.addEventListener("keydown", function (e) {
          if (e.key === "Escape") spec.onDismiss();
        });
      }
    }
    views.set(d, { el: el, header: header, footer: footer, buttons: {} });
    layer("harness-dialogs").appendChild(el);
    return d;
  }
  /** Takes a dialog off the model's stack and the page. */
  function closeDialog(d, data) {
    if (!product.dialogs.close(d, data)) return false;
    undrawDialog(d);
    return true;
  }
  /** Takes a dialog the model closed off the page. */
  function undrawDialog(d) {
    var view = views.get(d);
    if (view) view.el.remove();
    views.delete(d);
  }
  // A button's DOM follows the model: drawn from it, and redrawn after every change.
  function drawButtons() {
    product.dialogs.stack.forEach(function (d) {
      var view = views.get(d);
      Object.keys(view.buttons).forEach(function (identifier) {
        var state = d.buttons[identifier];
        view.buttons[identifier].disabled = state.disabled;
        view.buttons[identifier].hidden = state.hidden;
      });
    });
  }
  function addButton(d, action) {
    var view = views.get(d);
    var b = button(action.text || action.identifier, "data-identifier", action.identifier, function () {
      // A press the model refuses (disabled, hidden) never reaches connect-host.
      if (product.dialogs.top() === d && !product.dialogs.refusal(action.identifier)) action.onClick();
    });
    if (view.buttons[action.identifier]) view.buttons[action.identifier].remove();
    view.buttons[action.identifier] = b;
    view.footer.appendChild(b);
  }

  var SIZES = { small: ["400px", "200px"], medium: ["600px", "400px"], large: ["800px", "500px"], "x-large": ["968px", "600px"] };
  function changeButton(change) {
    return function (identifier, value) {
      change(identifier, value);
      drawButtons();
    };
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
      // The dialog's frame sees the context of the frame that opened it, as in products.
      var opener = Object.keys(window.harness.frames).map(function (k) { return window.harness.frames[k]; }).filter(function (f) { return f.id && f.id === extension.callback_extension_id; })[0];
      window.harness.frames[extension.key] = { context: (opener && opener.context) || {}, addonKey: extension.addon_key, platform: "connect", established: false };
      var actions = options.actions || [];
      var d = openDialog(
        { platform: "connect", id: options.id, key: extension.key, options: options },
        {
          addonKey: extension.addon_key,
          buttons: actions,
          closeOnEscape: options.closeOnEscape,
          attributes: { "data-key": extension.key, "data-dialog-id": options.id },
          size: SIZES[String(options.size || "").toLowerCase()] || [options.width || "50%", options.height || "50%"],
          title: options.header || "",
          content: host.create(extension), // no URL: the content resolver answers
        },
      );
      actions.forEach(function (action) {
        addButton(d, action);
      });
      drawButtons();
      if (options.chrome === false) {
        views.get(d).header.hidden = true;
        views.get(d).footer.hidden = true;
      }
    },
    close: function () {
      var d = product.dialogs.top();
      if (d) closeDialog(d);
    },
    isActiveDialog: product.dialogs.isActive,
    setButtonDisabled: changeButton(function (identifier, disabled) {
      product.dialogs.setButton(identifier, { disabled: !!disabled });
    }),
    isButtonDisabled: function (identifier) {
      var b = product.dialogs.button(identifier);
      return !b || b.disabled;
    },
    toggleButton: changeButton(product.dialogs.toggleButton),
    setButtonHidden: changeButton(function (identifier, hidden) {
      product.dialogs.setButton(identifier, { hidden: !!hidden });
    }),
    isButtonHidden: function (identifier) {
      var b = product.dialogs.button(identifier);
      return !b || b.hidden;
    },
    createButton: function (action) {
      var d = product.dialogs.top();
      if (!d) return;
      product.dialogs.addButton(action);
      addButton(d, action);
      drawButtons();
    },
  };

  // ---- flags: the model's flags, drawn ---------------------------------------------------------------
  /**
   * Shows a flag record (its `actions`: identifier -> text) in the flag layer. `onAction(identifier)` runs on an
   * action's click; `onClosed()` once, whoever closes it. Returns `close(by)`.
   */
  function showFlag(record, className, onAction, onClosed) {
    var f = product.flags.show(record, removeFlag);
    function close(by) {
      if (!product.flags.close(f, by)) return false;
      removeFlag(f);
      if (onClosed) onClosed();
      return true;
    }
    drawFlag(f, className, onAction, close);
    return close;
  }
  /** Draws a flag of the model; the × (and an "auto" flag's timer) calls `close(by)`. */
  function drawFlag(f, className, onAction, close) {
    var el = element("div", "harness-flag " + (className || ""));
    el.setAttribute("data-flag-id", f.id);
    el.setAttribute("data-type", f.type);
    el.appendChild(element("strong", "", f.title || ""));
    el.appendChild(element("p", "", f.body || ""));
    Object.keys(f.actions).forEach(function (identifier) {
      el.appendChild(button(f.actions[identifier], "data-action", identifier, function () {
        onAction(identifier);
      }));
    });
    var x = button("×", "", "", function () {
      close("user");
    });
    x.className = "harness-flag-close";
    el.appendChild(x);
    views.set(f, { el: el, close: close });
    if (f.close === "auto") setTimeout(close, ui.flagAutoCloseMs, "auto");
    layer("harness-flags").appendChild(el);
  }
  function removeFlag(f) {
    var view = views.get(f);
    if (view) view.el.remove();
    views.delete(f);
  }

  var flagProvider = {
    create: function (options) {
      var actions = {};
      var byKey = {};
      (options.actions || []).forEach(function (action) {
        actions[action.actionKey] = action.actionText;
        byKey[action.actionKey] = action;
      });
      var close = showFlag(
        { platform: "connect", id: options.id, title: options.title, body: options.body, type: options.type, close: options.close, actions: actions },
        "",
        function (key) {
          byKey[key].executeAction();
        },
        function () {
          options.onClose(options.id); // connect-host then sends flag.close to the iframe that made the flag
        },
      );
      return {
        close: function () {
          close("app");
        },
      };
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
      product.navigator.go({ target: target, context: context, from: extensionOf(callback).key });
    },
    getLocation: function (callback) {
      callback(product.navigator.location);
    },
    reload: product.navigator.reload,
  });

  // ---- history: the model's entries; the page's fragment, "#!<state>", shows the current one -------------------
  // The fragment is replaced, never pushed: the browser's own history keeps one entry for the page, so that the
  // model's back and forward are the only ones and nothing races the browser's asynchronous traversal.
  function showEntry() {
    window.history.replaceState(window.history.state, "", "#!" + encodeURIComponent(product.history.state));
  }
  function go(delta) {
    if (product.history.go(delta)) showEntry();
  }
  host.defineModule("history", {
    back: function () {
      go(-1);
    },
    forward: function () {
      go(1);
    },
    go: function (delta) {
      go(Number(delta));
    },
    pushState: function (state, title, url) {
      product.history.push(String(url || state));
      showEntry();
    },
    replaceState: function (state, title, url) {
      product.history.replace(String(url || state));
      showEntry();
    },
    getState: function (type, callback) {
      callback(product.history.describe(type));
    },
    popState: function (callback) {
      product.history.onPopState(callback);
    },
  });

  // ---- cookie: per app, in memory --------------------------------------------------------------
  host.defineModule("cookie", {
    save: function (name, value, expires, callback) {
      product.cookies.save(extensionOf(callback).addon_key, name, value);
    },
    read: function (name, callback) {
      callback(product.cookies.read(extensionOf(callback).addon_key, name));
    },
    erase: function (name, callback) {
      product.cookies.erase(extensionOf(callback).addon_key, name);
    },
  });

  // ---- confluence: the macro editor --------------------------------------------------------------
  // The model's functions serve as host functions where simple-xdm's argument padding (to fn.length - 1, then its
  // callback) lines up with their parameters.
  host.defineModule("confluence", {
    getMacroData: function (callback) {
      callback(product.macro.data);
    },
    getMacroBody: function (callback) {
      callback(product.macro.body);
    },
    saveMacro: product.macro.save,
    // The page reopens the macro with what the editor saved (layout.mjs sets the hook while an editor is open).
    closeMacroEditor: function () {
      product.macro.closeEditor();
      if (ui.onMacroEditorClosed) ui.onMacroEditorClosed();
    },
    closeMacroPropertyPanel: product.macro.closePanel,
  });

  // ---- jira ------------------------------------------------------------------------------------
  host.defineModule("jira", {
    refreshIssuePage: product.jira.refreshIssuePage,
    setDashboardItemTitle: product.jira.setDashboardItemTitle,
    isDashboardItemEditable: function (callback) {
      callback(product.jira.editable);
    },
    getWorkflowConfiguration: function (callback) {
      callback(product.jira.workflowConfiguration);
    },
    isNativeApp: function (callback) {
      callback(false);
    },
    // Products define these with the callback last, as simple-xdm passes it; apps call them callback first, and the
    // Jira plugin of Atlassian's CDN all.js (not the npm all.js served here) turns one into the other.
    // Like connect-host's own modules, they take the callback from the end of whatever arrived.
    openCreateIssueDialog: function () {
      arguments[arguments.length - 1](product.jira.createIssue("ABC", arguments[arguments.length - 2]));
    },
    showJQLEditor: function () {
      arguments[arguments.length - 1](product.jira.jqlEditor(arguments[arguments.length - 2]));
    },
    // The issue dialog stays open until the test closes it (harness.ui.closeIssueDialog).
    openIssueDialog: product.jira.openIssueDialog,
  });

  /** Closes the oldest open issue dialog: its opener's callback gets the issue key. */
  ui.closeIssueDialog = product.jira.closeIssueDialog;
  /** The iframe element of the n-th open dialog (0: the bottom one). */
  ui.dialogIframe = function (n) {
    var d = product.dialogs.stack[n];
    return d && views.get(d).el.querySelector("iframe");
  };
  // For the Forge emulation (apkit/testing/forge's, one host per frame): its modals and flags are the same model's,
  // put on it by the emulation and drawn here.
  ui.layer = layer;
  ui.openDialog = openDialog;
  ui.closeDialog = closeDialog;
  ui.showFlag = showFlag;
  ui.drawDialog = drawDialog;
  ui.undrawDialog = undrawDialog;
  ui.drawFlag = drawFlag;
  ui.removeFlag = removeFlag;
  /** Closes a flag record shown with showFlag; `false` if it was closed already. */
  ui.closeFlag = function (f, by) {
    var view = views.get(f);
    return !!view && view.close(by);
  };

  // product.mjs defines window.harness first; this file only adds its part.
  window.harness.ui = ui;
})();
