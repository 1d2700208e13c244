import type { CallOptions } from "./bridge.js";
import { isOptionalPositive, isString, isText } from "./check.js";
import { ASK, FIRE, plain } from "./connect/call.js";

/** The methods of {@link cookie}. */
export interface CookieAPI {
  /**
   * Saves `value` under `name` for `expires` days.
   * @example
   * ```ts
   * await cookie.save("theme", "compact", 365);
   * ```
   */
  save(name: string, value: string, expires?: number): Promise<void>;
  /**
   * The value saved under `name`, or `undefined`.
   * @example
   * ```ts
   * const theme = (await cookie.read("theme")) ?? "comfortable";
   * ```
   */
  read(name: string, options?: CallOptions): Promise<string | undefined>;
  /**
   * Deletes the cookie `name`.
   * @example
   * ```ts
   * await cookie.erase("theme");
   * ```
   */
  erase(name: string): Promise<void>;
}

/**
 * Cookies kept by the host for this app (`AP.cookie`): they live on the product's domain, scoped to the app, so they
 * survive where the iframe's own third-party cookies are blocked.
 *
 * @example
 * ```ts
 * import { cookie } from "apkit";
 * await cookie.save("seen-intro", "1", 30);
 * if ((await cookie.read("seen-intro")) !== "1") showIntro();
 * ```
 */
export const cookie: CookieAPI = /* @__PURE__ */ plain<CookieAPI>("cookie", {
  save: [(name, value, expires) => isText(name) && isString(value) && isOptionalPositive(expires), FIRE, 3, "cookie.save"],
  read: [isText, ASK, 1, "cookie.read"],
  erase: [isText, FIRE, 1, "cookie.erase"],
});
