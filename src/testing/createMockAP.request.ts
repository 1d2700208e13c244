/**
 * The REST side of {@link createMockAP}: request handlers (msw-style), response helpers, the product's answer
 * shapes on both sides of the bridge, and forwarding to `fetch`.
 */
import type { Answer } from "./answers.js";
import type { HostCallback, HostMethod } from "./emulateHost.js";

/** HTTP methods `AP.request` sends. */
export type MockHttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** The iframe a request came from. */
export interface MockRequestFrame {
  /** The app key (`addon_key`). */
  addonKey: string;
  /** The module key of the iframe. */
  moduleKey: string;
  /** The iframe's id on the host. */
  id: string;
}

/** One `AP.request` call as the product receives it. */
export interface MockRequest {
  /** Upper case, `GET` when the app sent none. */
  method: string;
  /** The path the app asked for, query included, e.g. `/rest/api/3/search?jql=x`. */
  url: string;
  /** The path without the query. */
  path: string;
  /** The query parameters. */
  query: URLSearchParams;
  /** The forwarded request headers (`accept`, `if-match`, `if-none-match`, `content-type`), names in lower case. */
  headers: Record<string, string>;
  /** The request body as the host got it: a string, or an object of form fields for `multipart/form-data`. */
  data: unknown;
  /** `data` parsed as JSON when it is JSON text; otherwise `data` itself. */
  body: unknown;
  /** The app asked for an experimental API (`X-ExperimentalApi: opt-in` when forwarded). */
  experimental: boolean;
  /** The app asked for the body as bytes (`binaryAttachment`). */
  binary: boolean;
  /** Who asked. */
  frame: MockRequestFrame;
}

/** What a {@link RequestResolver} gets: the request and the path's named parameters. */
export interface RequestResolverInfo<Params extends Record<string, string> = Record<string, string>> extends MockRequest {
  /** `:name` segments of the handler's path (or the groups of its RegExp), decoded. */
  params: Params;
}

/** A response made with {@link json}, {@link text}, {@link empty} or {@link networkError}. */
export interface MockResponse {
  /** The status; 0 is a network failure (no answer from the product). */
  readonly status: number;
  readonly statusText: string;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body: text, or bytes. */
  readonly body: string | ArrayBuffer;
}

/** Status, status text and headers of a response helper. */
export interface MockResponseInit {
  /** @default 200 (201 and 204 where the helper's name says so) */
  status?: number;
  /** @default the standard reason phrase of the status */
  statusText?: string;
  /** Response headers. */
  headers?: Record<string, string>;
}

/** A plain answer: `status` defaults to 200; a string body goes as text, bytes as bytes, anything else as JSON. */
export interface AnswerInit {
  /** @default 200 */
  status?: number;
  /** @default the standard reason phrase of `status` */
  statusText?: string;
  /** Response headers. */
  headers?: Record<string, string>;
  /** Text, bytes (`ArrayBuffer`, `Uint8Array`), or a value sent as JSON. */
  body?: unknown;
}

/**
 * What a resolver returns: a {@link MockResponse} (`json(...)`, `text(...)`, `empty(...)`, `networkError()`), a
 * standard `Response`, a plain {@link AnswerInit}, or nothing to let the next handler (then the property backend,
 * then `onUnhandledRequest`) answer. The same on both mocks.
 */
export type ResolverResult = MockResponse | Response | AnswerInit | undefined | void;

/** Answers requests that matched a handler's method and path. */
export type RequestResolver<Params extends Record<string, string> = Record<string, string>> = (
  info: RequestResolverInfo<Params>,
) => ResolverResult | Promise<ResolverResult>;

/** The named parameters of a path pattern: `"/issue/:key/comment/:id"` gives `{ key: string; id: string }`. */
export type PathParams<P extends string> = string extends P
  ? Record<string, string>
  : P extends `${string}:${infer Name}/${infer Rest}`
    ? { [K in Name | keyof PathParams<Rest>]: string }
    : P extends `${string}:${infer Name}`
      ? { [K in Name]: string }
      : Record<string, never>;

