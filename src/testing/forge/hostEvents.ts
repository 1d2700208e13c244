/** @internal The Forge host's events: the app's `events.on/onPublic` subscriptions and `emit/emitPublic`. */
import { badPayload, type HostArea, type HostKit } from "./hostKit.js";
import type { ForgeEmittedEvent } from "./types.js";

type AppListener = (payload: unknown) => Promise<unknown>;

/** @internal */
export interface EventArea extends HostArea {
  readonly emitted: readonly ForgeEmittedEvent[];
  /** Delivers `payload` to the app's listeners of `event`. */
  deliver(event: string, payload: unknown, isPublic: boolean): Promise<unknown>;
  listenerCount(event: string, isPublic: boolean): number;
}

/** @internal */
export function hostEvents(kit: HostKit): EventArea {
  let emitted: ForgeEmittedEvent[] = [];
  let listeners = { private: new Map<string, Set<AppListener>>(), public: new Map<string, Set<AppListener>>() };
  const table = (isPublic: boolean) => (isPublic ? listeners.public : listeners.private);

  const appEmit = ({ event, payload }: { event: string; payload: unknown }, isPublic: boolean) => {
    emitted.push({ event, payload, public: isPublic });
    if (kit.options().echoEmits) void area.deliver(event, payload, isPublic);
    return undefined;
  };
  const subscribe = ({ event, callback }: { event: string; callback: AppListener }, isPublic: boolean) => {
    if (typeof callback !== "function") throw badPayload(isPublic ? "onPublic" : "on", "callback");
    const set = table(isPublic).get(event) ?? new Set();
    table(isPublic).set(event, set);
    // A wrapper per subscription: unsubscribing one leaves another subscription of the same callback in place.
    const entry: AppListener = (p) => callback(p);
    set.add(entry);
    return { unsubscribe: () => void set.delete(entry) };
  };

  const area: EventArea = {
    get emitted() {
      return emitted;
    },
    deliver: (event, payload, isPublic) => Promise.all([...(table(isPublic).get(event) ?? [])].map((listener) => kit.callApp(listener, payload))),
    listenerCount: (event, isPublic) => table(isPublic).get(event)?.size ?? 0,
    reset() {
      emitted = [];
      listeners = { private: new Map(), public: new Map() };
    },
    builtins: {
      emit: (payload: { event: string; payload: unknown }) => appEmit(payload, false),
      emitPublic: (payload: { event: string; payload: unknown }) => appEmit(payload, true),
      on: (payload: { event: string; callback: AppListener }) => subscribe(payload, false),
      onPublic: (payload: { event: string; callback: AppListener }) => subscribe(payload, true),
    },
  };
  return area;
}
