import { connectRequest } from "./connect/request.js";
import { HttpError, InvalidJsonError } from "./errors.js";
import { port } from "./platform.js";
import type { ProductRequest } from "./port.js";
import type { CallOptions } from "./settle.js";
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

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
// What the products' bridges forward; anything else would be dropped silently.
const FORWARDED = ["accept", "if-match", "if-none-match", "content-type"];

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
  const productRequest = toProductRequest(path, init);
  const response = await port("request", connectRequest).request(productRequest, { timeout: init.timeout, signal: init.signal });
  Object.defineProperty(response, "url", { value: path });
  return response;
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
  const { schema, body, ...rest } = init;
  const answer = await requestJsonAnswer(path, { ...rest, body: body === undefined ? undefined : JSON.stringify(body) });
  if (answer.error) throw answer.error;
  return validateMaybe(schema, answer.body, `the response of ${path}`) as Promise<S extends StandardSchemaV1 ? Infer<S> : T>;
}

/** @internal A JSON answer: its status, and the parsed body (2xx) or the {@link HttpError} for the status. */
export interface JsonAnswer<T = unknown> {
  status: number;
  body?: T;
  error?: HttpError;
}

/**
 * @internal Sends like {@link requestJson} (but `body` is sent as given: JSON text) and resolves every status as a
 * {@link JsonAnswer}, for callers that give statuses a meaning of their own (the property store's 404s and 409s):
 * they read `status` instead of catching. A 2xx body that is not JSON still rejects with {@link InvalidJsonError}.
 */
export async function requestJsonAnswer<T = unknown>(path: string, init: APRequestInit = {}): Promise<JsonAnswer<T>> {
  const merged = toHeaders(init.headers);
  if (!merged.has("accept")) merged.set("accept", "application/json");
  const response = await request(path, { ...init, headers: merged });
  const { status, statusText } = response;
  const text = await response.text();
  if (response.ok) return { status, body: text === "" ? undefined : (parseJson(text, path) as T) };
  return {
    status,
    error: new HttpError(`${(init.method ?? "GET").toUpperCase()} ${path}: ${status}`, {
      status,
      statusText,
      body: parseLoose(text),
      headers: response.headers,
      url: path,
    }),
  };
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError(`${path}: not JSON`, { text: text.slice(0, 1000), cause: error });
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

function toProductRequest(path: string, init: APRequestInit): ProductRequest {
  const method = (init.method ?? "GET").toUpperCase();
  if (!path || typeof path !== "string") throw new TypeError(`apkit: request needs a product path such as "/rest/api/3/myself", got ${String(path)}`);
  if (!METHODS.includes(method)) throw new TypeError(`apkit: request method must be one of ${METHODS.join(", ")}, got ${String(init.method)}`);
  const headers = toHeaders(init.headers);
  for (const name of headers.keys()) {
    if (!FORWARDED.includes(name)) throw new TypeError(`apkit: AP.request cannot send header ${name} (only Accept, If-Match, If-None-Match, Content-Type cross the bridge)`);
  }
  const request: ProductRequest = { path, method, headers };
  const { body } = init;
  if (body != null) {
    if (method === "GET" || method === "HEAD") throw new TypeError(`apkit: ${method} with a body: a ${method} request cannot have one`);
    if (body instanceof FormData) {
      // fetch and the bridges write multipart's content type (with its boundary) themselves.
      headers.delete("content-type");
      request.body = body;
    } else if (body instanceof URLSearchParams) {
      request.body = String(body);
      if (!headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
    } else {
      // Blobs and streams cannot cross the bridge.
      if (typeof body !== "string" && !Array.isArray(body) && !isPlain(body)) {
        throw new TypeError("apkit: request body must be a string, a plain object or array (sent as JSON), URLSearchParams or FormData");
      }
      request.body = typeof body === "string" ? body : JSON.stringify(body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
  }
  if (init.experimental) request.experimental = true;
  if (init.binary) request.binary = true;
  if (init.cache !== undefined) request.cache = init.cache;
  return request;
}

// A record's entries without a value (null, undefined) are left out rather than sent as the text "undefined".
function toHeaders(headers: APRequestHeaders | undefined): Headers {
  return new Headers(isPlain(headers) ? Object.entries(headers).filter((entry) => entry[1] != null) : (headers as HeadersInit));
}

function isPlain(value: unknown): value is Record<string, unknown> {
  const proto = value && typeof value === "object" && Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

