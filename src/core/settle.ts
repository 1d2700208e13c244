/**
 * How every apkit call settles, whatever the platform: a deadline, the caller's `AbortSignal`, and the first outcome
 * wins. Platform-neutral: Connect's transport (connect/transport.ts), apkit/forge, the property store and apFetch all
 * settle through {@link settle}, so a call times out and aborts alike everywhere.
 */
import { AbortError, TimeoutError } from "./errors.js";

/** Options every host call accepts. */
export interface CallOptions {
  /**
   * Milliseconds to wait for the host before failing with {@link TimeoutError}. `Infinity` disables the deadline.
   * @default configure().timeout (15000)
   */
  timeout?: number;
  /** Aborts the wait; the call rejects with {@link AbortError}. */
  signal?: AbortSignal;
}

/** Process-wide defaults for host calls, changed with {@link configure}. */
export interface BridgeDefaults {
  /**
   * Default deadline for every host call, in milliseconds.
   * @default 15000
   */
  timeout: number;
}

const defaults: BridgeDefaults = { timeout: 15_000 };

/**
 * Changes the defaults of every later host call and returns the resulting defaults.
 *
 * @example
 * ```ts
 * import { configure } from "apkit";
 * configure({ timeout: 5000 }); // fail fast in a kiosk page
 * ```
 */
export function configure(options: Partial<BridgeDefaults> = {}): Readonly<BridgeDefaults> {
  if (options.timeout !== undefined) defaults.timeout = checkTimeout(options.timeout);
  return { ...defaults };
}

/** How a call settles: the first of these wins (see {@link settle}). */
export interface Settler<T> {
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

/**
 * Runs `work` under a deadline and the caller's `AbortSignal`, the way every apkit call does: `work` settles through
 * the settler it receives (or throws); the first outcome wins, and the timer and the abort listener are always
 * removed. The timeout and abort errors name `subject` (`"AP.context.getToken"`, `"apkit/forge: router.navigate"`,
 * `"apkit: writing property k"`). Platforms use it so that their calls time out and abort like Connect's, even where
 * the host's own API has no deadline or signal.
 *
 * @example
 * ```ts
 * import { settle } from "apkit";
 * const answer = await settle<string>("myHost.ask", { timeout: 2000 }, (done) => {
 *   someCallbackApi((value: string) => done.resolve(value));
 * });
 * ```
 */
export function settle<T>(subject: string, options: CallOptions, work: (done: Settler<T>) => void): Promise<T> {
  const timeout = checkTimeout(options.timeout ?? defaults.timeout);
  const { signal } = options;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish =
      <V>(fn: (v: V) => void) =>
      (v: V) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        fn(v);
      };
    const done: Settler<T> = { resolve: finish(resolve), reject: finish(reject) };
    const onAbort = () => done.reject(new AbortError(`${subject} aborted`, { cause: signal!.reason }));
    if (signal?.aborted) return onAbort();
    if (Number.isFinite(timeout)) {
      timer = setTimeout(() => done.reject(new TimeoutError(`${subject}: no answer in ${timeout} ms`, { timeout })), timeout);
    }
    signal?.addEventListener("abort", onAbort);
    try {
      work(done);
    } catch (error) {
      done.reject(error);
    }
  });
}

/**
 * @internal The options of a call that waits on a person (a dialog, an editor): no deadline unless the caller set
 * one. (`{ timeout: Infinity, ...options }` would let an explicit `timeout: undefined` bring the 15 s default back.)
 */
export function untimed(options: CallOptions | undefined): CallOptions {
  return { ...options, timeout: options?.timeout ?? Infinity };
}

function checkTimeout(timeout: number): number {
  if (typeof timeout !== "number" || Number.isNaN(timeout) || timeout <= 0) {
    throw new TypeError(`apkit: timeout must be a number of milliseconds > 0 (or Infinity), got ${String(timeout)}`);
  }
  return timeout;
}
