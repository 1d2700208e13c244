/**
 * An in-memory Connect host with the transport semantics of the real bridge (simple-xdm + all.js 5.3), for
 * jsdom tests. Each `connect()` returns the `AP` one app iframe would see. Host methods are plain functions,
 * defined the way a product defines them on the real host:
 *
 * - a method with `returnsPromise = true` returns a promise; the app gets a promise back;
 * - any other method receives a trailing callback; the app passes its own callback;
 * - functions inside arguments are removed (they cannot cross postMessage) and values are structured-cloned.
 *
 * Quirks kept on purpose, because production code meets them: a promise method that resolves `undefined` makes
 * the app's promise reject with `undefined`; rejecting with an `Error` gives the app only its message string;
 * rejecting with `0` resolves; a host method that throws never answers; event listeners are dispatched over the
 * live listener array; `emit` echoes to the sender; broadcast arrays are spread into arguments.
 */

/** A host-side method. Set `returnsPromise` to answer with a promise. */
export type HostMethod = ((...args: any[]) => unknown) & { returnsPromise?: boolean };

/**
 * A host class, as connect-host defines `flag.create` or `dialog.getButton`: `constructor` runs on the host when the
 * app calls the member (its callback carries the new object's `_id`), and the other methods run with `this` bound to
 * that host-side instance when the app calls them on the returned object. Write `constructor` as a `function`.
 */
export type HostClass = { constructor: HostMethod } & Record<string, HostMethod>;

/** Host modules: named modules of methods (and classes), or a top-level method (like the product's `request`). */
export type HostModules = Record<string, HostMethod | Record<string, HostMethod | HostClass>>;

/** Which iframe a call or event belongs to, as connect-host describes it. */
export interface Extension {
  addon_key: string;
  key: string;
  id: string;
  options: Record<string, unknown>;
}

/**
 * What a host method receives as its last argument: the callback, carrying the calling extension (and, for the
 * methods of a {@link HostClass}, the `_id` of the object they run on).
 */
export type HostCallback = ((...args: unknown[]) => void) & { _context: { extension: Extension }; _id?: string };

/** Options of {@link emulateHost}. */
export interface EmulateHostOptions {
  /**
   * Delay in milliseconds before each message crosses the bridge (0: the next microtask).
   * @default 0
   */
  latency?: number;
  /** Where a dropped function is reported; the real bridge warns in the console. */
  warn?: (message: string) => void;
  /**
   * Called as each app call reaches the host, before the host method runs: module methods (`"context.getToken"`),
   * host classes (`"flag.create"`, `"flag.create.close"`) and `"events.emit"` / `"events.emitPublic"` (the event
   * name first in `args`). `args` are what the host received (sanitised and cloned, the app's callback removed).
   */
  onCall?: (call: HostCall) => void;
}

/** One app call as the host received it (see {@link EmulateHostOptions.onCall}). */
export interface HostCall {
  /** The dotted method name, such as `"request"`, `"dialog.create"` or `"events.emit"`. */
  method: string;
  /** The arguments as the host received them. */
  args: unknown[];
  /** The calling iframe. */
  extension: Extension;
}

/** A running emulated host. */
export interface EmulatedHost {
  /** Creates the `AP` of one more app iframe. */
  connect(extension?: Partial<Extension>): Record<string, any>;
  /** Removes the iframe of an `AP` made by `connect` (its page went away): it gets no more events. */
  disconnect(ap: object): void;
  /**
   * Resolves once no message is crossing the bridge and the app's promise reactions to the last ones have run.
   * Host work that is asynchronous by itself (a host method awaiting a timer or a fetch) is not waited for.
   */
  idle(): Promise<void>;
  /** Sends a host event (like `connectHost.broadcastEvent`) to the matching iframes. */
  broadcast(name: string, filter: { addon_key?: string; key?: string; id?: string } | undefined, data?: unknown): void;
  /** Replaces or adds host modules. */
  define(modules: HostModules): void;
  /** The modules as currently defined. */
  readonly modules: HostModules;
}

type Listener = (...args: unknown[]) => void;
interface Frame {
  extension: Extension;
  privateBus: Bus;
  publicBus: Bus;
  instances: Map<string, object>;
}

/**
 * Starts an emulated Connect host.
 *
 * @example
 * ```ts
 * import { emulateHost, installAP } from "apkit/testing";
 * const getContext = Object.assign(async () => ({ jira: { issue: { id: "1" } } }), { returnsPromise: true });
 * const host = emulateHost({ context: { getContext } });
 * const restore = installAP(host.connect());
 * ```
 */