/** Options of a request handler. */
export interface RequestHandlerOptions {
  /** Answer one matching request only, then step aside. */
  once?: boolean;
}

/** A request handler: made by {@link rest} / {@link remote} (or `mock.request` / `mock.remote`), listed by `mock.listHandlers()`. */
export interface RequestHandler {
  /** `"product"`: answers the product's REST API (`request`); `"remote"`: the app's own backend (`apFetch`). */
  readonly kind: "product" | "remote";
  /** The method it answers, or `"*"` for every method. */
  readonly method: MockHttpMethod | "*";
  /** The path pattern as given. */
  readonly path: string | RegExp;
  /** The resolver. */
  readonly resolver: RequestResolver<any>;
  /** Options as given. */
  readonly options: RequestHandlerOptions;
  /** `true` once a `once` handler has answered. */
  readonly used: boolean;
  /** `"GET /rest/api/3/issue/:key"`, for messages. */
  readonly header: string;
}

/** Handler factories, one per method, as in msw's `http` namespace. */
export interface RequestHandlerFactories<R> {
  /** Handles `GET` requests whose path matches. */
  get<P extends string>(path: P | RegExp, resolver: RequestResolver<PathParams<P>>, options?: RequestHandlerOptions): R;
  /** Handles `POST`. */
  post<P extends string>(path: P | RegExp, resolver: RequestResolver<PathParams<P>>, options?: RequestHandlerOptions): R;
  /** Handles `PUT`. */
  put<P extends string>(path: P | RegExp, resolver: RequestResolver<PathParams<P>>, options?: RequestHandlerOptions): R;
  /** Handles `PATCH`. */
  patch<P extends string>(path: P | RegExp, resolver: RequestResolver<PathParams<P>>, options?: RequestHandlerOptions): R;
  /** Handles `DELETE`. */
  delete<P extends string>(path: P | RegExp, resolver: RequestResolver<PathParams<P>>, options?: RequestHandlerOptions): R;
  /** Handles `HEAD`. */
  head<P extends string>(path: P | RegExp, resolver: RequestResolver<PathParams<P>>, options?: RequestHandlerOptions): R;
  /** Handles every method. */
  all<P extends string>(path: P | RegExp, resolver: RequestResolver<PathParams<P>>, options?: RequestHandlerOptions): R;
}

const BRAND = Symbol.for("apkit.testing.response");

const REASONS: Record<number, string> = {
  200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
  304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
  405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed", 413: "Payload Too Large",
  415: "Unsupported Media Type", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Gateway Timeout",
};

/** @internal The standard reason phrase of a status, or "". */
export const reasonOf = (status: number): string => REASONS[status] ?? "";

function response(body: string | ArrayBuffer, init: MockResponseInit, status: number, type?: string): MockResponse {
  const code = init.status ?? status;
  if (!Number.isInteger(code) || code < 200 || code > 599) throw new TypeError(`apkit/testing: bad status ${code}`);
  const headers: Record<string, string> = {};
  if (type && body !== "") headers["content-type"] = type;
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const out = { status: code, statusText: init.statusText ?? reasonOf(code), headers, body };
  Object.defineProperty(out, BRAND, { value: true });
  return out;
}

/**
 * A JSON response (`content-type: application/json;charset=UTF-8`), status 200 unless `init.status` says otherwise.
 *
 * @example
 * ```ts
 * import { createMockAP, json } from "apkit/testing";
 * const mock = createMockAP();
 * mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: "Hi" } }));
 * mock.request.post("/rest/api/3/issue", () => json({ id: "10002", key: "ABC-2" }, { status: 201, headers: { location: "/rest/api/3/issue/10002" } }));
 * ```
 */
