import type { AnyAPKitServerError } from "../errors.js";

/**
 * A log hook: receives each coded error a middleware or handler answers, with its real reason (`ERR_JWT_TENANT` for a
 * Forge Invocation Token linked to no tenant, the key server's failure, ...), while the HTTP answer stays the same
 * generic refusal. Throwing from it turns the answer into an unexpected error (500, or `next(error)`).
 */
export type ErrorHook<R> = (error: AnyAPKitServerError, request: R) => void;

/** @internal Checks an `onError` option. */
export function checkHook(hook: unknown): void {
  if (hook !== undefined && typeof hook !== "function") throw new TypeError("apkit/server: onError must be a function (error, request) => void.");
}
