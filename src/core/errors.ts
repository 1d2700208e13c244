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
  | "ERR_PROPERTY_LIMIT"
  | "ERR_UNSUPPORTED_ON_PLATFORM";

/**
 * What every apkit error constructor takes after the message: the `cause`. Classes with fields of their own
 * (`status`, `timeout`, `key`, ...) take those too, typed per class, and copy them onto the error.
 */
export interface APKitErrorOptions {
  /** The underlying value that caused this error (kept as `error.cause`). */
  cause?: unknown;
}

/** The options of an error class with fields `F`: required when it has fields, optional otherwise. */
export type APKitErrorArgs<F> = {} extends F ? [options?: F & APKitErrorOptions] : [options: F & APKitErrorOptions];

/** The type of an apkit error class made for one code and its fields (what the error classes extend). */
export interface APKitErrorClass<C extends APKitErrorCode, F> {
  new (message: string, ...options: APKitErrorArgs<F>): APKitError & Readonly<F> & { readonly code: C };
  readonly prototype: APKitError;
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
  // A string, not the constructor's name: minifiers rename classes, and `name` must survive them.
  override name = "APKitError";

  constructor(message: string, options?: APKitErrorOptions) {
    super(message, options);
    Object.assign(this, options);
    // A brand that survives a second copy of apkit (ESM and CJS both loaded): isAPKitError reads it, not instanceof.
    Object.defineProperty(this, Symbol.for("apkit.error"), { value: true });
  }
}

