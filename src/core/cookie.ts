import { need, OPTIONAL_POSITIVE, STRING, TEXT } from "./check.js";
import { connectCookie } from "./connect/cookie.js";
import { port } from "./platform.js";
import type { CookiePort } from "./port.js";

/** The methods of {@link cookie}: the port's, as they are. */
export type CookieAPI = CookiePort;

const cookies = () => port("cookie", connectCookie);

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
export const cookie: CookieAPI = {
  async save(name, value, expires) {
    need(name, TEXT, "cookie.save name");
    need(value, STRING, "cookie.save value");
    need(expires, OPTIONAL_POSITIVE, "cookie.save expires (days)");
    return cookies().save(name, value, expires);
  },
  async read(name, options) {
    need(name, TEXT, "cookie.read name");
    return cookies().read(name, options);
  },
  async erase(name) {
    need(name, TEXT, "cookie.erase name");
    return cookies().erase(name);
  },
};
