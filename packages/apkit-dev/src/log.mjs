// The request log: every product REST call (from either platform or from an app backend), every remote call and
// resolver invocation of the Forge side, every lifecycle callback and context token. Kept in memory (the last
// `limit` entries), printed one line each on stdout (unless quiet), and streamed to the host page (server-sent
// events, /__dev/events).

/**
 * @typedef {object} LogEntry
 * @property {number} id
 * @property {number} at milliseconds since the epoch
 * @property {"connect" | "forge" | "backend" | "host"} platform who made the call
 * @property {string} kind "product" | "remote" | "invoke" | "lifecycle" | "token" | "install" | "frame"
 * @property {string} [app] app key
 * @property {string} [module] module key
 * @property {string} [method]
 * @property {string} [url]
 * @property {number} [status]
 * @property {number} [ms] how long the answer took
 * @property {string} [note]
 */

/**
 * @param {{ print?: (line: string) => void, limit?: number }} [options]
 */
export function createRequestLog({ print, limit = 1000 } = {}) {
  /** @type {LogEntry[]} */
  const entries = [];
  const subscribers = new Set();
  let next = 0;
  return {
    entries,
    /** Adds an entry (fields as in LogEntry, `id` and `at` filled in) and returns it. */
    add(fields) {
      const entry = { id: ++next, at: Date.now(), ...fields };
      entries.push(entry);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
      print?.(formatEntry(entry));
      for (const fn of subscribers) fn(entry);
      return entry;
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
}

/** One log line: time, platform, who, what, status, duration. */
export function formatEntry(e) {
  const time = new Date(e.at).toISOString().slice(11, 23);
  const who = [e.app, e.module].filter(Boolean).join("/");
  const what = [e.method, e.url].filter(Boolean).join(" ");
  const status = e.status === undefined ? "" : ` -> ${e.status}`;
  const ms = e.ms === undefined ? "" : ` (${e.ms} ms)`;
  const note = e.note ? ` ${e.note}` : "";
  return `${time} ${e.platform.padEnd(7)} ${e.kind.padEnd(9)} ${who ? `${who} ` : ""}${what}${status}${ms}${note}`;
}
