import { invoke, type CallOptions } from "./bridge.js";
import { HostError, HttpError, InvalidJsonError } from "./errors.js";
import { validateMaybe, type Infer, type StandardSchemaV1 } from "./schema.js";

/** HTTP methods `AP.request` can send. */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/**
 * The only request headers the bridge forwards. `Content-Type` becomes the bridge's `contentType`;
 * anything else would be dropped silently by the host, so apkit rejects it with a `TypeError`.
 */
export type RequestHeaderName = "Accept" | "If-Match" | "If-None-Match" | "Content-Type";

/** Headers accepted by {@link request}: a record, a `Headers` object or entries. */
export type APRequestHeaders =
  | Partial<Record<RequestHeaderName | Lowercase<RequestHeaderName>, string>>
  | Headers
  | ReadonlyArray<readonly [string, string]>;

/** A fetch-like init for {@link request}. */
export interface APRequestInit extends CallOptions {
  /** @default "GET" */
  method?: HttpMethod | Lowercase<HttpMethod>;
  /**
   * The request body. A string is sent as is (with `Content-Type: application/json` unless you set another);
   * a plain object or array is sent as JSON; `URLSearchParams` as a form; `FormData` as `multipart/form-data`
   * (file uploads such as Jira attachments). Not allowed with GET or HEAD.
   */
  body?: string | FormData | URLSearchParams | Record<string, unknown> | readonly unknown[] | null;
  headers?: APRequestHeaders;
  /** Acknowledge calling an experimental REST API (the bridge's `experimental`). */
  experimental?: boolean;
  /**
   * Ask for a binary body (the bridge's `binaryAttachment`): the `Response` body is then the bytes, for
   * `response.arrayBuffer()` / `blob()`.
   */
  binary?: boolean;
  /** Let the host cache a GET (the bridge's `cache`). */
  cache?: boolean;
}

