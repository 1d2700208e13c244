/**
 * Product and remote requests for the Forge mock host: handler registration and matching (the path patterns of
 * the Connect mock, shared with it), what handlers get, and turning what they return into the answer shape
 * @forge/bridge reads (`{ status, statusText, headers, body, isAttachment }`, see docs/forge-bridge-protocol.md).
 */
import { fromResponse, reasonOf, rest, type LiveHandler, type MockResponse, type RequestResolver } from "../createMockAP.request.js";

/** The product a `fetchProduct` call is for (`requestJira`, `requestConfluence`, `requestBitbucket`). */
export type ForgeProduct = "jira" | "confluence" | "bitbucket";

/** What every request handler gets: the request as the host received it, and the path's named parameters. */
export interface ForgeRequestBase {
  /** Upper case; `GET` when the app gave no method. */
  method: string;
  /** The path without the query. */
  path: string;
  /** The query parameters. */
  query: URLSearchParams;
  /** Request headers, names in lower case (as the bridge sends them). */
  headers: Record<string, string>;
  /** The body as it crossed the bridge: text, `null` for a `GET`, or (for `invokeRemote`) the app's value. */
  data: unknown;
  /** `data` parsed as JSON when it is JSON text; otherwise `data` itself. */
  body: unknown;
  /** `:name` segments of the handler's pattern (or its RegExp's groups), decoded; `*` for a trailing wildcard. */
  params: Record<string, string>;
}

/** A `requestJira` / `requestConfluence` / `requestBitbucket` call, as the product received it. */
export interface ForgeProductRequest extends ForgeRequestBase {
  readonly kind: "product";
  product: ForgeProduct;
  /** The path the app asked for, query included, exactly as it crossed. */
  restPath: string;
  /** The body was a `FormData` (sent as a JSON string of its fields, files as base64 data URLs). */
  multipart: boolean;
  /** The `fetchRequestInit` as it crossed: the app's init with `body` and `headers` (`[name, value][]`) replaced. */
  init: Record<string, unknown>;
}

/** A call to the app's remote backend: `requestRemote` (`fetchRemote`) or `invokeRemote` / `invokeService`. */
export interface ForgeRemoteRequest extends ForgeRequestBase {
  readonly kind: "remote";
  /** Which @forge/bridge API made it. */
  via: "requestRemote" | "invokeRemote" | "invokeService";
  /** The remote's key (`requestRemote` only). */
  remoteKey: string | undefined;
}

/** A request in the host's log, with who answered and the status answered (`undefined` while pending). */
export type ForgeRequestRecord<R extends ForgeRequestBase = ForgeProductRequest | ForgeRemoteRequest> = R & {
  handledBy?: "handler" | "unhandled";
  status?: number;
};

/**
 * What a handler may return:
 * - `{ status?, statusText?, headers?, body? }`: `status` defaults to 200; a string body goes as text, an
 *   `ArrayBuffer` or `Uint8Array` as an attachment (a `Blob` for the app), `null`/`undefined` as no body, anything
 *   else as JSON (with `content-type: application/json` unless given);
 * - `json(...)`, `text(...)`, `empty(...)` from apkit/testing, or a standard `Response`;
 * - `networkError()`: the bridge call rejects with `ERR_FORGE_BRIDGE_NETWORK`;
 * - nothing: the next handler (then `onUnhandledRequest`) answers.
 */
export type ForgeHandlerResult = ForgeAnswerInit | MockResponse | Response | undefined | void;

/** A plain answer from a request handler. */
export interface ForgeAnswerInit {
  /** @default 200 */
  status?: number;
  /** @default the standard reason phrase of `status` */
  statusText?: string;
  /** Response headers. */
  headers?: Record<string, string>;
  /** Text, bytes, or a value sent as JSON. */
  body?: unknown;
}

/** Answers a matching request. */
export type ForgeRequestHandler<R extends ForgeRequestBase> = (request: R) => ForgeHandlerResult | Promise<ForgeHandlerResult>;

/** Options of `onRequest` / `onRemote`. */
export interface ForgeHandlerOptions {
  /** Answer one matching request, then step aside. */
  once?: boolean;
}

/** @internal The answer as @forge/bridge reads it from `fetchProduct` / `fetchRemote`. */
export interface FetchAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  isAttachment?: boolean;
}

/** @internal A registered handler with its matcher. */
export interface Registered<R extends ForgeRequestBase> {
  live: LiveHandler;
  handler: ForgeRequestHandler<R>;
  accepts: (request: R) => boolean;
}

