import { connectedAP, NOT_IN_IFRAME, peekAP, sharedLoad, type RawAP } from "./connect/transport.js";
import { BridgeUnavailableError, NotInConnectIframeError, ScriptLoadError } from "./errors.js";
import { selected, selectPlatform } from "./platform.js";
import type { Platform } from "./port.js";
import { settle, type CallOptions } from "./settle.js";

/**
 * The all.js Atlassian serves to Connect apps; {@link loadAP}'s default `src`.
 *
 * @example
 * ```ts
 * import { DEFAULT_ALL_JS, loadAP } from "apkit";
 * await loadAP({ src: isFedRamp ? myMirror : DEFAULT_ALL_JS });
 * ```
 */
export const DEFAULT_ALL_JS = "https://connect-cdn.atl-paas.net/all.js";

/**
 * Options of {@link loadAP}. The boolean options are all.js's documented `data-options`; apkit writes them into an
 * `#ac-iframe-options` element, the first place all.js looks, so they also work for a self-hosted `src`
 * (all.js only reads a script tag's own `data-options` when its URL matches Atlassian's CDN paths).
 */
export interface LoadAPOptions extends CallOptions {
  /**
   * The all.js URL. Use it for a self-hosted or FedRAMP copy. Never derive it from the page's query string
   * (`xdm_e`, `cp`): anyone could then make your page run their script.
   * @default "https://connect-cdn.atl-paas.net/all.js"
   */
  src?: string;
  /** `false` stops all.js from resizing the iframe to its content. */
  resize?: boolean;
  /** Size the iframe to its parent (full-page modules only). */
  sizeToParent?: boolean;
  /** `false` stops all.js from setting the body margin. */
  margin?: boolean;
  /** Add a `<base target="_parent">` pointing at the host page. */
  base?: boolean;
  /** Hide the host's footer (with `sizeToParent`). */
  hideFooter?: boolean;
  /** A `nonce` for the injected script, for pages with a strict Content-Security-Policy. */
  nonce?: string;
  /**
   * Runs apkit on another platform than Connect: every later call goes to it. On Forge Custom UI:
   * `loadAP({ platform: forge() })` with `forge` from `apkit/forge`. The all.js options above do not apply then.
   */
  platform?: Platform;
}

const DATA_OPTION_KEYS = ["resize", "sizeToParent", "margin", "base", "hideFooter"] as const;

/**
 * Loads all.js once and resolves the connected `AP`.
 *
 * - An `AP` already on the page (a plain `<script src=".../all.js">`) is used as it is.
 * - Otherwise all.js is injected once; concurrent and later calls share the same load (single flight).
 * - Rejects with {@link NotInConnectIframeError} when the page is not framed by a Connect host (checked before
 *   anything is downloaded, and again after all.js ran), {@link ScriptLoadError} when the script fails,
 *   {@link TimeoutError} after `timeout`, {@link AbortError} when `signal` aborts (the shared load goes on).
 *
 * With `platform`, selects that platform instead and resolves once it started (on Forge: once the context arrived);
 * later calls without it keep the selected platform. There is no raw `AP` on another platform: the promise resolves
 * `undefined` there (or the Connect-shaped `AP` that apkit/compat's `installAP` put on the page).
 * On a Forge Custom UI page without it, rejects with {@link NotInConnectIframeError} saying what to add.
 *
 * @example
 * ```ts
 * import { loadAP, getContext } from "apkit";
 * await loadAP({ resize: false });
 * const context = await getContext();
 * ```
 */
export async function loadAP(options: LoadAPOptions = {}): Promise<RawAP | undefined> {
  // A platform selected earlier stays selected: a later loadAP() (a provider's, a library's) gets it, not all.js.
  const platform = options.platform ?? selected();
  if (platform) {
    if (typeof platform === "function") {
      throw new TypeError("apkit: loadAP's platform is a function: call it, as in loadAP({ platform: forge() })");
    }
    if (typeof platform !== "object" || typeof platform.name !== "string") {
      throw new TypeError("apkit: loadAP's platform must be a Platform object such as forge() from apkit/forge");
    }
    return settle<RawAP | undefined>(`apkit: loadAP on ${platform.name}`, options, (done) => {
      selectPlatform(platform);
      Promise.resolve(platform.start?.(options)).then(
        () => done.resolve(peekAP()),
        (error: unknown) => {
          selectPlatform(undefined);
          done.reject(error);
        },
      );
    });
  }
  const src = checkSrc(options.src ?? DEFAULT_ALL_JS);
  for (const key of DATA_OPTION_KEYS) {
    if (options[key] !== undefined && typeof options[key] !== "boolean") {
      throw new TypeError(`apkit: loadAP's ${key} must be a boolean, got ${String(options[key])}`);
    }
  }
  return settle<RawAP | undefined>("AP.loadAP", options, (done) => {
    if (typeof window === "undefined" || typeof document === "undefined") {
      throw new BridgeUnavailableError("No window: AP exists only in the browser");
    }
    const present = peekAP();
    if (present) return done.resolve(connectedAP(present));
    sharedLoad(() => inject(src, options).then(connectedAP)).then(done.resolve, done.reject);
  });
}

function inject(src: string, options: LoadAPOptions): Promise<RawAP> {
  let framed: boolean;
  try {
    // connect-host hands all.js its setup as JSON in the iframe's name; without it all.js cannot connect.
    framed = window.top !== window.self && !!JSON.parse(window.name);
  } catch {
    framed = false;
  }
  if (!framed) {
    // A Forge Custom UI page has the Forge bridge instead: say what to add rather than "not in an iframe".
    const forge = typeof (globalThis as { __bridge?: { callBridge?: unknown } }).__bridge?.callBridge === "function";
    return Promise.reject(
      new NotInConnectIframeError(
        forge ? 'Forge Custom UI page: import { forge } from "apkit/forge"; loadAP({ platform: forge() })' : NOT_IN_IFRAME,
      ),
    );
  }
  const pairs = DATA_OPTION_KEYS.filter((k) => options[k] !== undefined).map((k) => `${k}:${options[k]}`);
  if (pairs.length) {
    let element = document.getElementById("ac-iframe-options");
    if (!element) {
      element = document.head.appendChild(document.createElement("meta"));
      element.id = "ac-iframe-options";
    }
    element.setAttribute("data-options", pairs.join(";"));
  }
  return new Promise<RawAP>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    if (options.nonce) script.nonce = options.nonce;
    script.onload = () => {
      const ap = peekAP();
      if (ap) resolve(ap);
      else reject(new ScriptLoadError(`${src} defined no AP`, { src }));
    };
    script.onerror = (event) => {
      script.remove();
      reject(new ScriptLoadError(`Could not load ${src}`, { src, cause: event }));
    };
    document.head.appendChild(script);
  });
}

function checkSrc(src: string): string {
  let url: URL | undefined;
  try {
    url = new URL(src, typeof location === "undefined" ? undefined : location.href);
  } catch {
    // Not a URL: refused below, like any other scheme than http(s).
  }
  if (!url || !/^https?:$/.test(url.protocol)) throw new TypeError(`apkit: loadAP's src must be an http(s) URL, got ${src}`);
  return url.href;
}
