/**
 * The transport under the Forge mock host: its coded errors, the copying of values across the emulated bridge
 * (plain data copied, functions turned into asynchronous proxies) and the clock that makes every answer arrive
 * later, the way a bridge over postMessage does. See docs/forge-bridge-protocol.md for what is read from
 * @forge/bridge and what is the emulation's choice.
 */

/** Every code the Forge mock host's errors carry. */
export type ForgeBridgeErrorCode =
  /** The app called a `callBridge` name the host does not answer (neither built in nor added with `handle`). */
  | "ERR_FORGE_BRIDGE_UNKNOWN_CALL"
  /** The app called the bridge while the host was uninstalled (the captured dispatcher outlives `uninstall`). */
  | "ERR_FORGE_BRIDGE_NOT_INSTALLED"
  /** A product or remote request no handler answered, with `onUnhandledRequest: "reject"`. */
  | "ERR_FORGE_BRIDGE_UNHANDLED_REQUEST"
  /** `invoke(functionKey)` for a resolver no `onInvoke` handler answers. */
  | "ERR_FORGE_BRIDGE_UNHANDLED_INVOKE"
  /** A request handler answered `networkError()`: the bridge call fails, since a `Response` cannot have status 0. */
  | "ERR_FORGE_BRIDGE_NETWORK"
  /** A resolver handler (`onInvoke`) or a handler added with `handle` threw; `cause` is what it threw. */
  | "ERR_FORGE_BRIDGE_HANDLER_FAILED"
  /** The payload of a call lacks what the host needs to answer it (for example `fetchProduct` without `restPath`). */
  | "ERR_FORGE_BRIDGE_BAD_PAYLOAD"
  /** A test control was used wrongly: no open modal to close, no flag with that id, an unknown action. */
  | "ERR_FORGE_BRIDGE_BAD_CONTROL";

/**
 * The error the Forge mock host rejects bridge calls with, and throws from misused controls. Branch on `code`.
 *
 * @example
 * ```ts
 * import { installForgeBridge, ForgeBridgeEmulationError } from "apkit/testing/forge";
 * installForgeBridge();
 * const { view } = await import("@forge/bridge");
 * try {
 *   await view.getFrameDispatch(); // a call name the host does not answer unless a test adds it
 * } catch (error) {
 *   if (error instanceof ForgeBridgeEmulationError) console.log(error.code); // "ERR_FORGE_BRIDGE_UNKNOWN_CALL"
 * }
 * ```
 */
export class ForgeBridgeEmulationError extends Error {
  /** What went wrong, stable across versions. */
  readonly code: ForgeBridgeErrorCode;
  /** The `callBridge` name the error is about, when it is about one. */
  readonly call: string | undefined;

  constructor(code: ForgeBridgeErrorCode, message: string, options: { cause?: unknown; call?: string } = {}) {
    super(`[apkit/testing forge host] ${message}`, "cause" in options ? { cause: options.cause } : undefined);
    // A string rather than the constructor's name, which minifiers rename.
    this.name = "ForgeBridgeEmulationError";
    this.code = code;
    this.call = options.call;
  }
}

/** @internal A misused test control: a caller mistake, so a `TypeError`, still with a code to assert on. */
export function controlError(message: string): TypeError & { code: "ERR_FORGE_BRIDGE_BAD_CONTROL" } {
  return Object.assign(new TypeError(`[apkit/testing forge host] ${message}`), { code: "ERR_FORGE_BRIDGE_BAD_CONTROL" as const });
}

/**
 * @internal The host's clock and its bookkeeping of work in flight, so that `flush()` can wait for every answer
 * and every callback still crossing, but not for calls the test made hang on purpose.
 */
export class Clock {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(public latency: number) {}

  /** Runs `work` on a later microtask (or after `latency` ms) and tracks it until it settles. */
  later<T>(work: () => T | Promise<T>): Promise<T> {
    const wait = this.latency > 0 ? new Promise<void>((resolve) => setTimeout(resolve, this.latency)) : Promise.resolve();
    const running = wait.then(work);
    const tracked = running.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.add(tracked);
    void tracked.then(() => this.inflight.delete(tracked));
    return running;
  }

  /**
   * Resolves once nothing is in flight and the app's reactions to the last answers have run: a macrotask after
   * the last settlement, repeated while those reactions started new calls.
   */
  async idle(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      while (this.inflight.size) await Promise.allSettled([...this.inflight]);
      await macrotask();
      if (!this.inflight.size) return;
    }
  }
}

// A macrotask that fake timers leave alone: vitest's and jest's fake timers replace setTimeout and setImmediate
// but not MessageChannel, and a flush must not hang a test that faked the clock.
function macrotask(): Promise<void> {
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        // Closed, or Node keeps the ports (and the process) alive.
        channel.port1.close();
        channel.port2.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * @internal Copies `value` to the other side of the bridge: plain objects and arrays are copied (so neither side
 * can change the other's data by mutation), functions become proxies that call the original on a later tick with
 * copied arguments and resolve with a copy of its result, everything else (Blob, Date, class instances) passes as
 * it is.
 */
export function cross(value: unknown, clock: Clock, seen = new Map<object, unknown>()): unknown {
  if (typeof value === "function") return proxy(value as (...args: unknown[]) => unknown, clock);
  if (Array.isArray(value)) {
    if (seen.has(value)) return seen.get(value);
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(cross(item, clock, seen));
    return out;
  }
  if (isPlainObject(value)) {
    if (seen.has(value)) return seen.get(value);
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    // Object.entries reads getters once: the other side gets the value at crossing time, as a message would.
    for (const [key, item] of Object.entries(value)) out[key] = cross(item, clock, seen);
    return out;
  }
  return value;
}

function proxy(fn: (...args: unknown[]) => unknown, clock: Clock): (...args: unknown[]) => Promise<unknown> {
  return (...args: unknown[]) => {
    const copied = args.map((arg) => cross(arg, clock));
    return clock.later(async () => cross(await fn(...copied), clock));
  };
}
