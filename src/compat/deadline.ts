/**
 * @internal One timer for the deadlines of every pending `AP.request` of the page, rather than one per call: legacy
 * pages make requests in bursts, and one sweeping timer is armed once for a burst where a timer per call would be armed
 * and cleared for each (a cost bench/forge-request.mjs's compat case includes; it was not measured on its own). The
 * deadline is apkit's (`configure().timeout`, 15 s by default): a request with no answer by then fails with
 * `TimeoutError`, where all.js would wait forever.
 */
import { configure, TimeoutError } from "apkit";

interface Pending {
  at: number;
  expire(): void;
}

const pending = new Set<Pending>();
let timer: ReturnType<typeof setTimeout> | undefined;

// Fails what is past its deadline and sleeps until the next one; with nothing pending, the timer stops.
function sweep(): void {
  timer = undefined;
  const now = Date.now();
  let next = Infinity;
  for (const entry of pending) {
    if (entry.at <= now) {
      pending.delete(entry);
      entry.expire();
    } else next = Math.min(next, entry.at);
  }
  if (next < Infinity) timer = setTimeout(sweep, next - now);
}

/** @internal `work` under apkit's default deadline, `subject` named in the `TimeoutError`. */
export function withDeadline<T>(subject: string, work: Promise<T>): Promise<T> {
  const { timeout } = configure();
  if (!Number.isFinite(timeout)) return work;
  return new Promise<T>((resolve, reject) => {
    const entry: Pending = { at: Date.now() + timeout, expire: () => reject(new TimeoutError(`${subject}: no answer in ${timeout} ms`, { timeout })) };
    pending.add(entry);
    // A timer already armed fires no later than this deadline: it re-arms itself for the rest.
    timer ??= setTimeout(sweep, timeout);
    work.then(
      (value) => {
        pending.delete(entry);
        resolve(value);
      },
      (error: unknown) => {
        pending.delete(entry);
        reject(error);
      },
    );
  });
}
