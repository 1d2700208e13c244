import { settle, type CallOptions } from "../bridge.js";
import {
  HttpError,
  PropertyConflictError,
  PropertyLimitError,
  PropertyOverwrittenError,
  PropertyTargetNotFoundError,
  PropertyTooLargeError,
} from "../errors.js";
import { requestJson, type HttpMethod } from "../request.js";
import { validate, type Infer, type StandardSchemaV1 } from "../schema.js";
import { segment, type PropertyTarget } from "./targets.js";

/** Options of {@link createPropertyStore}. */
export interface PropertyStoreOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** Validates (and types) every value read and every value written; a mismatch is a `ValidationError`. */
  schema?: S;
  /**
   * Put in front of every key, and stripped from {@link PropertyStore.keys}. Entity properties live in one namespace
   * shared by every app: use your app key, such as `"com.example.my-app."`.
   * @default ""
   */
  keyPrefix?: string;
  /**
   * How often a versioned `set`/`update` retries after a conflict before it fails with `PropertyConflictError`.
   * @default 8
   */
  retries?: number;
  /**
   * Milliseconds to wait before retry number `attempt` (0, 1, ...).
   * @default full jitter: a random delay up to min(2000, 50 * 2^attempt)
   */
  backoff?: (attempt: number) => number;
}

/** Options of {@link PropertyStore.update}. */
export interface UpdateOptions extends CallOptions {
  /**
   * Targets without versions (Jira entity and app properties): read the property back after writing and fail with
   * `PropertyOverwrittenError` when a concurrent writer replaced it. Versioned targets ignore it: they never lose
   * an update.
   * @default false
   */
  verify?: boolean;
}

/**
 * A typed key-value store over a product's properties. Every method accepts `CallOptions` (`timeout`, `signal`),
 * applied to each REST round trip it makes.
 */
export interface PropertyStore<T> {
  /** The target this store writes to. */
  readonly target: PropertyTarget;
  /** The prefix put in front of every key on the wire (`""` when none). */
  readonly keyPrefix: string;
  /** The value, or `undefined` when the key is not set. An unreachable target throws `PropertyTargetNotFoundError`. */
  get(key: string, options?: CallOptions): Promise<T | undefined>;
  /** Whether the key is set (the value is not validated). */
  has(key: string, options?: CallOptions): Promise<boolean>;
  /** Writes the value (validated, size-checked before anything is sent). */
  set(key: string, value: T, options?: CallOptions): Promise<void>;
  /**
   * Read-modify-write: `fn` gets the current value (or `undefined`) and returns the new one; returning `undefined`
   * writes nothing. Resolves the value stored in the end. On versioned targets `fn` runs again after a conflict, so
   * keep it free of side effects.
   */
  update(key: string, fn: (current: T | undefined) => T | undefined | PromiseLike<T | undefined>, options?: UpdateOptions): Promise<T | undefined>;
  /** Deletes the key; resolves `false` when it was not set. */
  delete(key: string, options?: CallOptions): Promise<boolean>;
  /** This store's keys (prefix removed; other keys of the target are left out). */
  keys(options?: CallOptions): Promise<string[]>;
}

/** What is stored: the value and, on versioned targets, the property id and version number. */
interface Stored {
  v: unknown;
  id?: string;
  n?: number;
}

const is = (e: unknown, ...status: number[]): e is HttpError => e instanceof HttpError && status.includes(e.status);

/**
 * Creates a typed key-value store over Jira entity properties, Connect app properties or Confluence content and
 * space properties (see the target functions, such as {@link issueProperties} and {@link contentProperties}).
 *
 * Values are JSON. With `schema` they are validated on read and on write. A value whose JSON is over the target's
 * size limit fails with `PropertyTooLargeError` before anything is sent. A 404 is resolved precisely: a missing key
 * reads as `undefined`, a missing or unreadable entity throws `PropertyTargetNotFoundError` (apkit asks the entity's
 * property list, which only 404s when the entity itself is unreachable).
 *
 * Concurrency: Confluence `update` uses version numbers and retries conflicts with jittered backoff, so no update is
 * lost (after `retries` it fails with `PropertyConflictError`, having written nothing). Jira and app properties have
 * no versions: last write wins; `update(key, fn, { verify: true })` reads back and reports an overwrite by a
 * concurrent writer as `PropertyOverwrittenError`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { createPropertyStore, issueProperties } from "apkit";
 * const Checklist = z.object({ items: z.array(z.object({ text: z.string(), done: z.boolean() })) });
 * const store = createPropertyStore(issueProperties("ABC-1"), { schema: Checklist, keyPrefix: "com.example.checklist." });
 * const list = (await store.get("main")) ?? { items: [] };
 * await store.update("main", (cur = { items: [] }) => ({ items: [...cur.items, { text: "Ship it", done: false }] }), { verify: true });
 * console.log(await store.keys()); // ["main"]
 * ```
 */
