/**
 * The product's UI side for {@link createMockAP}, defined the way a product defines it on connect-host: a dialog
 * provider (dialog iframes, custom data by dialog id, `dialog.close` broadcast to every iframe of the app, the top
 * dialog closed), flags (events to the iframe that made the flag), connect-host's smaller modules (host, page,
 * scrollPosition, dropdown, messages) and the host modules products write themselves (env sizing, navigator, history,
 * cookie, theming, Confluence's macro editor and content properties, Jira's page helpers and dialogs).
 * The product's state (dialog stack and buttons, flags, navigations, cookies, history, macro, Jira) is productUi.ts,
 * which the local host page (host/public/product-ui.js, over the real connect-host.js) runs on too: what stays here
 * is connect-host's own part (dialog iframes, broadcasts) and what all.js does on the app's side.
 */
import { decodeClose, decodeCustomData, dialogIdOf, encodeClose } from "../core/dialogCodec.js";
import type { EmulatedHost, HostCallback, HostClass, HostModules } from "./emulateHost.js";
import { createProductUi, type DialogState, type FlagState } from "./productUi.js";
import type { PropertyBackend } from "./propertyBackend.js";

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
  /** The dialog module's key (`dialog.open({ key })`), as on the Forge mock's dialogs. */
  readonly key: string;
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

/** A dropdown the app made with `AP.dropdown.create`. */
export interface MockDropdown {
  /** The `dropdownId` the app gave. */
  readonly id: string;
  /** The groups as the host builds them: `{ heading, items: [{ content, itemId?, disabled? }] }`. */
  readonly groups: ReadonlyArray<{ heading?: string; items: ReadonlyArray<MockDropdownItem> }>;
  /** `true` between `showAt` and `hide`. */
  readonly visible: boolean;
  /** The iframe that made it. */
  readonly frame: MockFrame;
}

/** An item of a {@link MockDropdown}. */
export interface MockDropdownItem {
  content: string;
  itemId?: string;
  disabled?: boolean;
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
  macro: { data?: unknown; body?: string };
  product: "jira" | "confluence";
  /** Where Confluence's content property methods read and write (none: they answer as for missing content). */
  properties: PropertyBackend | undefined;
}


const fail = (message: string): never => {
  throw new Error(`[apkit/testing] ${message}`);
};

