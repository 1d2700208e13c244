import { settle, type CallOptions } from "../settle.js";
import {
  HttpError,
  PropertyConflictError,
  PropertyLimitError,
  PropertyOverwrittenError,
  PropertyTargetNotFoundError,
  PropertyTooLargeError,
} from "../errors.js";
import { parseLoose, requestJsonAnswer, type HttpMethod, type JsonAnswer } from "../request.js";
import { validateMaybe, type Infer, type StandardSchemaV1 } from "../schema.js";
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

/** A property as read: its value and, on versioned targets (as Confluence shows them), its id and version. */
interface StoredProperty {
  value: unknown;
  id?: string;
  version?: { number: number };
}

/** The bodies the store reads: a key list (Jira, app), a page of properties (Confluence), one property. */
interface PropertyBody {
  keys?: Array<{ key: string }>;
  results?: Array<{ key: string; id: string; value: unknown; version: { number: number } }>;
  _links?: { next?: string };
  value?: unknown;
}

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
  // The default back-off is full jitter: a random delay up to min(2000, 50 * 2^attempt) ms.
  const { schema, keyPrefix = "", retries = 8, backoff = (attempt: number) => Math.random() * Math.min(2000, 50 * 2 ** attempt) } = options;
  const { path, rules, valueBytes: limit = 32768 } = target;
  const versioned = rules === "content";
  const isApp = rules === "app";

  // One REST round trip, to the collection (no id) or to one property (its key, or its Confluence id). Every status
  // is an answer; the callers decide what each one means. `body` is JSON text.
  const send = (callOptions: CallOptions, id?: string, query?: string, method?: HttpMethod, body?: string): Promise<JsonAnswer<PropertyBody>> => {
    const search = [target.query, query].filter(Boolean).join("&");
    return requestJsonAnswer<PropertyBody>(path + (id ? "/" + segment(id) : "") + (search && "?" + search), { method, body, timeout: callOptions.timeout, signal: callOptions.signal });
  };

  // A 404 that the caller did not take for a missing key: on the collection (the list, a Confluence lookup by key) or
  // on a write (which creates the key) it can only mean that the entity itself is missing or unreadable.
  const entityError = (error: HttpError): Error =>
    error.status === 404 ? new PropertyTargetNotFoundError(path, { key: path, cause: error }) : error;

  // The body of a 2xx answer; any other status throws its error.
  const bodyOf = ({ body, error }: JsonAnswer<PropertyBody>): PropertyBody => {
    if (error) throw entityError(error);
    return body!;
  };

  const toFullKey = (key: string): string => {
    const fullKey = keyPrefix + key;
    if (!key || fullKey.length > (target.keyLength ?? (isApp ? 127 : 255))) throw new TypeError(`apkit: bad property ${key}`);
    // Checked here too, before anything is sent: Confluence reads a key as a query value, and writes it by id.
    segment(fullKey);
    return fullKey;
  };

  const listKeys = async (callOptions: CallOptions, keys: string[] = [], pageQuery?: string): Promise<string[]> => {
    const body = bodyOf(await send(callOptions, "", pageQuery));
    for (const property of (body.keys ?? body.results)!) keys.push(property.key);
    // Confluence pages with a cursor; its next link is site-relative (/wiki/...), so only its query is reused.
    const nextQuery = body._links?.next?.split("?")[1];
    return nextQuery && nextQuery !== pageQuery ? listKeys(callOptions, keys, nextQuery) : keys;
  };

  const read = async (fullKey: string, callOptions: CallOptions): Promise<StoredProperty | undefined> => {
    if (versioned) {
      // The lookup by key is a list: a missing key is 200 with no results.
      const body = bodyOf(await send(callOptions, "", "key=" + encodeURIComponent(fullKey)));
      return body.results!.find((property) => property.key === fullKey);
    }
    const answer = await send(callOptions, fullKey, isApp ? "jsonValue=true" : "");
    // A missing key or a missing entity: the list tells (it throws PropertyTargetNotFoundError for the latter).
    if (answer.status === 404) return void (await listKeys(callOptions));
    const body = bodyOf(answer);
    return body && { value: readValue(body.value, isApp) };
  };

  // What `set` and `update` share. `set` replaces: on targets without versions it reads nothing first.
  const write = async (key: string, next: (current: unknown) => unknown, callOptions: UpdateOptions = {}, replace?: boolean) => {
    const fullKey = toFullKey(key);
    for (let attempt = 0; ; attempt++) {
      const current = replace && !versioned ? undefined : await read(fullKey, callOptions);
      const proposed = await next(current && (await validateMaybe(schema, current.value, fullKey)));
      // update: undefined leaves the property as it is; set: undefined is not JSON (a TypeError below).
      if (proposed === undefined && !replace) return current?.value;
      const value = await validateMaybe(schema, proposed, fullKey);
      // The value's JSON, encoded once: measured here, sent as is.
      const json: string | undefined = JSON.stringify(value);
      if (!json) throw new TypeError(`apkit: bad property ${fullKey}`);
      const bytes = new Blob([json]).size;
      if (bytes > limit) throw new PropertyTooLargeError(fullKey, { key: fullKey, bytes, limit });

      // Confluence creates with a POST to the collection and replaces by property id, carrying the next version.
      const version = current?.version ? `,"version":{"number":${current.version.number + 1}}` : "";
      const { error } = await (versioned
        ? send(callOptions, current?.id, "", current ? "PUT" : "POST", `{"key":${JSON.stringify(fullKey)},"value":${json}${version}}`)
        : send(callOptions, fullKey, "", "PUT", json));
      if (!error) {
        if (callOptions.verify && !versioned) {
          // Read back; compared as JSON text, since the products keep the text as sent.
          const actual = (await read(fullKey, callOptions))?.value;
          if (JSON.stringify(actual) !== json) throw new PropertyOverwrittenError(fullKey, { key: fullKey, expected: value, actual });
        }
        return value;
      }
      const { status } = error;
      // A stale version is a 409 (412 from a proxy). Defensively, a 400 or 404 is a conflict too when the property's
      // version (or its existence) moved under us.
      const conflict =
        versioned &&
        (status === 409 ||
          status === 412 ||
          ((status === 400 || status === 404) && (await read(fullKey, callOptions))?.version?.number !== current?.version?.number));
      if (!conflict) {
        // A refused value. 413 is always its size. A 400 or 403 carries its cause only in the product's words (Jira's
        // errorMessages, the app API's message, Confluence's errors[].title: no status or error code tells a size, a
        // key cap and a permission apart), so those are read here, and only here.
        if (status === 400 || status === 403 || status === 413) {
          const text = JSON.stringify(error.body);
          // The app key cap (about 100 keys, older documentation) refuses new keys only.
          const keys = isApp && (await listKeys(callOptions).catch((): string[] => []));
          if (keys && !keys.includes(fullKey) && (keys.length >= 100 || /limit|number of/i.test(text))) {
            throw new PropertyLimitError(fullKey, { key: fullKey, limit: 100, cause: error });
          }
          if (status === 413 || /too (long|large|big)|exceed/i.test(text)) throw new PropertyTooLargeError(fullKey, { key: fullKey, bytes, limit, cause: error });
        }
        throw entityError(error);
      }

      // A conflict: retried with fresh data after a back-off. The back-off belongs to this store operation, not to a
      // host call, so an abort during it is reported as one of the operation.
      if (attempt >= retries) throw new PropertyConflictError(fullKey, { key: fullKey, attempts: attempt + 1, cause: error });
      await settle<void>(`apkit: writing property ${fullKey}`, { ...callOptions, timeout: Infinity }, (done) => {
        setTimeout(done.resolve, backoff(attempt));
      });
    }
  };

  return {
    target,
    keyPrefix,
    get: async (key, callOptions = {}) => {
      const fullKey = toFullKey(key);
      const stored = await read(fullKey, callOptions);
      return stored && (validateMaybe(schema, stored.value, fullKey) as any);
    },
    has: async (key, callOptions = {}) => !!(await read(toFullKey(key), callOptions)),
    set: async (key, value, callOptions) => {
      await write(key, () => value, callOptions, true);
    },
    update: (key, fn, callOptions) => write(key, fn as (current: unknown) => unknown, callOptions) as any,
    delete: async (key, callOptions = {}) => {
      const fullKey = toFullKey(key);
      // Confluence deletes by property id, which only a read tells.
      const id = versioned ? (await read(fullKey, callOptions))?.id : fullKey;
      if (!id) return false;
      const answer = await send(callOptions, id, "", "DELETE");
      // A 404 is a key deleted already (by someone else) or an entity gone: reading again tells which (it throws
      // PropertyTargetNotFoundError for the latter).
      if (answer.status === 404) return read(fullKey, callOptions).then(() => false);
      bodyOf(answer);
      return true;
    },
    keys: async (callOptions = {}) =>
      (await listKeys(callOptions)).filter((key) => key.length > keyPrefix.length && key.startsWith(keyPrefix)).map((key) => key.slice(keyPrefix.length)),
  };
}

// A property's value as the product answered it. Some products answer app properties with the JSON text as a string
// despite jsonValue=true: take back objects, arrays and strings (a string value whose own text starts with a quote or
// bracket is the price).
function readValue(value: unknown, isApp: boolean): unknown {
  // A string that only looks like JSON stays a string.
  return isApp && typeof value === "string" && /^\s*["[{]/.test(value) ? parseLoose(value) : value;
}