export function json(body: unknown, init: MockResponseInit = {}): MockResponse {
  const textBody = JSON.stringify(body);
  if (textBody === undefined) throw new TypeError("apkit/testing: json() needs a JSON value");
  return response(textBody, init, 200, "application/json;charset=UTF-8");
}

/**
 * A text response (`content-type: text/plain;charset=UTF-8` unless a header says otherwise).
 *
 * @example
 * ```ts
 * import { createMockAP, text } from "apkit/testing";
 * const mock = createMockAP();
 * mock.request.get("/rest/api/3/boom", () => text("upstream failed", { status: 502 }));
 * ```
 */
export function text(body: string, init: MockResponseInit = {}): MockResponse {
  return response(String(body), init, 200, "text/plain;charset=UTF-8");
}

/**
 * A response without a body: 204 unless `status` says otherwise (a property `DELETE`, a `PUT` that answers nothing).
 *
 * @example
 * ```ts
 * import { createMockAP, empty } from "apkit/testing";
 * const mock = createMockAP();
 * mock.request.delete("/rest/api/3/issue/:key", () => empty());
 * mock.request.put("/rest/api/3/issue/:key", () => empty(403));
 * ```
 */
export function empty(status = 204, init: Omit<MockResponseInit, "status"> = {}): MockResponse {
  return response("", { ...init, status }, status);
}

/**
 * No answer from the product at all (status 0), as the request plugin reports a network failure: apkit's
 * `request()` rejects with a `HostError` (`ERR_HOST`).
 *
 * @example
 * ```ts
 * import { createMockAP, networkError } from "apkit/testing";
 * const mock = createMockAP();
 * mock.request.get("/rest/api/3/myself", () => networkError());
 * ```
 */
export function networkError(): MockResponse {
  const out = { status: 0, statusText: "", headers: {}, body: "" };
  Object.defineProperty(out, BRAND, { value: true });
  return out;
}

/** @internal Whether `value` was made by {@link json}, {@link text}, {@link empty} or {@link networkError}. */
export function isMockResponse(value: unknown): value is MockResponse {
  return !!value && typeof value === "object" && (value as Record<symbol, unknown>)[BRAND] === true;
}

