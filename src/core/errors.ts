/**
 * Every failure apkit reports is an {@link APKitError} with a stable, literal `code`.
 * Match on `code` (or `instanceof`), never on `message`: messages are for humans and may change.
 *
 * Caller mistakes (a wrong argument type, an unsupported option) are plain `TypeError`s instead,
 * because they are bugs to fix, not conditions to handle at run time.
 */

/** Every error code apkit's browser core can produce. */
export type APKitErrorCode =
  | "ERR_APKIT"
  | "ERR_BRIDGE_UNAVAILABLE"
  | "ERR_NOT_IN_CONNECT_IFRAME"
  | "ERR_METHOD_UNAVAILABLE"
  | "ERR_SCRIPT_LOAD"
  | "ERR_TIMEOUT"
  | "ERR_ABORTED"
  | "ERR_HOST"
  | "ERR_HTTP_STATUS"
  | "ERR_INVALID_JSON"
  | "ERR_VALIDATION"
  | "ERR_NOT_IN_DIALOG"
  | "ERR_TOKEN"
  | "ERR_BODY_NOT_REPLAYABLE"
  | "ERR_CROSS_ORIGIN_TOKEN"
  | "ERR_PROPERTY_TOO_LARGE"
  | "ERR_PROPERTY_CONFLICT"
  | "ERR_PROPERTY_OVERWRITTEN"
  | "ERR_PROPERTY_TARGET_NOT_FOUND"
  | "ERR_PROPERTY_LIMIT";

/** Options accepted by every apkit error constructor. */
export interface APKitErrorOptions {
  /** The underlying value that caused this error (kept as `error.cause`). */
  cause?: unknown;
}

/**
 * Base class of every error apkit throws on purpose.
 *
 * @example
 * ```ts
 * import { APKitError, getContext } from "apkit";
 * try {
 *   await getContext();
 * } catch (error) {
 *   if (error instanceof APKitError && error.code === "ERR_NOT_IN_CONNECT_IFRAME") {
 *     showStandaloneNotice();
 *   } else throw error;
 * }
 * ```
 */
export class APKitError extends Error {
  /** A stable code to branch on. */
  readonly code: APKitErrorCode = "ERR_APKIT";

