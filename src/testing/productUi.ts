/**
 * @internal
 * The product's UI state, written once: what Jira/Confluence keep behind the dialogs, flags and host modules that
 * apps reach (the dialog stack and its buttons, flags, navigations, cookies, the page's history, the macro editor,
 * Jira's page helpers). Two hosts run on it, so they cannot drift apart:
 * - apkit/testing's mock (createMockAP.ui.ts), which adds connect-host's own part (broadcasting `dialog.close`,
 *   `flag.action`, dialog iframes) since there is no connect-host.js under jsdom;
 * - the local host page (host/public/product-ui.js and product-forge.js, through host/product-shared.ts), which adds
 *   only the DOM, the real connect-host.js doing its own part.
 * No DOM, no globals, no timers: who draws, broadcasts or waits is the host's business.
 */

/** A dialog button as the product holds it. */
export interface ButtonState {
  disabled: boolean;
  hidden: boolean;
}

/** A button a dialog opens with (connect-host's `actions`, the mock's submit/cancel + `buttons`). */
export interface ButtonSpec {
  identifier: string;
  disabled?: boolean;
  hidden?: boolean;
}

/** What the product keeps of an open dialog; hosts put their own fields next to it. */
export interface DialogState {
  /** The app that opened it: connect-host asks whether the top dialog is that app's. */
  addonKey: string;
  buttons: Record<string, ButtonState>;
  /** all.js's `disableCloseOnSubmit` turns it off: Submit then leaves the dialog open. */
  closeOnSubmit: boolean;
  closeOnEscape: boolean;
}

/** What the product keeps of a flag; hosts put their own fields next to it. */
export interface FlagState {
  id: string;
  title: string | undefined;
  body: string | undefined;
  type: string;
  /** `"auto"`: the product closes it after a while (hosts that have a clock do). */
  close: string;
  /** Action identifier → its text. */
  actions: Record<string, string>;
  open: boolean;
  /** Who closed it: the host's choice of words ("app", "user", "replaced", ...). */
  closedBy?: string;
}

/** What an app's pop-state callback gets. */
export interface PopStateChange {
  oldURL: string;
  newURL: string;
  hash: string;
  href: string;
  title: string;
}

export interface ProductUiOptions {
  /** What `navigator.getLocation` answers. */
  location?: { target: string; context: Record<string, unknown> };
  /** The host page's URL without its fragment (history's `href`s, `env.getLocation`). */
  pageUrl?: string;
  /** The host page's title (history's `getState("all")` and pop-state changes). */
  pageTitle?: () => string;
  macro?: { data?: unknown; body?: string };
  jira?: { editable?: boolean; workflowConfiguration?: unknown };
}

/** One failure of a button press, or `undefined` when the press goes through. */
export type PressRefusal = "no dialog" | "no button" | "disabled" | "hidden" | undefined;