export function emulateHost(initial: HostModules = {}, options: EmulateHostOptions = {}): EmulatedHost {
  const modules: HostModules = { ...initial };
  const frames: Frame[] = [];
  const latency = options.latency ?? 0;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const onCall = options.onCall;
  const frameOf = new WeakMap<object, Frame>();
  let nextId = 1;
  let inFlight = 0;

  const cross = (fn: () => void) => {
    inFlight++;
    const run = () => {
      inFlight--;
      fn();
    };
    if (latency > 0) setTimeout(run, latency);
    else queueMicrotask(run);
  };
  const record = (frame: Frame, method: string, args: unknown[]) =>
    onCall?.({ method, args: clone(args), extension: { ...frame.extension, options: clone(frame.extension.options) } });

  const deliver = (frame: Frame, name: string, args: unknown[]) => {
    cross(() => frame.privateBus.dispatch(name, clone(args)));
  };

  // Mirrors simple-xdm: the host answers promise methods with (err, result) and the app decides from those two.
  // `instance` is set for the methods of a host class (see HostClass): the id of the app-side object they run on.
  function proxy(
    frame: Frame,
    moduleName: string | undefined,
    methodName: string,
    member?: string,
    instance?: () => string,
  ): (...args: unknown[]) => unknown {
    const label = [moduleName, member, methodName].filter(Boolean).join(".");
    return (...rawArgs: unknown[]) => {
      const id = instance?.();
      const owner: any = moduleName ? (modules[moduleName] as Record<string, any> | undefined) : modules;
      const cls = member ? owner?.[member] : undefined;
      const method = (member ? cls?.[methodName] : owner?.[methodName]) as HostMethod | undefined;
      const appCallback = typeof rawArgs[rawArgs.length - 1] === "function" ? (rawArgs.pop() as Listener) : undefined;
      const args = clone(sanitize(rawArgs, warn));
      const promised = method?.returnsPromise === true;
      let onAnswer: ((...values: unknown[]) => void) | undefined = appCallback;
      let promise: Promise<unknown> | undefined;
      if (promised && appCallback) {
        onAnswer = (_err, ...rest) => appCallback(...rest); // the error argument is dropped: it is lost
      } else if (promised) {
        promise = new Promise((resolve, reject) => {
          onAnswer = (err, result) => {
            if (err || (result === undefined && err === undefined)) reject(err);
            else resolve(result);
          };
        });
        promise.catch(() => undefined); // the real bridge only logs "Failed promise"
      }
      const respond = (...values: unknown[]) => cross(() => onAnswer?.(...clone(sanitize(values, warn))));
      const hostCallback = Object.assign(respond, {
        _context: { extension: { ...frame.extension } },
        _id: id,
      }) as unknown as HostCallback;
      cross(() => {
        if (!method) return;
        record(frame, methodName === "constructor" ? label.slice(0, -".constructor".length) : label, args);
        const padded = args.slice();
        while (padded.length < method.length - 1) padded.push(undefined);
        let result: unknown;
        try {
          if (methodName === "constructor") {
            frame.instances.set(id!, Reflect.construct(method, [...padded, hostCallback]));
          } else if (member) {
            // A method of an object the host never built throws there, as simple-xdm's lookup does.
            const target = frame.instances.get(id!);
            if (!target) throw new Error(`no ${member} ${id}`);
            result = method.apply(target, [...padded, hostCallback]);
          } else result = method(...padded, hostCallback);
        } catch (error) {
          // The real host lets it escape its message handler: the app never hears back.
          warn(`[apkit/testing] host method ${label} threw: ${String(error)}`);
          return;
        }
        if (!promised) return;
        if (!result || typeof (result as PromiseLike<unknown>).then !== "function") {
          respond("Defined module method did not return a promise.");
          return;
        }
        (result as PromiseLike<unknown>).then(
          (value) => respond(undefined, value),
          (reason) => respond(reason instanceof Error ? reason.message : reason),
        );
      });
      return promise;
    };
  }

  // simple-xdm's proxies for host classes: calling `AP.<module>.<member>(...)` makes an object with an `_id` whose
  // methods run on the host-side instance the constructor built for that id.
  function classProxy(frame: Frame, moduleName: string, member: string, definition: HostClass): (...args: unknown[]) => object {
    return (...args: unknown[]) => {
      const self: Record<string, unknown> = { _id: `${member}-${nextId++}` };
      const idOf = () => self._id as string;
      for (const method of Object.keys(definition)) {
        if (method !== "constructor") self[method] = proxy(frame, moduleName, method, member, idOf);
      }
      proxy(frame, moduleName, "constructor", member, idOf)(...args);
      return self;
    };
  }

  function buildAP(frame: Frame): Record<string, any> {
    const ap: Record<string, any> = {};
    for (const [name, value] of Object.entries(modules)) {
      if (typeof value === "function") {
        ap[name] = proxy(frame, undefined, name);
      } else {
        const module: Record<string, unknown> = {};
        for (const [method, definition] of Object.entries(value)) {
          module[method] = Object.prototype.hasOwnProperty.call(definition, "constructor")
            ? classProxy(frame, name, method, definition as HostClass)
            : proxy(frame, name, method);
        }
        ap[name] = module;
      }
    }
    // all.js's AP._data: what the iframe was created with (window.name), options included.
    ap._data = { extension_id: frame.extension.id, options: clone(frame.extension.options) };
    const { privateBus, publicBus } = frame;
    // all.js adds its bus methods onto the host's events module, so host-defined ones (emitToDataProvider) stay.
    ap.events = {
      ...ap.events,
      on: (name: string, fn: Listener) => privateBus.on(name, fn),
      off: (name: string, fn: Listener) => privateBus.off(name, fn),
      once: (name: string, fn: Listener) => privateBus.once(name, fn),
      offAll: (name: string) => privateBus.offAll(name),
      onAny: (fn: Listener) => privateBus.on(ANY, fn),
      offAny: (fn: Listener) => privateBus.off(ANY, fn),
      emit: (name: string, ...args: unknown[]) => {
        const data = clone(sanitize(args, warn));
        cross(() => record(frame, "events.emit", [name, ...data]));
        for (const f of frames) if (f.extension.addon_key === frame.extension.addon_key) deliver(f, name, data);
      },
      onPublic: (name: string, fn: Listener, filter?: unknown) => publicBus.on(name, fn, filter),
      offPublic: (name: string, fn: Listener) => publicBus.off(name, fn),
      offAllPublic: (name: string) => publicBus.offAll(name),
      oncePublic: (name: string, fn: Listener, filter?: unknown) => publicBus.once(name, fn, filter),
      onAnyPublic: (fn: Listener, filter?: unknown) => publicBus.on(ANY, fn, filter),
      // all.js 5.3's offAnyPublic removes nothing (it looks under the wrong event name); so does this one.
      offAnyPublic: () => undefined,
      emitPublic: (name: string, ...args: unknown[]) => {
        const data = clone(sanitize(args, warn));
        const sender = { addon_key: frame.extension.addon_key, key: frame.extension.key };
        cross(() => record(frame, "events.emitPublic", [name, ...data]));
        for (const f of frames) cross(() => f.publicBus.dispatch(name, clone(data), sender));
      },
    };
    return ap;
  }

  return {
    modules,
    define(more) {
      Object.assign(modules, more);
    },
    connect(extension = {}) {
      const id = extension.id ?? `${extension.addon_key ?? "test-app"}__${extension.key ?? "test-module"}__${nextId++}`;
      const frame: Frame = {
        extension: {
          addon_key: "test-app",
          key: "test-module",
          options: {},
          ...extension,
          id,
        },
        privateBus: new Bus(false),
        publicBus: new Bus(true),
        instances: new Map(),
      };
      frames.push(frame);
      const ap = buildAP(frame);
      frameOf.set(ap, frame);
      return ap;
    },
    disconnect(ap) {
      const frame = frameOf.get(ap);
      if (frame && frames.includes(frame)) frames.splice(frames.indexOf(frame), 1);
    },
    async idle() {
      // Messages cross in microtasks (or timers, with latency); the app's reactions to them take a few more
      // microtasks. Quiet means nothing in flight after those reactions had their turn, twice in a row.
      for (let quiet = 0; quiet < 2; ) {
        if (inFlight > 0) {
          quiet = 0;
          await new Promise<void>((resolve) => (latency > 0 ? setTimeout(resolve, latency) : queueMicrotask(resolve)));
          continue;
        }
        for (let i = 0; i < 32; i++) await undefined;
        if (inFlight === 0) quiet++;
      }
    },
    broadcast(name, filter, data) {
      for (const f of frames) {
        if (filter?.addon_key && f.extension.addon_key !== filter.addon_key) continue;
        if (filter?.key && f.extension.key !== filter.key) continue;
        if (filter?.id && f.extension.id !== filter.id) continue;
        // all.js wraps a non-array payload in an array and spreads it into the listener's arguments.
        deliver(f, name, Array.isArray(data) ? data : [data]);
      }
    },
  };
}

