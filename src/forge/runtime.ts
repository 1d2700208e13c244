/**
 * @internal What every capability of one `forge()` platform shares: the bridge (imported when the platform starts),
 * the context read at start, the product the module talks to, and how a bridge call settles under apkit's deadline.
 */
import { BridgeUnavailableError, HostError, NotInDialogError, UnsupportedOnPlatformError, settle, type CallOptions } from "apkit";
import { importBridge, importedBridge, type ForgeBridge } from "./bridge.js";
import type { ForgeContext } from "./context.js";
import type { ForgeOptions } from "./forge.js";

/** @internal The products a Forge module can call with `request`. */
export type ForgeProduct = "jira" | "confluence" | "bitbucket";

/** @internal */
export interface ForgeRuntime {
  readonly options: ForgeOptions;
  /** A tag unique to this frame: the host keys flags by id, and two frames of one app must not share ids. */
  readonly frameTag: string;
  /** Imports the bridge (once) and reads the context. */
  start(callOptions: CallOptions): Promise<void>;
  /**
   * Runs `work` with the bridge: now when it is there, once it is when the platform is starting (a call made right
   * after `loadAP` began); throws the coded error when the platform was never started.
   */
  withBridge(work: (bridge: ForgeBridge) => void): void;
  /** A bridge call under apkit's deadline and signal, waiting for a start in progress; failures become `HostError`s. */
  call<T>(what: string, options: CallOptions | undefined, work: (bridge: ForgeBridge) => Promise<T>): Promise<T>;
  /** The context now (`view.getContext()`). */
  context(options?: CallOptions): Promise<ForgeContext>;
  /** The context read when the platform started (waits for a start in progress). */
  startContext(): Promise<ForgeContext>;
  /** The context read when the platform started, once it has been read. */
  started(): ForgeContext | undefined;
  /** The product `request` talks to, from the options or the start context. */
  product(): Promise<ForgeProduct>;
}

/** @internal */
export function forgeRuntime(options: ForgeOptions): ForgeRuntime {
  let bridge: ForgeBridge | undefined;
  let loading: Promise<ForgeBridge> | undefined;
  let starting: Promise<ForgeContext> | undefined;
  let started: ForgeContext | undefined;
  const frameTag = Math.random().toString(36).slice(2, 10);

  const notStarted = () =>
    new UnsupportedOnPlatformError("Forge is not started: await loadAP({ platform: forge() }) first", { platform: "forge", capability: "start" });
  // A bridge given in the options is this platform's own; otherwise the page's, once any forge() imported it.
  const present = (): ForgeBridge | undefined => bridge ?? (options.bridge ? undefined : importedBridge());
  const ready = (): Promise<ForgeBridge> => {
    const b = present();
    return b ? Promise.resolve(b) : (loading ?? Promise.reject(notStarted()));
  };

  const call = <T>(what: string, callOptions: CallOptions | undefined, work: (b: ForgeBridge) => Promise<T>): Promise<T> =>
    settle<T>(`apkit/forge: ${what}`, callOptions ?? {}, (done) => {
      ready()
        .then(work)
        .then(done.resolve, (reason: unknown) => done.reject(asHostError(what, reason)));
    });

  const context = (callOptions?: CallOptions) => call("view.getContext", callOptions, (b) => b.view.getContext());

  return {
    options,
    frameTag,
    start(callOptions) {
      loading ??= (options.bridge ? Promise.resolve(options.bridge) : importBridge().catch((error: unknown) => Promise.reject(notInForge(error)))).then(
        (b) => (bridge = b),
      );
      starting = loading.then(() => context(callOptions)).then((c) => (started = c));
      return starting.then(() => undefined);
    },
    withBridge(work) {
      const b = present();
      if (b) return work(b);
      if (!loading) throw notStarted();
      loading.then(work, () => {
        // The start failed: loadAP rejected with the reason; nothing more to say here.
      });
    },
    call,
    context,
    startContext: () => starting ?? Promise.reject(notStarted()),
    started: () => started,
    async product() {
      if (options.product) return options.product;
      return productOf(await (starting ?? Promise.reject(notStarted())));
    },
  };
}

// The product a module's REST calls go to, from its module type (`jira:issuePanel`, `confluence:contentBylineItem`,
// `macro`, `bitbucket:repoCodeOverviewCard`, ...), else from what its context is about. A module of another product
// (Compass, say) has no product REST through `request`: refused rather than sent to Jira.
function productOf(context: ForgeContext): ForgeProduct {
  const extension = context.extension ?? {};
  const type = String(extension.type ?? "");
  const prefix = type.includes(":") ? type.slice(0, type.indexOf(":")) : type;
  if (prefix === "jira" || prefix === "jiraServiceManagement") return "jira";
  if (prefix === "confluence" || prefix === "macro") return "confluence";
  if (prefix === "bitbucket") return "bitbucket";
  if (!type && (extension.content || extension.space)) return "confluence";
  if (!type && (extension.issue || extension.project)) return "jira";
  throw new UnsupportedOnPlatformError(
    `request is not available in a ${type || "Forge"} module: apkit/forge sends product REST to Jira, Confluence or Bitbucket; give forge({ product }) if this module calls one of them`,
    { platform: "forge", capability: "request" },
  );
}

// @forge/bridge throws at import outside a Custom UI frame (no globalThis.__bridge), with an error of its own.
function notInForge(error: unknown): BridgeUnavailableError {
  return new BridgeUnavailableError(`Not in a Forge Custom UI frame: @forge/bridge could not start (${(error as Error)?.message ?? String(error)})`, {
    cause: error,
  });
}

// apkit's own coded errors pass through; anything the bridge rejected with becomes a HostError naming the call.
function asHostError(what: string, reason: unknown): unknown {
  if (reason instanceof UnsupportedOnPlatformError || reason instanceof NotInDialogError || reason instanceof BridgeUnavailableError || reason instanceof TypeError) {
    return reason;
  }
  return new HostError(`apkit/forge: ${what} failed: ${(reason as Error)?.message ?? String(reason)}`, { method: what, cause: reason });
}