export function createPropertyStore<T = unknown, S extends StandardSchemaV1 | undefined = undefined>(
  target: PropertyTarget,
  options: PropertyStoreOptions<S> = {},
): PropertyStore<S extends StandardSchemaV1 ? Infer<S> : T> {
  const { schema, keyPrefix: prefix = "", retries = 8, backoff = (a: number) => Math.random() * Math.min(2000, 50 * 2 ** a) } = options;
  const { path, rules, valueBytes: limit = 32768 } = target;
  const versioned = rules == "content";
  const app = rules == "app";
  const enc = encodeURIComponent;
  const call = (o: CallOptions, id?: string, query?: string, method?: HttpMethod, body?: unknown): Promise<any> => {
    const q = [target.query, query].filter(Boolean).join("&");
    return requestJson(path + (id ? "/" + segment(id) : "") + (q && "?" + q), { method, body, timeout: o.timeout, signal: o.signal });
  };
  const fullKey = (key: string) => {
    if (!key || (prefix + key).length > (target.keyLength ?? (app ? 127 : 255))) throw new TypeError(`apkit: bad property ${key}`);
    // Checked here too, before anything is sent: Confluence reads a key as a query value, and writes it by id.
    segment(prefix + key);
    return prefix + key;
  };
  const check = (k: string, value: unknown) => (schema ? validate(schema, value, k) : value);
  // On a collection (the list, a Confluence lookup by key) a 404 can only mean that the entity itself is missing or
  // unreadable. Anything else is rethrown as it came.
  const missing = (e: unknown): never => {
    throw is(e, 404) ? new PropertyTargetNotFoundError(path, { key: path, cause: e }) : e;
  };

  const list = async (o: CallOptions, keys: string[] = [], query?: string): Promise<string[]> => {
    const body = await call(o, "", query).catch(missing);
    for (const p of body.keys ?? body.results) keys.push(p.key);
    // Confluence pages with a cursor; its next link is site-relative (/wiki/...), so only its query is reused.
    const next = body._links?.next?.split("?")[1];
    return next && next != query ? list(o, keys, next) : keys;
  };

  const read = async (k: string, o: CallOptions): Promise<Stored | undefined> => {
    if (versioned) {
      const p = (await call(o, "", "key=" + enc(k)).catch(missing)).results.find((r: any) => r.key === k);
      return p && { v: p.value, id: p.id, n: p.version.number };
    }
    // A 404 is a missing key or a missing entity: the list tells (it throws PropertyTargetNotFoundError for the latter).
    const body = await call(o, k, app ? "jsonValue=true" : "").catch((e) => (is(e, 404) ? list(o).then(() => undefined) : missing(e)));
    let v = body?.value;
    // Some products answer app properties with the JSON text as a string despite jsonValue=true: take back objects,
    // arrays and strings (a string value whose own text starts with a quote or bracket is the price).
    if (app && typeof v == "string" && /^\s*["[{]/.test(v)) {
      try {
        v = JSON.parse(v);
      } catch {
        // a string that only looks like JSON stays a string
      }
    }
    return body && { v };
  };

  const write = async (key: string, fn: (cur: any) => unknown, o: UpdateOptions = {}, set?: boolean): Promise<any> => {
    const k = fullKey(key);
    for (let attempt = 0; ; attempt++) {
      const cur = set && !versioned ? undefined : await read(k, o);
      let value = await fn(cur && (await check(k, cur.v)));
      // update: undefined leaves the property as it is; set: undefined is not JSON (a TypeError below).
      if (value === undefined && !set) return cur?.v;
      const json = JSON.stringify((value = await check(k, value)));
      if (!json) throw new TypeError(`apkit: bad property ${k}`);
      const bytes = new Blob([json]).size;
      if (bytes > limit) throw new PropertyTooLargeError(k, { key: k, bytes, limit });
      try {
        await (versioned
          ? call(o, cur?.id, "", cur ? "PUT" : "POST", { key: k, value, version: cur && { number: cur.n! + 1 } })
          : call(o, k, "", "PUT", value));
      } catch (e) {
        // A stale version is a 409. Defensively, a 400, 404 or 412 is a conflict too when the property's version (or
        // its existence) moved under us.
        if (versioned && (is(e, 409, 412) || (is(e, 400, 404) && (await read(k, o))?.n !== cur?.n))) {
          if (attempt >= retries) throw new PropertyConflictError(k, { key: k, attempts: attempt + 1, cause: e });
          await settle<void>("request", { timeout: Infinity, signal: o.signal }, (done) => setTimeout(done.resolve, backoff(attempt)));
          continue;
        }
        if (is(e, 400, 403, 413)) {
          const text = JSON.stringify(e.body);
          // App properties cap the number of keys (about 100, older docs): a refused new key with that many keys
          // stored, or refused with words of a count limit, is PropertyLimitError.
          const keys = app && (await list(o).catch((): string[] => []));
          if (keys && !keys.includes(k) && (keys.length >= 100 || /limit|number of/i.test(text))) throw new PropertyLimitError(k, { key: k, limit: 100, cause: e });
          if (e.status == 413 || /too (long|large|big)|exceed/i.test(text)) throw new PropertyTooLargeError(k, { key: k, bytes, limit, cause: e });
        }
        // A write creates the key, so a 404 is the entity.
        missing(e);
      }
      if (o.verify && !versioned) {
        // Compared as JSON text: the products keep the text as sent.
        const now = await read(k, o);
        if (JSON.stringify(now?.v) != json) throw new PropertyOverwrittenError(k, { key: k, expected: value, actual: now?.v });
      }
      return value;
    }
  };

  return {
    target,
    keyPrefix: prefix,
    get: async (key, o = {}) => {
      const k = fullKey(key);
      const cur = await read(k, o);
      return cur && (check(k, cur.v) as any);
    },
    has: async (key, o = {}) => !!(await read(fullKey(key), o)),
    set: async (key, value, o) => {
      await write(key, () => value, o, true);
    },
    update: (key, fn, o) => write(key, fn, o),
    delete: async (key, o = {}) => {
      const k = fullKey(key);
      const cur = versioned ? await read(k, o) : { id: k };
      // A 404 is a key deleted already (by someone else) or an entity gone: reading again tells which.
      return !!cur && call(o, cur.id, "", "DELETE").then(
        () => true,
        (e) => (is(e, 404) ? read(k, o).then(() => false) : missing(e)),
      );
    },
    keys: async (o = {}) => (await list(o)).filter((k) => k.length > prefix.length && k.startsWith(prefix)).map((k) => k.slice(prefix.length)),
  };
}