  constructor(message: string, options?: APKitErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/**
 * `window.AP` is not there: the code runs outside a browser (SSR, Node), or all.js was never loaded and
 * no {@link loadAP} call is in flight.
 *
 * @example
 * ```ts
 * import { BridgeUnavailableError, getToken } from "apkit";
 * const token = await getToken().catch((e) => (e instanceof BridgeUnavailableError ? null : Promise.reject(e)));
 * ```
 */
export class BridgeUnavailableError extends APKitError {
  override readonly code: "ERR_BRIDGE_UNAVAILABLE" | "ERR_NOT_IN_CONNECT_IFRAME" | "ERR_METHOD_UNAVAILABLE" =
    "ERR_BRIDGE_UNAVAILABLE";
}

/**
 * The page is not framed by a Connect host (opened directly, or framed by something else), so `AP` has no
 * host modules and nothing would ever answer.
 *
 * @example
 * ```ts
 * import { loadAP, NotInConnectIframeError } from "apkit";
 * loadAP().catch((e) => {
 *   if (e instanceof NotInConnectIframeError) document.body.textContent = "Open this page from Jira.";
 * });
 * ```
 */
export class NotInConnectIframeError extends BridgeUnavailableError {
  override readonly code = "ERR_NOT_IN_CONNECT_IFRAME" as const;
}

/**
 * The host is connected but does not offer this method (for example `AP.jira` inside Confluence, or a
 * module a product never defined).
 *
 * @example
 * ```ts
 * import { MethodUnavailableError, jira } from "apkit";
 * await jira.refreshIssuePage().catch((e) => {
 *   if (!(e instanceof MethodUnavailableError)) throw e;
 * });
 * ```
 */
export class MethodUnavailableError extends BridgeUnavailableError {
  override readonly code = "ERR_METHOD_UNAVAILABLE" as const;
  /** The dotted AP path that was missing, such as `"jira.refreshIssuePage"`. */
  readonly method: string;

  constructor(method: string, options?: APKitErrorOptions) {
    super(`AP.${method} is not available here`, options);
    this.method = method;
  }
}

/**
 * The all.js script could not be loaded (network error, blocked by CSP, or it ran without defining `AP`).
 *
 * @example
 * ```ts
 * import { loadAP, ScriptLoadError } from "apkit";
 * loadAP().catch((e) => e instanceof ScriptLoadError && console.error("all.js blocked?", e.src));
 * ```
 */
export class ScriptLoadError extends APKitError {
  override readonly code = "ERR_SCRIPT_LOAD" as const;
  /** The script URL that failed. */
  readonly src: string;

  constructor(message: string, src: string, options?: APKitErrorOptions) {
    super(message, options);
    this.src = src;
  }
}

/**
 * The host did not answer within the timeout. The real bridge has no timeout of its own: a host method that
 * throws never answers at all, so apkit puts a deadline on every call.
 *
 * @example
 * ```ts
 * import { getContext, TimeoutError } from "apkit";
 * const ctx = await getContext({ timeout: 2000 }).catch((e) => (e instanceof TimeoutError ? undefined : Promise.reject(e)));
 * ```
 */
export class TimeoutError extends APKitError {
  override readonly code = "ERR_TIMEOUT" as const;
  /** The deadline that passed, in milliseconds. */
  readonly timeout: number;

  constructor(message: string, timeout: number, options?: APKitErrorOptions) {
    super(message, options);
    this.timeout = timeout;
  }
}

/**
 * The caller's `AbortSignal` fired. `name` is `"AbortError"` (like `fetch`), so existing
 * `error.name === "AbortError"` checks keep working; the signal's reason is the `cause`.
 *
 * @example
 * ```ts
 * import { request } from "apkit";
 * const controller = new AbortController();
 * request("/rest/api/3/myself", { signal: controller.signal }).catch((e) => e.name === "AbortError" || report(e));
 * controller.abort();
 * ```
 */
export class AbortError extends APKitError {
  override readonly code = "ERR_ABORTED" as const;

  constructor(message: string, options?: APKitErrorOptions) {
    super(message, options);
    this.name = "AbortError";
  }
}

/**
 * The host answered with a failure that is not an HTTP status: a rejected bridge call (the real bridge
 * turns host `Error`s into bare strings and `undefined` results into rejections), or a request that never
 * reached the server (status 0).
 *
 * @example
 * ```ts
 * import { getToken, HostError } from "apkit";
 * try { await getToken(); } catch (e) { if (e instanceof HostError) console.warn(e.method, e.cause); }
 * ```
 */
export class HostError extends APKitError {
  override readonly code = "ERR_HOST" as const;
  /** The dotted AP path that failed, such as `"context.getToken"`. */
  readonly method: string;

  constructor(message: string, method: string, options?: APKitErrorOptions) {
    super(message, options);
    this.method = method;
  }
}

/**
 * A REST call answered with a non-2xx status where a success was required ({@link requestJson},
 * property stores). {@link request} itself never throws this: like `fetch`, it resolves with `ok === false`.
 *
 * @example
 * ```ts
 * import { HttpError, requestJson } from "apkit";
 * try {
 *   await requestJson("/rest/api/3/issue/NOPE-1");
 * } catch (e) {
 *   if (e instanceof HttpError && e.status === 404) return null;
 *   throw e;
 * }
 * ```
 */
export class HttpError extends APKitError {
  override readonly code = "ERR_HTTP_STATUS" as const;
  readonly status: number;
  readonly statusText: string;
  /** The response body: parsed JSON when it parsed, otherwise the text (or `undefined` when empty). */
  readonly body: unknown;
  readonly headers: Headers;
  /** The requested path or URL. */
  readonly url: string;

  constructor(
    init: { status: number; statusText: string; body: unknown; headers: Headers; url: string; method?: string },
    options?: APKitErrorOptions,
  ) {
    super(`${init.method ?? "GET"} ${init.url}: ${init.status}`, options);
    this.status = init.status;
    this.statusText = init.statusText;
    this.body = init.body;
    this.headers = init.headers;
    this.url = init.url;
  }
}

/**
 * A body that should have been JSON was not.
 *
 * @example
 * ```ts
 * import { InvalidJsonError, requestJson } from "apkit";
 * await requestJson("/plain-text").catch((e) => e instanceof InvalidJsonError && console.log(e.text.slice(0, 80)));
 * ```
 */
export class InvalidJsonError extends APKitError {
  override readonly code = "ERR_INVALID_JSON" as const;
  /** The text that failed to parse (truncated to 1,000 characters). */
  readonly text: string;

  constructor(message: string, text: string, options?: APKitErrorOptions) {
    super(message, options);
    this.text = text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
  }
}

/** One problem found by a schema, in the Standard Schema shape. */
export interface ValidationIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * Data did not match the schema the caller passed (REST body, context, property value, dialog data, claims).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { requestJson, ValidationError } from "apkit";
 * const Me = z.object({ accountId: z.string() });
 * await requestJson("/rest/api/3/myself", { schema: Me }).catch((e) => {
 *   if (e instanceof ValidationError) console.table(e.issues);
 * });
 * ```
 */
export class ValidationError extends APKitError {
  override readonly code = "ERR_VALIDATION" as const;
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[], options?: APKitErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}

/**
 * A token source answered with something that is not a token (an empty string, a non-string), so
 * {@link apFetch} has nothing to authorise the request with.
 *
 * @example
 * ```ts
 * import { apFetch, TokenError } from "apkit";
 * await apFetch("/api/items").catch((e) => e instanceof TokenError && showSignInAgain());
 * ```
 */
export class TokenError extends APKitError {
  override readonly code = "ERR_TOKEN" as const;
}

/**
 * The backend answered 401 to a request whose body is a `ReadableStream`: a stream is read once, so
 * {@link apFetch} cannot replay it with a fresh token. Send a string, Blob, FormData or buffer instead (those
 * are retried), or retry yourself; `response` is the 401.
 *
 * @example
 * ```ts
 * import { apFetch, BodyNotReplayableError } from "apkit";
 * try {
 *   await apFetch("/api/upload", { method: "POST", body: stream, duplex: "half" } as RequestInit);
 * } catch (e) {
 *   if (e instanceof BodyNotReplayableError) await apFetch("/api/upload", { method: "POST", body: await rebuild() });
 * }
 * ```
 */
export class BodyNotReplayableError extends APKitError {
  override readonly code = "ERR_BODY_NOT_REPLAYABLE" as const;
  /** The 401 response that would have needed a retry. */
  readonly response: Response;

  constructor(message: string, response: Response, options?: APKitErrorOptions) {
    super(message, options);
    this.response = response;
  }
}

/**
 * {@link apFetch} refused to send the context token to another origin than its `baseUrl`'s (the token would
 * leak to a third party). List the origin in `allowOrigins` of {@link createApFetch} if it really is yours.
 *
 * @example
 * ```ts
 * import { createApFetch } from "apkit";
 * const api = createApFetch({ baseUrl: "https://app.example.com", allowOrigins: ["https://api.example.com"] });
 * ```
 */
export class CrossOriginTokenError extends APKitError {
  override readonly code = "ERR_CROSS_ORIGIN_TOKEN" as const;
  /** The URL that was refused. */
  readonly url: string;

  constructor(message: string, url: string, options?: APKitErrorOptions) {
    super(message, options);
    this.url = url;
  }
}

/**
 * @internal The property store errors: one constructor, the fields kept on the error. `key` is the full property
 * key (prefix included); the message is the key (the code and the fields carry the rest).
 */
const propertyError = <C extends APKitErrorCode>(code: C) =>
  class extends APKitError {
    override readonly code: C = code;
    constructor(key: string, fields?: object, options?: APKitErrorOptions) {
      super(key, options);
      Object.assign(this, { key }, fields);
    }
  };

/**
 * A property value is over the product's size limit. Thrown before anything is sent when the UTF-8 length of
 * the value's JSON is over the target's limit (nothing was written, nothing lost), and also when the product
 * itself refuses the size (400, 403 or 413, depending on product and age).
 *
 * @example
 * ```ts
 * import { createPropertyStore, issueProperties, PropertyTooLargeError } from "apkit";
 * const store = createPropertyStore(issueProperties("ABC-1"));
 * await store.set("notes", hugeNotes).catch((e) => {
 *   if (e instanceof PropertyTooLargeError) alert(`Too long by ${e.bytes - e.limit} bytes`);
 * });
 * ```
 */
export class PropertyTooLargeError extends propertyError("ERR_PROPERTY_TOO_LARGE") {
  /** The full property key (prefix included). */
  declare readonly key: string;
  /** UTF-8 bytes of the value's JSON. */
  declare readonly bytes: number;
  /** The target's limit in bytes. */
  declare readonly limit: number;
}

/**
 * A versioned write (Confluence content and space properties) kept meeting newer versions and gave up after
 * its bounded retries. The update was not applied: nothing was overwritten.
 *
 * @example
 * ```ts
 * import { contentProperties, createPropertyStore, PropertyConflictError } from "apkit";
 * const store = createPropertyStore(contentProperties("12345"));
 * await store.update("votes", (n = 0) => n + 1).catch((e) => {
 *   if (e instanceof PropertyConflictError) console.warn(`busy: gave up after ${e.attempts} attempts`);
 * });
 * ```
 */
export class PropertyConflictError extends propertyError("ERR_PROPERTY_CONFLICT") {
  declare readonly key: string;
  /** Writes tried, the first one included. */
  declare readonly attempts: number;
}

/**
 * `update(key, fn, { verify: true })` on a target without versions (Jira entity and app properties) wrote its
 * value, read it back and found another value: a concurrent writer won (last write wins). `actual` is what is
 * stored now (`undefined`: deleted); `expected` is what this update wrote.
 *
 * @example
 * ```ts
 * import { createPropertyStore, issueProperties, PropertyOverwrittenError } from "apkit";
 * const store = createPropertyStore(issueProperties("ABC-1"));
 * try {
 *   await store.update("owners", (list = []) => [...list, me], { verify: true });
 * } catch (e) {
 *   if (e instanceof PropertyOverwrittenError) showReloadHint(e.actual);
 * }
 * ```
 */
export class PropertyOverwrittenError extends propertyError("ERR_PROPERTY_OVERWRITTEN") {
  declare readonly key: string;
  declare readonly expected: unknown;
  declare readonly actual: unknown;
}

/**
 * The entity that holds the properties (issue, project, page, space, app, ...) does not exist or the user
 * cannot see it. The product answers both with 404; apkit tells this apart from a missing key by asking the
 * entity's property list, which only fails when the entity itself is unreachable.
 *
 * @example
 * ```ts
 * import { createPropertyStore, issueProperties, PropertyTargetNotFoundError } from "apkit";
 * const value = await createPropertyStore(issueProperties("GONE-1"))
 *   .get("state")
 *   .catch((e) => (e instanceof PropertyTargetNotFoundError ? null : Promise.reject(e)));
 * ```
 */
export class PropertyTargetNotFoundError extends propertyError("ERR_PROPERTY_TARGET_NOT_FOUND") {
  /** The target's property collection path, such as `/rest/api/3/issue/GONE-1/properties`. */
  declare readonly key: string;
}

/**
 * The target refuses a new key because it holds as many properties as it allows (app properties: about 100 per
 * app). Nothing was written; delete keys you no longer need or pack values into fewer keys.
 *
 * @example
 * ```ts
 * import { appProperties, createPropertyStore, PropertyLimitError } from "apkit";
 * const store = createPropertyStore(appProperties("my-app"));
 * await store.set("settings-42", {}).catch((e) => e instanceof PropertyLimitError && console.warn(e.limit));
 * ```
 */
export class PropertyLimitError extends propertyError("ERR_PROPERTY_LIMIT") {
  declare readonly key: string;
  /** The number of properties the target allows. */
  declare readonly limit: number;
}

/**
 * A dialog-only call (`dialog.close`, `dialog.getCustomData`, a dialog button) was made outside a dialog. The raw
 * bridge throws on the host there and the app never hears of it; apkit says so at once.
 *
 * @example
 * ```ts
 * import { dialog, NotInDialogError } from "apkit";
 * await dialog.close({ saved: true }).catch((e) => {
 *   if (e instanceof NotInDialogError) history.back(); // opened as a page, not a dialog
 * });
 * ```
 */
export class NotInDialogError extends APKitError {
  override readonly code = "ERR_NOT_IN_DIALOG" as const;
}