function compile(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new TypeError(`apkit/testing: a handler path starts with "/" (the product path AP.request gets), not ${String(path)}`);
  }
  const source = path
    .replace(/\?.*$/, "")
    .replace(/\/$/, "")
    .split(/(:[A-Za-z_$][\w$]*|\*)/)
    .map((part) => (part === "*" ? "(?<_wild>.*)" : part.startsWith(":") ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}/?$`);
}

/** @internal A handler with its compiled pattern and `used` state. */
export interface LiveHandler extends RequestHandler {
  match(method: string, path: string): Record<string, string> | undefined;
  use(): void;
}

/** @internal A handler of `kind` for `method` and `path`. */
export function handler(
  kind: "product" | "remote",
  method: MockHttpMethod | "*",
  path: string | RegExp,
  resolver: RequestResolver<any>,
  options: RequestHandlerOptions = {},
): LiveHandler {
  if (typeof resolver !== "function") throw new TypeError("apkit/testing: a handler needs a resolver function");
  const pattern = compile(path);
  let used = false;
  const live: LiveHandler = {
    kind,
    method,
    path,
    resolver,
    options,
    header: `${method === "*" ? "ALL" : method} ${String(path)}`,
    get used() {
      return used;
    },
    match(m, p) {
      if ((method !== "*" && method !== m) || (options.once && used)) return undefined;
      const found = pattern.exec(p);
      if (!found) return undefined;
      const params: Record<string, string> = {};
      const groups = found.groups ?? Object.fromEntries(found.slice(1).map((v, i) => [String(i), v]));
      for (const [name, value] of Object.entries(groups)) {
        if (value === undefined) continue;
        params[name === "_wild" ? "*" : name] = safeDecode(value);
      }
      return params;
    },
    use() {
      used = true;
    },
  };
  return live;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * @internal Builds the factories of handlers of `kind`; `wrap` decides what a factory returns (the handler, or the
 * handler after registering it).
 */
export function factories<R>(kind: "product" | "remote", wrap: (h: RequestHandler) => R): RequestHandlerFactories<R> {
  const make =
    (method: MockHttpMethod | "*") =>
    (path: string | RegExp, resolver: RequestResolver<any>, options?: RequestHandlerOptions) =>
      wrap(handler(kind, method, path, resolver, options));
  return {
    get: make("GET"),
    post: make("POST"),
    put: make("PUT"),
    patch: make("PATCH"),
    delete: make("DELETE"),
    head: make("HEAD"),
    all: make("*"),
  };
}

/**
 * Request handler factories, like msw's `http`: build handlers once (for example in a shared file) and pass them to
 * `createMockAP({ handlers })` or `mock.use(...)`. `mock.request.get(...)` builds and registers in one step.
 * Paths are what the app passes to `AP.request` (product-relative, such as `/rest/api/3/myself`); `:name` segments
 * become `params`, `*` matches the rest; the query is never part of the match (read it from `query`).
 *
 * @example
 * ```ts
 * import { createMockAP, json, rest } from "apkit/testing";
 * export const handlers = [
 *   rest.get("/rest/api/3/myself", () => json({ accountId: "557058:1", displayName: "Ada" })),
 *   rest.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key })),
 * ];
 * const mock = createMockAP({ handlers });
 * ```
 */
export const rest: RequestHandlerFactories<RequestHandler> = /* @__PURE__ */ factories("product", (h) => h);

/**
 * Handler factories for the app's own backend, as `apFetch` reaches it on either platform (Connect: a `fetch` to the
 * page's origin with the context JWT; Forge: `requestRemote`, which carries a Forge Invocation Token): the same
 * handlers answer it in a test on both mocks. Paths are the backend's (`/api/todos`), without the origin.
 *
 * @example
 * ```ts
 * import { createMockAP, json, remote } from "apkit/testing";
 * const mock = createMockAP({ handlers: [remote.get("/api/todos", () => json([{ id: 1, title: "Write docs" }]))] });
 * ```
 */
export const remote: RequestHandlerFactories<RequestHandler> = /* @__PURE__ */ factories("remote", (h) => h);

/** @internal */
export async function fromResponse(res: Response, binary: boolean): Promise<Answer> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return {
    status: res.status,
    statusText: res.statusText || reasonOf(res.status),
    headers,
    body: binary ? await res.arrayBuffer() : await res.text(),
  };
}

/** @internal The request a host `request` method received, in the product's terms. */
export function readRequest(args: unknown[], callback: HostCallback): MockRequest {
  const [first, second] = args;
  const o = (typeof first === "string" ? { ...(isObject(second) ? second : {}), url: first } : isObject(first) ? first : {}) as Record<string, unknown>;
  const url = String(o.url ?? "");
  const method = String(o.type ?? "GET").toUpperCase();
  const q = url.indexOf("?");
  const headers: Record<string, string> = {};
  if (isObject(o.headers)) for (const [k, v] of Object.entries(o.headers)) if (v != null) headers[k.toLowerCase()] = String(v);
  if (typeof o.contentType === "string") headers["content-type"] = o.contentType;
  const { extension } = callback._context;
  return {
    method,
    url,
    path: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
    headers,
    data: o.data,
    body: parseMaybe(o.data),
    experimental: o.experimental === true,
    binary: o.binaryAttachment === true,
    frame: { addonKey: extension.addon_key, moduleKey: extension.key, id: extension.id },
  };
}

/** @internal `data` parsed as JSON when it is JSON text; otherwise `data` itself. */
export function parseMaybe(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/**
 * @internal The product's answer to the bridge, as product.js of the local host and Jira give it: `{ body, xhr }` for
 * 2xx, a rejection with `{ err, xhr }` otherwise, with a plain-data xhr (functions cannot cross postMessage).
 */
export function settleAnswer(answer: Answer, binary: boolean): { body: unknown; xhr: Record<string, unknown> } {
  const responseText = typeof answer.body === "string" ? answer.body : new TextDecoder().decode(answer.body);
  const xhr: Record<string, unknown> = { status: answer.status, statusText: answer.statusText, responseText, headers: answer.headers };
  if (binary) xhr.response = typeof answer.body === "string" ? new TextEncoder().encode(answer.body).buffer : answer.body;
  const body = binary ? xhr.response : responseText;
  if (answer.status >= 200 && answer.status < 300) return { body, xhr };
  throw { err: answer.status === 0 ? "error" : answer.statusText, xhr };
}

/** @internal Forwards a request to `fetch` on the fake site, so msw (or any fetch mock) answers it. */
export async function forward(request: MockRequest, baseUrl: string, fetcher: typeof fetch): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.experimental) headers["x-experimentalapi"] = "opt-in";
  let body: BodyInit | undefined;
  if (request.method !== "GET" && request.method !== "HEAD" && request.data != null) {
    if (isObject(request.data) && /^multipart\/form-data/i.test(headers["content-type"] ?? "")) {
      const form = new FormData();
      for (const [k, v] of Object.entries(request.data)) form.append(k, v instanceof Blob ? v : String(v));
      body = form;
      delete headers["content-type"]; // fetch writes the boundary
    } else body = typeof request.data === "string" ? request.data : JSON.stringify(request.data);
  }
  try {
    const res = await fetcher(baseUrl.replace(/\/+$/, "") + request.url, { method: request.method, headers, body });
    return await fromResponse(res, request.binary);
  } catch {
    return networkError();
  }
}

/**
 * @internal The app side of `AP.request` in Atlassian's CDN all.js (the atlassian-connect-js-request plugin):
 * `success`/`error` callbacks stay in the iframe, and the xhr is rebuilt there with `getResponseHeader` and
 * `getAllResponseHeaders`, so apps see `{ body, xhr }` / `{ err, xhr }` with functions on `xhr`.
 */
export function cdnRequest(hostRequest: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  return (first: unknown, second?: unknown) => {
    const given = (typeof first === "string" ? { ...(isObject(second) ? second : {}), url: first } : { ...(isObject(first) ? first : {}) }) as Record<string, unknown>;
    const { success, error, ...options } = given;
    const promise = (hostRequest(options) as Promise<any>).then(
      (answer) => {
        const xhr = rebuild(answer?.xhr);
        if (typeof success === "function") success(xhr?.responseText ?? answer?.body, xhr?.statusText, xhr);
        return xhr ? { body: answer.body, xhr } : answer;
      },
      (reason) => {
        const xhr = rebuild(reason?.xhr);
        if (typeof error === "function") error(xhr, xhr?.statusText, reason?.err ?? reason);
        throw xhr ? { err: reason.err, xhr } : reason;
      },
    );
    promise.catch(() => undefined); // like the bridge: an unhandled failure is only logged
    return promise;
  };
}

function rebuild(plain: unknown): Record<string, unknown> | undefined {
  if (!isObject(plain)) return undefined;
  const { headers, ...rest } = plain;
  const list = Object.entries(isObject(headers) ? headers : {}).map(([k, v]) => [k.toLowerCase(), String(v)] as const);
  return {
    ...rest,
    getResponseHeader: (name: string) => list.find(([k]) => k === String(name).toLowerCase())?.[1] ?? null,
    getAllResponseHeaders: () => list.map(([k, v]) => `${k}: ${v}\r\n`).join(""),
  };
}

/** @internal Makes a host method, keeping `returnsPromise`. */
export function promised<F extends (...args: any[]) => unknown>(fn: F): F & HostMethod {
  return Object.assign(fn, { returnsPromise: true });
}
