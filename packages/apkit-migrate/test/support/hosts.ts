// The three hosts a behaviour scenario runs on, set up in one place: the raw Connect bridge (createMockAP's
// window.AP, what the original code calls), apkit over the same mock (the rewritten code on Connect), and apkit over
// the Forge mock host (the rewritten code on Forge). Each host is driven by the same steps and observed in the same
// terms, so a scenario compares what the code did, not how.
//
// Both mocks speak one vocabulary (request handler factories, dialogs, closeDialog); what differs between them is
// written here, and only here.
import type { ForgeOptions } from "apkit/forge";
import { createMockAP, json, text, type MockAP } from "apkit/testing";
import { createMockForge, type MockForge } from "apkit/testing/forge";

/** What a scenario sees of a host after its steps. */
export interface Observed {
  requests: { method: string; url: string; body: unknown }[];
  dialogs: { key: string; customData: unknown }[];
  /** The flags still open. */
  flags: { title: string | undefined; body: string | undefined; type: string }[];
  emitted: { name: string; payload: unknown }[];
  navigations: unknown[];
  /** `navigator.reload()`s. */
  reloads: number;
  /** What the dialogs closed with: those the page opened, and the page itself when it is a dialog. */
  closed: unknown[];
  /** The page's own dialog buttons, when the page is a dialog (Connect: the host draws them). */
  buttons?: Record<string, { disabled: boolean; hidden: boolean }>;
  /** The host calls that only act (Connect: resize, history, cookies...), by method, in order. */
  actions?: string[];
}

const ACTIONS = new Set([
  "env.resize", "env.sizeToParent", "env.hideFooter", "history.back", "history.forward", "history.go", "history.pushState",
  "history.replaceState", "cookie.save", "cookie.erase", "theming.initializeTheming", "dialog.disableCloseOnSubmit", "inlineDialog.hide",
  "dialog.createButton",
]);

/** A product answer. */
export interface Answer {
  status?: number;
  json?: unknown;
  text?: string;
}

/** The context a scenario runs in: a Jira issue (or none) and, for dialog pages, the dialog's data. */
export interface HostOptions {
  issue?: { id: string; key: string };
  project?: { id: string; key: string };
  /** The page is a dialog opened with this customData. */
  dialog?: { customData: Record<string, unknown> };
  /** The page is a full-page module (its scroll position is known). */
  fullPage?: boolean;
  forge?: ForgeOptions;
}

/** One host. */
export interface Host {
  readonly name: "raw AP" | "apkit on Connect" | "apkit on Forge";
  readonly platform: "connect" | "forge";
  /** Answers a product REST path (`:name` segments match anything). */
  answer(method: string, path: string, answer: Answer): void;
  /** Answers the app's own backend (apFetch): on Connect through `fetch` (the scenario's msw), on Forge a remote. */
  backend?: (method: string, path: string, body: unknown) => void;
  closeDialog(data?: unknown): Promise<void>;
  /** Clicks a button of the page's own dialog (Connect only: Forge modals have none). */
  clickDialogButton?: (identifier: string) => Promise<void>;
  emit(name: string, payload?: unknown): Promise<void>;
  clickFlagAction(title: string, action: string): Promise<void>;
  flush(): Promise<void>;
  observe(): Observed;
  stop(): void;
}

// Both mocks answer with the same handler factories (`mock.request.get(path, resolver)`) and response helpers.
const factory = (factories: object, method: string) => (factories as Record<string, (path: string, resolver: () => unknown) => void>)[method.toLowerCase()]!;
const answerOf = (a: Answer) => (a.json !== undefined ? json(a.json, { status: a.status ?? 200 }) : text(a.text ?? "", { status: a.status ?? 200 }));

const contextOf = (o: HostOptions) => (o.issue ? { jira: { issue: o.issue, ...(o.project ? { project: o.project } : {}) } } : {});

// The same URL whichever way its query was encoded.
const normalUrl = (path: string, query: string) => {
  const q = decodeURIComponent(query.replace(/^\?/, ""));
  return q ? `${path}?${q}` : path;
};

const isEmpty = (v: unknown) => !!v && typeof v === "object" && Object.keys(v).length === 0;

// Events apkit sends for itself (its dialogs announce their opening) are not the app's.
const apps = (name: string) => !name.startsWith("apkit.");

const body = (data: unknown) => {
  if (typeof data !== "string") return data ?? null;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
};

