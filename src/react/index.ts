/**
 * apkit/react: the apkit core plus React bindings. The core is imported through the package name, so an app
 * that uses both `apkit` and `apkit/react` runs exactly one core.
 *
 * @packageDocumentation
 * @module apkit/react
 */
export * from "apkit";
export { APProvider, type APProviderProps } from "./APProvider.js";
export { useAP, type UseAPResult } from "./useAP.js";
export type { APState } from "./apStore.js";
export type { AsyncResult, HookError } from "./useAsync.js";
export { useProductContext } from "./useProductContext.js";
export { useRequest } from "./useRequest.js";
export { useAPEvent } from "./useAPEvent.js";
export { useApFetch, type UseApFetchInit } from "./useApFetch.js";
export { useProperty, type UsePropertyResult } from "./useProperty.js";
export { useDialog, type UseDialogResult } from "./useDialog.js";
export { useFlag } from "./useFlag.js";
export { useAutoResize } from "./useAutoResize.js";
export { useTheme } from "./useTheme.js";
