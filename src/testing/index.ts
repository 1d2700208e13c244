/**
 * apkit/testing: test helpers for Connect UIs in jsdom / happy-dom.
 *
 * @packageDocumentation
 * @module apkit/testing
 */
export { installAP } from "./installAP.js";
export {
  emulateHost,
  type EmulateHostOptions,
  type EmulatedHost,
  type Extension,
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
