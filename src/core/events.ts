import { currentAP, resolveMethod, type RawAP } from "./bridge.js";
import type { EventArgs, EventName } from "./register.js";

/** Removes the listener it was returned for. Calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * Chooses which senders a public listener hears: a function over the sender's `{ addon_key, key }`, or an object
 * whose properties must all match.
 */
export type PublicEventFilter =
  | ((sender: { addon_key?: string; key?: string; [key: string]: unknown }) => boolean)
  | { addon_key?: string; key?: string };

type Listener = (...args: any[]) => void;

/**
 * Every subscription gets its own raw listener, switched off at once by `unsubscribe` and removed from all.js in
 * a microtask. all.js dispatches with `forEach` over its live listener array, so removing a listener while an event
 * is being dispatched (as its own `once` does) makes the next listener miss that event; deferring the removal keeps
 * the array still during dispatch.
 */
function subscribe(
  kind: "on" | "onPublic" | "onAny" | "onAnyPublic",
  name: string | undefined,
  listener: Listener,
  filter?: PublicEventFilter,
): Unsubscribe {
  if (typeof listener !== "function") throw new TypeError("apkit: an event listener must be a function.");
  if (name !== undefined && (typeof name !== "string" || name === "")) {
    throw new TypeError("apkit: an event name must be a non-empty string.");
  }
  const ap = currentAP();
  const add = resolveMethod(ap, `events.${kind}`);
  let active = true;
  const raw: Listener = (...args: unknown[]) => {
    if (!active) return;
    if (kind === "onAny") {
      // all.js calls any-listeners with (name, ...args, { args, name }); hand over (name, ...args).
      const meta = args[args.length - 1] as { name?: string; args?: unknown[] } | undefined;
      const eventArgs = meta && Array.isArray(meta.args) ? meta.args : args.slice(1, -1);
      callSafely(listener, [meta?.name ?? args[0], ...eventArgs]);
    } else {
      callSafely(listener, args);
    }
  };
  const unsubscribe: Unsubscribe = () => {
    if (!active) return;
    active = false;
    queueMicrotask(() => detach(ap, kind, name, raw));
  };
  const args: unknown[] = name === undefined ? [raw] : [name, raw];
  if (kind === "onPublic" || kind === "onAnyPublic") args.push(filter);
  add.fn.apply(add.self, args);
  return unsubscribe;
}

function detach(ap: RawAP, kind: string, name: string | undefined, raw: Listener): void {
  const off = { on: "off", onPublic: "offPublic", onAny: "offAny", onAnyPublic: "offAnyPublic" }[kind]!;
  // all.js 5.3's offAnyPublic is broken (it removes from an event named after window.name): the raw listener
  // stays registered there, switched off, which is harmless.
  try {
    const { fn, self } = resolveMethod(ap, `events.${off}`);
    if (name === undefined) fn.call(self, raw);
    else fn.call(self, name, raw);
  } catch {
    // The bridge went away (page unloading): nothing left to detach from.
  }
}

function callSafely(listener: Listener, args: unknown[]): void {
  try {
    listener(...args);
  } catch (error) {
    // One failing listener must not starve the others; report it like an uncaught error in an event handler.
    if (typeof reportError === "function") reportError(error);
    else setTimeout(() => { throw error; });
  }
}

// Keeps a per-bridge record of apkit's own listener functions, so `off(name, fn)` finds them.
const byListener = new WeakMap<RawAP, Map<Listener, Set<{ name: string; unsubscribe: Unsubscribe }>>>();

function remember(name: string, listener: Listener, unsubscribe: Unsubscribe): Unsubscribe {
  const ap = currentAP();
  let map = byListener.get(ap);
  if (!map) byListener.set(ap, (map = new Map()));
  let set = map.get(listener);
  if (!set) map.set(listener, (set = new Set()));
  const entry = { name, unsubscribe };
  set.add(entry);
  return () => {
    set!.delete(entry);
    if (set!.size === 0) map!.delete(listener);
    unsubscribe();
  };
}

