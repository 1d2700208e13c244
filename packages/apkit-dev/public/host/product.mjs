// The "product" side of the host page: what Jira and Confluence define on top of connect-host.js.
// - `request` answers AP.request from the dev host's in-memory product (the server's /__dev/product/rest), the way a
//   product does: { body, xhr } for 2xx, a rejection { err, xhr } otherwise, settled by apkit/testing's settleAnswer,
//   the code apkit's mock settles with; page routes (harness.route) answer first, for tests;
// - `context.getToken` returns an HS256 context JWT signed by the server with the installed app's shared secret;
//   `context.getContext` the context of the frame; `user.*` answer through callbacks (callback-only, as in products).
// window.harness is the page's handle for tests, Playwright and the other page modules.
import { settleAnswer } from "apkit/testing";

const host = window.connectHost;
/** The app key of frames that belong to no installed app (test pages framed with harness.createFrame). */
const HARNESS_APP = "apkit-harness";

const requests = [];
const overrides = {};
const frames = {}; // module key -> { context, addonKey, platform }
const pageRoutes = [];

async function getJson(path, init) {
  const res = await fetch(path, init);
  const body = await res.json();
  if (!res.ok) {
    const error = new Error(body?.error?.message ?? `${path} answered ${res.status}`);
    error.code = body?.error?.code;
    throw error;
  }
  return body;
}
const postJson = (path, value) => getJson(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });

// The channel to the dev host (its src/channel.mjs): one WebSocket for the page's calls, much cheaper than a request
// each. Every call settles: a closed channel rejects what is pending and what comes after, with a code.
function openChannel() {
  const ws = new WebSocket(`${location.origin.replace(/^http/, "ws")}/__dev/channel`);
  const pending = new Map();
  let next = 0;
  const closed = () => Object.assign(new Error("the dev host closed the page's channel (is apkit-dev still running? reload the page)"), { code: "ERR_DEV_CHANNEL_CLOSED" });
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("close", () => reject(closed()), { once: true });
  });
  ws.addEventListener("message", (event) => {
    const m = JSON.parse(event.data);
    const call = pending.get(m.id);
    if (!call) return;
    pending.delete(m.id);
    if (m.ok) call.resolve(m.value);
    else call.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
  });
  ws.addEventListener("close", () => {
    for (const call of pending.values()) call.reject(closed());
    pending.clear();
  });
  return {
    opened,
    /** Resolves what the host's operation `op` answers for `body`. */
    call: (op, body) =>
      opened.then(
        () =>
          new Promise((resolve, reject) => {
            if (ws.readyState !== WebSocket.OPEN) return reject(closed());
            const id = ++next;
            pending.set(id, { resolve, reject });
            ws.send(JSON.stringify({ id, op, body }));
          }),
      ),
  };
}
const channel = openChannel();

// ---- the product's REST -----------------------------------------------------------------------------------------
/**
 * The product's answer to one REST call, `{ status, statusText, headers, body }`: a page route's, or the dev host's
 * product. `req`: { url, type, data, contentType, headers, product, frame: { platform, app, module } }.
 */
function rest(req) {
  const path = String(req.url || "").split("?")[0];
  const method = String(req.type || "GET").toUpperCase();
  for (const route of pageRoutes) {
    if (route.method === method && (typeof route.path === "string" ? route.path === path : route.path.test(path))) {
      return Promise.resolve(route.answer(req)).then((r) => ({ status: r.status ?? 200, statusText: r.statusText ?? "", headers: r.headers ?? {}, body: r.body ?? "" }));
    }
  }
  return channel.call("product/rest", { method, url: req.url, body: typeof req.data === "string" ? req.data : req.data === undefined ? undefined : JSON.stringify(req.data), frame: req.frame });
}

// ---- the product's bridge modules -------------------------------------------------------------------------------
function behaviour(name, normal) {
  const o = overrides[name];
  if (!o) return normal();
  if (o === "never") return new Promise(() => {});
  if (o === "throw") throw new Error(`harness: ${name} threw`);
  if (o === "rejectError") return Promise.reject(new Error(`harness: ${name} failed`));
  if (o === "rejectObject") return Promise.reject({ code: 42, reason: "harness object" });
  if (o === "resolveUndefined") return Promise.resolve(undefined);
  if (o === "resolveFalse") return Promise.resolve(false);
  if (o === "rejectZero") return Promise.reject(0);
  throw new Error(`harness: unknown override ${o}`);
}
const extensionOf = (args) => {
  const callback = [...args].reverse().find((a) => typeof a === "function" && a._context);
  return (callback && callback._context && callback._context.extension) || {};
};
const frameOf = (extension) => frames[extension.key] ?? { context: {}, addonKey: extension.addon_key };

