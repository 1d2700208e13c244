/**
 * apkit/testing: a mock Connect host (`createMockAP`) and the emulated bridge under it, for component tests of
 * Connect UIs in jsdom (vitest or jest); `createForgeKeys` and `createInstallKeys` for testing Forge Remote routes and install lifecycle routes
 * without Atlassian.
 *
 * @packageDocumentation
 * @module apkit/testing
 */
export { installAP } from "./installAP.js";
export { createForgeKeys, type ForgeInvocationClaims, type ForgeKeys, type ForgeKeysOptions } from "./createForgeKeys.js";
export {
  createInstallKeys,
  type InstallKeys,
  type InstallKeysOptions,
  type InstallPayload,
  type LifecycleCallback,
  type LifecycleCallbackOptions,
} from "./createInstallKeys.js";
export {
  emulateHost,
  type EmulateHostOptions,
  type EmulatedHost,
  type Extension,
  type HostCall,
  type HostCallback,
  type HostClass,
  type HostMethod,
  type HostModules,
} from "./emulateHost.js";
export {
  createPropertyBackend,
  type PropertyBackend,
  type PropertyBackendOptions,
  type PropertyRequest,
  type PropertyResponse,
  type StoredProperty,
} from "./propertyBackend.js";
export {
  createMockAP,
  type MockAP,
  type MockAPMethods,
  type MockAPOptions,
  type MockDisposable,
  type MockCall,
  type MockFault,
  type MockTenant,
  type MockUser,
} from "./createMockAP.js";
export type { HandledBy, MockRequestRecord, UnhandledRequestStrategy } from "./answers.js";
export {
  empty,
  json,
  networkError,
  remote,
  rest,
  settleAnswer,
  text,
  type AnswerInit,
  type MockHttpMethod,
  type MockRequest,
  type MockRequestFrame,
  type MockResponse,
  type MockResponseInit,
  type PathParams,
  type RequestHandler,
  type RequestHandlerFactories,
  type RequestHandlerOptions,
  type RequestResolver,
  type RequestResolverInfo,
  type ResolverResult,
} from "./createMockAP.request.js";
// apkit-dev's host page draws this model over the real connect-host.js (@internal: not documented API).
export { createProductUi } from "./productUi.js";
export type {
  MockClosedDialog,
  MockDialog,
  MockDialogButton,
  MockDropdown,
  MockDropdownItem,
  MockFlag,
  MockFrame,
  MockHistory,
  MockNavigation,
  MockResize,
} from "./createMockAP.ui.js";
