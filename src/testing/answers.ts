/**
 * @internal The one answer engine of both mock hosts: how a product request (or a call to the app's backend) is
 * answered, whatever carried it there (Connect's `AP.request`, Forge's `requestJira` / `requestRemote`, a `fetch`
 * to the app's origin). Handlers first (the newest first), then the built-in property REST, then the
 * `onUnhandledRequest` policy, in msw's vocabulary. What each platform makes of the answer (an xhr for all.js, a
 * `fetchProduct` answer for @forge/bridge, a `Response` for fetch) is the host's business.
 */
import { fromResponse, isMockResponse, reasonOf, type LiveHandler, type MockRequest } from "./createMockAP.request.js";
import type { PropertyBackend } from "./propertyBackend.js";

/** What answered a request. */
export type HandledBy = "handler" | "properties" | "fetch" | "unhandled";

/** A request in a mock host's log (`mock.requests`): what the product or the backend received, and who answered. */
export interface MockRequestRecord extends MockRequest {
  /** `"product"`: the product's REST API (`request`); `"remote"`: the app's own backend (`apFetch`). */
  kind: "product" | "remote";
  /** Who answered: a handler, the property backend, `fetch` (forwarded), or nobody (`"unhandled"`). */
  handledBy?: HandledBy;
  /** The status answered (0: a network failure); `undefined` while pending. */
  status?: number;
}

/**
 * What to do with a request no handler (and not the property backend) answered, as msw's `onUnhandledRequest`:
 * - `"error"`: print an error and answer as a network failure (apkit's `request()` / `apFetch()` reject);
 * - `"warn"`: print a warning and forward the request to `fetch` (so msw or another fetch mock answers);
 * - `"bypass"`: forward it silently;
 * - a function: called with the request and printers; the request is then forwarded, unless the function called
 *   `print.error()` (then it is refused like `"error"`).
 *
 * Anything else is a `TypeError` when the mock is created (a misspelt `"eror"` must not forward silently).
 */
export type UnhandledRequestStrategy =
  | "error"
  | "warn"
  | "bypass"
  | ((request: MockRequestRecord, print: { warning(): void; error(): void }) => void);

/** @internal A finished answer: status, text, headers (lower-case names), and bytes when there are any. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer;
}

/** @internal Where the engine prints (each host has its own prefix and, for the Forge host, its own `warn`). */
export interface Printer {
  warn(message: string): void;
  /** `cause`: what a handler threw, printed after the message. */
  error(message: string, cause?: unknown): void;
}

/** @internal How one host answers: its handlers, property backend, policy, and where it forwards. */
export interface AnswerSources {
  handlers(): readonly LiveHandler[];
  properties?: PropertyBackend | undefined;
  /** The property backend speaks product-relative paths: Forge's Confluence requests lose their `/wiki` first. */
  propertyUrl?(record: MockRequestRecord): string;
  unhandled: UnhandledRequestStrategy;
  /** Sends an unhandled request on to `fetch` (`"warn"`, `"bypass"`); none: such a request is refused. */
  forward?(record: MockRequestRecord): Promise<Answer>;
  /** Answers an unhandled request that was not refused in place of `forward` (recorded as unhandled). */
  fallback?(record: MockRequestRecord): Promise<Answer>;
  print: Printer;
  /** What the message about an unhandled request says (naming the fix: `mock.request.get("/x", ...)`). */
  unhandledMessage(record: MockRequestRecord): string;
}

const STRATEGIES = ["error", "warn", "bypass"];

/** @internal Throws a `TypeError` for anything but a known strategy or a function. */
export function checkStrategy(strategy: unknown, who: string): void {
  if (typeof strategy !== "function" && !STRATEGIES.includes(strategy as string)) {
    throw new TypeError(`${who}: onUnhandledRequest must be "error", "warn", "bypass" or a function; got ${JSON.stringify(strategy)}.`);
  }
}

/** @internal No answer from the product at all (status 0). */
export const NO_ANSWER: Answer = { status: 0, statusText: "", headers: {}, body: "" };

