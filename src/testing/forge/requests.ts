/**
 * Product and remote requests for the Forge mock host: handler registration and matching (the path patterns of
 * the Connect mock, shared with it), what handlers get, and turning what they return into the answer shape
 * @forge/bridge reads (`{ status, statusText, headers, body, isAttachment }`, see docs/forge-bridge-protocol.md).
 */
import type { HandledBy } from "../answers.js";
import type { AnswerInit, MockRequestFrame, MockResponse } from "../createMockAP.request.js";

/** The product a `fetchProduct` call is for (`requestJira`, `requestConfluence`, `requestBitbucket`). */
export type ForgeProduct = "jira" | "confluence" | "bitbucket";

/** What every request handler gets: the request as the host received it, and the path's named parameters. */
export interface ForgeRequestBase {
  /** Upper case; `GET` when the app gave no method. */
  method: string;
  /** The path with its query, as the app asked for it. */
  url: string;
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
  /** Forge sends no experimental flag (`false`), as the Connect mock's records have it. */
  experimental: boolean;
  /** The answer is read as bytes by @forge/bridge whatever the app asked (`false` here: no such flag on Forge). */
  binary: boolean;
  /** The app's frame: app id and module key from the context (`id` is its `localId`). */
  frame: MockRequestFrame;
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
  handledBy?: HandledBy;
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

/** A plain answer from a request handler (the Connect mock's {@link AnswerInit}). */
export type ForgeAnswerInit = AnswerInit;

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

/** @internal Splits a path into path and query. */
export function splitPath(raw: string): { path: string; query: URLSearchParams } {
  const q = raw.indexOf("?");
  return { path: q < 0 ? raw : raw.slice(0, q), query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
}

export { parseMaybe } from "../createMockAP.request.js";

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

/** @internal The answer @forge/bridge reads for one of the engine's answers: text, or bytes as a base64 attachment. */
export function toFetchAnswer(answer: { status: number; statusText: string; headers: Record<string, string>; body: string | ArrayBuffer }): FetchAnswer {
  const { status, statusText, headers, body } = answer;
  if (typeof body === "string") return { status, statusText, headers, body };
  return { status, statusText, headers, body: base64(new Uint8Array(body)), isAttachment: true };
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
