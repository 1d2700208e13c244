// The host page's start-up: the product (product.mjs: REST, context, user), its UI modules (product-ui.mjs), the
// emulated Forge Custom UI host (forge-frames.mjs carries the calls, forge-emulation.mjs answers them), the product's
// pages (layout.mjs), and the dev host's events (request log, product changes, installs).
import "./product.mjs";
import "./product-ui.mjs";
import { createForgeEmulation } from "./forge-emulation.mjs";
import { createForgeFrames } from "./forge-frames.mjs";
import { createLayout } from "./layout.mjs";

const harness = window.harness;

// Forge frames may be served from the app origin (pages framed by tests) and from each resource's own origin.
const origins = () => [harness.site?.appOrigin, ...harness.apps.flatMap((app) => (app.forge ? Object.values(app.forge.resources) : []))].filter(Boolean);
let emulation;
const frames = createForgeFrames({ emulation: { callBridge: (frame, name, payload) => emulation.callBridge(frame, name, payload) }, origins });
emulation = createForgeEmulation({ harness, frames });
harness.forge = Object.assign(emulation.state, {
  frames: frames.frames,
  emulation,
  createFrame: frames.createFrame,
  /** The iframe element of a Forge module's frame on the page. */
  iframeOf(key) {
    const box = document.querySelector(`.forge-frame[data-forge-key="${key}"]`);
    return box && box.querySelector("iframe");
  },
});

const layout = createLayout({ harness, forge: { frames, emulation } });
/** Shows a view: "issue/ABC-1", "project/ABC", "apps", "admin", "confluence/98001", "data", "log", "home". */
harness.show = layout.show;
harness.views = layout.views;
/**
 * Every module frame on the page now: whether it reached the bridge (Connect: connect-host established it; Forge: it
 * made a callBridge call). The --once check reads it.
 */
harness.report = () => [
  ...Object.entries(harness.frames).filter(([key]) => harness.iframeOf(key)).map(([key, f]) => ({ platform: "connect", app: f.addonKey, key, reached: !!f.established })),
  ...Object.values(frames.frames).filter((f) => !f.modal && document.contains(f.iframe)).map((f) => ({ platform: "forge", app: f.app.key, key: f.key, reached: f.calls > 0 })),
];

/** Settles once the page shows its first view (with the installed apps' frames). */
harness.appsReady = harness.ready.then(() => {
  document.getElementById("host-notice").textContent = harness.site.notice;
  return layout.render(new URL(location.href).searchParams.get("view") || undefined);
});

// The dev host's events: the request log, product changes (re-read, batched), apps installed or removed.
const events = new EventSource("/__dev/events");
let refreshing;
events.addEventListener("log", (e) => JSON.parse(e.data).forEach(layout.addLogRow));
events.addEventListener("product", () => {
  refreshing ??= new Promise((resolve) => setTimeout(resolve, 50)).then(() => harness.refresh()).finally(() => (refreshing = undefined));
});
events.addEventListener("apps", () => harness.refresh().then(() => layout.render(layout.current)));
