/**
 * @internal Connect's history: `AP.history`, and `popState`, the one history method that answers more than once.
 */
import type { HistoryPort } from "../port.js";
import type { HistoryPopState } from "../types.js";
import { ask, fire } from "./call.js";
import { currentAP, resolveMethod, type RawAP } from "./transport.js";

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

/** @internal */
export const connectHistory: HistoryPort = {
  back: () => fire("history.back"),
  forward: () => fire("history.forward"),
  go: (delta) => fire("history.go", [delta]),
  getState: (type, options) => ask("history.getState", [type], options),
  pushState: (state, title, url) => fire("history.pushState", [state, title, url]),
  replaceState: (state, title, url) => fire("history.replaceState", [state, title, url]),
  // One bridge registration, renewed after each change, for all listeners.
  onPopState(listener) {
    if (armed !== currentAP()) arm();
    const entry: [(event: HistoryPopState) => void] = [listener];
    listeners.add(entry);
    return () => void listeners.delete(entry);
  },
};
