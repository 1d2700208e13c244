/**
 * apkit/testing/forge: the Forge Custom UI mock host. An emulation of the host side of the Custom UI bridge
 * (`globalThis.__bridge.callBridge`, read from @forge/bridge 7.2.0's code: docs/forge-bridge-protocol.md), so that the
 * real @forge/bridge runs in jsdom, and `createMockForge`, which starts apkit's Forge platform on it. Its own entry:
 * it pulls apkit/forge and with it @forge/bridge (an optional peer), which Connect-only test suites never load.
 *
 * @packageDocumentation
 */
export { createMockForge, type MockForge, type MockForgeOptions, type MockForgeStarter } from "../createMockForge.js";
export {
  installForgeBridge,
  ForgeBridgeEmulationError,
  type ForgeBridgeErrorCode,
  type ForgeBridgeHost,
  type ForgeBridgeHostOptions,
  type ForgeAnswerInit,
  type ForgeBridgeCall,
  type ForgeCallHandler,
  type ForgeContext,
  type ForgeContextPatch,
  type ForgeEmittedEvent,
  type ForgeExtension,
  type ForgeFlagRecord,
  type ForgeHandlerOptions,
  type ForgeHandlerResult,
  type ForgeHistoryAction,
  type ForgeHistoryControl,
  type ForgeHistoryLocation,
  type ForgeHistoryTarget,
  type ForgeInvocation,
  type ForgeModalRecord,
  type ForgeNavigation,
  type ForgeProduct,
  type ForgeProductRequest,
  type ForgeRemoteRequest,
  type ForgeRequestBase,
  type ForgeRequestHandler,
  type ForgeRequestRecord,
  type ForgeResolverInfo,
  type ForgeUnhandledRequestStrategy,
  type ForgeViewLog,
} from "./emulateForgeBridge.js";