/**
 * Events between the host and the iframes of your app, typed by {@link Register}. Every `on*` returns an
 * unsubscribe function. Listeners run in subscription order; one that throws does not stop the others.
 *
 * Facts of the real bridge worth knowing: `emit` also reaches listeners in the emitting iframe itself; an array
 * broadcast by the host arrives spread into separate arguments; events broadcast before the iframe was ready can
 * arrive more than once when it loads.
 *
 * @example
 * ```ts
 * import { events } from "apkit";
 * const stop = events.on("issue-updated", (payload) => refresh(payload));
 * events.emit("issue-updated", { key: "ABC-1" });
 * stop();
 * ```
 */
export const events = {
  /**
   * Listens to an event of this app (host broadcasts and `emit` from any iframe of the app).
   *
   * @example
   * ```ts
   * const stop = events.on("dialog.close", (data) => console.log("closed with", data));
   * ```
   */
  on<K extends EventName>(name: K, listener: (...args: EventArgs<K>) => void): Unsubscribe {
    return remember(name, listener as Listener, subscribe("on", name, listener as Listener));
  },

  /**
   * Listens to the next occurrence of an event only.
   *
   * @example
   * ```ts
   * events.once("flag.close", ({ flagIdentifier }) => console.log(flagIdentifier));
   * ```
   */
  once<K extends EventName>(name: K, listener: (...args: EventArgs<K>) => void): Unsubscribe {
    const stop: Unsubscribe = remember(
      name,
      listener as Listener,
      subscribe("on", name, (...args: unknown[]) => {
        stop();
        (listener as Listener)(...args);
      }),
    );
    return stop;
  },

  /**
   * Removes every subscription of `listener` to `name` made with `on` or `once`.
   *
   * @example
   * ```ts
   * const onClose = () => {};
   * events.on("dialog.close", onClose);
   * events.off("dialog.close", onClose);
   * ```
   */
  off<K extends EventName>(name: K, listener: (...args: EventArgs<K>) => void): void {
    const map = byListener.get(currentAP());
    const set = map?.get(listener as Listener);
    if (!set) return;
    for (const entry of [...set]) {
      if (entry.name === name) {
        set.delete(entry);
        entry.unsubscribe();
      }
    }
    if (set.size === 0) map!.delete(listener as Listener);
  },

  /**
   * Sends an event to every iframe of this app on the page, the sender included.
   *
   * @example
   * ```ts
   * events.emit("todo-added", { id: "1", title: "Write docs" });
   * ```
   */
  emit<K extends EventName>(name: K, ...args: EventArgs<K>): void {
    if (typeof name !== "string" || name === "") throw new TypeError("apkit: an event name must be a non-empty string.");
    const { fn, self } = resolveMethod(currentAP(), "events.emit");
    fn.call(self, name, ...args);
  },

  /**
   * Listens to an event of this name from every app on the page (public events), optionally filtered by sender.
   *
   * @example
   * ```ts
   * events.onPublic("shared-event", (data) => console.log(data), { addon_key: "partner-app" });
   * ```
   */
  onPublic(name: string, listener: (...args: unknown[]) => void, filter?: PublicEventFilter): Unsubscribe {
    return subscribe("onPublic", name, listener, filter);
  },

  /**
   * Sends a public event that every app's iframes on the page can hear.
   *
   * @example
   * ```ts
   * events.emitPublic("shared-event", { hello: "world" });
   * ```
   */
  emitPublic(name: string, ...args: unknown[]): void {
    if (typeof name !== "string" || name === "") throw new TypeError("apkit: an event name must be a non-empty string.");
    const { fn, self } = resolveMethod(currentAP(), "events.emitPublic");
    fn.call(self, name, ...args);
  },

  /**
   * Listens to every event of this app; the listener gets `(name, ...args)`.
   *
   * @example
   * ```ts
   * const stop = events.onAny((name, ...args) => console.debug("[event]", name, args));
   * ```
   */
  onAny(listener: (name: string, ...args: unknown[]) => void): Unsubscribe {
    return subscribe("onAny", undefined, listener as Listener);
  },

  /**
   * Listens to every public event; the listener gets the event's arguments.
   *
   * @example
   * ```ts
   * const stop = events.onAnyPublic((...args) => console.debug(args));
   * ```
   */
  onAnyPublic(listener: (...args: unknown[]) => void, filter?: PublicEventFilter): Unsubscribe {
    return subscribe("onAnyPublic", undefined, listener, filter);
  },
};
