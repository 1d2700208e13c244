/** @internal Connect's cookies: `AP.cookie`, kept by the host on the product's domain, per app. */
import type { CookiePort } from "../port.js";
import { ask, fire } from "./call.js";

/** @internal */
export const connectCookie: CookiePort = {
  save: (name, value, expires) => fire("cookie.save", [name, value, expires]),
  read: (name, options) => ask("cookie.read", [name], options),
  erase: (name) => fire("cookie.erase", [name]),
};