const METHODS = ["get", "post", "put", "patch", "delete", "head"] as const;

/** @internal Builds a matcher with the Connect mock's path patterns, so both mocks read patterns alike. */
export function register<R extends ForgeRequestBase>(
  method: string,
  pattern: string | RegExp,
  handler: ForgeRequestHandler<R>,
  options: ForgeHandlerOptions,
  accepts: (request: R) => boolean,
): Registered<R> {
  if (typeof handler !== "function") throw new TypeError("apkit/testing forge host: a request handler must be a function");
  const lower = String(method).toLowerCase();
  const factory = lower === "*" ? rest.all : METHODS.includes(lower as (typeof METHODS)[number]) ? rest[lower as (typeof METHODS)[number]] : undefined;
  if (!factory) throw new TypeError(`apkit/testing forge host: unknown HTTP method ${JSON.stringify(method)} (GET, POST, PUT, PATCH, DELETE, HEAD or "*")`);
  // The resolver slot of the shared handler is never called: the Forge host calls `handler` with its own request.
  const live = factory(pattern, handler as unknown as RequestResolver, options) as LiveHandler;
  return { live, handler, accepts };
}

/** @internal Splits a path into path and query. */
export function splitPath(raw: string): { path: string; query: URLSearchParams } {
  const q = raw.indexOf("?");
  return { path: q < 0 ? raw : raw.slice(0, q), query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
}

/** @internal */
export function parseMaybe(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** @internal Lower-cased headers from the bridge's `[name, value][]`, a plain object, or nothing. */
export function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? Object.entries(raw) : [];
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length < 2) continue;
    out[String(entry[0]).toLowerCase()] = String(entry[1]);
  }
  return out;
}

/** @internal Marks a handler's "no answer at all" (`networkError()`). */
export const NETWORK_FAILURE = Symbol("network failure");

/** @internal Turns what a handler returned into the answer @forge/bridge reads, or `undefined` for "not answered". */
export async function toFetchAnswer(result: unknown): Promise<FetchAnswer | typeof NETWORK_FAILURE | undefined> {
  if (result === undefined) return undefined;
  if (typeof Response !== "undefined" && result instanceof Response) {
    const type = result.headers.get("content-type") ?? "";
    if (isTextual(type)) return textAnswer(await fromResponse(result, false));
    const bytes = new Uint8Array(await result.arrayBuffer());
    const headers: Record<string, string> = {};
    result.headers.forEach((value, name) => (headers[name] = value));
    return { status: result.status, statusText: result.statusText || reasonOf(result.status), headers, body: base64(bytes), isAttachment: true };
  }
  if (typeof result !== "object" || result === null) {
    throw new TypeError(`a request handler returned ${String(result)}; return { status, headers, body }, json(...), a Response or nothing`);
  }
  const init = result as ForgeAnswerInit;
  const status = init.status ?? 200;
  if (status === 0) return NETWORK_FAILURE;
  if (!Number.isInteger(status) || status < 200 || status > 599) throw new TypeError(`a request handler answered status ${String(status)}; a Response needs 200-599`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const statusText = init.statusText ?? reasonOf(status);
  const { body } = init;
  if (body === undefined || body === null) return { status, statusText, headers, body: "" };
  if (typeof body === "string") return { status, statusText, headers, body };
  if (body instanceof ArrayBuffer || body instanceof Uint8Array) {
    return { status, statusText, headers, body: base64(body instanceof Uint8Array ? body : new Uint8Array(body)), isAttachment: true };
  }
  headers["content-type"] ??= "application/json;charset=UTF-8";
  return { status, statusText, headers, body: JSON.stringify(body) };
}

function textAnswer(answer: { status: number; statusText: string; headers: Record<string, string>; body: string | ArrayBuffer }): FetchAnswer {
  return { ...answer, body: typeof answer.body === "string" ? answer.body : new TextDecoder().decode(answer.body) };
}

function isTextual(contentType: string): boolean {
  return contentType === "" || /^text\/|json|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** @internal The answer for a request nothing answered: a Jira-style 404. */
export function notFound(what: string): FetchAnswer {
  return {
    status: 404,
    statusText: "Not Found",
    headers: { "content-type": "application/json;charset=UTF-8" },
    body: JSON.stringify({ errorMessages: [`apkit/testing forge host: no handler for ${what}`] }),
  };
}