function request(arg0, arg1) {
  const extension = extensionOf(arguments);
  const options = typeof arg0 === "string" ? { ...(arg1 && typeof arg1 === "object" && !arg1._context ? arg1 : {}), url: arg0 } : arg0 || {};
  return behaviour("request", () => {
    requests.push({ url: options.url, type: options.type || "GET", data: options.data, contentType: options.contentType, headers: options.headers, experimental: options.experimental, binaryAttachment: options.binaryAttachment });
    const frame = { platform: "connect", app: extension.addon_key, module: extension.key };
    return rest({ ...options, frame }).then((answer) => settleAnswer(answer, !!options.binaryAttachment));
  });
}
request.returnsPromise = true;
host.defineModule({ request });

const getToken = function (callback) {
  const extension = extensionOf(arguments);
  return behaviour("context.getToken", () =>
    harness.ready.then(() => channel.call("token", { addonKey: extension.addon_key, moduleKey: extension.key, accountId: harness.myself.accountId, context: frameOf(extension).context, ttl: harness.tokenTtl }).then((j) => {
      harness.tokensIssued++;
      return j.token;
    })),
  );
};
getToken.returnsPromise = true;
const getContext = function (callback) {
  const context = frameOf(extensionOf(arguments)).context;
  return behaviour("context.getContext", () => Promise.resolve(context));
};
getContext.returnsPromise = true;
host.defineModule("context", { getToken, getContext });

host.defineModule("user", {
  getCurrentUser(callback) {
    if (overrides["user.getCurrentUser"] === "never") return;
    harness.ready.then(() => callback({ atlassianAccountId: harness.myself.accountId }));
  },
  getLocale(callback) {
    harness.ready.then(() => callback(String(harness.myself.locale || "en_US").replace("_", "-")));
  },
  getTimeZone(callback) {
    harness.ready.then(() => callback(harness.myself.timeZone));
  },
});

// Which frames have reached the bridge (the --once check and tests read it).
host.onIframeEstablished((data) => {
  const key = data?.extension?.key;
  if (key && frames[key]) Object.assign(frames[key], { established: true, id: data.extension.id });
});

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

// ---- what tests, the --once check and the other page modules drive ----------------------------------------------
const harness = {
  addonKey: HARNESS_APP,
  requests,
  tokensIssued: 0,
  tokenTtl: 900,
  /** The site (/__dev/site): clientKey, cloudId, environmentId, origins, the notice. Set before `ready`. */
  site: undefined,
  /** The user viewing the page. */
  myself: undefined,
  /** The product's data as last read from the dev host (/__dev/product). */
  state: undefined,
  /** The installed apps (/__dev/apps). */
  apps: [],
  frames,
  rest,
  getJson,
  postJson,
  /** Asks the dev host: "product/rest", "token", "frame-url", "forge/call" (over the page's channel). */
  call: channel.call,
  element,
  /**
   * Answers `method` requests to `path` (a path, or a RegExp tested on the path) in the page, before the product:
   * `answer(req)` returns (or resolves) `{ status, headers, body }`. Returns a function that removes the route.
   */
  route(method, path, answer) {
    const route = { method: method.toUpperCase(), path, answer };
    pageRoutes.unshift(route);
    return () => {
      const i = pageRoutes.indexOf(route);
      if (i >= 0) pageRoutes.splice(i, 1);
    };
  },
  /** Makes a product method misbehave: never | throw | rejectError | rejectObject | resolveUndefined | resolveFalse | rejectZero | null. */
  override(name, how) {
    if (how) overrides[name] = how;
    else delete overrides[name];
  },
  /** Frames an app page through connectHost.create. Returns the module key. */
  createFrame(spec) {
    const key = spec.key || `frame-${Math.random().toString(36).slice(2, 8)}`;
    frames[key] = { context: spec.context || { jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } }, addonKey: spec.addon_key || HARNESS_APP, platform: "connect", established: false };
    const container = host.create({
      addon_key: spec.addon_key || HARNESS_APP,
      key,
      url: spec.url,
      options: { isFullPage: false, autoresize: true, width: "100%", height: spec.height || "200px", ...spec.options },
    });
    const box = element("section", "host-frame");
    box.setAttribute("data-key", key);
    box.setAttribute("data-platform", "connect");
    box.appendChild(element("h2", "", spec.title || key));
    window.jQuery(box).append(container);
    (spec.parent || document.getElementById("frames")).appendChild(box);
    return key;
  },
  /** A host event, as the product broadcasts it. */
  broadcast(name, filter, data) {
    host.broadcastEvent(name, filter || { addon_key: HARNESS_APP }, data);
  },
  /** The iframe element of a frame created with createFrame. */
  iframeOf(key) {
    const box = document.querySelector(`.host-frame[data-key="${key}"]`);
    return box && box.querySelector("iframe");
  },
  /** Reads the product, the user and the apps again from the dev host. */
  async refresh() {
    const [site, state, apps] = await Promise.all([getJson("/__dev/site"), getJson("/__dev/product"), getJson("/__dev/apps")]);
    harness.site = site;
    harness.myself = site.myself;
    harness.state = state;
    harness.apps = apps;
  },
};
window.harness = harness;

/** Settles once the site, product and apps are read (the other page modules wait for it). */
harness.ready = Promise.all([harness.refresh(), channel.opened]).then(() => undefined);
