/**
 * @internal The Forge host's UI: modals and flags on the product's one UI model (productUi.ts, which the Connect mock
 * and the local host run on too), the router's navigations, and the page history behind `view.createHistory()`.
 */
import { createProductUi, type DialogState, type FlagState, type ProductUi } from "../productUi.js";
import { PageHistory } from "./history.js";
import { controlError } from "./transport.js";
import type { HostArea, HostKit } from "./hostKit.js";
import type { ForgeContext, ForgeFlagRecord, ForgeHistoryControl, ForgeModalRecord, ForgeNavigation } from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A modal as the product holds it: the model's dialog state, the record the test reads, the app's `onClose`. */
interface LiveModal extends DialogState {
  record: Mutable<ForgeModalRecord>;
  onClose: ((payload: unknown) => Promise<unknown>) | undefined;
}

/** A flag as the product holds it: the model's flag state (ids as strings), the record, the app's `onClick`s. */
interface LiveFlag extends FlagState {
  record: Mutable<ForgeFlagRecord>;
  onClicks: Map<string, () => Promise<unknown>>;
}

/** @internal */
export interface UiArea extends HostArea {
  readonly modals: readonly ForgeModalRecord[];
  /** The open modal the app's frame runs in (`enterModal`), if any. */
  inside(): ForgeModalRecord | undefined;
  enterModal(record?: ForgeModalRecord): void;
  leaveModal(): void;
  /** The open modal on top closes with `payload`: its `onClose` runs. */
  closeModal(payload?: unknown): Promise<void>;
  /** `view.close(payload)` of the app's frame: closes the modal it runs in, if it runs in one. */
  closeInside(payload: unknown): Promise<void>;
  readonly flags: readonly ForgeFlagRecord[];
  clickFlagAction(flag: string | number | ForgeFlagRecord, action: string): Promise<void>;
  closeFlag(flag: string | number | ForgeFlagRecord): Promise<void>;
  readonly navigations: readonly ForgeNavigation[];
  readonly history: ForgeHistoryControl;
}