function connectHost(name: "raw AP" | "apkit on Connect", options: HostOptions): Host {
  const mock: MockAP = createMockAP({
    context: contextOf(options),
    ...(options.dialog ? { dialog: { chrome: true, customData: options.dialog.customData } } : {}),
    ...(options.fullPage ? { frameOptions: { isFullPage: true } } : {}),
  }).install();
  return {
    name,
    platform: "connect",
    answer: (method, path, a) => factory(mock.request, method)(path, () => answerOf(a)),
    closeDialog: (data) => mock.closeDialog(data),
    clickDialogButton: (identifier) => mock.clickDialogButton(identifier),
    emit: (event, payload) => (payload === undefined ? mock.emit(event) : mock.emit(event, payload)),
    clickFlagAction: (title, action) => mock.clickFlagAction(title, action),
    flush: () => mock.flush(),
    observe: () => ({
      requests: mock.requests.map((r) => ({ method: r.method, url: normalUrl(r.path, String(r.query)), body: body(r.data) })),
      dialogs: mock.dialogs.map((d) => ({ key: String(d.request.key), customData: withoutEnvelope(d.customData) })),
      flags: mock.flags.filter((f) => f.open).map((f) => ({ title: f.title, body: f.body, type: f.type })),
      emitted: mock.calls.filter((c) => c.method === "events.emit" && apps(String(c.args[0]))).map((c) => ({ name: String(c.args[0]), payload: c.args[1] })),
      navigations: mock.navigations.map((n) => ({ target: n.target, context: n.context })),
      reloads: mock.calls.filter((c) => c.method === "navigator.reload").length,
      closed: mock.closedDialogs.map((c) => c.data),
      ...(options.dialog && mock.dialogs[0] ? { buttons: JSON.parse(JSON.stringify(mock.dialogs[0].buttons)) } : {}),
      actions: mock.calls.filter((c) => ACTIONS.has(c.method)).map((c) => c.method),
    }),
    stop: () => mock.uninstall(),
  };
}

// apkit's dialog correlation id is apkit's business, not the app's data.
function withoutEnvelope(data: unknown): unknown {
  if (!data || typeof data !== "object" || !("__apkit" in data)) return data;
  const { __apkit: id, ...rest } = data as Record<string, unknown>;
  return String(id).startsWith("~") ? undefined : rest;
}

async function forgeHost(options: HostOptions): Promise<Host> {
  const extension: Record<string, unknown> = { type: "jira:issuePanel" };
  if (options.issue) extension.issue = { ...options.issue, type: "Task", typeId: "10002" };
  if (options.project) extension.project = { ...options.project, type: "software" };
  if (options.dialog) extension.modal = options.dialog.customData;
  const mock: MockForge = await createMockForge({ context: { extension }, forge: { remote: "backend", ...options.forge } }).start();
  return {
    name: "apkit on Forge",
    platform: "forge",
    answer: (method, path, a) => factory(mock.request, method)(path, () => answerOf(a)),
    backend: (method, path, data) => factory(mock.remote, method)(path, () => json(data)),
    closeDialog: (data) => mock.closeDialog(data),
    emit: (event, payload) => mock.emit(event, payload),
    async clickFlagAction(title, action) {
      const flag = mock.flags.find((f) => f.title === title);
      if (!flag) throw new Error(`no flag ${title}`);
      await mock.clickFlagAction(flag.id, action);
    },
    flush: () => mock.flush(),
    observe: () => ({
      requests: mock.requests.filter((r) => r.kind === "product").map((r) => ({ method: r.method, url: normalUrl(r.path, String(r.query)), body: body(r.data) })),
      // A modal opened without data gets an empty context on Forge, where a Connect dialog reads undefined: the opener
      // passed nothing either way (dialog.open is "differs" in apkit/forge's table).
      dialogs: mock.dialogs.map((d) => ({ key: d.key, customData: isEmpty(d.customData) ? undefined : d.customData })),
      flags: mock.flags.filter((f) => f.open).map((f) => ({ title: f.title, body: f.description, type: f.type })),
      emitted: mock.emitted.filter((e) => apps(e.event)).map((e) => ({ name: e.event, payload: e.payload })),
      navigations: mock.navigations.filter((n) => n.type !== "reload").map((n) => n.location ?? n.url),
      reloads: mock.navigations.filter((n) => n.type === "reload").length,
      closed: [...mock.modals.filter((m) => !m.open).map((m) => m.closedWith), ...mock.view.closed],
    }),
    stop: () => mock.stop(),
  };
}

/** Starts a host. */
export async function startHost(kind: Host["name"], options: HostOptions): Promise<Host> {
  return kind === "apkit on Forge" ? forgeHost(options) : connectHost(kind, options);
}