const ANY = "_any";

/** all.js's event bus, quirks included. */
class Bus {
  private readonly listeners = new Map<string, Array<Listener & { _filter?: unknown }>>();

  constructor(private readonly isPublic: boolean) {}

  on(name: string, fn: Listener, filter?: unknown): void {
    const list = this.listeners.get(name) ?? [];
    const entry = Object.assign((...args: unknown[]) => fn(...args), { _filter: filter, _fn: fn });
    list.push(entry);
    this.listeners.set(name, list);
  }

  once(name: string, fn: Listener, filter?: unknown): void {
    const run: Listener = (...args) => {
      fn(...args);
      this.off(name, run);
    };
    this.on(name, run, filter);
  }

  off(name: string, fn: Listener): void {
    const list = this.listeners.get(name);
    if (!list) return;
    const index = list.findIndex((e) => (e as unknown as { _fn: Listener })._fn === fn);
    if (index > -1) list.splice(index, 1);
    if (list.length === 0) this.listeners.delete(name);
  }

  offAll(name: string): void {
    this.listeners.delete(name);
  }

  dispatch(name: string, args: unknown[], sender?: { addon_key: string; key: string }): void {
    const pass = (entry: { _filter?: unknown }) => !this.isPublic || matches(entry._filter, sender);
    // Live arrays, as in all.js: a listener removed during dispatch makes the next one miss the event.
    (this.listeners.get(ANY) ?? []).forEach((h) => {
      if (pass(h)) h(...(this.isPublic ? args : [name, ...args, { args, name }]));
    });
    (this.listeners.get(name) ?? []).forEach((h) => {
      if (pass(h)) h(...args);
    });
  }
}

