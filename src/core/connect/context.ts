/** @internal Connect's context and user: `AP.context` (promise methods) and `AP.user` (callback-only getters). */
import type { ContextPort } from "../port.js";
import { invoke } from "./transport.js";

/** @internal */
export const connectContext: ContextPort = {
  getContext: (options) => invoke("context.getContext", [], { mode: "promise", ...options }),
  getToken: (options) => invoke("context.getToken", [], { mode: "promise", ...options }),
  getCurrentUser: (options) => invoke("user.getCurrentUser", [], { mode: "callback", ...options }),
  getLocale: (options) => invoke("user.getLocale", [], { mode: "callback", ...options }),
  getTimeZone: (options) => invoke("user.getTimeZone", [], { mode: "callback", ...options }),
};
