/**
 * @internal Shared helpers of the UI modules (dialog, flag, iframe, navigator, history, cookie, theming, macro, jira).
 * Most AP methods only need "call it, check the arguments, settle": {@link wrap} builds those from a one-line spec,
 * which keeps the script-tag build small; the public types and docs live on each module's interface.
 */
import { currentAP, invoke, resolveMethod, settle, type CallOptions, type RawAP } from "./bridge.js";

/** @internal Caller mistakes are TypeErrors with a short message (the stack says where). */
export function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new TypeError(`apkit: bad ${what}`);
}

/** @internal A plain object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);

const DIM = /^\d+(\.\d+)?(px|%)?$/;

/** @internal Argument checks by letter, as used in {@link wrap} specs. */
export const is = {
  /** non-empty string */ s: (v: any) => v && typeof v === "string",
  /** any string */ t: (v: any) => typeof v === "string",
  /** optional string */ S: (v: any) => v === undefined || typeof v === "string",
  /** plain object */ o: isObject,
  /** optional plain object */ O: (v: any) => v === undefined || isObject(v),
  /** integer */ i: Number.isInteger,
  /** finite number */ n: Number.isFinite,
  /** optional positive number */ p: (v: any) => v === undefined || v > 0,
  /** optional dimension: 300, "300px", "50%" */ d: (v: any) => v === undefined || (/^[ns]/.test(typeof v) && DIM.test(String(v))),
  /** anything */ a: (_: unknown) => 1,
};

/** @internal Placeholder for the settler's resolve in {@link waitUser} arguments (some AP methods take it first). */
export const RESOLVE = {};

/**
 * @internal Calls `AP.<paths[0]>` (or an alternative) and settles:
 * - "fire": a method that only acts; settles once the bridge took the call, or once a promise method's promise
 *   settled (`undefined` counts as success);
 * - "ask": a callback-only getter, under the caller's deadline and signal;
 * - "wait": waits on a person (a dialog, an editor): no deadline unless the caller sets one; `RESOLVE` in `args`
 *   marks where the callback goes.
 */
export function call<T>(kind: "fire" | "ask" | "wait", paths: string, args: unknown[] = [], options: CallOptions = {}): Promise<T> {
  const [path, ...alternatives] = paths.split("|") as [string, ...string[]];
  return kind === "wait"
    ? settle<T>(path, { timeout: Infinity, ...options }, (done) => {
        const { fn, self } = resolveMethod(currentAP(), path);
        fn.apply(self, args.map((a) => (a === RESOLVE ? done.resolve : a)));
      })
    : invoke<T>(path, args, kind === "ask" ? { mode: "callback", alternatives, ...options } : { mode: "promise", emptyOk: true, alternatives });
}

/** @internal {@link call} "fire". */
export const fire = (paths: string, ...args: unknown[]): Promise<void> => call("fire", paths, args);

/**
 * @internal Builds wrappers from a spec of space-separated entries `[?!]name[=path][/sig]`:
 * `?` a callback getter, `!` a call that waits on the user, neither: fire; `path` (alternatives split by `|`) is
 * `<module>.<path>` when it has no dot, and defaults to `<module>.<name>`; `sig` has one letter of {@link is} per argument (`r`: where the callback goes, for `!`).
 * The argument after the signature is the call's `CallOptions`.
 */
export function wrap(module: string, spec: string): any {
  const out: Record<string, unknown> = {};
  for (const entry of spec.split(" ")) {
    const [, kind, name, path, sig = ""] = /^([?!]?)(\w+)(?:=([\w.|]+))?(?:\/(\w+))?$/.exec(entry)!;
    out[name!] = (...given: unknown[]) => {
      let i = 0;
      const args = [...sig].map((letter) => {
        if (letter === "r") return RESOLVE;
        const value = given[i++];
        check((is as Record<string, (v: unknown) => unknown>)[letter]!(value), `${name} arguments`);
        return value;
      });
      return call(kind === "?" ? "ask" : kind ? "wait" : "fire", path?.includes(".") ? path : `${module}.${path ?? name}`, args, given[i] as CallOptions);
    };
  }
  return out;
}

/** @internal The options all.js read from the iframe's name (`AP._data.options`), or `{}`. */
export const frameOptions = (ap: RawAP = currentAP()): Record<string, any> => ap._data?.options ?? {};