function matches(filter: unknown, sender: Record<string, unknown> | undefined): boolean {
  if (!filter) return true;
  if (typeof filter === "function") return Boolean(filter(sender));
  if (typeof filter === "object") {
    return Object.entries(filter as Record<string, unknown>).every(([k, v]) => sender?.[k] === v);
  }
  return true;
}

/**
 * simple-xdm's `sanitizeStructuredClone`, applied to everything an app sends and every answer a host sends back
 * (host broadcasts are cloned without it): functions become `null` (with the warning all.js prints), Errors and DOM
 * nodes become `{}`, circular references `null`, object properties whose value ends up `null` are dropped, and
 * objects other than Date, RegExp, Blob, File, FileList and ArrayBuffer (typed arrays, Maps, class instances)
 * become plain objects of their own enumerable properties.
 * @internal
 */
export function sanitize(args: unknown[], warn: (m: string) => void): unknown[] {
  const visiting: object[] = [];
  const leaf = (v: object) =>
    [Date, RegExp, globalThis.Blob, globalThis.File, globalThis.FileList].some((t) => t && v instanceof t) ||
    Object.prototype.toString.call(v) === "[object ArrayBuffer]";
  const clean = (value: unknown): unknown => {
    if (typeof value === "function") {
      warn("[Simple-XDM] A function was detected and removed from the message.");
      return null;
    }
    if (value instanceof Error || (typeof Node !== "undefined" && value instanceof Node)) {
      warn(`[Simple-XDM] ${value instanceof Error ? "Error" : "Node"} object was detected and removed from the message.`);
      return {};
    }
    if (!value || typeof value !== "object" || leaf(value)) return value;
    if (Array.isArray(value)) return value.map(clean);
    if (visiting.includes(value)) {
      warn("[Simple-XDM] A circular reference was detected and removed from the message.");
      return null;
    }
    visiting.push(value);
    const out: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const v = clean((value as Record<string, unknown>)[key]);
      if (v !== null) out[key] = v;
    }
    visiting.pop();
    return out;
  };
  return args.map(clean);
}

// A structured clone that also works across jsdom's realms (Node's structuredClone turns a jsdom Blob into {}).
function clone<T>(value: T): T {
  if (!value || typeof value !== "object") return value;
  if (typeof Blob !== "undefined" && value instanceof Blob) return value; // immutable: sharing is a faithful copy
  const tag = Object.prototype.toString.call(value);
  if (tag === "[object ArrayBuffer]") return (value as unknown as ArrayBuffer).slice(0) as T;
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): T }).slice();
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (tag === "[object Object]") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return structuredClone(value);
}
