/**
 * The product's UI side for {@link createMockAP}, defined the way a product defines it on connect-host: a dialog
 * provider (dialog iframes, custom data by dialog id, `dialog.close` broadcast to every iframe of the app, the top
 * dialog closed), flags (events to the iframe that made the flag), and the host modules products write themselves
 * (env sizing, navigator, history, cookie, theming, Confluence's macro editor, Jira's page helpers).
 * It follows host/public/product-ui.js, which runs the same roles against the real connect-host.js.
 */
import { decodeClose, decodeCustomData, dialogIdOf, encodeClose } from "../core/dialogCodec.js";
import type { EmulatedHost, HostCallback, HostClass, HostModules } from "./emulateHost.js";

/** One app iframe of the mock. */
export interface MockFrame {
  /** The `AP` this iframe's page sees. */
  readonly ap: Record<string, any>;
  /** The app key. */
  readonly addonKey: string;
  /** The module key. */
  readonly moduleKey: string;
  /** The iframe's id on the host. */
  readonly id: string;
  /** What the iframe was created with (`AP._data.options`): `isDialog`, `isFullPage`, ... */
  readonly options: Record<string, unknown>;
  /** The product context `getContext()` answers in this iframe (and the `context` claim of its tokens). */
  context: Record<string, unknown>;
  /**
   * Runs `fn` as this iframe's page: `window.AP` is this iframe's `AP` while `fn` runs and until the bridge is idle
   * afterwards, then the previous `AP` is back.
   */
  run<T>(fn: () => T | PromiseLike<T>): Promise<T>;
}

/** A button of a dialog. */
export interface MockDialogButton {
  disabled: boolean;
  hidden: boolean;
}

/** An open dialog: its iframe, and what the opener asked for. */
export interface MockDialog extends MockFrame {
  /** The options `AP.dialog.create` got, as the host received them (`customData` includes apkit's `__apkit` id). */
  readonly request: Record<string, unknown>;
  /** The custom data as the dialog's page reads it with apkit's `dialog.getCustomData()`. */
  readonly customData: unknown;
  /** `submit`, `cancel` and any custom buttons. */
  readonly buttons: Readonly<Record<string, MockDialogButton>>;
}

/** A dialog that closed, and the data its opener got (`undefined`: dismissed). */
export interface MockClosedDialog {
  readonly dialog: MockDialog;
  /** What an apkit opener's `dialog.open` resolved with (apkit's correlation envelope removed). */
  readonly data: unknown;
}

/** A flag the app showed. */
export interface MockFlag {
  /** The id the host gave the flag (`flagIdentifier` in its events). */
  readonly id: string;
  readonly title: string | undefined;
  readonly body: string | undefined;
  readonly type: string;
  /** `"auto"` flags are not closed by the mock on their own: close them with `mock.closeFlag`. */
  readonly close: string;
  /** Action identifier → link text. */
  readonly actions: Readonly<Record<string, string>>;
  /** `false` once closed (by the app, or by `mock.closeFlag`). */
  readonly open: boolean;
  /** The iframe that showed it. */
  readonly frame: MockFrame;
}

/** An `AP.resize` the host received. */
export interface MockResize {
  /** As sent: pixels, `"100%"`, or `undefined` where all.js would measure the content. */
  width: number | string | undefined;
  height: number | string | undefined;
  frame: MockFrame;
}

/** A `navigator.go` the host received. */
export interface MockNavigation {
  target: string;
  context: Record<string, unknown> | undefined;
  frame: MockFrame;
}

/** The host page's history, as the history module sees it. */
export interface MockHistory {
  /** Every entry, oldest first. */
  readonly entries: readonly string[];
  /** The current entry's index. */
  readonly index: number;
  /** The current entry (what `history.getState()` answers). */
  readonly state: string;
  /** The user goes `delta` steps back (negative) or forward: the app's pop-state callbacks run. */
  go(delta: number): Promise<void>;
}

