import { useEffect, useRef } from "react";
import { events, type EventArgs, type EventName } from "apkit";
import { useAPState } from "./useAPState.js";

/**
 * Listens to an AP event while the component is mounted and the bridge is ready. The handler may change on every
 * render without re-subscribing (the latest one is called); StrictMode's double mount leaves one subscription.
 *
 * @example
 * ```tsx
 * import { useAPEvent } from "apkit/react";
 * function Refresher({ onRefresh }: { onRefresh: () => void }) {
 *   useAPEvent("issue-refresh", () => onRefresh());
 *   return null;
 * }
 * ```
 */
export function useAPEvent<K extends EventName>(name: K, handler: (...args: EventArgs<K>) => void): void {
  const bridge = useAPState();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (bridge.status !== "ready") return;
    return events.on(name, (...args) => latest.current(...(args as EventArgs<K>)));
  }, [bridge, name]);
}
