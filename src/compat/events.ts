/**
 * @internal `AP.events` over apkit's `events`: every listener of the page is kept here (all.js's bus is app-side too),
 * subscribed to the platform's events one by one, and also hears the events apkit/compat delivers as the host would
 * (`dialog.close` to the opener, `flag.action` / `flag.close` to the frame that showed the flag).
 *
 * Forge events carry one payload; all.js's carry any number of arguments. An emit with several arguments travels as
 * one envelope, `{ __apkitCompatArgs: [...] }`, which apkit/compat spreads again on the receiving side, so legacy
 * frames keep talking to each other unchanged (an apkit frame sees the envelope).
 */
import { events, type PublicEventFilter, type Unsubscribe } from "apkit";
import { callApp, type Kit } from "./kit.js";
import { isObject } from "./request.js";

type Listener = (...args: any[]) => void;

/** A listener: of one event (`name`), or of every event (`name` undefined). */
interface Entry {
  name: string | undefined;
  fn: Listener;
  once: boolean;
  stop?: Unsubscribe;
}

const ARGS = "__apkitCompatArgs";

const spread = (payload: unknown): unknown[] => (isObject(payload) && Array.isArray(payload[ARGS]) ? (payload[ARGS] as unknown[]) : [payload]);
const wire = (args: unknown[]): unknown[] => (args.length <= 1 ? args : [{ [ARGS]: args }]);

/** @internal One bus: this app's events, or the public ones. */
function bus(kit: Kit, isPublic: boolean) {
  const suffix = isPublic ? "Public" : "";
  const entries: Entry[] = [];
  const remove = (entry: Entry) => {
    const at = entries.indexOf(entry);
    if (at < 0) return;
    entries.splice(at, 1);
    entry.stop?.();
  };
  const run = (entry: Entry, args: unknown[]) => {
    if (entry.once) remove(entry);
    callApp(entry.fn, ...args);
  };
  const add = (raw: string, entry: Entry, filter: unknown) => {
    if (typeof entry.fn !== "function") return;
    entries.push(entry);
    kit
      .attempt(raw, () => {
        const deliver = (...args: unknown[]) => {
          if (!entries.includes(entry)) return;
          if (entry.name === undefined) {
            // all.js calls any-listeners with (name, ...args, { args, name }).
            const [name, ...rest] = args as [string, ...unknown[]];
            const spreadArgs = rest.length === 1 ? spread(rest[0]) : rest;
            run(entry, isPublic ? spreadArgs : [name, ...spreadArgs, { args: spreadArgs, name }]);
          } else run(entry, args.length === 1 ? spread(args[0]) : args);
        };
        const only = (filter ?? undefined) as PublicEventFilter | undefined;
        if (entry.name === undefined) return isPublic ? events.onAnyPublic(deliver, only) : events.onAny(deliver as never);
        return isPublic ? events.onPublic(entry.name, deliver, only) : events.on(entry.name as never, deliver as never);
      })
      .then(
        (stop) => {
          if (entries.includes(entry)) entry.stop = stop;
          else stop();
        },
        (error: unknown) => {
          remove(entry);
          kit.report(raw, error);
        },
      );
  };
  const removeWhere = (test: (entry: Entry) => boolean, first: boolean) => {
    for (const entry of entries.filter(test).slice(0, first ? 1 : undefined)) remove(entry);
  };

  return {
    module: {
      [`on${suffix}`]: (name: string, fn: Listener, filter?: unknown) => add(`events.on${suffix}`, { name: String(name), fn, once: false }, filter),
      [`once${suffix}`]: (name: string, fn: Listener, filter?: unknown) => add(`events.once${suffix}`, { name: String(name), fn, once: true }, filter),
      [`onAny${suffix}`]: (fn: Listener, filter?: unknown) => add(`events.onAny${suffix}`, { name: undefined, fn, once: false }, filter),
      // all.js's off removes the first registration of the function; offAll every listener of the name.
      [`off${suffix}`]: (name: string, fn: Listener) => removeWhere((e) => e.name === String(name) && e.fn === fn, true),
      [`offAll${suffix}`]: (name: string) => removeWhere((e) => e.name === String(name), false),
      [`offAny${suffix}`]: (fn: Listener) => removeWhere((e) => e.name === undefined && e.fn === fn, true),
      [`emit${suffix}`]: (name: string, ...args: unknown[]) => {
        kit
          .attempt(`events.emit${suffix}`, () => (isPublic ? events.emitPublic : (events.emit as (name: string, ...args: unknown[]) => void))(name, ...wire(args)))
          .catch((error: unknown) => kit.report(`events.emit${suffix}`, error));
      },
    },
    /** Delivers an event to this page's listeners as the host would. */
    deliver(name: string, args: unknown[]) {
      for (const entry of [...entries]) {
        if (entry.name === name) run(entry, args);
        else if (entry.name === undefined) run(entry, isPublic ? args : [name, ...args, { args, name }]);
      }
    },
  };
}

/** @internal `AP.events`, and how apkit/compat delivers its own host events. */
export function compatEvents(kit: Kit) {
  const own = bus(kit, false);
  const shared = bus(kit, true);
  return {
    module: {
      ...own.module,
      ...shared.module,
      emitToDataProvider: kit.act("events.emitToDataProvider", () => {
        throw kit.refusal("events.emitToDataProvider");
      }),
    },
    deliver: own.deliver,
  };
}
