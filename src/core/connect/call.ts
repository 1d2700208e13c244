/**
 * @internal Connect's plain methods: most of `AP` is "call the method, let it answer once". {@link apMethods}
 * builds a capability's Connect implementation from a typed table of how each method answers and where it lives;
 * every call goes through `invoke`, the one function that waits for a pending `loadAP`, tries fallbacks, applies
 * the deadline and the caller's `AbortSignal`.
 */
import { currentAP, invoke, type CallOptions, type RawAP } from "../bridge.js";
import { check } from "../check.js";
import { port, type Port } from "../port.js";

/** @internal How a Connect method answers: one of the four constants below. */
export type How = typeof FIRE | typeof ASK | typeof WAIT | typeof WAIT_CALLBACK_FIRST;
/** @internal Only acts; settles once the bridge took the call (or its promise settled; `undefined` is success). */
export const FIRE = 0;
/** @internal A callback-only getter, under the caller's deadline and signal. */
export const ASK = 1;
/** @internal Waits on a person (a dialog, an editor), the callback last: no deadline unless the caller sets one. */
export const WAIT = 2;
/** @internal As {@link WAIT}, the callback first (the Jira dialogs take it before their options). */
export const WAIT_CALLBACK_FIRST = 3;

/**
 * @internal One method: how it answers, how many arguments it takes before the trailing `CallOptions`, its path on
 * `AP` and the alternative paths tried when the first is missing.
 */
export type MethodSpec = readonly [how: How, arity: number, path: string, ...alternatives: string[]];

/** @internal Calls `AP.<paths[0]>` (or an alternative) as `how` says. */
export function apCall<T>(how: How, paths: readonly string[], args: unknown[], options: CallOptions = {}): Promise<T> {
  const [path, ...alternatives] = paths as [string, ...string[]];
  return invoke<T>(
    path,
    args,
    how === FIRE
      ? { mode: "promise", emptyOk: true, alternatives }
      : how === ASK
        ? { mode: "callback", alternatives, ...options }
        : { mode: "callback", callbackFirst: how === WAIT_CALLBACK_FIRST, timeout: Infinity, ...options },
  );
}

// One table row as a method: `arity` arguments, then the caller's CallOptions.
const bindMethod =
  (how: How, arity: number, paths: string[]) =>
  (...given: unknown[]): Promise<unknown> =>
    // Always `arity` arguments, missing ones as undefined: hosts read some by position.
    apCall(how, paths, Array.from({ length: arity }, (_, i) => given[i]), given[arity] as CallOptions);

/** @internal A capability's Connect implementation from its table of methods. */
export function apMethods<P>(table: { [M in keyof P]: MethodSpec }): P {
  const out: Record<string, unknown> = {};
  for (const name in table) {
    const [how, arity, ...paths] = table[name];
    out[name] = bindMethod(how, arity, paths);
  }
  return out as P;
}

/** @internal The options all.js read from the iframe's name (`AP._data.options`), or `{}`. */
export const frameOptions = (ap: RawAP = currentAP()): Record<string, any> => ap._data?.options ?? {};

/**
 * @internal One method of a plain capability: its argument check (`0`: none), then its Connect binding: how the
 * `AP` method answers, its arity and paths, or a function for a method with more to it than one `AP` call.
 */
export type PlainMethod<F> =
  | readonly [check: Check<F>, how: How, arity: number, path: string, ...alternatives: string[]]
  | readonly [check: Check<F>, connect: F];
type Check<F> = F extends (...args: infer A) => unknown ? ((...args: A) => unknown) | 0 : never;

/**
 * @internal A plain capability, declared once per method. The public methods check their arguments (a `TypeError`
 * at once), then call the selected platform's implementation of `capability`, looked up at call time; Connect's
 * implementation is the table's bindings.
 */
export function plain<P>(capability: keyof Port, table: { [M in keyof P]: PlainMethod<P[M]> }): P {
  const connect: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  for (const name in table) {
    const [ok, how, arity, ...paths] = table[name] as unknown as [Check<() => void>, How | ((...args: unknown[]) => unknown), number, ...string[]];
    connect[name] = typeof how === "function" ? how : bindMethod(how, arity, paths);
    out[name] = (...args: unknown[]) => {
      check(!ok || (ok as (...a: unknown[]) => unknown)(...args), `${name} arguments`);
      return (port(capability, connect as never) as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
    };
  }
  return out as P;
}