/** @internal What the UI modules need from the mock. */
export interface UiKit {
  host(): EmulatedHost;
  addonKey: string;
  frameOf(callback: HostCallback): MockFrame;
  connect(spec: { moduleKey: string; options: Record<string, unknown>; context: Record<string, unknown> }): MockFrame;
  flush(): Promise<void>;
  location: { target: string; context: Record<string, unknown> };
  pageUrl: string;
  macro: { data: unknown; body: string };
  product: "jira" | "confluence";
}


const fail = (message: string): never => {
  throw new Error(`[apkit/testing] ${message}`);
};

/** @internal */
export function uiModules(kit: UiKit) {
  type LiveDialog = MockDialog & { closeOnSubmit: boolean; buttons: Record<string, MockDialogButton> };
  const dialogs: LiveDialog[] = [];
  const flags: Array<MockFlag & { open: boolean }> = [];
  const resizes: MockResize[] = [];
  const navigations: MockNavigation[] = [];
  const cookies = new Map<string, string>();
  const entries = [""];
  let index = 0;
  let popState: HostCallback[] = [];
  const top = (): LiveDialog | undefined => dialogs[dialogs.length - 1];
  // connect-host throws on the host when there is no dialog: the app never hears back.
  const need = () => top() ?? fail("no dialog is open");

  const navigate = async (delta: number) => {
    const next = index + delta;
    if (!Number.isInteger(delta) || next < 0 || next >= entries.length || delta === 0) return;
    const oldURL = entries[index]!;
    index = next;
    const change = { oldURL, newURL: entries[index]!, hash: `#!${entries[index]}`, href: `${kit.pageUrl}#!${entries[index]}`, title: "" };
    popState.splice(0).forEach((callback) => callback(change));
    await kit.flush();
  };

  const closed: MockClosedDialog[] = [];
  const closeTop = (callback: HostCallback, data: unknown) => {
    const d = need();
    kit.host().broadcast("dialog.close", { addon_key: callback._context.extension.addon_key }, data);
    dialogs.splice(dialogs.indexOf(d), 1);
    kit.host().disconnect(d.ap);
    // What an apkit opener resolves with: the data inside apkit's envelope, or the raw close data.
    closed.push({ dialog: d, data: decodeClose(data) });
  };

  let dialogIds = 0;
  /** connect-host's dialog provider: a dialog iframe for `request`, opened by `opener`. */
  const openDialog = (opener: MockFrame, request: Record<string, any>, dialogId = `dialog-${++dialogIds}`): LiveDialog => {
    const frame = kit.connect({
      moduleKey: String(request.key),
      options: { isDialog: true, dialogId, customData: request.customData },
      context: opener.context,
    });
    const d: LiveDialog = Object.assign(frame, {
      request,
      customData: decodeCustomData(request.customData),
      buttons: { submit: { disabled: false, hidden: false }, cancel: { disabled: false, hidden: false } } as Record<string, MockDialogButton>,
      closeOnSubmit: true,
    });
    frame.ap.dialog.disableCloseOnSubmit = () => (d.closeOnSubmit = false); // all.js's own, in the dialog
    for (const b of (request.buttons as Array<{ identifier: string; disabled?: boolean }> | undefined) ?? []) {
      d.buttons[b.identifier] = { disabled: !!b.disabled, hidden: false };
    }
    dialogs.push(d);
    return d;
  };

  const dialog: Record<string, any> = {
    create: {
      constructor: function (this: unknown, ...args: unknown[]) {
        const callback = args.pop() as HostCallback;
        openDialog(kit.frameOf(callback), (args[0] ?? {}) as Record<string, any>, callback._id);
      },
    } as HostClass,
    close: (...args: unknown[]) => {
      const callback = args.pop() as HostCallback;
      closeTop(callback, args[0]);
    },
    getCustomData: (...args: unknown[]) => {
      const callback = args.pop() as HostCallback;
      const id = callback._context.extension.options.dialogId;
      callback(dialogs.find((d) => d.options.dialogId === id)?.request.customData);
    },
    getButton: {
      constructor: function (this: { state: MockDialogButton }, name: string) {
        const d = need();
        this.state = d.buttons[name] ??= { disabled: false, hidden: false };
      },
      enable(this: { state: MockDialogButton }) {
        this.state.disabled = false;
      },
      disable(this: { state: MockDialogButton }) {
        this.state.disabled = true;
      },
      toggle(this: { state: MockDialogButton }) {
        this.state.disabled = !this.state.disabled;
      },
      show(this: { state: MockDialogButton }) {
        this.state.hidden = false;
      },
      hide(this: { state: MockDialogButton }) {
        this.state.hidden = true;
      },
      trigger() {},
      isEnabled(this: { state: MockDialogButton }, callback: HostCallback) {
        callback(!this.state.disabled);
      },
      isHidden(this: { state: MockDialogButton }, callback: HostCallback) {
        callback(this.state.hidden);
      },
    } as HostClass,
    createButton: (...args: unknown[]) => {
      args.pop();
      const o = (args[0] ?? {}) as { identifier: string; disabled?: boolean };
      need().buttons[o.identifier] = { disabled: !!o.disabled, hidden: false };
    },
  };

  const closeFlag = (f: MockFlag & { open: boolean }) => {
    if (!f.open) return;
    f.open = false;
    kit.host().broadcast("flag.close", { id: f.frame.id }, { flagIdentifier: f.id });
  };

  const flag = {
    create: {
      constructor: function (this: { id: string }, ...args: unknown[]) {
        const callback = args.pop() as HostCallback;
        const o = (args[0] ?? {}) as Record<string, any>;
        this.id = callback._id!;
        flags.push({
          id: this.id,
          title: o.title,
          body: o.body,
          type: o.type ?? "info",
          close: o.close ?? "auto",
          actions: { ...o.actions },
          open: true,
          frame: kit.frameOf(callback),
        });
        callback(this.id);
      },
      close(this: { id: string }) {
        const f = flags.find((x) => x.id === this.id);
        if (f) closeFlag(f);
      },
    } as HostClass,
  };

  const last = (args: unknown[]) => args.pop() as HostCallback;

  const modules: HostModules = {
    dialog,
    flag,
    inlineDialog: { hide: () => undefined },
    env: {
      resize: (...args: unknown[]) => {
        const frame = kit.frameOf(last(args));
        resizes.push({ width: args[0] as MockResize["width"], height: args[1] as MockResize["height"], frame });
      },
      sizeToParent: () => undefined,
      hideFooter: () => undefined,
      getLocation: (...args: unknown[]) => last(args)(`${kit.pageUrl}#!${entries[index]}`),
    },
    navigator: {
      go: (...args: unknown[]) => {
        const frame = kit.frameOf(last(args));
        navigations.push({ target: String(args[0]), context: args[1] as Record<string, unknown> | undefined, frame });
      },
      getLocation: (...args: unknown[]) => last(args)(kit.location),
      reload: () => undefined,
    },
    history: {
      back: () => void navigate(-1),
      forward: () => void navigate(1),
      go: (...args: unknown[]) => {
        args.pop();
        void navigate(Number(args[0]));
      },
      pushState: (...args: unknown[]) => {
        args.pop();
        entries.splice(index + 1, entries.length, String(args[2] ?? args[0]));
        index = entries.length - 1;
      },
      replaceState: (...args: unknown[]) => {
        args.pop();
        entries[index] = String(args[2] ?? args[0]);
      },
      getState: (...args: unknown[]) => {
        const callback = last(args);
        const state = entries[index]!;
        callback(args[0] === "all" ? { key: state, hash: `#!${state}`, title: "", href: `${kit.pageUrl}#!${state}` } : state);
      },
      popState: (...args: unknown[]) => void popState.push(last(args)),
    },
    cookie: {
      save: (...args: unknown[]) => {
        const { addon_key } = last(args)._context.extension;
        cookies.set(`${addon_key}:${args[0]}`, String(args[1]));
      },
      read: (...args: unknown[]) => {
        const callback = last(args);
        callback(cookies.get(`${callback._context.extension.addon_key}:${args[0]}`));
      },
      erase: (...args: unknown[]) => {
        cookies.delete(`${last(args)._context.extension.addon_key}:${args[0]}`);
      },
    },
    theming: { initializeTheming: () => undefined },
  };
  if (kit.product === "confluence") {
    modules.confluence = {
      getMacroData: (...args: unknown[]) => last(args)(kit.macro.data),
      getMacroBody: (...args: unknown[]) => last(args)(kit.macro.body),
      saveMacro: (...args: unknown[]) => {
        args.pop();
        kit.macro.data = args[0];
        if (typeof args[1] === "string") kit.macro.body = args[1];
      },
      closeMacroEditor: () => undefined,
      closeMacroPropertyPanel: () => undefined,
    };
  } else {
    modules.jira = {
      refreshIssuePage: () => undefined,
      setDashboardItemTitle: () => undefined,
      isDashboardItemEditable: (...args: unknown[]) => last(args)(true),
      getWorkflowConfiguration: (...args: unknown[]) => last(args)(undefined),
      isNativeApp: (...args: unknown[]) => last(args)(false),
    };
  }

  const findFlag = (which: string | MockFlag): MockFlag & { open: boolean } => {
    const found = flags.filter((f) => f.open && (typeof which === "string" ? f.title === which : f.id === which.id));
    if (found.length !== 1) {
      fail(`${found.length ? "several open flags are" : "no open flag is"} ${typeof which === "string" ? `titled "${which}"` : which.id}`);
    }
    return found[0]!;
  };

  const history: MockHistory = {
    get entries() {
      return entries.slice();
    },
    get index() {
      return index;
    },
    get state() {
      return entries[index]!;
    },
    go: navigate,
  };

  return {
    modules,
    openDialog,
    closedDialogs: closed as readonly MockClosedDialog[],
    dialogs: dialogs as readonly MockDialog[],
    flags: flags as readonly MockFlag[],
    resizes: resizes as readonly MockResize[],
    navigations: navigations as readonly MockNavigation[],
    cookies,
    history,
    /** The dialog on top closes with `data`, as its page would with apkit's `dialog.close(data)`. */
    async closeDialog(data?: unknown) {
      const d = need();
      d.ap.dialog.close(encodeClose(dialogIdOf(d.request.customData), data));
      await kit.flush();
    },
    /** A click on a button of the top dialog; Submit and Cancel then close it without data, as all.js does. */
    async clickDialogButton(identifier: string) {
      const d = need();
      const button = d.buttons[identifier] ?? fail(`the dialog has no button "${identifier}"`);
      if (button.disabled || button.hidden) fail(`the dialog's "${identifier}" button is ${button.disabled ? "disabled" : "hidden"}`);
      const filter = { id: d.id };
      const click = { button: { identifier, name: identifier, text: identifier } };
      if (identifier === "submit" || identifier === "cancel") kit.host().broadcast(`dialog.${identifier}`, filter, click);
      kit.host().broadcast("dialog.button.click", filter, click);
      if (identifier === "cancel" || (identifier === "submit" && d.closeOnSubmit)) d.ap.dialog.close();
      await kit.flush();
    },
    async clickFlagAction(which: string | MockFlag, action: string) {
      const f = findFlag(which);
      if (!(action in f.actions)) fail(`the flag "${f.title ?? f.id}" has no action "${action}"`);
      kit.host().broadcast("flag.action", { id: f.frame.id }, { actionIdentifier: action, flagIdentifier: f.id });
      await kit.flush();
    },
    async closeFlag(which: string | MockFlag) {
      closeFlag(findFlag(which));
      await kit.flush();
    },
  };
}

