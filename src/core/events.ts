import { connectEvents } from "./connect/events.js";
import { port } from "./platform.js";
import type { ListenKind } from "./port.js";
import type { EventArgs, EventName } from "./register.js";
import type { PublicEventFilter, Unsubscribe } from "./types.js";

export type { PublicEventFilter, Unsubscribe } from "./types.js";



type Listener = (...args: any[]) => void;

/**
 * @internal Runs a listener; one that throws must not starve the others, so its error is reported like an uncaught
 * error in an event handler.
 */
export function report(listener: () => void): void {
  try {
    listener();
  } catch (error) {
    (globalThis.reportError ?? ((e: unknown) => setTimeout(() => { throw e; })))(error);
  }
}

// The checks and the error isolation are the capability's, the subscription the platform's.
function subscribe(kind: ListenKind, name: string | undefined, listener: Listener, filter?: PublicEventFilter): Unsubscribe {
  const named = kind === "on" || kind === "onPublic";
  if (named && (!name || typeof name !== "string")) throw new TypeError(`apkit: events.${kind} needs an event name, got ${String(name)}`);
  if (typeof listener !== "function") throw new TypeError(`apkit: events.${kind} needs a listener function`);
  return port("events", connectEvents).listen(
    kind,
    name,
    (...args: unknown[]) => {
      report(() => listener(...args));
    },
    filter,
  );
}

// apkit's own subscriptions by listener function, so that `off(name, fn)` can find them.
const byListener = new WeakMap<Listener, Set<[string, Unsubscribe]>>();

function track(name: string, listener: Listener, unsubscribe: Unsubscribe): Unsubscribe {
  let set = byListener.get(listener);
  if (!set) byListener.set(listener, (set = new Set()));
  const entry: [string, Unsubscribe] = [name, unsubscribe];
  set.add(entry);
  return () => {
    set!.delete(entry);
    unsubscribe();
  };
}

function send(name: string, args: unknown[], isPublic: boolean): void {
  if (!name || typeof name !== "string") throw new TypeError(`apkit: emit needs an event name, got ${String(name)}`);
  port("events", connectEvents).emit(name, args, isPublic);
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
    return track(name, listener as Listener, subscribe("on", name, listener as Listener));
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
    const stop: Unsubscribe = track(
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
    const set = byListener.get(listener as Listener);
    for (const entry of [...(set ?? [])]) {
      if (entry[0] === name) {
        set!.delete(entry);
        entry[1]();
      }
    }
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
    send(name, args, false);
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
    send(name, args, true);
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
