/** @internal Forge's events: `events.on/onPublic/emit/emitPublic`, one payload per event. */
import type { EventsPort, Unsubscribe } from "apkit";
import type { ForgeRuntime } from "./runtime.js";
import { refusal } from "./support.js";

/** @internal */
export function forgeEvents(runtime: ForgeRuntime): EventsPort {
  return {
    listen(kind, name, listener, filter) {
      if (kind === "onAny" || kind === "onAnyPublic") throw refusal(`events.${kind}`);
      if (filter) throw refusal("events.onPublic");
      let active = true;
      let stop: (() => void) | undefined;
      const callback = (payload: unknown) => {
        if (active) listener(payload);
      };
      runtime.withBridge((bridge) => {
        if (!active) return;
        const subscribing = kind === "on" ? bridge.events.on(name!, callback) : bridge.events.onPublic(name!, callback);
        subscribing.then(
          (handle) => {
            stop = () => handle.unsubscribe();
            // Stopped before the bridge answered: unsubscribe as soon as it did.
            if (!active) stop();
          },
          (error: unknown) => reportLater(error),
        );
      });
      const unsubscribe: Unsubscribe = () => {
        if (!active) return;
        active = false;
        stop?.();
      };
      return unsubscribe;
    },
    emit(name, args, isPublic) {
      if (args.length > 1) throw new TypeError("apkit: a Forge event carries one payload; pass an object or an array");
      runtime.withBridge((bridge) => {
        (isPublic ? bridge.events.emitPublic(name, args[0]) : bridge.events.emit(name, args[0])).catch(reportLater);
      });
    },
  };
}

/** @internal A failure with no caller to go to, reported like any uncaught error. */
export function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
