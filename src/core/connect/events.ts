/** @internal Connect's events: `AP.events`, with the listener bookkeeping the real all.js needs. */
import { currentAP, resolveMethod } from "./transport.js";
import type { EventsPort } from "../port.js";

type Listener = (...args: any[]) => void;

/**
 * @internal Every subscription gets its own raw listener, switched off at once by `unsubscribe` and removed from all.js
 * in a microtask. all.js dispatches with `forEach` over its live listener array, so removing a listener while an event
 * is being dispatched (as its own `once` does) makes the next listener miss that event; deferring the removal keeps
 * the array still during dispatch. (all.js 5.3's `offAnyPublic` removes nothing at all; the switched-off listener
 * that stays behind there is harmless.)
 */
export const connectEvents: EventsPort = {
  listen(kind, name, listener, filter) {
    const ap = currentAP();
    const add = resolveMethod(ap, `events.${kind}`);
    let active = true;
    const raw: Listener = (...args: unknown[]) => {
      if (!active) return;
      // all.js calls any-listeners with (name, ...args, { args, name }); hand over (name, ...args).
      const meta = kind === "onAny" ? (args[args.length - 1] as { name: string; args: unknown[] }) : undefined;
      listener(...(meta ? [meta.name, ...meta.args] : args));
    };
    add.fn.apply(add.self, name === undefined ? [raw, filter] : [name, raw, filter]);
    return () => {
      if (!active) return;
      active = false;
      queueMicrotask(() => {
        try {
          const off = resolveMethod(ap, `events.${kind.replace("on", "off")}`);
          off.fn.apply(off.self, name === undefined ? [raw] : [name, raw]);
        } catch {
          // The bridge went away (page unloading): nothing left to detach from.
        }
      });
    };
  },
  emit(name, args, isPublic) {
    const { fn, self } = resolveMethod(currentAP(), isPublic ? "events.emitPublic" : "events.emit");
    fn.call(self, name, ...args);
  },
};
