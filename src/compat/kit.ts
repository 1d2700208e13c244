/**
 * @internal How apkit/compat's raw methods answer, in one place. Each raw method runs an apkit call and answers the
 * way all.js does: through the app's trailing callback, or (only `request`, `context.getToken`, `context.getContext`
 * in all.js 5.3) through a promise when no callback is given, or not at all (methods that only act). A failure never
 * escapes: a promise rejects with the apkit error; a callback is called with no arguments, as all.js calls it when the
 * host fails; a method that only acts says nothing to the app. Either way the console hears of it: an unsupported
 * method once (`[apkit/compat] AP.context.getToken is not available on forge: <what to use instead>`), any other
 * failure of a method that cannot pass it on each time.
 */
import { BridgeUnavailableError, platformName, UnsupportedOnPlatformError } from "apkit";
import { rawSupport } from "./rawSupport.js";

type AnyFn = (...args: any[]) => any;

/** @internal What every compat module builds its raw methods with. */
export interface Kit {
  /** Runs `work` for the raw method `raw` (sync throws become rejections); an unsupported method warns once. */
  attempt<T>(raw: string, work: () => T | PromiseLike<T>): Promise<T>;
  /** A raw method that answers through the app's trailing callback (and, with `promise`, a promise without one). */
  answer(raw: string, work: (...args: any[]) => unknown, promise?: boolean): AnyFn;
  /** A raw method that only acts: it returns nothing, and a failure is only reported. */
  act(raw: string, work: (...args: any[]) => unknown): AnyFn;
  /** Reports a failure no caller receives. */
  report(raw: string, error: unknown): void;
  /** apkit/compat's own refusal of `raw`, in the words of {@link rawSupport}. */
  refusal(raw: string): UnsupportedOnPlatformError;
  /** Delivers an event to this page's own listeners, as the host does (`dialog.close`, `flag.action`, ...). */
  hostEvent(name: string, ...args: unknown[]): void;
}

/** @internal */
export interface KitOptions {
  warn: (message: string) => void;
  /** Why the platform could not start, once it failed. */
  startFailure(): unknown;
  hostEvent(name: string, args: unknown[]): void;
}

/**
 * @internal Calls the app's own function (a callback, a listener): one that throws is reported like an uncaught error
 * in an event handler, as all.js's would be, and stops nothing else.
 */
export function callApp(fn: AnyFn, ...args: unknown[]): void {
  try {
    fn(...args);
  } catch (error) {
    (globalThis.reportError ?? ((e: unknown) => setTimeout(() => { throw e; })))(error);
  }
}

const isUnsupported = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === "ERR_UNSUPPORTED_ON_PLATFORM";
const messageOf = (error: unknown): string => String((error as Error | null)?.message ?? error);

/** @internal */
export function createKit(options: KitOptions): Kit {
  const warned = new Set<string>();
  const unsupported = (raw: string, error: unknown) => {
    if (warned.has(raw)) return;
    warned.add(raw);
    options.warn(`[apkit/compat] AP.${raw}: ${messageOf(error)}`);
  };
  // An unsupported method is said once (attempt already may have); any other failure each time.
  const report = (raw: string, error: unknown) => {
    if (isUnsupported(error)) unsupported(raw, error);
    else options.warn(`[apkit/compat] AP.${raw} failed: ${messageOf(error)}`);
  };

  const attempt = <T>(raw: string, work: () => T | PromiseLike<T>): Promise<T> => {
    const run = new Promise<T>((resolve) => {
      // This AP runs over a selected platform; on Connect apkit would read window.AP, which is this object.
      if (platformName() === "connect") {
        const failure = options.startFailure();
        throw failure ?? new BridgeUnavailableError("apkit/compat: no platform is selected: installAP({ platform }) selects one (on Connect, all.js is the AP)");
      }
      resolve(work());
    });
    run.catch((error: unknown) => {
      if (isUnsupported(error)) unsupported(raw, error);
    });
    return run;
  };

  return {
    attempt,
    answer: (raw, work, promise = false) =>
      (...args: unknown[]) => {
        const callback = typeof args[args.length - 1] === "function" ? (args.pop() as AnyFn) : undefined;
        const answered = attempt(raw, () => work(...args));
        if (callback) {
          answered.then(
            (value) => callApp(callback, value),
            (error: unknown) => {
              report(raw, error);
              callApp(callback);
            },
          );
          return undefined;
        }
        if (promise) return answered;
        answered.catch((error: unknown) => report(raw, error));
        return undefined;
      },
    act: (raw, work) => (...args: unknown[]) => {
      attempt(raw, () => work(...args)).catch((error: unknown) => report(raw, error));
      return undefined;
    },
    report,
    refusal(raw) {
      const platform = platformName();
      const instead = rawSupport[raw]?.note ?? "no equivalent";
      return new UnsupportedOnPlatformError(`AP.${raw} is not available on ${platform}: ${instead}`, { platform, capability: `AP.${raw}` });
    },
    hostEvent: (name, ...args) => options.hostEvent(name, args),
  };
}
