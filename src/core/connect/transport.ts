/**
 * @internal
 * Connect's transport: with the rest of `connect/*` (the Connect implementation of the port), the only code that
 * reads `window.AP`. Every one-shot Connect call goes through {@link invoke}.
 *
 * Nothing happens at import time: the global is read inside each call, so importing apkit during SSR or in
 * Node is free. Every call becomes a promise with a deadline and an optional `AbortSignal`, and the transport
 * quirks of the real bridge (simple-xdm) are turned into the error classes of `errors.ts`:
 *
 * | host does                         | app sees (raw AP)            | apkit gives                   |
 * |-----------------------------------|------------------------------|-------------------------------|
 * | rejects with an Error             | rejection with a string      | HostError (message kept)      |
 * | rejects with an object            | rejection with the object    | HostError (object as cause)   |
 * | resolves undefined                | rejection with undefined     | HostError, or undefined where |
 * |                                   |                              | the method may return nothing |
 * | throws synchronously / never ends | nothing, ever                | TimeoutError                  |
 * | page not framed by a host         | AP without host modules      | NotInConnectIframeError       |
 */
import { BridgeUnavailableError, HostError, MethodUnavailableError, NotInConnectIframeError } from "../errors.js";
import { settle, type CallOptions } from "../settle.js";

/** The raw `AP` global, loosely typed: apkit's modules give it shape. */
export type RawAP = Record<string, any>;

/** @internal */
export const NOT_IN_IFRAME = "Not in a Connect iframe: no host answered AP";

// loadAP's load, in flight or done: later loadAP calls share it, and calls made before all.js has run wait for it
// instead of failing.
let pendingLoad: Promise<RawAP> | undefined;
// Why the last loadAP() failed, so later calls say that rather than "call loadAP() first".
let loadFailure: unknown;

/**
 * @internal loadAP's single flight: the load in flight (or done), or else the one `start` begins. A failed load is
 * forgotten so a later call can try again (after a flaky network, say), and kept as the reason later calls fail.
 */
export function sharedLoad(start: () => Promise<RawAP>): Promise<RawAP> {
  if (!pendingLoad) {
    const load = start();
    pendingLoad = load;
    loadFailure = undefined;
    load.catch((error: unknown) => {
      if (pendingLoad === load) {
        pendingLoad = undefined;
        loadFailure = error;
      }
    });
  }
  return pendingLoad;
}

/**
 * @internal `ap` when it carries at least one host module, i.e. a host answered all.js's init; otherwise the page is
 * not framed by a Connect host and nothing would ever answer.
 */
export function connectedAP(ap: RawAP): RawAP {
  const hostModules = ["context", "request", "events", "env", "dialog", "navigator", "user"];
  if (typeof ap !== "object" || !hostModules.some((name) => ap[name] != null)) throw new NotInConnectIframeError(NOT_IN_IFRAME);
  return ap;
}

/** @internal The raw global, or `undefined` (never throws, never touches anything but `window.AP`). */
export function peekAP(): RawAP | undefined {
  // The raw bridge's boundary: `window.AP` is all.js's untyped global, given shape by connect/*.
  return typeof window === "undefined" ? undefined : ((window as unknown as { AP?: RawAP }).AP ?? undefined);
}

/**
 * @internal The connected `AP`, synchronously, for APIs that cannot wait (event subscription).
 * Throws the coded reason when there is none.
 */
export function currentAP(): RawAP {
  if (typeof window === "undefined") {
    throw new BridgeUnavailableError("No window: AP exists only in the browser");
  }
  const ap = peekAP();
  if (!ap) {
    if (loadFailure !== undefined) {
      const Kind = loadFailure instanceof NotInConnectIframeError ? NotInConnectIframeError : BridgeUnavailableError;
      throw new Kind(`No AP: loadAP() failed (${(loadFailure as Error)?.message})`, { cause: loadFailure });
    }
    throw new BridgeUnavailableError("AP is not loaded: call loadAP() first");
  }
  return connectedAP(ap);
}

/** @internal Resolves a dotted path such as `"context.getToken"`; alternatives are tried in order. */
export function resolveMethod(ap: RawAP, ...paths: string[]): { fn: (...args: any[]) => any; self: unknown; path: string } {
  for (const path of paths) {
    const parts = path.split(".");
    let self: any = undefined;
    let value: any = ap;
    for (const part of parts) {
      self = value;
      value = value == null ? undefined : value[part];
    }
    if (typeof value === "function") return { fn: value, self, path };
  }
  throw new MethodUnavailableError(`AP.${paths[0]} is not available here`, { method: paths[0] ?? "" });
}

/** @internal How to read the result of a bridge method. */
export type CallMode =
  /** The method returns a promise (simple-xdm `returnsPromise`). */
  | "promise"
  /** The method takes a trailing callback and answers through it (callback-only on the real bridge). */
  | "callback";

/** @internal Options of {@link invoke}. */
export interface InvokeOptions extends CallOptions {
  mode: CallMode;
  /** For "promise" methods that may legitimately produce nothing: a rejection with `undefined` resolves. */
  emptyOk?: boolean;
  /** Alternative paths to try when the first is missing (e.g. `sizeToParent` vs `env.sizeToParent`). */
  alternatives?: string[];
  /** For "callback" methods that take the callback before their arguments (the Jira dialogs). */
  callbackFirst?: boolean;
  /**
   * Turns a rejection that is an ordinary outcome into the call's result (`AP.request` rejects with the xhr of an
   * HTTP error status); `undefined` leaves it a failure.
   */
  answerOf?: (reason: unknown) => unknown;
}

/**
 * @internal Calls `AP.<path>(...args)` and settles exactly once: with the host's answer, a coded error, the
 * deadline, or the caller's abort. Written without async functions on purpose: every avoided promise hop is
 * measurable against the raw bridge (bench/request.mjs).
 */
export function invoke<T = unknown>(path: string, args: readonly unknown[], options: InvokeOptions): Promise<T> {
  return settle<T>(`AP.${path}`, options, (done) => {
    const run = (ap: RawAP) => {
      const { fn, self, path: found } = resolveMethod(ap, path, ...(options.alternatives ?? []));
      const fail = (reason: unknown) => done.reject(hostError(found, reason));
      let returned: unknown;
      try {
        returned = fn.apply(
          self,
          options.mode !== "callback" ? (args as unknown[]) : options.callbackFirst ? [done.resolve, ...args] : [...args, done.resolve],
        );
      } catch (error) {
        return fail(error);
      }
      // Callback-mode hosts may also return a promise: whichever answers first wins.
      if (isThenable(returned)) {
        returned.then(done.resolve as (v: unknown) => void, (reason) => {
          const answer = options.answerOf?.(reason);
          if (answer !== undefined) done.resolve(answer as T);
          else if (reason === undefined && options.emptyOk) done.resolve(undefined as T);
          else fail(reason);
        });
      } else if (options.mode === "promise") done.resolve(returned as T);
    };
    if (peekAP() || !pendingLoad) run(currentAP());
    else pendingLoad.then(() => run(currentAP())).catch(done.reject);
  });
}

/** @internal Normalises whatever a host rejected with into a {@link HostError}. */
export function hostError(method: string, reason: unknown): HostError {
  // The bridge turns a host's undefined result into a rejection with undefined: say "no value".
  const detail =
    reason === undefined ? "no value" : typeof reason === "string" ? reason : ((reason as Error)?.message ?? String(reason));
  return new HostError(`AP.${method} failed: ${detail}`, { method, cause: reason });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}
