/** @internal Connect's `AP.history.popState`: the one history method that answers more than once. */
import { currentAP, resolveMethod, type RawAP } from "../bridge.js";
import type { HistoryPopState } from "../history.js";

const listeners = new Set<[(event: HistoryPopState) => void]>();
let armed: RawAP | undefined; // the AP whose popState holds our callback now
let last: unknown;

// A bridge callback answers once, so the registration is renewed after each change. Should a host call every
// registration on each change instead, the repeated calls carry the same event object and are skipped.
function arm(): void {
  const ap = currentAP();
  const { fn, self } = resolveMethod(ap, "history.popState");
  armed = ap;
  fn.call(self, (event: HistoryPopState) => {
    if (event === last) return;
    last = event;
    armed = undefined;
    if (listeners.size) arm();
    // Each listener in its own microtask: one that throws is reported and does not starve the others.
    listeners.forEach(([listener]) => queueMicrotask(() => listener(event)));
  });
}

/** @internal Connect's `history.onPopState`: one bridge registration, renewed after each change, for all listeners. */
export function connectOnPopState(listener: (event: HistoryPopState) => void): () => void {
  if (armed !== currentAP()) arm();
  const entry: [(event: HistoryPopState) => void] = [listener];
  listeners.add(entry);
  return () => void listeners.delete(entry);
}