const METHODS = new Set<string>(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const HEADER_NAMES: Record<string, RequestHeaderName> = {
  accept: "Accept",
  "if-match": "If-Match",
  "if-none-match": "If-None-Match",
  "content-type": "Content-Type",
};
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * Calls the host product's REST API through `AP.request` and returns a standard `Response`.
 *
 * Like `fetch`, a non-2xx status resolves (`response.ok === false`); only a failure to get any status at all
 * rejects (a {@link HostError}, a {@link TimeoutError}, an {@link AbortError} or a bridge error).
 * Status, body and headers are read from either answer shape of the bridge (xhr with functions, or a plain
 * `headers` object). `response.url` is the requested path.
 *
 * @example
 * ```ts
 * import { request } from "apkit";
 * const res = await request("/rest/api/3/issue/ABC-1/properties/my-key", {
 *   method: "PUT",
 *   body: { done: true },
 * });
 * if (!res.ok) console.warn(res.status, await res.text());
 * ```
 */
export async function request(path: string, init: APRequestInit = {}): Promise<Response> {
  const options = toBridgeOptions(path, init);
  let outcome: { ok: boolean; value: unknown };
  try {
    outcome = {
      ok: true,
      value: await invoke("request", [options], { mode: "promise", timeout: init.timeout, signal: init.signal }),
    };
  } catch (error) {
    // An HTTP error status arrives as a rejection ({ err, xhr }); it is an answer, not a failure.
    if (!(error instanceof HostError) || !statusOf(error.cause)) throw error;
    outcome = { ok: false, value: error.cause };
  }
  return toResponse(outcome, options.url as string, init.binary === true, options.type as string);
}

/** Init of {@link requestJson}: like {@link APRequestInit}, but `body` is any JSON value, plus a `schema`. */
export interface RequestJsonInit<S extends StandardSchemaV1 | undefined = undefined>
  extends Omit<APRequestInit, "body" | "binary"> {
  /** Any JSON-serialisable value; always sent as JSON (a string becomes a JSON string). */
  body?: unknown;
  /** Validates (and types) the parsed body; a mismatch throws {@link ValidationError}. */
  schema?: S;
}

/**
 * Sends JSON, expects JSON. A non-2xx status throws {@link HttpError} (with the parsed error body); a body that is
 * not JSON throws {@link InvalidJsonError}; `schema` validates and types the result. An empty body (204) gives
 * `undefined`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { requestJson } from "apkit";
 * const Myself = z.object({ accountId: z.string(), displayName: z.string() });
 * const me = await requestJson("/rest/api/3/myself", { schema: Myself });
 * me.displayName; // string
 * ```
 */
export async function requestJson<T = unknown, S extends StandardSchemaV1 | undefined = undefined>(
  path: string,
  init: RequestJsonInit<S> = {},
): Promise<S extends StandardSchemaV1 ? Infer<S> : T> {
  const { schema, body, headers, ...rest } = init;
  const merged = normaliseHeaders(headers);
  if (!merged.Accept) merged.Accept = "application/json";
  if (body !== undefined) merged["Content-Type"] ??= "application/json";
  const res = await request(path, {
    ...rest,
    headers: merged,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new HttpError({
      status: res.status,
      statusText: res.statusText,
      body: parseLoose(text),
      headers: res.headers,
      url: path,
      method: (rest.method ?? "GET").toUpperCase(),
    });
  }
  const data = text === "" ? undefined : parseJson(text, path);
  return validateMaybe(schema, data, `the response of ${path}`) as Promise<S extends StandardSchemaV1 ? Infer<S> : T>;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError(`apkit: the response of ${path} is not JSON.`, text, { cause: error });
  }
}

/** @internal Parses JSON when it is JSON, otherwise returns the text (`undefined` when empty). */
export function parseLoose(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toBridgeOptions(path: string, init: APRequestInit): Record<string, unknown> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError("apkit: request(path) needs a non-empty path such as '/rest/api/3/myself'.");
  }
  const method = (init.method ?? "GET").toUpperCase();
  if (!METHODS.has(method)) throw new TypeError(`apkit: AP.request cannot send method ${String(init.method)}.`);
  const headers = normaliseHeaders(init.headers);
  const options: Record<string, unknown> = { url: path, type: method };
  const { body } = init;
  if (body != null) {
    if (method === "GET" || method === "HEAD") {
      throw new TypeError(`apkit: a ${method} request cannot have a body (the bridge would turn it into a query string).`);
    }
    if (typeof body === "string") {
      options.data = body;
      options.contentType = headers["Content-Type"] ?? "application/json";
    } else if (typeof FormData !== "undefined" && body instanceof FormData) {
      options.data = formDataToObject(body);
      options.contentType = "multipart/form-data";
    } else if (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams) {
      options.data = body.toString();
      options.contentType = headers["Content-Type"] ?? "application/x-www-form-urlencoded";
    } else if (typeof body === "object" && isPlainJson(body)) {
      options.data = JSON.stringify(body);
      options.contentType = headers["Content-Type"] ?? "application/json";
    } else {
      throw new TypeError(
        "apkit: request body must be a string, a plain object or array (sent as JSON), URLSearchParams or FormData; Blobs and streams cannot cross the bridge.",
      );
    }
  }
  const forwarded: Record<string, string> = {};
  for (const name of ["Accept", "If-Match", "If-None-Match"] as const) {
    if (headers[name] !== undefined) forwarded[name] = headers[name];
  }
  if (Object.keys(forwarded).length) options.headers = forwarded;
  if (init.experimental) options.experimental = true;
  if (init.binary) options.binaryAttachment = true;
  if (init.cache !== undefined) options.cache = init.cache;
  return options;
}

function normaliseHeaders(headers: APRequestHeaders | undefined): Partial<Record<RequestHeaderName, string>> {
  const out: Partial<Record<RequestHeaderName, string>> = {};
  if (!headers) return out;
  const entries: Iterable<readonly [string, string]> =
    typeof Headers !== "undefined" && headers instanceof Headers
      ? headers.entries()
      : Array.isArray(headers)
        ? (headers as ReadonlyArray<readonly [string, string]>)
        : Object.entries(headers as Record<string, string>);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const canonical = HEADER_NAMES[name.toLowerCase()];
    if (!canonical) {
      throw new TypeError(
        `apkit: AP.request cannot send the header "${name}"; the bridge forwards only Accept, If-Match, If-None-Match and Content-Type.`,
      );
    }
    out[canonical] = String(value);
  }
  return out;
}

function formDataToObject(form: FormData): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key in data) {
      throw new TypeError(`apkit: FormData field "${key}" appears twice; the bridge sends form fields as an object.`);
    }
    data[key] = value;
  }
  return data;
}

