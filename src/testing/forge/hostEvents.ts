/**
 * @internal The Forge host's events: the app's `events.on/onPublic` subscriptions and `emit/emitPublic`, on the bus of
 * the page's frames when the host is one of several (apkit-dev), else on a bus of its own (the mock).
 */
import { badPayload, type HostArea, type HostKit } from "./hostKit.js";
import type { ForgeEmittedEvent, ForgeEventBus } from "./types.js";

type AppListener = (payload: unknown) => Promise<unknown>;

/** @internal */
export interface EventArea extends HostArea {
  readonly emitted: readonly ForgeEmittedEvent[];
  /** Delivers `payload` to the app's listeners of `event` (a test's emit: from nobody, so every frame hears it). */
  deliver(event: string, payload: unknown, isPublic: boolean): Promise<unknown>;
  listenerCount(event: string, isPublic: boolean): number;
}

/**
 * A bus for the Forge frames of one page: every frame's host subscribes and emits on it. A frame's own emit does not
 * reach its own listeners unless `echo` says so (the mock's one realm: see `echoEmits`).
 *
 * @example
 * ```ts
 * import { createForgeEventBus, createForgeHost } from "apkit/testing/forge";
 * const bus = createForgeEventBus();
 * const panel = createForgeHost({ bus });
 * const glance = createForgeHost({ bus }); // an emit of one frame reaches the other
 * ```
 */
export function createForgeEventBus(echo: () => boolean = () => false): ForgeEventBus {
  type Entry = { member: { app?: string }; listener: AppListener };
  const tables = { private: new Map<string, Set<Entry>>(), public: new Map<string, Set<Entry>>() };
  // An app's own events stay among its frames; public ones reach every app's.
  const hears = (s: Entry, from: { app?: string } | undefined, isPublic: boolean) =>
    (s.member !== from || echo()) && (isPublic || from === undefined || s.member.app === from.app);
  const table = (isPublic: boolean) => (isPublic ? tables.public : tables.private);
  return {
    subscribe(member, event, isPublic, listener) {
      const set = table(isPublic).get(event) ?? new Set();
      table(isPublic).set(event, set);
      // An entry per subscription: unsubscribing one leaves another subscription of the same callback in place.
      const entry = { member, listener };
      set.add(entry);
      return () => void set.delete(entry);
    },
    deliver: (from, event, payload, isPublic) =>
      Promise.all([...(table(isPublic).get(event) ?? [])].filter((s) => hears(s, from, isPublic)).map((s) => s.listener(payload))),
    listenerCount: (event, isPublic) => table(isPublic).get(event)?.size ?? 0,
  };
}

/** @internal `app`: the app of the frame, which scopes its private events on a shared bus. */
export function hostEvents(kit: HostKit, shared?: ForgeEventBus, app?: string): EventArea {
  const self = { app };
  let emitted: ForgeEmittedEvent[] = [];
  let bus = shared ?? createForgeEventBus(() => kit.options().echoEmits === true);
  // The app's listeners run as app callbacks: one that throws is reported, not thrown into the host.
  const reported = (listener: AppListener): AppListener => (payload) => kit.callApp(listener, payload);

  const appEmit = ({ event, payload }: { event: string; payload: unknown }, isPublic: boolean) => {
    emitted.push({ event, payload, public: isPublic });
    void bus.deliver(self, event, payload, isPublic);
    return undefined;
  };
  const subscribe = ({ event, callback }: { event: string; callback: AppListener }, isPublic: boolean) => {
    if (typeof callback !== "function") throw badPayload(isPublic ? "onPublic" : "on", "callback");
    return { unsubscribe: bus.subscribe(self, event, isPublic, reported(callback)) };
  };

  return {
    get emitted() {
      return emitted;
    },
    deliver: (event, payload, isPublic) => bus.deliver(undefined, event, payload, isPublic),
    listenerCount: (event, isPublic) => bus.listenerCount(event, isPublic),
    reset() {
      emitted = [];
      if (!shared) bus = createForgeEventBus(() => kit.options().echoEmits === true);
    },
    builtins: {
      emit: (payload: { event: string; payload: unknown }) => appEmit(payload, false),
      emitPublic: (payload: { event: string; payload: unknown }) => appEmit(payload, true),
      on: (payload: { event: string; callback: AppListener }) => subscribe(payload, false),
      onPublic: (payload: { event: string; callback: AppListener }) => subscribe(payload, true),
    },
  };
}