/** @internal */
export function hostUi(kit: HostKit): UiArea {
  let product: ProductUi<LiveModal, LiveFlag, ForgeNavigation> = createProductUi();
  let inside: LiveModal | undefined;
  const historyError = (e: unknown) => kit.warn(`[apkit/testing forge host] an app history listener threw: ${String(e)}`);
  let page = new PageHistory("/", historyError);

  const closeLive = async (modal: LiveModal, payload: unknown): Promise<void> => {
    if (!product.dialogs.close(modal, payload)) return;
    modal.record.open = false;
    modal.record.closedWith = payload;
    await kit.callApp(modal.onClose, payload);
  };
  const topModal = (): LiveModal | undefined => product.dialogs.top();

  // A flag named by the test: its record, its id (a number stays a number) or its title.
  const findFlag = (which: string | number | ForgeFlagRecord): LiveFlag => {
    const open = product.flags.all.filter((f) => f.open);
    const found =
      typeof which === "object"
        ? open.filter((f) => f.record === which)
        : open.filter((f) => f.record.id === which).length
          ? open.filter((f) => f.record.id === which)
          : open.filter((f) => f.title === which);
    const flag = found[found.length - 1];
    if (!flag) throw controlError(`no open flag ${JSON.stringify(typeof which === "object" ? which.id : which)} (open: ${JSON.stringify(open.map((f) => f.record.id))})`);
    return flag;
  };

  const historyControl: ForgeHistoryControl = {
    get entries() {
      return page.entries;
    },
    get index() {
      return page.index;
    },
    get location() {
      return page.location;
    },
    get action() {
      return page.action;
    },
    get listenerCount() {
      return page.listeners.size;
    },
    get state() {
      return anchorOf(page.location);
    },
    back: () => kit.settle(async () => page.go(-1)),
    forward: () => kit.settle(async () => page.go(1)),
    go: (delta) => kit.settle(async () => page.go(delta)),
    push: (to, state) => kit.settle(async () => page.push(to, state)),
  };

  return {
    get modals() {
      return product.dialogs.all.map((m) => m.record);
    },
    inside: () => inside?.record,
    enterModal(record) {
      const modal = record ? product.dialogs.all.find((m) => m.record === record) : topModal();
      if (!modal?.record.open) throw controlError("enterModal: no such open modal");
      inside = modal;
    },
    leaveModal() {
      inside = undefined;
    },
    closeModal(payload) {
      const modal = topModal();
      if (!modal) throw controlError("closeModal: no open modal");
      if (inside === modal) inside = undefined;
      return kit.settle(() => closeLive(modal, payload));
    },
    async closeInside(payload) {
      if (!inside?.record.open) return;
      const modal = inside;
      inside = undefined;
      await closeLive(modal, payload);
    },
    get flags() {
      return product.flags.all.map((f) => f.record);
    },
    clickFlagAction(which, action) {
      const flag = findFlag(which);
      const onClick = flag.onClicks.get(action);
      if (!onClick) throw controlError(`flag ${JSON.stringify(flag.record.id)} has no action ${JSON.stringify(action)} (actions: ${JSON.stringify(flag.record.actions)})`);
      return kit.settle(() => kit.callApp(onClick));
    },
    closeFlag(which) {
      const flag = findFlag(which);
      product.flags.close(flag, "host");
      flag.record.open = false;
      flag.record.closedBy = "host";
      return kit.settle(async () => undefined);
    },
    get navigations() {
      return product.navigator.navigations;
    },
    history: historyControl,
    reset(options) {
      product = createProductUi();
      inside = undefined;
      page = new PageHistory(options.initialPath ?? "/", historyError);
    },
    builtins: {
      openModal: (payload: Record<string, unknown>) => {
        const record: Mutable<ForgeModalRecord> = {
          resource: (payload?.resource ?? null) as string | null,
          size: payload?.size,
          context: payload?.context,
          title: String(payload?.title ?? ""),
          icon: String(payload?.icon ?? ""),
          closeOnEscape: payload?.closeOnEscape !== false,
          closeOnOverlayClick: payload?.closeOnOverlayClick !== false,
          open: true,
          closedWith: undefined,
        };
        const onClose = typeof payload?.onClose === "function" ? (payload.onClose as LiveModal["onClose"]) : undefined;
        // Forge modals have no host buttons: the model's dialog has none.
        product.dialogs.open({ record, onClose }, { addonKey: "", closeOnEscape: record.closeOnEscape });
        return true;
      },
      showFlag: (payload: Record<string, unknown>) => {
        const actions = Array.isArray(payload?.actions) ? (payload.actions as { text?: unknown; onClick?: unknown }[]) : [];
        const texts = actions.map((a) => String(a?.text));
        const onClicks = new Map<string, () => Promise<unknown>>();
        for (const action of actions) if (typeof action?.onClick === "function") onClicks.set(String(action.text), action.onClick as () => Promise<unknown>);
        const record: Mutable<ForgeFlagRecord> = {
          id: payload.id as string | number,
          title: payload.title as string | undefined,
          description: payload.description as string | undefined,
          body: payload.description as string | undefined,
          type: String(payload.type ?? "info"),
          appearance: payload.appearance as string | undefined,
          actions: texts,
          isAutoDismiss: payload.isAutoDismiss === true,
          open: true,
          closedBy: undefined,
        };
        // A flag shown again with an open flag's id replaces it, as one id names one flag.
        product.flags.show(
          {
            id: String(payload.id),
            title: record.title,
            body: record.description,
            type: record.type,
            close: record.isAutoDismiss ? "auto" : "manual",
            actions: Object.fromEntries(texts.map((t) => [t, t])),
            record,
            onClicks,
          },
          (old) => {
            old.record.open = false;
            old.record.closedBy = "replaced";
          },
        );
        return undefined;
      },
      closeFlag: (payload: { id?: unknown }) => {
        const flag = product.flags.find(String(payload?.id));
        if (!flag || !product.flags.close(flag, "app")) return false;
        flag.record.open = false;
        flag.record.closedBy = "app";
        return true;
      },
      navigate: (payload: Record<string, unknown>) => {
        const { type, url, ...location } = payload ?? {};
        const { target, ...context } = location;
        product.navigator.go({
          type: type === "new-tab" ? "new-tab" : "same-tab",
          url: typeof url === "string" ? url : undefined,
          location: typeof url === "string" ? undefined : location,
          target: typeof url === "string" ? "site" : String(target),
          context: typeof url !== "string" ? context : url.startsWith("/") ? { relativeUrl: url } : { absoluteUrl: url },
        });
        return undefined;
      },
      reload: () => {
        product.navigator.reload();
        product.navigator.go({ type: "reload", url: undefined, location: undefined, target: "reload", context: {} });
        return undefined;
      },
      getUrl: (location: Record<string, unknown>) => (kit.options().urlFor ?? defaultUrlFor(kit.context()))(location ?? {}),
      createHistory: () => page.handle(),
    },
  };
}

const anchorOf = (location: { pathname: string; search: string; hash: string }) => location.pathname.replace(/^\//, "") + location.search + location.hash;

function defaultUrlFor(context: ForgeContext) {
  return (location: Record<string, unknown>): string => {
    const base = context.siteUrl.replace(/\/+$/, "");
    if (location.target === "issue" && typeof location.issueKey === "string") return `${base}/browse/${encodeURIComponent(location.issueKey)}`;
    const { target, ...rest } = location;
    const query = new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)])).toString();
    return `${base}/apkit-forge-mock/${encodeURIComponent(String(target))}${query ? `?${query}` : ""}`;
  };
}
