/**
 * apkit: the typed, promise-based way to talk to the Atlassian Connect `AP` bridge.
 *
 * This entry is the browser core: no React, no zod, nothing touched at import time. The same API is
 * `window.APKit` in the script-tag build (`dist/apkit.global.js`).
 *
 * @packageDocumentation
 * @module apkit
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
  UnsupportedOnPlatformError,
  isAPKitError,
  type AnyAPKitError,
  type APKitErrorArgs,
  type APKitErrorClass,
  type APKitErrorCode,
  type APKitErrorMap,
  type APKitErrorOptions,
  type ValidationIssue,
} from "./core/errors.js";
export { configure, settle, type BridgeDefaults, type CallOptions, type Settler } from "./core/settle.js";
export type { RawAP } from "./core/connect/transport.js";
export { platformName, selectPlatform } from "./core/platform.js";
export type {
  BackendPort,
  ContextPort,
  CookiePort,
  DialogButtonOp,
  DialogPort,
  EventsPort,
  FlagListeners,
  FlagPort,
  FramePort,
  HistoryPort,
  JiraPort,
  ListenKind,
  MacroPort,
  NavigatorPort,
  Platform,
  PlatformName,
  Port,
  ProductRequest,
  RequestPort,
  ThemingPort,
} from "./core/port.js";
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
export { NotInDialogError } from "./core/errors.js";
export {
  dialog,
  type DialogAPI,
  type DialogButton,
  type DialogButtonClick,
  type DialogOptions,
  type DialogSize,
} from "./core/dialog.js";
export { flag, type FlagAPI, type FlagHandle, type FlagOptions } from "./core/flag.js";
export {
  autoResize,
  hideFooter,
  resize,
  scrollPosition,
  sizeToParent,
  type AutoResizeOptions,
  type ScrollPosition,
  type ScrollPositionAPI,
} from "./core/iframe.js";
export {
  navigator,
  type ConfluenceNavigatorTargets,
  type JiraNavigatorTargets,
  type NavigatorAPI,
  type NavigatorContext,
  type NavigatorCustomData,
  type NavigatorLocation,
  type NavigatorSiteContext,
  type NavigatorTarget,
} from "./core/navigator.js";
export { history, type HistoryAPI, type HistoryPopState, type HistoryState } from "./core/history.js";
export { cookie, type CookieAPI } from "./core/cookie.js";
export { theming, type Theme, type ThemingAPI } from "./core/theming.js";
export { macro, type MacroAPI } from "./core/macro.js";
export {
  jira,
  type CreatedIssue,
  type CreateIssueParams,
  type DatePickerOptions,
  type JiraAPI,
  type JQLEditorOptions,
  type WorkflowConfigurationHandlers,
} from "./core/jira.js";