/** @internal */
export function uiModules(kit: UiKit) {
  type LiveDialog = MockDialog & DialogState;
  type LiveFlag = MockFlag & FlagState;
  const product = createProductUi<LiveDialog, LiveFlag, MockNavigation>({
    location: kit.location,
    pageUrl: kit.pageUrl,
    macro: kit.macro,
    jira: { editable: true, workflowConfiguration: undefined },
  });
  const { dialogs, flags } = product;
  const resizes: MockResize[] = [];
  const last = (args: unknown[]) => args.pop() as HostCallback;
  // connect-host throws on the host when there is no dialog: the app never hears back.
  const need = () => dialogs.top() ?? fail("no dialog is open");
  const navigate = async (delta: number) => {
    product.history.go(delta);
    await kit.flush();
  };

  const closeTop = (callback: HostCallback, data: unknown) => {
    const d = need();
    kit.host().broadcast("dialog.close", { addon_key: callback._context.extension.addon_key }, data);
    // What an apkit opener resolves with: the data inside apkit's envelope, or the raw close data.
    dialogs.close(d, decodeClose(data));
    kit.host().disconnect(d.ap);
  };

  let dialogIds = 0;
  /** connect-host's dialog provider: a dialog iframe for `request`, opened by `opener`. */
  const openDialog = (opener: MockFrame, request: Record<string, any>, dialogId = `dialog-${++dialogIds}`): LiveDialog => {
    const frame = kit.connect({
      moduleKey: String(request.key),
      options: { isDialog: true, dialogId, customData: request.customData },
      context: opener.context,
    });
    return dialogs.open(Object.assign(frame, { key: String(request.key), request, customData: decodeCustomData(request.customData) }), {
      addonKey: frame.addonKey,
      buttons: [{ identifier: "submit" }, { identifier: "cancel" }, ...((request.buttons as Array<{ identifier: string; disabled?: boolean }> | undefined) ?? [])],
      closeOnEscape: request.closeOnEscape !== false,
    });
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
      callback(dialogs.stack.find((d) => d.options.dialogId === id)?.request.customData);
    },
    getButton: {
      constructor: function (this: { state: MockDialogButton }, name: string) {
        need();
        this.state = dialogs.button(name) ?? dialogs.addButton({ identifier: name })!;
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
      need();
      dialogs.addButton({ ...(args[0] as { identifier: string; disabled?: boolean }), hidden: false });
    },
    // Escape closes a dialog unless it was created with `closeOnEscape: false` (connect-host's default is true).
    isCloseOnEscape: (...args: unknown[]) => {
      const callback = last(args);
      const id = kit.frameOf(callback).id;
      const d = dialogs.stack.find((x) => x.id === id) ?? dialogs.top();
      callback(d ? d.closeOnEscape : true);
    },
  };

  const closeFlag = (f: LiveFlag, by: string) => {
    if (flags.close(f, by)) kit.host().broadcast("flag.close", { id: f.frame.id }, { flagIdentifier: f.id });
  };

  const flag = {
    create: {
      constructor: function (this: { id: string }, ...args: unknown[]) {
        const callback = args.pop() as HostCallback;
        const o = (args[0] ?? {}) as Record<string, any>;
        this.id = callback._id!;
        flags.show({
          id: this.id,
          title: o.title,
          body: o.body,
          type: o.type ?? "info",
          close: o.close ?? "auto",
          actions: { ...o.actions },
          frame: kit.frameOf(callback),
        });
        callback(this.id);
      },
      close(this: { id: string }) {
        const f = flags.find(this.id);
        if (f) closeFlag(f, "app");
      },
    } as HostClass,
  };

  let scrollY = 0;
  const dropdowns: Array<MockDropdown & { visible: boolean }> = [];
  const setDropdownItem = (dropdownId: string, itemId: string, disabled: boolean) => {
    for (const g of dropdowns.find((x) => x.id === dropdownId)?.groups ?? []) {
      for (const item of g.items) if (item.itemId === itemId) item.disabled = disabled;
    }
  };
  const message = { constructor: function () {} } as HostClass;

  // Confluence's content property methods work on the iframe's content (context.confluence.content), here through
  // the property backend's REST v2 content properties, answering the property object ({ id, key, value, version }).
  const contentBase = (callback: HostCallback): string | undefined => {
    const content = (kit.frameOf(callback).context.confluence as { content?: { id?: unknown; type?: unknown } } | undefined)?.content;
    if (!kit.properties || content?.id === undefined) return undefined;
    const kind = content.type === "blogpost" ? "blogposts" : content.type === undefined || content.type === "page" ? "pages" : "custom-content";
    return `/api/v2/${kind}/${encodeURIComponent(String(content.id))}/properties`;
  };
  type ContentProperty = { id: string; key: string; value: unknown; version: { number: number } };
  const shown = (p: ContentProperty): ContentProperty => ({ id: p.id, key: p.key, value: p.value, version: { number: p.version.number } });
  const readContentProperty = (callback: HostCallback, key: string): ContentProperty | undefined => {
    const base = contentBase(callback);
    if (!base) return undefined;
    const r = kit.properties!.handle({ url: `${base}?key=${encodeURIComponent(key)}` });
    const found = r.status === 200 ? (JSON.parse(r.body) as { results: ContentProperty[] }).results[0] : undefined;
    return found && shown(found);
  };
  const writeContentProperty = (
    callback: HostCallback,
    property: { key?: unknown; value?: unknown; version?: { number?: unknown } } | undefined,
  ): { property: ContentProperty } | { error: string } => {
    const base = contentBase(callback);
    if (!base) return { error: "The content does not exist or you do not have permission to see it." };
    if (!property || typeof property.key !== "string") return { error: "A property key is required." };
    const current = readContentProperty(callback, property.key);
    const r = current
      ? kit.properties!.handle({ method: "PUT", url: `${base}/${current.id}`, body: JSON.stringify({ key: property.key, value: property.value, version: property.version }) })
      : kit.properties!.handle({ method: "POST", url: base, body: JSON.stringify({ key: property.key, value: property.value }) });
    const body = r.body ? JSON.parse(r.body) : undefined;
    if (r.status === 200) return { property: shown(body as ContentProperty) };
    return { error: (body as { errors?: Array<{ title?: string }> } | undefined)?.errors?.[0]?.title ?? `HTTP ${r.status}` };
  };

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
      getLocation: (...args: unknown[]) => last(args)(product.history.href),
    },
    navigator: {
      go: (...args: unknown[]) => {
        const frame = kit.frameOf(last(args));
        product.navigator.go({ target: String(args[0]), context: args[1] as Record<string, unknown> | undefined, frame });
      },
      getLocation: (...args: unknown[]) => last(args)(product.navigator.location),
      reload: () => product.navigator.reload(),
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
        product.history.push(String(args[2] ?? args[0]));
      },
      replaceState: (...args: unknown[]) => {
        args.pop();
        product.history.replace(String(args[2] ?? args[0]));
      },
      getState: (...args: unknown[]) => {
        const callback = last(args);
        callback(product.history.describe(args[0]));
      },
      popState: (...args: unknown[]) => void product.history.onPopState(last(args)),
    },
    cookie: {
      save: (...args: unknown[]) => {
        product.cookies.save(last(args)._context.extension.addon_key, String(args[0]), args[1]);
      },
      read: (...args: unknown[]) => {
        const callback = last(args);
        callback(product.cookies.read(callback._context.extension.addon_key, String(args[0])));
      },
      erase: (...args: unknown[]) => {
        product.cookies.erase(last(args)._context.extension.addon_key, String(args[0]));
      },
    },
    theming: { initializeTheming: () => undefined },
    // connect-host's deprecated host module: the selection is not readable any more, it always answers "".
    host: {
      getSelectedText: (...args: unknown[]) => last(args)(""),
      focus: () => undefined,
    },
    // connect-host renames the host page (not the app's document), for full-page modules only: calls record it.
    page: { setTitle: () => undefined },
    // connect-host answers for full-page modules only; other iframes never hear back.
    scrollPosition: {
      getPosition: (...args: unknown[]) => {
        const callback = last(args);
        if (!kit.frameOf(callback).options.isFullPage) return;
        callback({ scrollX: 0, scrollY, width: window.innerWidth, height: window.innerHeight });
      },
      setVerticalPosition: (...args: unknown[]) => {
        const frame = kit.frameOf(last(args));
        if (frame.options.isFullPage && typeof args[0] === "number") scrollY = args[0];
      },
    },
    dropdown: {
      create: (...args: unknown[]) => {
        const frame = kit.frameOf(last(args));
        const o = args[0] as { dropdownId?: unknown; list?: unknown } | undefined;
        // connect-host ignores anything but an options object.
        if (!o || typeof o !== "object" || !Array.isArray(o.list)) return;
        const groups = (o.list as Array<{ heading?: string; list?: unknown[] }>)
          .filter((g) => Array.isArray(g?.list))
          .map((g) => ({ heading: g.heading, items: g.list!.map(dropdownItem) }));
        const id = String(o.dropdownId);
        dropdowns.splice(0, dropdowns.length, ...dropdowns.filter((x) => x.id !== id));
        dropdowns.push({ id, groups, visible: false, frame });
      },
      showAt: (...args: unknown[]) => {
        args.pop();
        const d = dropdowns.find((x) => x.id === String(args[0]));
        if (d) d.visible = true;
      },
      hide: (...args: unknown[]) => {
        args.pop();
        const d = dropdowns.find((x) => x.id === String(args[0]));
        if (d) d.visible = false;
      },
      itemDisable: (...args: unknown[]) => {
        args.pop();
        setDropdownItem(String(args[0]), String(args[1]), true);
      },
      itemEnable: (...args: unknown[]) => {
        args.pop();
        setDropdownItem(String(args[0]), String(args[1]), false);
      },
    },
    // connect-host's deprecated AUI messages: shown nowhere here, and never closed by a user.
    messages: {
      info: message,
      success: message,
      warning: message,
      error: message,
      generic: message,
      hint: message,
      clear: () => undefined,
      onClose: () => undefined,
    },
    events: {
      emitToDataProvider: (...args: unknown[]) => {
        const { addon_key } = last(args)._context.extension;
        kit.host().broadcast("dataProviderEvent", { addon_key }, args);
      },
    },
  };
  if (kit.product === "confluence") {
    modules.confluence = {
      getMacroData: (...args: unknown[]) => last(args)(product.macro.data),
      getMacroBody: (...args: unknown[]) => last(args)(product.macro.body),
      saveMacro: (...args: unknown[]) => {
        args.pop();
        product.macro.save(args[0], args[1]);
      },
      closeMacroEditor: () => product.macro.closeEditor(),
      closeMacroPropertyPanel: () => product.macro.closePanel(),
      getContentProperty: (...args: unknown[]) => {
        const callback = last(args);
        callback(readContentProperty(callback, String(args[0])));
      },
      // Confluence reads the page's properties once; this re-reads them. Both read the property backend here.
      syncPropertyFromServer: (...args: unknown[]) => {
        const callback = last(args);
        callback(readContentProperty(callback, String(args[0])));
      },
      setContentProperty: (...args: unknown[]) => {
        const callback = last(args);
        callback(writeContentProperty(callback, args[0] as { key?: unknown; value?: unknown; version?: { number?: unknown } }));
      },
    };
    // What the CDN all.js's EditComponent (AP.customContent.getEditComponent()) sends for a custom content editor.
    modules.customContent = {
      intercept: () => undefined,
      submitCallback: () => undefined,
      submitSuccessCallback: () => undefined,
      submitErrorCallback: () => undefined,
      cancelCallback: () => undefined,
    };
  } else {
    modules.jira = {
      refreshIssuePage: () => product.jira.refreshIssuePage(),
      setDashboardItemTitle: (...args: unknown[]) => product.jira.setDashboardItemTitle(args[0]),
      isDashboardItemEditable: (...args: unknown[]) => last(args)(product.jira.editable),
      getWorkflowConfiguration: (...args: unknown[]) => last(args)(product.jira.workflowConfiguration),
      isNativeApp: (...args: unknown[]) => last(args)(false),
      // Jira's own dialogs, answered as if the user went through them at once: one issue created (in the
      // context's project), the issue dialog closed, the JQL editor submitted unchanged.
      openCreateIssueDialog: (...args: unknown[]) => {
        const callback = last(args);
        const jira = kit.frameOf(callback).context.jira as { project?: { key?: string } } | undefined;
        callback(product.jira.createIssue(jira?.project?.key ?? "TEST", args[0]));
      },
      openIssueDialog: (...args: unknown[]) => {
        product.jira.openIssueDialog(args[0], last(args));
        product.jira.closeIssueDialog();
      },
      initJQLEditor: () => undefined,
      showJQLEditor: (...args: unknown[]) => {
        const callback = last(args);
        callback(product.jira.jqlEditor(args[0]));
      },
      // Nothing is picked: the picker's onSelect stays in the app (the CDN all.js keeps it there).
      openDatePicker: () => undefined,
    };
  }

  // A flag named by the test: its record, its title, or the id the host gave it.
  const findFlag = (which: string | MockFlag): LiveFlag => {
    const open = flags.all.filter((f) => f.open);
    const byId = typeof which === "string" ? open.filter((f) => f.id === which) : [];
    const found = byId.length ? byId : open.filter((f) => (typeof which === "string" ? f.title === which : f.id === which.id));
    if (found.length !== 1) {
      fail(`${found.length ? "several open flags are" : "no open flag is"} ${typeof which === "string" ? `titled "${which}"` : which.id}`);
    }
    return found[0]!;
  };

  const history: MockHistory = {
    get entries() {
      return product.history.entries;
    },
    get index() {
      return product.history.index;
    },
    get state() {
      return product.history.state;
    },
    go: navigate,
  };

  return {
    modules,
    openDialog,
    dropdowns: dropdowns as readonly MockDropdown[],
    /** all.js's own `dialog.disableCloseOnSubmit`: Submit stops closing the dialog of `frame`. */
    disableCloseOnSubmit(frame: MockFrame) {
      const d = dialogs.stack.find((x) => x.id === frame.id);
      if (d) d.closeOnSubmit = false;
    },
    /** The user picks an item (by `itemId` or text) of a shown dropdown: its iframe hears `dropdown-item-selected`. */
    async selectDropdownItem(dropdownId: string, item: string) {
      const d = dropdowns.find((x) => x.id === dropdownId) ?? fail(`no dropdown "${dropdownId}"`);
      if (!d.visible) fail(`the dropdown "${dropdownId}" is not shown`);
      const found = d.groups.flatMap((g) => g.items).find((i) => i.itemId === item || i.content === item) ?? fail(`the dropdown "${dropdownId}" has no item "${item}"`);
      if (found.disabled) fail(`the item "${item}" of the dropdown "${dropdownId}" is disabled`);
      kit.host().broadcast("dropdown-item-selected", { addon_key: d.frame.addonKey, key: d.frame.moduleKey }, { dropdownId, item: { ...found } });
      await kit.flush();
    },
    closedDialogs: dialogs.closed as readonly MockClosedDialog[],
    dialogs: dialogs.stack as readonly MockDialog[],
    flags: flags.all as readonly MockFlag[],
    resizes: resizes as readonly MockResize[],
    navigations: product.navigator.navigations,
    cookies: product.cookies.store,
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
      const refusal = dialogs.refusal(identifier);
      if (refusal === "no button") fail(`the dialog has no button "${identifier}"`);
      if (refusal) fail(`the dialog's "${identifier}" button is ${refusal}`);
      const filter = { id: d.id };
      const click = { button: { identifier, name: identifier, text: identifier } };
      if (identifier === "submit" || identifier === "cancel") kit.host().broadcast(`dialog.${identifier}`, filter, click);
      kit.host().broadcast("dialog.button.click", filter, click);
      if (identifier === "cancel" || (identifier === "submit" && d.closeOnSubmit)) d.ap.dialog.close();
      await kit.flush();
    },
    /** `action` is the action's identifier, or the text the user sees (as on the Forge mock, whose flags carry only the text). */
    async clickFlagAction(which: string | MockFlag, action: string) {
      const f = findFlag(which);
      const identifier = action in f.actions ? action : Object.keys(f.actions).find((id) => f.actions[id] === action);
      if (identifier === undefined) fail(`the flag "${f.title ?? f.id}" has no action "${action}"`);
      kit.host().broadcast("flag.action", { id: f.frame.id }, { actionIdentifier: identifier, flagIdentifier: f.id });
      await kit.flush();
    },
    async closeFlag(which: string | MockFlag) {
      closeFlag(findFlag(which), "user");
      await kit.flush();
    },
  };
}

// connect-host's buildListItem: a string is the item's text; an object needs a string `text`.
function dropdownItem(item: unknown): MockDropdownItem {
  if (typeof item === "string") return { content: item };
  const o = item as { text?: unknown; disabled?: unknown; itemId?: unknown } | null;
  if (!o || typeof o.text !== "string") fail("Unknown dropdown list item format.");
  const out: MockDropdownItem = { content: o!.text as string };
  if (typeof o!.disabled === "boolean") out.disabled = o!.disabled;
  if (o!.itemId !== undefined) out.itemId = String(o!.itemId);
  return out;
}