function isPlainJson(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

interface XhrLike {
  status?: unknown;
  statusText?: unknown;
  responseText?: unknown;
  response?: unknown;
  headers?: unknown;
  getAllResponseHeaders?: unknown;
  getResponseHeader?: unknown;
}

function statusOf(value: unknown): number | undefined {
  const xhr = xhrOf(value);
  const status = typeof xhr?.status === "number" ? xhr.status : Number(xhr?.status);
  return Number.isInteger(status) && status > 0 ? status : undefined;
}

function xhrOf(value: unknown): XhrLike | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as { xhr?: unknown };
  if (v.xhr && typeof v.xhr === "object") return v.xhr as XhrLike;
  return "status" in v ? (v as XhrLike) : undefined;
}

function toResponse(outcome: { ok: boolean; value: unknown }, url: string, binary: boolean, method: string): Response {
  const { value } = outcome;
  const xhr = xhrOf(value);
  let status = statusOf(value);
  if (status === undefined) {
    if (xhr) throw new HostError(`apkit: ${method} ${url} never reached the server (status 0).`, "request", { cause: value });
    status = 200; // a host that answers with the body alone
  }
  if (status < 200 || status > 599) {
    throw new HostError(`apkit: ${method} ${url} answered with an impossible status ${status}.`, "request", { cause: value });
  }
  let body: BodyInit | null = bodyOf(value, xhr, binary);
  if (NULL_BODY_STATUS.has(status) || method === "HEAD") body = null;
  const response = new Response(body, {
    status,
    statusText: cleanStatusText(xhr?.statusText),
    headers: headersOf(xhr),
  });
  Object.defineProperty(response, "url", { value: url });
  return response;
}

function bodyOf(value: unknown, xhr: XhrLike | undefined, binary: boolean): BodyInit | null {
  const candidates: unknown[] = [];
  if (value && typeof value === "object" && "body" in value) candidates.push((value as { body: unknown }).body);
  if (typeof value === "string" || isArrayBuffer(value)) candidates.push(value);
  if (xhr) candidates.push(binary ? xhr.response : xhr.responseText, xhr.response);
  for (const c of candidates) {
    if (typeof c === "string") return c;
    if (isArrayBuffer(c)) return c;
    if (ArrayBuffer.isView(c)) return c as unknown as BodyInit;
    if (typeof Blob !== "undefined" && c instanceof Blob) return c;
  }
  for (const c of candidates) {
    // A host that answered with an already-parsed object: give it back as the JSON it was.
    if (c && typeof c === "object") return JSON.stringify(c);
  }
  return null;
}

// instanceof fails for buffers made in another realm (a postMessage clone, jsdom).
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === "[object ArrayBuffer]";
}

function headersOf(xhr: XhrLike | undefined): Headers {
  const headers = new Headers();
  if (!xhr) return headers;
  const add = (name: string, value: unknown) => {
    if (value == null) return;
    try {
      headers.append(name.trim(), Array.isArray(value) ? value.join(", ") : String(value));
    } catch {
      // A header name the Fetch spec refuses: skip it rather than lose the whole response.
    }
  };
  if (typeof xhr.getAllResponseHeaders === "function") {
    const raw = String((xhr.getAllResponseHeaders as () => unknown)() ?? "");
    for (const line of raw.split(/\r?\n/)) {
      const i = line.indexOf(":");
      if (i > 0) add(line.slice(0, i), line.slice(i + 1).trim());
    }
  } else if (xhr.headers && typeof xhr.headers === "object") {
    for (const [name, value] of Object.entries(xhr.headers as Record<string, unknown>)) add(name, value);
  } else if (typeof xhr.getResponseHeader === "function") {
    // Headers can only be asked for one by one here: ask for the ones REST clients use.
    for (const name of ["content-type", "etag", "location", "last-modified", "x-arequestid", "retry-after"]) {
      add(name, (xhr.getResponseHeader as (n: string) => unknown)(name));
    }
  }
  return headers;
}

function cleanStatusText(text: unknown): string {
  // The Response constructor throws on anything outside the reason-phrase grammar.
  return typeof text === "string" ? text.replace(/[^\t\x20-\x7e\x80-\xff]/g, "") : "";
}
