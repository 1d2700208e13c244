/**
 * @internal
 * Connect's three ways a plain `AP` method answers, as named helpers over {@link invoke} (the one function that waits
 * for a pending `loadAP`, tries fallback paths, applies the deadline and the caller's `AbortSignal`). A path may be
 * a list: the first that exists on `AP` is called (`["resize", "env.resize"]`).
 */
import type { CallOptions } from "../settle.js";
import { untimed } from "../settle.js";
import { currentAP, invoke, type RawAP } from "./transport.js";

/** @internal An `AP` path, or paths tried in order. */
export type APPath = string | readonly [string, ...string[]];

const split = (path: APPath): [string, string[]] => (typeof path === "string" ? [path, []] : [path[0], path.slice(1)]);

/**
 * @internal Calls a method that only acts. Settles once the bridge took the call, or once the promise the method
 * returned settled (a rejection with `undefined`, all.js's "nothing", is success). Arguments are passed as given,
 * `undefined`s included: hosts read some by position.
 */
export function fire(path: APPath, args: readonly unknown[] = []): Promise<void> {
  const [first, alternatives] = split(path);
  return invoke<void>(first, args, { mode: "promise", emptyOk: true, alternatives });
}

/** @internal Calls a callback-only getter (most of AP's getters) under the caller's deadline and signal. */
export function ask<T>(path: APPath, args: readonly unknown[], options?: CallOptions): Promise<T> {
  const [first, alternatives] = split(path);
  return invoke<T>(first, args, { mode: "callback", alternatives, ...options });
}

/**
 * @internal Calls a method that answers when a person is done (a Jira dialog, the JQL editor): no deadline unless
 * the caller sets one. `callbackFirst`: the method takes its callback before its arguments.
 */
export function wait<T>(path: string, args: readonly unknown[], options: CallOptions | undefined, callbackFirst = false): Promise<T> {
  return invoke<T>(path, args, { mode: "callback", callbackFirst, ...untimed(options) });
}

/** @internal The options all.js read from the iframe's name (`AP._data.options`), or `{}`. */
export const frameOptions = (ap: RawAP = currentAP()): Record<string, any> => ap._data?.options ?? {};