/** @internal The product UI state and its operations. `D`, `F`, `N`: the host's dialog, flag, navigation records. */
export function createProductUi<D extends DialogState = DialogState, F extends FlagState = FlagState, N = unknown>(
  options: ProductUiOptions = {},
) {
  const pageUrl = options.pageUrl ?? "";
  const pageTitle = options.pageTitle ?? (() => "");

  // ---- dialogs: one stack; connect-host only ever addresses the top one ----------------------------------------
  const stack: D[] = [];
  const opened: D[] = [];
  const closed: Array<{ dialog: D; data: unknown }> = [];
  const top = (): D | undefined => stack[stack.length - 1];
  const dialogs = {
    stack: stack as readonly D[],
    /** Every dialog opened, open or closed, oldest first. */
    all: opened as readonly D[],
    /** Every dialog that closed, with the data its host reports (a host may decode it first). */
    closed: closed as ReadonlyArray<{ readonly dialog: D; readonly data: unknown }>,
    top,
    /** `d` goes on top, with its buttons. */
    open(d: Omit<D, keyof DialogState>, spec: { addonKey: string; buttons?: readonly ButtonSpec[]; closeOnEscape?: boolean }): D {
      const live = Object.assign(d, {
        addonKey: spec.addonKey,
        buttons: {} as Record<string, ButtonState>,
        closeOnSubmit: true,
        closeOnEscape: spec.closeOnEscape !== false,
      }) as unknown as D;
      for (const b of spec.buttons ?? []) live.buttons[b.identifier] = { disabled: !!b.disabled, hidden: !!b.hidden };
      stack.push(live);
      opened.push(live);
      return live;
    },
    /** Takes `d` off the stack; `false` if it was not open. */
    close(d: D, data?: unknown): boolean {
      const i = stack.indexOf(d);
      if (i < 0) return false;
      stack.splice(i, 1);
      closed.push({ dialog: d, data });
      return true;
    },
    isActive: (addonKey: string): boolean => top()?.addonKey === addonKey,
    /** A button of the top dialog. */
    button: (identifier: string): ButtonState | undefined => top()?.buttons[identifier],
    /** A button added to the top dialog (it replaces one of the same identifier). */
    addButton(b: ButtonSpec): ButtonState | undefined {
      const d = top();
      if (!d) return undefined;
      return (d.buttons[b.identifier] = { disabled: !!b.disabled, hidden: !!b.hidden });
    },
    setButton(identifier: string, change: Partial<ButtonState>): void {
      const b = dialogs.button(identifier);
      if (b) Object.assign(b, change);
    },
    toggleButton(identifier: string): void {
      const b = dialogs.button(identifier);
      if (b) b.disabled = !b.disabled;
    },
    /** Why a press on a button of the top dialog does nothing, if it does nothing. */
    refusal(identifier: string): PressRefusal {
      const d = top();
      if (!d) return "no dialog";
      const b = d.buttons[identifier];
      return !b ? "no button" : b.disabled ? "disabled" : b.hidden ? "hidden" : undefined;
    },
  };

  // ---- flags ----------------------------------------------------------------------------------------------------
  const all: F[] = [];
  const flags = {
    all: all as readonly F[],
    /** The open flag with that id. */
    find: (id: string): F | undefined => all.find((f) => f.open && f.id === id),
    /** Shows `f`; an open flag of the same id is replaced (Forge's `showFlag` reuses ids; Connect's are unique). */
    show(f: Omit<F, "open" | "closedBy">, onReplace?: (old: F) => void): F {
      const old = flags.find(f.id);
      if (old && flags.close(old, "replaced")) onReplace?.(old);
      const live = Object.assign(f, { open: true }) as unknown as F;
      all.push(live);
      return live;
    },
    /** `false` if it was closed already: a flag closes once, whoever asks. */
    close(f: F, by?: string): boolean {
      if (!f.open) return false;
      f.open = false;
      f.closedBy = by;
      return true;
    },
  };

  // ---- navigator ------------------------------------------------------------------------------------------------
  const navigations: N[] = [];
  const navigator = {
    location: options.location ?? { target: "addonModule", context: {} },
    navigations: navigations as readonly N[],
    reloads: 0,
    go: (n: N): void => void navigations.push(n),
    reload(): void {
      navigator.reloads++;
    },
  };

  // ---- cookies: per app, in memory (expiry is not modelled: the page does not live that long) --------------------
  const store = new Map<string, string>();
  const cookies = {
    store,
    save: (addonKey: string, name: string, value: unknown): void => void store.set(`${addonKey}:${name}`, String(value)),
    read: (addonKey: string, name: string): string | undefined => store.get(`${addonKey}:${name}`),
    erase: (addonKey: string, name: string): void => void store.delete(`${addonKey}:${name}`),
  };

  // ---- history: the host page's entries, "#!<state>" ------------------------------------------------------------
  const entries = [""];
  let index = 0;
  let popState: Array<(change: PopStateChange) => void> = [];
  const history = {
    get entries(): readonly string[] {
      return entries.slice();
    },
    get index(): number {
      return index;
    },
    get state(): string {
      return entries[index]!;
    },
    /** The page's URL at the current entry. */
    get href(): string {
      return `${pageUrl}#!${entries[index]}`;
    },
    push(state: string): void {
      entries.splice(index + 1, entries.length, state);
      index = entries.length - 1;
    },
    replace(state: string): void {
      entries[index] = state;
    },
    /**
     * The user goes `delta` entries back (negative) or forward. Each registered callback is called once and dropped:
     * simple-xdm answers a callback once, so apps register again. Out of range or 0: nothing happens.
     */
    go(delta: number): PopStateChange | undefined {
      const next = index + delta;
      if (!Number.isInteger(delta) || delta === 0 || next < 0 || next >= entries.length) return undefined;
      const oldURL = entries[index]!;
      index = next;
      const change = { oldURL, newURL: entries[index]!, hash: `#!${entries[index]}`, href: history.href, title: pageTitle() };
      const callbacks = popState;
      popState = [];
      callbacks.forEach((callback) => callback(change));
      return change;
    },
    onPopState: (callback: (change: PopStateChange) => void): void => void popState.push(callback),
    /** `getState()` / `getState("all")`. */
    describe: (type?: unknown) =>
      type === "all" ? { key: entries[index]!, hash: `#!${entries[index]}`, title: pageTitle(), href: history.href } : entries[index]!,
  };

  // ---- Confluence's macro editor ----------------------------------------------------------------------------------
  const macro = {
    data: options.macro?.data ?? ({} as unknown),
    body: options.macro?.body ?? "",
    /** Every saveMacro: [parameters, body]. */
    saved: [] as Array<[unknown, unknown]>,
    editorClosed: 0,
    panelClosed: 0,
    save(parameters: unknown, body?: unknown): void {
      macro.saved.push([parameters, body]);
      macro.data = parameters;
      if (typeof body === "string") macro.body = body;
    },
    closeEditor(): void {
      macro.editorClosed++;
    },
    closePanel(): void {
      macro.panelClosed++;
    },
  };

  // ---- Jira's page helpers and dialogs ----------------------------------------------------------------------------
  const jira = {
    refreshes: 0,
    titles: [] as string[],
    editable: options.jira?.editable ?? true,
    workflowConfiguration: options.jira?.workflowConfiguration,
    /** Open issue dialogs, oldest first; `done` gets the issue key when one closes. */
    issueDialogs: [] as Array<{ issueKey: unknown; done: (issueKey: unknown) => void }>,
    refreshIssuePage(): void {
      jira.refreshes++;
    },
    setDashboardItemTitle: (title: unknown): void => void jira.titles.push(String(title)),
    openIssueDialog: (issueKey: unknown, done: (issueKey: unknown) => void): void => void jira.issueDialogs.push({ issueKey, done }),
    /** The oldest open issue dialog closes: its opener hears the issue key. */
    closeIssueDialog(): void {
      const d = jira.issueDialogs.shift();
      d?.done(d.issueKey);
    },
    /** The create-issue dialog, gone through at once: one issue created in `projectKey`. */
    createIssue: (projectKey: string, params: unknown) => [
      { id: "10100", key: `${projectKey}-100`, fields: (params as { fields?: unknown } | null | undefined)?.fields ?? {} },
    ],
    /** The JQL editor, submitted unchanged. */
    jqlEditor: (params: unknown) => {
      const jql = (params as { jql?: unknown } | null | undefined)?.jql;
      return { jql: typeof jql === "string" ? jql : "" };
    },
  };

  return { dialogs, flags, navigator, cookies, history, macro, jira };
}

/** @internal */
export type ProductUi<D extends DialogState = DialogState, F extends FlagState = FlagState, N = unknown> = ReturnType<
  typeof createProductUi<D, F, N>
>;
