/**
 * apkit/testing/forge: the Forge Custom UI mock host. An emulation of the host side of the Custom UI bridge
 * (`globalThis.__bridge.callBridge`, read from @forge/bridge 7.2.0's code: docs/forge-bridge-protocol.md), so that the
 * real @forge/bridge runs in jsdom, and `createMockForge`, which starts apkit's Forge platform on it. Its own entry:
 * it pulls apkit/forge and with it @forge/bridge (an optional peer), which Connect-only test suites never load.
 *
 * @packageDocumentation
 */
export { createMockForge, type MockForge, type MockForgeDialog, type MockForgeOptions } from "../createMockForge.js";
export { installForgeBridge, ForgeBridgeEmulationError, type ForgeBridgeErrorCode } from "./emulateForgeBridge.js";
export type {
  ForgeAnswerInit,
  ForgeHandlerOptions,
  ForgeHandlerResult,
  ForgeProduct,
  ForgeProductRequest,
  ForgeRemoteRequest,
  ForgeRequestBase,
  ForgeRequestHandler,
  ForgeRequestRecord,
} from "./requests.js";
export type { ForgeHistoryAction, ForgeHistoryLocation, ForgeHistoryTarget } from "./history.js";
export type * from "./types.js";
