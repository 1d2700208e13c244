/**
 * apkit: the typed, promise-based way to talk to the Atlassian Connect `AP` bridge.
 *
 * This entry is the browser core: no React, no zod, nothing touched at import time. The same API is
 * `window.APKit` in the script-tag build (`dist/apkit.global.js`).
 *
 * @packageDocumentation
 */
export {
  APKitError,
  AbortError,
  BridgeUnavailableError,
  HostError,
  HttpError,
  InvalidJsonError,
  MethodUnavailableError,
  NotInConnectIframeError,
  ScriptLoadError,
  TimeoutError,
  ValidationError,
  type APKitErrorCode,
  type APKitErrorOptions,
  type ValidationIssue,
} from "./core/errors.js";
export { configure, type BridgeDefaults, type CallOptions, type RawAP } from "./core/bridge.js";
export { loadAP, DEFAULT_ALL_JS, type LoadAPOptions } from "./core/loadAP.js";
export {
  request,
  requestJson,
  type APRequestHeaders,
  type APRequestInit,
  type HttpMethod,
  type RequestHeaderName,
  type RequestJsonInit,
} from "./core/request.js";
export { getContext, getToken } from "./core/context.js";
export { getCurrentUser, getLocale, getTimeZone, type CurrentUser } from "./core/user.js";
export { events, type PublicEventFilter, type Unsubscribe } from "./core/events.js";
export { validate, type Infer, type StandardSchemaV1 } from "./core/schema.js";
export type {
  BuiltinEvents,
  EventArgs,
  EventMap,
  EventName,
  ProductContext,
  Register,
  RegisteredContext,
} from "./core/register.js";
export { apFetch, createApFetch, type ApFetch, type ApFetchOptions } from "./core/apFetch.js";
export { BodyNotReplayableError, CrossOriginTokenError, TokenError } from "./core/errors.js";
export {
  PropertyConflictError,
  PropertyLimitError,
  PropertyOverwrittenError,
  PropertyTargetNotFoundError,
  PropertyTooLargeError,
} from "./core/errors.js";
export {
  createPropertyStore,
  type PropertyStore,
  type PropertyStoreOptions,
  type UpdateOptions,
} from "./core/store/createPropertyStore.js";
export {
  appProperties,
  boardProperties,
  commentProperties,
  contentProperties,
  dashboardItemProperties,
  issueProperties,
  issueTypeProperties,
  projectProperties,
  spaceProperties,
  sprintProperties,
  userProperties,
  worklogProperties,
  type ContentKind,
  type PropertyRules,
  type PropertyTarget,
} from "./core/store/targets.js";
