// THE LOCAL FORGE HOST IS AN EMULATION (docs/dev-host.md, docs/forge.md). This module is its transport on the host
// page: it frames Custom UI resources and carries their `__bridge.callBridge(name, payload)` calls between the
// frames (forge/bridge-shim.js, injected first into every resource page) and the emulation that answers them
// (forge-emulation.mjs). The postMessage framing is this emulation's own (Atlassian does not publish the real one):
//
// frame -> host page   { apkitForge: 1, type: "call", id, name, payload }     a callBridge call
//                      { apkitForge: 1, type: "hostCall", id, fn, args }      calling a function the host handed out
//                      { apkitForge: 1, type: "resize", height }              the frame's content height
// host page -> frame   { apkitForge: 1, type: "answer", id, ok, value | error }
//                      { apkitForge: 1, type: "callback", fn, args }          calling one of the app's functions
//
// Functions cannot cross postMessage: a function inside a payload travels as { __apkitFn: n } and becomes, here, a
// function that calls it in its frame; a function inside an answer travels as { __apkitHostFn: n }.
//
// The seam: everything that decides an answer is behind `emulation.callBridge(frame, name, payload)`, one module
// (forge-emulation.mjs today). A frame is `{ id, key, app, module, resource, iframe, context, modal }`.

let nextFrame = 0;
let nextHostFn = 0;

/**
 * @param {{ emulation: { callBridge(frame: object, name: string, payload: unknown): unknown }, origins: () => string[] }} options
 *   origins: the origins Forge frames may be served from (resource origins, the app origin)
 */
export function createForgeFrames({ emulation, origins }) {
  const frames = {};
  const hostFns = {};

  const isPlain = (v) => {
    if (!v || typeof v !== "object") return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  };
  const post = (frame, message) => {
    const win = frame.iframe.contentWindow;
    if (win) win.postMessage({ ...message, apkitForge: 1 }, frame.origin);
  };
  // The app's { __apkitFn } -> functions that run it in its frame (asynchronously, with copies of the arguments).
  const decode = (frame, v) => {
    if (Array.isArray(v)) return v.map((x) => decode(frame, x));
    if (isPlain(v)) {
      if (typeof v.__apkitFn === "number") {
        const fn = v.__apkitFn;
        return (...args) => post(frame, { type: "callback", fn, args: encode(frame, args) });
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(frame, x)]));
    }
    return v;
  };
  // This page's functions in an answer -> { __apkitHostFn }, callable only by the frame they were given to.
  const encode = (frame, v) => {
    if (typeof v === "function") {
      const id = ++nextHostFn;
      hostFns[id] = { frame, fn: v };
      return { __apkitHostFn: id };
    }
    if (Array.isArray(v)) return v.map((x) => encode(frame, x));
    if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(frame, x)]));
    return v;
  };
  const refuse = (code, message) => Object.assign(new Error(message), { code });
  const frameOf = (source) => Object.values(frames).find((f) => f.iframe.contentWindow === source);

  window.addEventListener("message", (event) => {
    const m = event.data;
    if (!m || m.apkitForge !== 1 || !origins().includes(event.origin)) return;
    const frame = frameOf(event.source);
    if (!frame || frame.origin !== event.origin) return;
    if (m.type === "resize") {
      if (!frame.modal) frame.iframe.style.height = `${Math.min(Math.max(Number(m.height) || 0, 40), 2000)}px`;
      return;
    }
    let work;
    if (m.type === "call") {
      work = new Promise((resolve) => resolve(emulation.callBridge(frame, String(m.name), decode(frame, m.payload))));
    } else if (m.type === "hostCall") {
      const entry = hostFns[m.fn];
      work = entry && entry.frame === frame
        ? new Promise((resolve) => resolve(entry.fn(...decode(frame, m.args || []))))
        : Promise.reject(refuse("ERR_FORGE_BRIDGE_UNKNOWN_CALL", "no such host function"));
    } else return;
    work.then(
      (value) => post(frame, { type: "answer", id: m.id, ok: true, value: encode(frame, value) }),
      (error) => post(frame, { type: "answer", id: m.id, ok: false, error: { message: String(error?.message ?? error), code: error?.code } }),
    );
  });

  /** A frame for a resource page (not yet in the document): `{ key, url, app, module, resource, context, modal?, height?, title? }`. */
  function makeFrame(spec) {
    const iframe = document.createElement("iframe");
    iframe.src = spec.url;
    iframe.style.border = "0";
    iframe.style.width = "100%";
    iframe.style.height = spec.height || "200px";
    iframe.title = spec.title || spec.key;
    const frame = { id: `forge-frame-${++nextFrame}`, key: spec.key, origin: new URL(spec.url).origin, app: spec.app, module: spec.module, resource: spec.resource, iframe, context: spec.context, modal: spec.modal, calls: 0 };
    frames[frame.id] = frame;
    return frame;
  }
  /** Frames a resource in a box like the Connect frames' (`.host-frame.forge-frame[data-forge-key]`), in `spec.parent`. */
  function createFrame(spec) {
    const frame = makeFrame(spec);
    const box = document.createElement("section");
    box.className = "host-frame forge-frame";
    box.setAttribute("data-forge-key", spec.key);
    box.setAttribute("data-platform", "forge");
    const title = document.createElement("h2");
    title.textContent = spec.title || spec.key;
    box.appendChild(title);
    box.appendChild(frame.iframe);
    spec.parent.appendChild(box);
    return frame;
  }
  /** Forgets a frame (its iframe left the page). */
  function drop(frame) {
    delete frames[frame.id];
  }
  return { frames, makeFrame, createFrame, drop };
}
