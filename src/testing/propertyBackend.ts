/**
 * The products' property REST, in memory: Jira entity properties, Connect app properties and Confluence REST v2
 * content and space properties, with the rules a property store has to cope with (201 vs 200, the 404 shapes, the
 * size limit, the app key cap, Confluence versions and 409 conflicts). Written once here so every fake of the
 * products (unit tests, `apkit/testing` mocks) follows the same rules.
 *
 * Paths are those an app passes to `AP.request`: relative to the product's context path (`/api/v2/...`, not
 * `/wiki/api/v2/...`).
 */
import type { HostMethod } from "./emulateHost.js";
import { settleAnswer } from "./createMockAP.request.js";

/** One REST call, as an app sends it through `AP.request`. */
export interface PropertyRequest {
  /** @default "GET" */
  method?: string;
  /** Path and query, relative to the product's context path. */
  url: string;
  /** The request body as sent (JSON text), if any. */
  body?: string | null;
}

/** The answer: status, body text (`""` when empty) and headers (lower-case names). */
export interface PropertyResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** One stored property. `id` and `version` exist on Confluence properties only. */
export interface StoredProperty {
  value: unknown;
  id?: string;
  version?: number;
}

/** Options of {@link createPropertyBackend}. */
export interface PropertyBackendOptions {
  /**
   * Which entities exist, named by their REST path: `"issue/ABC-1"`, `"project/10000"`, `"issue/ABC-1/worklog/100"`,
   * `"dashboard/1/items/2"`, `"board/7"`, `"sprint/3"`, `"user/<accountId>"`, `"addons/<addonKey>"`, `"pages/123"`,
   * `"blogposts/9"`, `"spaces/42"`. An array entry may be a list of names for one entity (`["issue/ABC-1",
   * "issue/10001"]`: id and key share the properties). A function decides for any name: `true` (it exists), `false`,
   * or the name it is stored under (so a product whose entities change while it runs can still say that an issue's id
   * and key are one issue). Anything else answers 404, like a missing entity or one the user cannot see.
   * @default every entity exists
   */
  entities?: ReadonlyArray<string | readonly string[]> | ((entity: string) => boolean | string);
  /** Entities the user can see but not change: writes answer 403. */
  readOnly?: readonly string[];
  /**
   * The largest value accepted, in UTF-8 bytes of its JSON.
   * @default 32768
   */
  valueBytes?: number;
  /**
   * The status a too-large value gets: 400 (Jira today), 403 or 413 (other products and ages, proxies).
   * @default 400
   */
  tooLargeStatus?: 400 | 403 | 413;
  /**
   * The most keys an app may store; a new key past it is refused with 400.
   * @default 100
   */
  appPropertyLimit?: number;
  /**
   * Answer app property reads with the value as a JSON string even when `?jsonValue=true` is asked, as some
   * products did.
   * @default false
   */
  appValueAsString?: boolean;
  /**
   * Confluence list page size (the `limit` query parameter, when given, wins up to 250).
   * @default 25
   */
  pageSize?: number;
}

/** A running in-memory property backend. */
export interface PropertyBackend {
  /** Answers one REST call. Calls that are not property calls answer 404 ("no REST resource"). */
  handle(request: PropertyRequest): PropertyResponse;
  /**
   * The backend as a product's `request` host module for {@link emulateHost}: resolves `{ body, xhr }` for 2xx and
   * rejects `{ err, xhr }` otherwise, with a plain-data xhr, like a product behind the real bridge.
   */
  readonly request: HostMethod;
  /** Stored properties by canonical entity name, then key. Tests may read and change it directly. */
  readonly data: Map<string, Map<string, StoredProperty>>;
  /** Counters: every call, and the writes refused as version conflicts (409). */
  readonly stats: { requests: number; conflicts: number };
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
};

