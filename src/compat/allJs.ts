/**
 * @internal What all.js itself puts on `AP`, on top of the host's modules, written once for apkit/testing's mock (over
 * its emulated host) and apkit/compat (over apkit's port): the top-level sizing shortcuts, the AMD `require` /
 * `define`, `meta`, the dialog's `create().on` and `disableCloseOnSubmit` (app-side state in all.js) and, for the CDN
 * all.js, what its plugins define app-side (the request plugin's callbacks and rebuilt xhr, the Jira plugin's
 * callback-first dialogs, the custom content EditComponent, the macro property panel bindings, the synchronous
 * `history.getState()`).
 *
 * These never cross the bridge in all.js, so a host would not see them; the mock still lists them in `mock.calls`
 * (through `report`, which crosses like a host call, so the order of `calls` is the order of the app's calls).
 */
import { cdnRequest } from "./request.js";

/** @internal What the all.js extras need from the host side (the mock, or apkit/compat). */
export interface AllJsKit {
  /** Records an app-side call in `mock.calls` (data only: functions would be stripped with a warning). */
  report(method: string, ...args: unknown[]): void;
  /** The CDN all.js (with its product plugins) or the npm one. */
  cdn: boolean;
  /** Submit stops closing this iframe's dialog. */
  disableCloseOnSubmit(): void;
  /** The host page's current history state. */
  historyState(): string;
}

type AnyFn = (...args: any[]) => any;

/** @internal Adds all.js's own members to an `AP` whose host modules are there (the emulated host's, or compat's). */
export function addAllJs(ap: Record<string, any>, kit: AllJsKit): void {
  const { report } = kit;
  if (kit.cdn) {
    if (typeof ap.request === "function") ap.request = cdnRequest(ap.request);
    // The Jira plugin of the CDN all.js takes these callback first and hands the host the callback last.
    for (const name of ["openCreateIssueDialog", "showJQLEditor"]) {
      const raw = ap.jira?.[name];
      if (typeof raw === "function") ap.jira[name] = (callback: unknown, arg: unknown) => raw(arg, callback);
    }
  }
  // The d.ts of all.js (and older all.js releases) have these at top level; they are the env module's methods.
  if (ap.env) {
    // all.js's own AP.resize calls the host's env.resize.
    if (ap.env.resize) ap.resize = (...args: unknown[]) => ap.env.resize(...args);
    ap.sizeToParent = (hideFooter?: boolean) => ap.env.sizeToParent(hideFooter);
    ap.hideFooter = (hide?: boolean) => ap.env.hideFooter(hide);
    ap.getLocation = (callback: AnyFn) => ap.env.getLocation(callback);
  }

  // all.js's AMD: `require` hands over host modules (or modules the page defined), `define` registers one.
  const defined = new Map<string, unknown>();
  // all.js also names the inline dialog module "inline-dialog".
  const moduleOf = (name: string) => (defined.has(name) ? defined.get(name) : ap[name === "inline-dialog" ? "inlineDialog" : name]);
  ap.require = (names: string | string[], callback?: AnyFn) => {
    const list = Array.isArray(names) ? names : [names];
    report("require", list);
    callback?.(...list.map(moduleOf));
  };
  ap.define = (name: string, deps: unknown, factory?: unknown) => {
    const [needs, make] = factory === undefined ? [[], deps] : [deps as string[], factory];
    report("define", name, needs);
    defined.set(name, typeof make === "function" ? make(...(needs as string[]).map(moduleOf)) : make);
  };
  // <meta name="ap-..."> of the app's own page, as all.js reads them.
  const meta = (name: string): string | undefined =>
    (typeof document === "undefined" ? null : document.querySelector(`meta[name='ap-${name}']`))?.getAttribute("content") ?? undefined;
  ap.meta = meta;
  ap.Meta = { get: meta };
  ap.localUrl = (path?: string) => {
    const url = meta("local-base-url");
    return url === undefined || path === undefined ? url : `${url}${path}`;
  };
  // An iframe is a host for its own sub-iframes in all.js; neither the mock nor apkit/compat has any: these only report.
  ap.defineModule = (name: string, module: object) => report("defineModule", name, Object.keys(module ?? {}));
  ap.defineGlobal = (module: object) => report("defineGlobal", Object.keys(module ?? {}));
  ap.addRequestMarshal = () => report("addRequestMarshal");

  if (ap.dialog) {
    ap.dialog.disableCloseOnSubmit = () => {
      report("dialog.disableCloseOnSubmit");
      kit.disableCloseOnSubmit();
    };
    const create = ap.dialog.create as AnyFn | undefined;
    if (create) {
      // all.js's deprecated `create(options).on("close", fn)`: fn hears the next dialog.close, then is dropped.
      ap.dialog.create = (...args: unknown[]) => {
        const dialog = create(...args);
        dialog.on = (event: string, listener: AnyFn) => {
          let done = false;
          ap.events.on(`dialog.${event}`, (...data: unknown[]) => {
            if (done) return;
            done = true;
            listener(...data);
          });
        };
        return dialog;
      };
    }
    ap.Dialog = ap.dialog;
  }

  if (!kit.cdn) return;

  if (ap.history?.getState) {
    // Without a callback the CDN all.js answers at once from the state it keeps.
    const ask = ap.history.getState as AnyFn;
    ap.history.getState = (...args: unknown[]) => {
      if (typeof args[args.length - 1] === "function") return ask(...args);
      report("history.getState", ...args);
      return kit.historyState();
    };
  }
  if (ap.confluence) {
    // Listeners cannot cross the bridge: each binding becomes an event listener of that name. (A host side with a
    // property panel of its own to refuse, apkit/compat's on Forge, keeps its method.)
    ap.confluence.onMacroPropertyPanelEvent ??= (bindings: Record<string, AnyFn>) => {
      report("confluence.onMacroPropertyPanelEvent", Object.keys(bindings ?? {}));
      for (const [name, listener] of Object.entries(bindings ?? {})) {
        if (typeof listener === "function") ap.events.on(name, listener);
      }
    };
  }
  if (ap.customContent) {
    const host = ap.customContent as Record<string, AnyFn>;
    ap.customContent = {
      ...host,
      getEditComponent() {
        report("customContent.getEditComponent");
        return {
          intercept: (event: string) => host.intercept!(event),
          submitCallback: (body: unknown) => host.submitCallback!(body),
          submitSuccessCallback: (doRedirect: boolean, error?: string) => host.submitSuccessCallback!(doRedirect, error),
          submitErrorCallback: (prevent: boolean, error?: string) => host.submitErrorCallback!(prevent, error),
          cancelCallback: (doRedirect: boolean, error?: string) => host.cancelCallback!(doRedirect, error),
        };
      },
    };
  }
}
