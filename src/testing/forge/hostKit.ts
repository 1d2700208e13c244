/**
 * @internal What the areas of the Forge mock host (requests, events, UI, view) share: the clock of the bridge, the
 * options, where warnings go, the context of the app's frame, and how a test control waits for the app.
 */
import { inReactAct } from "../inReactAct.js";
import { Clock, ForgeBridgeEmulationError } from "./transport.js";
import type { ForgeBridgeHostOptions, ForgeContext } from "./types.js";

/** @internal One area of the host: the `callBridge` names it answers, and how it starts afresh. */
export interface HostArea {
  readonly builtins: Readonly<Record<string, (payload: any) => unknown>>;
  /** Drops everything the area holds and applies `options` (the defaults where not given). */
  reset(options: ForgeBridgeHostOptions): void;
}

/** @internal */
export interface HostKit {
  /** The bridge's clock now (a reset replaces it). */
  clock(): Clock;
  options(): ForgeBridgeHostOptions;
  warn(message: string): void;
  /** The context of the app's frame now (inside a modal entered with `enterModal`, with `extension.modal`). */
  context(): ForgeContext;
  /** Runs a test control's work, then waits until the app reacted, inside React's act() when it is on. */
  settle(work: () => Promise<unknown>): Promise<void>;
  /** Calls an app callback the host holds (a listener, `onClose`, `onClick`): a failure is the app's, reported. */
  callApp(fn: ((...args: unknown[]) => Promise<unknown>) | undefined, ...args: unknown[]): Promise<unknown>;
}

/** @internal */
export function hostKit(state: { clock: Clock; options: ForgeBridgeHostOptions }, context: () => ForgeContext): HostKit {
  const warn = (message: string) => (state.options.warn ?? ((m: string) => console.warn(m)))(message);
  return {
    clock: () => state.clock,
    options: () => state.options,
    warn,
    context,
    settle: (work) =>
      inReactAct(async () => {
        await work();
        await state.clock.idle();
      }),
    callApp: (fn, ...args) =>
      fn ? fn(...args).catch((error) => warn(`[apkit/testing forge host] an app callback threw: ${String(error)}`)) : Promise.resolve(),
  };
}

/** @internal A payload without a field the host needs. */
export function badPayload(call: string, field: string): ForgeBridgeEmulationError {
  return new ForgeBridgeEmulationError("ERR_FORGE_BRIDGE_BAD_PAYLOAD", `${call} without ${field}`, { call });
}