/** @internal Answers `record` (and records who answered and with which status on it). */
export async function answer(record: MockRequestRecord, sources: AnswerSources): Promise<Answer> {
  const settle = (found: Answer, by: HandledBy): Answer => {
    record.handledBy = by;
    record.status = found.status;
    return found;
  };
  for (const handler of [...sources.handlers()]) {
    if (handler.kind !== record.kind) continue;
    const params = handler.match(record.method, record.path);
    if (!params) continue;
    let found: Answer | undefined;
    try {
      found = await toAnswer(await handler.resolver({ ...record, params }), handler.header);
    } catch (error) {
      // As msw does: a resolver that throws (or returns something unusable) answers 500 and says why.
      sources.print.error(`the handler ${handler.header} threw:`, error);
      return settle({ status: 500, statusText: reasonOf(500), headers: { "content-type": "application/json;charset=UTF-8" }, body: JSON.stringify({ errorMessages: [String(error)] }) }, "handler");
    }
    if (!found) continue;
    if (handler.options.once) handler.use();
    return settle(found, "handler");
  }
  if (record.kind === "product" && sources.properties && /\/properties(\/|$)/.test(record.path)) {
    const url = sources.propertyUrl?.(record) ?? record.url;
    const r = sources.properties.handle({ method: record.method, url, body: typeof record.data === "string" ? record.data : undefined });
    return settle({ status: r.status, statusText: reasonOf(r.status), headers: r.headers, body: r.body }, "properties");
  }
  const message = sources.unhandledMessage(record);
  const { unhandled } = sources;
  let refused = unhandled === "error";
  if (refused) sources.print.error(message);
  else if (unhandled === "warn") sources.print.warn(message);
  else if (typeof unhandled === "function") {
    unhandled(record, {
      warning: () => sources.print.warn(message),
      error: () => {
        refused = true;
        sources.print.error(message);
      },
    });
  }
  if (refused) return settle(NO_ANSWER, "unhandled");
  if (sources.fallback) return settle(await sources.fallback(record), "unhandled");
  if (!sources.forward) return settle(NO_ANSWER, "unhandled");
  return settle(await sources.forward(record), "fetch");
}

/**
 * @internal Turns what a resolver returned into an answer (`undefined`: not answered). Both hosts take the same
 * results: `json(...)` / `text(...)` / `empty(...)` / `networkError()`, a `Response`, or a plain
 * `{ status?, statusText?, headers?, body? }` (a string body as text, bytes as bytes, anything else as JSON).
 */
export async function toAnswer(result: unknown, header: string): Promise<Answer | undefined> {
  if (result === undefined) return undefined;
  if (isMockResponse(result)) return { ...result, headers: { ...result.headers } };
  if (typeof Response !== "undefined" && result instanceof Response) return fromResponse(result, !isTextual(result.headers.get("content-type") ?? ""));
  // A plain object is an answer only with an answer's fields: `{ key: "ABC-1" }` is data a test forgot to wrap.
  if (typeof result !== "object" || result === null || !isAnswerInit(result)) {
    throw new TypeError(
      `the handler ${header} returned ${Object.prototype.toString.call(result)}; return json(...), text(...), empty(...), networkError(), a Response, { status, headers, body } or nothing`,
    );
  }
  const init = result as { status?: number; statusText?: string; headers?: Record<string, string>; body?: unknown };
  const status = init.status ?? 200;
  if (status !== 0 && (!Number.isInteger(status) || status < 200 || status > 599)) {
    throw new TypeError(`the handler ${header} answered status ${String(status)}; a response needs 200-599 (0: networkError())`);
  }
  if (status === 0) return NO_ANSWER;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const statusText = init.statusText ?? reasonOf(status);
  const { body } = init;
  if (body === undefined || body === null) return { status, statusText, headers, body: "" };
  if (typeof body === "string") return { status, statusText, headers, body };
  if (body instanceof ArrayBuffer) return { status, statusText, headers, body };
  if (body instanceof Uint8Array) return { status, statusText, headers, body: body.slice().buffer };
  headers["content-type"] ??= "application/json;charset=UTF-8";
  return { status, statusText, headers, body: JSON.stringify(body) };
}

const INIT_FIELDS = ["status", "statusText", "headers", "body"];

function isAnswerInit(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => INIT_FIELDS.includes(key));
}

/** @internal Whether a body of this content type is text (else it travels as bytes). */
export function isTextual(contentType: string): boolean {
  return contentType === "" || /^text\/|json|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}