// One small class per code: the name and code are strings, so they survive minification; the fields `F` come in
// through the options, typed. The explicit return type keeps Error's (Node-typed) statics out of the declarations.
// Pure, so bundlers drop the classes an app never uses. The one cast: APKitError's constructor copies the options'
// fields onto the error at run time, which a class expression cannot show TypeScript.
const define = <C extends APKitErrorCode, F = {}>(name: string, code: C): APKitErrorClass<C, F> =>
  class extends APKitError {
    override name = name;
    override readonly code: C = code;
  } as unknown as APKitErrorClass<C, F>;

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
  override name = "BridgeUnavailableError";
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
  override name = "NotInConnectIframeError";
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
  override name = "MethodUnavailableError";
  override readonly code = "ERR_METHOD_UNAVAILABLE" as const;
  /** The dotted AP path that was missing, such as `"jira.refreshIssuePage"`. */
  declare readonly method: string;

  constructor(message: string, options: { method: string } & APKitErrorOptions) {
    super(message, options);
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
export class ScriptLoadError extends /* @__PURE__ */ define<"ERR_SCRIPT_LOAD", {
  /** The script URL that failed. */
  src: string;
}>("ScriptLoadError", "ERR_SCRIPT_LOAD") {}

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
export class TimeoutError extends /* @__PURE__ */ define<"ERR_TIMEOUT", {
  /** The deadline that passed, in milliseconds. */
  timeout: number;
}>("TimeoutError", "ERR_TIMEOUT") {}

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
export class AbortError extends /* @__PURE__ */ define("AbortError", "ERR_ABORTED") {}

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
export class HostError extends /* @__PURE__ */ define<"ERR_HOST", {
  /** The dotted AP path that failed, such as `"context.getToken"`. */
  method: string;
}>("HostError", "ERR_HOST") {}

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
export class HttpError extends /* @__PURE__ */ define<"ERR_HTTP_STATUS", {
  status: number;
  statusText: string;
  /** The response body: parsed JSON when it parsed, otherwise the text (or `undefined` when empty). */
  body: unknown;
  headers: Headers;
  /** The requested path or URL. */
  url: string;
}>("HttpError", "ERR_HTTP_STATUS") {}

/**
 * A body that should have been JSON was not.
 *
 * @example
 * ```ts
 * import { InvalidJsonError, requestJson } from "apkit";
 * await requestJson("/plain-text").catch((e) => e instanceof InvalidJsonError && console.log(e.text.slice(0, 80)));
 * ```
 */
export class InvalidJsonError extends /* @__PURE__ */ define<"ERR_INVALID_JSON", {
  /** The text that failed to parse. */
  text: string;
}>("InvalidJsonError", "ERR_INVALID_JSON") {}

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
export class ValidationError extends /* @__PURE__ */ define<"ERR_VALIDATION", {
  issues: readonly ValidationIssue[];
}>("ValidationError", "ERR_VALIDATION") {}

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
export class TokenError extends /* @__PURE__ */ define("TokenError", "ERR_TOKEN") {}

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
export class BodyNotReplayableError extends /* @__PURE__ */ define<"ERR_BODY_NOT_REPLAYABLE", {
  /** The 401 response that would have needed a retry. */
  response: Response;
}>("BodyNotReplayableError", "ERR_BODY_NOT_REPLAYABLE") {}

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
export class CrossOriginTokenError extends /* @__PURE__ */ define<"ERR_CROSS_ORIGIN_TOKEN", {
  /** The URL that was refused. */
  url: string;
}>("CrossOriginTokenError", "ERR_CROSS_ORIGIN_TOKEN") {}

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
export class PropertyTooLargeError extends /* @__PURE__ */ define<"ERR_PROPERTY_TOO_LARGE", {
  /** The full property key (prefix included). */
  key: string;
  /** UTF-8 bytes of the value's JSON. */
  bytes: number;
  /** The target's limit in bytes. */
  limit: number;
}>("PropertyTooLargeError", "ERR_PROPERTY_TOO_LARGE") {}

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
export class PropertyConflictError extends /* @__PURE__ */ define<"ERR_PROPERTY_CONFLICT", {
  key: string;
  /** Writes tried, the first one included. */
  attempts: number;
}>("PropertyConflictError", "ERR_PROPERTY_CONFLICT") {}

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
export class PropertyOverwrittenError extends /* @__PURE__ */ define<"ERR_PROPERTY_OVERWRITTEN", {
  key: string;
  expected: unknown;
  actual: unknown;
}>("PropertyOverwrittenError", "ERR_PROPERTY_OVERWRITTEN") {}

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
export class PropertyTargetNotFoundError extends /* @__PURE__ */ define<"ERR_PROPERTY_TARGET_NOT_FOUND", {
  /** The target's property collection path, such as `/rest/api/3/issue/GONE-1/properties`. */
  key: string;
}>("PropertyTargetNotFoundError", "ERR_PROPERTY_TARGET_NOT_FOUND") {}

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
export class PropertyLimitError extends /* @__PURE__ */ define<"ERR_PROPERTY_LIMIT", {
  key: string;
  /** The number of properties the target allows. */
  limit: number;
}>("PropertyLimitError", "ERR_PROPERTY_LIMIT") {}

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
export class NotInDialogError extends /* @__PURE__ */ define("NotInDialogError", "ERR_NOT_IN_DIALOG") {}

/**
 * The platform the app runs on has no equivalent of the capability called (for example `getToken` on Forge, which
 * has no context JWT). `platform` names the platform, `capability` the call; the message says what to use instead.
 *
 * @example
 * ```ts
 * import { getToken, isAPKitError } from "apkit";
 * const token = await getToken().catch((e) => (isAPKitError(e, "ERR_UNSUPPORTED_ON_PLATFORM") ? null : Promise.reject(e)));
 * ```
 */
export class UnsupportedOnPlatformError extends /* @__PURE__ */ define<"ERR_UNSUPPORTED_ON_PLATFORM", {
  /** The platform's name (`"forge"`, `"connect"`). */
  platform: string;
  /** The capability called, as `module.method` (`"context.getToken"`). */
  capability: string;
}>("UnsupportedOnPlatformError", "ERR_UNSUPPORTED_ON_PLATFORM") {}

/** Each error code and the class it belongs to: what {@link isAPKitError} narrows to. */
export interface APKitErrorMap {
  ERR_APKIT: APKitError;
  ERR_BRIDGE_UNAVAILABLE: BridgeUnavailableError & { readonly code: "ERR_BRIDGE_UNAVAILABLE" };
  ERR_NOT_IN_CONNECT_IFRAME: NotInConnectIframeError;
  ERR_METHOD_UNAVAILABLE: MethodUnavailableError;
  ERR_SCRIPT_LOAD: ScriptLoadError;
  ERR_TIMEOUT: TimeoutError;
  ERR_ABORTED: AbortError;
  ERR_HOST: HostError;
  ERR_HTTP_STATUS: HttpError;
  ERR_INVALID_JSON: InvalidJsonError;
  ERR_VALIDATION: ValidationError;
  ERR_NOT_IN_DIALOG: NotInDialogError;
  ERR_TOKEN: TokenError;
  ERR_BODY_NOT_REPLAYABLE: BodyNotReplayableError;
  ERR_CROSS_ORIGIN_TOKEN: CrossOriginTokenError;
  ERR_PROPERTY_TOO_LARGE: PropertyTooLargeError;
  ERR_PROPERTY_CONFLICT: PropertyConflictError;
  ERR_PROPERTY_OVERWRITTEN: PropertyOverwrittenError;
  ERR_PROPERTY_TARGET_NOT_FOUND: PropertyTargetNotFoundError;
  ERR_PROPERTY_LIMIT: PropertyLimitError;
  ERR_UNSUPPORTED_ON_PLATFORM: UnsupportedOnPlatformError;
}

/** Any error apkit's core throws on purpose, discriminated by `code`: `if (e.code === "ERR_HTTP_STATUS") e.status`. */
export type AnyAPKitError = APKitErrorMap[Exclude<keyof APKitErrorMap, "ERR_APKIT">];

/**
 * Whether `error` is an apkit error (with `code`, whether it has that code), typed so that checking `code`
 * narrows to the error's class and its fields. Unlike `instanceof`, it also recognises errors of another copy of
 * apkit in the same page or process (an ESM and a CJS build loaded side by side).
 *
 * @example
 * ```ts
 * import { isAPKitError, requestJson } from "apkit";
 * try {
 *   await requestJson("/rest/api/3/issue/ABC-1");
 * } catch (error) {
 *   if (isAPKitError(error, "ERR_HTTP_STATUS") && error.status === 404) return null;
 *   if (isAPKitError(error) && error.code === "ERR_TIMEOUT") console.warn(`no answer in ${error.timeout} ms`);
 *   throw error;
 * }
 * ```
 */
export function isAPKitError(error: unknown): error is AnyAPKitError;
export function isAPKitError<C extends keyof APKitErrorMap>(error: unknown, code: C): error is APKitErrorMap[C];
export function isAPKitError(error: unknown, code?: string): boolean {
  const e = error as { code?: unknown } | null;
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[Symbol.for("apkit.error")] === true && (code === undefined || e.code === code);
}