/**
 * Creates an in-memory backend for property REST calls: Jira entity properties
 * (`/rest/api/3/<entity>/properties`, `/rest/agile/1.0/<board|sprint>/properties`), Connect app properties
 * (`/rest/atlassian-connect/1/addons/{addonKey}/properties`) and Confluence REST v2 properties
 * (`/api/v2/<kind>/{id}/properties`, `/api/v2/spaces/{id}/properties`).
 *
 * Rules it follows: Jira and app `PUT` answers 201 for a new key and 200 for a replaced one, `DELETE` 204, a missing
 * key or a missing entity 404 with different messages (the list only 404s for the entity); keys up to 255 characters
 * (app: 127); values must be JSON of at most `valueBytes` UTF-8 bytes; an app stores at most `appPropertyLimit` keys.
 * Confluence looks properties up with `?key=` (a missing key is 200 with no results; 404 means the content is
 * unreachable), creates with `POST` (an existing key is 409), replaces with `PUT /{propertyId}` carrying
 * `version.number` = current + 1 (anything else is 409), pages lists with a cursor in `_links.next` (site-relative,
 * under `/wiki`) and a `Link` header.
 *
 * @example
 * ```ts
 * import { createPropertyStore, issueProperties } from "apkit";
 * import { createPropertyBackend, emulateHost, installAP } from "apkit/testing";
 * const backend = createPropertyBackend({ entities: [["issue/ABC-1", "issue/10001"]] });
 * installAP(emulateHost({ request: backend.request }).connect());
 * const store = createPropertyStore(issueProperties("ABC-1"));
 * await store.set("flag", true);
 * backend.data.get("issue/ABC-1")?.get("flag"); // { value: true }
 * backend.handle({ url: "/rest/api/3/issue/10001/properties/flag" }).status; // 200: same issue
 * ```
 */
