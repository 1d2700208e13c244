/**
 * @internal The Forge host's view of the app's frame: its context (`getContext`), what `view.*` did, and the app's
 * resolvers (`invoke(functionKey)`), answered by the test's `onInvoke` handlers.
 */
import { badPayload, type HostArea, type HostKit } from "./hostKit.js";
import { ForgeBridgeEmulationError } from "./transport.js";
import type { ForgeContext, ForgeInvocation, ForgeResolverInfo, ForgeViewLog } from "./types.js";

type Resolver = (payload: unknown, info: ForgeResolverInfo) => unknown;

/** @internal */
export interface ViewArea extends HostArea {
  readonly view: ForgeViewLog;
  readonly invocations: readonly ForgeInvocation[];
  readonly resolvers: Map<string, Resolver>;
}

/** @internal What the view needs of the other areas: the modal the frame runs in, and remote calls through invoke. */
export interface ViewDeps {
  closeInside(payload: unknown): Promise<void>;
  invokeEndpoint(payload: Record<string, unknown>): Promise<unknown>;
}

const freshLog = () => ({ closed: [] as unknown[], submitted: [] as unknown[], refreshed: [] as unknown[], opened: 0, onCloseHooks: [] as (() => Promise<unknown>)[], titles: [] as string[], themeEnabled: 0 });

/** @internal */
export function hostView(kit: HostKit, deps: ViewDeps): ViewArea {
  let view = freshLog();
  let invocations: ForgeInvocation[] = [];
  let resolvers = new Map<string, Resolver>();

  async function invoke(payload: Record<string, unknown>) {
    if (payload && typeof payload.invokeType === "string") return deps.invokeEndpoint(payload);
    const functionKey = payload?.functionKey;
    if (typeof functionKey !== "string") throw badPayload("invoke", "functionKey");
    invocations.push({ functionKey, payload: payload.payload, metadata: payload.metadata });
    const resolver = resolvers.get(functionKey);
    if (!resolver) {
      throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_UNHANDLED_INVOKE", `no resolver for invoke("${functionKey}"); add one with host.onInvoke("${functionKey}", ...)`, { call: "invoke" });
    }
    let value: unknown;
    try {
      value = await resolver(payload.payload, { functionKey, context: kit.context(), metadata: payload.metadata });
    } catch (error) {
      throw new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_HANDLER_FAILED", `the resolver "${functionKey}" threw: ${String(error)}`, { cause: error, call: "invoke" });
    }
    // The package's own comment (out/invoke/invoke.js:21-22): with metadata the answer is { body, metadata }.
    return payload.metadata === undefined ? value : { body: value, metadata: {} };
  }

  return {
    get view() {
      return view;
    },
    get invocations() {
      return invocations;
    },
    get resolvers() {
      return resolvers;
    },
    reset() {
      view = freshLog();
      invocations = [];
      resolvers = new Map();
    },
    builtins: {
      getContext: (): ForgeContext => kit.context(),
      invoke,
      close: async (payload: unknown) => {
        view.closed.push(payload);
        await deps.closeInside(payload);
        return true;
      },
      submit: (payload: unknown) => {
        view.submitted.push(payload);
        return true;
      },
      refresh: (payload: unknown) => {
        view.refreshed.push(payload);
        return true;
      },
      open: () => {
        view.opened++;
        return true;
      },
      onClose: (hook: unknown) => {
        if (typeof hook === "function") view.onCloseHooks.push(hook as () => Promise<unknown>);
        return true;
      },
      changeWindowTitle: (title: unknown) => {
        view.titles.push(String(title));
        return undefined;
      },
      enableTheming: () => {
        view.themeEnabled++;
        return undefined;
      },
    },
  };
}