export function createPropertyBackend(options: PropertyBackendOptions = {}): PropertyBackend {
  const {
    entities,
    readOnly = [],
    valueBytes = 32768,
    tooLargeStatus = 400,
    appPropertyLimit = 100,
    appValueAsString = false,
    pageSize = 25,
  } = options;
  const data = new Map<string, Map<string, StoredProperty>>();
  const stats = { requests: 0, conflicts: 0 };
  let nextId = 1;

  const canonical = (name: string): string | undefined => {
    if (entities === undefined) return name;
    if (typeof entities === "function") {
      const found = entities(name);
      return found === true ? name : typeof found === "string" && found ? found : undefined;
    }
    for (const entry of entities) {
      const names = typeof entry === "string" ? [entry] : entry;
      if (names.includes(name)) return names[0];
    }
    return undefined;
  };
  const bag = (entity: string) => {
    let properties = data.get(entity);
    if (!properties) data.set(entity, (properties = new Map()));
    return properties;
  };
  const writable = (name: string, entity: string) => !readOnly.includes(name) && !readOnly.includes(entity);

  function handle(req: PropertyRequest): PropertyResponse {
    stats.requests++;
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url, "http://product.invalid");
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if ((m = /^\/rest\/(?:api\/[23]|agile\/1\.0)\/(.+?)\/properties(?:\/([^/]+))?$/.exec(path))) {
      let name = decodeSegments(m[1]!);
      if (name === "user") name += "/" + (url.searchParams.get("accountId") ?? "");
      return keyed("jira", method, name, m[2] === undefined ? undefined : decodeURIComponent(m[2]), url, req.body);
    }
    if ((m = /^\/rest\/atlassian-connect\/1\/addons\/([^/]+)\/properties(?:\/([^/]+))?$/.exec(path))) {
      const name = "addons/" + decodeURIComponent(m[1]!);
      return keyed("app", method, name, m[2] === undefined ? undefined : decodeURIComponent(m[2]), url, req.body);
    }
    if ((m = /^\/api\/v2\/([a-z-]+)\/([^/]+)\/properties(?:\/([^/]+))?$/.exec(path))) {
      return versioned(method, `${m[1]}/${decodeURIComponent(m[2]!)}`, m[3] && decodeURIComponent(m[3]), url, req.body);
    }
    return reply(404, { errorMessages: [`No REST resource at ${path}`] });
  }

  // Jira entity properties and Connect app properties: addressed by key, no versions, last write wins.
  function keyed(product: "jira" | "app", method: string, name: string, key: string | undefined, url: URL, body: PropertyRequest["body"]): PropertyResponse {
    const fail = (status: number, message: string) =>
      reply(status, product === "app" ? { message, statusCode: status } : { errorMessages: [message], errors: {} });
    const entity = canonical(name);
    if (!entity) {
      return fail(404, product === "app" ? "Add-on not found or access denied." : `The entity ${name} does not exist or you do not have permission to see it.`);
    }
    const properties = bag(entity);
    const base = `${url.pathname.replace(/\/properties.*$/, "")}/properties`;
    if (key === undefined) {
      if (method !== "GET") return fail(405, `Method ${method} is not allowed here.`);
      return reply(200, { keys: [...properties.keys()].map((k) => ({ key: k, self: `${base}/${encodeURIComponent(k)}` })) });
    }
    const missingKey = () => fail(404, `The property with key '${key}' does not exist.`);
    if (method === "GET") {
      const stored = properties.get(key);
      if (!stored) return missingKey();
      const asString = product === "app" && (appValueAsString || url.searchParams.get("jsonValue") !== "true");
      return reply(200, { key, value: asString ? JSON.stringify(stored.value) : stored.value, self: `${base}/${encodeURIComponent(key)}` });
    }
    if (method !== "PUT" && method !== "DELETE") return fail(405, `Method ${method} is not allowed here.`);
    if (!writable(name, entity)) return fail(403, "You do not have permission to edit this entity.");
    if (method === "DELETE") {
      if (!properties.delete(key)) return missingKey();
      return reply(204);
    }
    const keyLength = product === "app" ? 127 : 255;
    if (key.length > keyLength) return fail(400, `The property key cannot be longer than ${keyLength} characters.`);
    const parsed = parseJson(body);
    if (!parsed.ok) return fail(400, "The property value must be valid, non-empty JSON.");
    if (utf8Length(body!) > valueBytes) return fail(tooLargeStatus, `The property value is too long. The maximum length is ${valueBytes}.`);
    const existed = properties.has(key);
    if (product === "app" && !existed && properties.size >= appPropertyLimit) {
      return fail(400, `The app has reached the maximum number of properties (${appPropertyLimit}).`);
    }
    properties.set(key, { value: parsed.value });
    const status = existed ? 200 : 201;
    return product === "app" ? reply(status, { message: existed ? "Property updated." : "Property created.", statusCode: status }) : reply(status);
  }

  // Confluence REST v2 content and space properties: looked up by key, written by property id with versions.
  function versioned(method: string, name: string, propertyId: string | undefined, url: URL, body: PropertyRequest["body"]): PropertyResponse {
    const fail = (status: number, title: string) => reply(status, { errors: [{ status, code: STATUS_TEXT[status]?.toUpperCase().replace(/ /g, "_") ?? "ERROR", title, detail: null }] });
    const entity = canonical(name);
    if (!entity) return fail(404, "Not Found");
    const properties = bag(entity);
    const show = (key: string, p: StoredProperty) => ({
      id: p.id,
      key,
      value: p.value,
      version: { number: p.version, message: "", minorEdit: false, createdAt: "2024-01-01T00:00:00.000Z", authorId: "557058:test" },
    });
    const byId = () => [...properties].find(([, p]) => p.id === propertyId);
    const canWrite = () => writable(name, entity);
    const checkValue = (value: unknown): PropertyResponse | undefined => {
      const text = JSON.stringify(value);
      if (text === undefined) return fail(400, "A property value is required.");
      if (utf8Length(text) > valueBytes) return fail(tooLargeStatus, `The property value is too large: the maximum is ${valueBytes} bytes.`);
      return undefined;
    };

    if (propertyId === undefined) {
      if (method === "GET") {
        const key = url.searchParams.get("key");
        const all = [...properties].filter(([k]) => key === null || k === key);
        const limit = Math.min(Number(url.searchParams.get("limit")) || pageSize, 250);
        const start = Number(url.searchParams.get("cursor") ? atob(url.searchParams.get("cursor")!) : 0);
        const page = all.slice(start, start + limit);
        const links: Record<string, string> = { base: "https://product.invalid/wiki" };
        const headers: Record<string, string> = {};
        if (start + limit < all.length) {
          const next = new URLSearchParams(url.searchParams);
          next.set("cursor", btoa(String(start + limit)));
          links.next = `/wiki${url.pathname}?${next}`;
          headers.link = `<${links.next}>; rel="next"`;
        }
        return reply(200, { results: page.map(([k, p]) => show(k, p)), _links: links }, headers);
      }
      if (method !== "POST") return fail(405, "Method Not Allowed");
      if (!canWrite()) return fail(403, "Forbidden");
      const parsed = parseJson(body);
      const input = parsed.ok ? (parsed.value as { key?: unknown; value?: unknown }) : undefined;
      if (!input || typeof input.key !== "string" || !input.key) return fail(400, "A property key is required.");
      if (input.key.length > 255) return fail(400, "The property key cannot be longer than 255 characters.");
      const bad = checkValue(input.value);
      if (bad) return bad;
      if (properties.has(input.key)) {
        stats.conflicts++;
        return fail(409, `A property with key '${input.key}' already exists.`);
      }
      const stored = { value: input.value, id: String(nextId++), version: 1 };
      properties.set(input.key, stored);
      return reply(200, show(input.key, stored));
    }

    const found = byId();
    if (method === "GET") return found ? reply(200, show(found[0], found[1])) : fail(404, "Not Found");
    if (method !== "PUT" && method !== "DELETE") return fail(405, "Method Not Allowed");
    if (!canWrite()) return fail(403, "Forbidden");
    if (!found) return fail(404, "Not Found");
    const [key, stored] = found;
    if (method === "DELETE") {
      properties.delete(key);
      return reply(204);
    }
    const parsed = parseJson(body);
    const input = parsed.ok ? (parsed.value as { key?: unknown; value?: unknown; version?: { number?: unknown } }) : undefined;
    if (!input || input.key !== key) return fail(400, "The property key must match the property.");
    const bad = checkValue(input.value);
    if (bad) return bad;
    if (input.version?.number !== stored.version! + 1) {
      stats.conflicts++;
      return fail(409, `Version must be incremented on update. Current version is: ${stored.version}`);
    }
    stored.value = input.value;
    stored.version = stored.version! + 1;
    return reply(200, show(key, stored));
  }

  const request = Object.assign(
    async (options: { url?: string; type?: string; data?: unknown } | string) => {
      const o = typeof options === "string" ? { url: options } : options;
      const r = handle({ method: o.type, url: String(o.url), body: typeof o.data === "string" ? o.data : undefined });
      return settleAnswer({ status: r.status, statusText: STATUS_TEXT[r.status] ?? "", headers: r.headers, body: r.body }, false);
    },
    { returnsPromise: true },
  ) as HostMethod;

  return { handle, request, data, stats };
}

function reply(status: number, body?: unknown, headers: Record<string, string> = {}): PropertyResponse {
  const text = body === undefined ? "" : JSON.stringify(body);
  return { status, body: text, headers: text ? { "content-type": "application/json;charset=UTF-8", ...headers } : headers };
}

function parseJson(text: PropertyRequest["body"]): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== "string" || text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function decodeSegments(path: string): string {
  return path.split("/").map(decodeURIComponent).join("/");
}
