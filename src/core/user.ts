import type { CallOptions } from "./settle.js";
import { connectContext } from "./connect/context.js";
import { port } from "./platform.js";
import { HostError } from "./errors.js";

/** The current user as `AP.user.getCurrentUser` describes them. */
export interface CurrentUser {
  /** The Atlassian account id (`accountId` in REST). */
  atlassianAccountId: string;
}

/**
 * The user viewing the page (callback-only on the bridge; a promise here).
 *
 * @example
 * ```ts
 * import { getCurrentUser } from "apkit";
 * const { atlassianAccountId } = await getCurrentUser();
 * ```
 */
export async function getCurrentUser(options?: CallOptions): Promise<CurrentUser> {
  const user = (await port("context", connectContext).getCurrentUser(options)) as CurrentUser;
  if (!user || typeof user !== "object" || typeof user.atlassianAccountId !== "string") {
    throw new HostError("getCurrentUser: the host answered no atlassianAccountId", { method: "user.getCurrentUser", cause: user });
  }
  return user;
}

/**
 * The user's locale, such as `"en-US"` (callback-only on the bridge; a promise here).
 *
 * @example
 * ```ts
 * import { getLocale } from "apkit";
 * const fmt = new Intl.DateTimeFormat(await getLocale());
 * ```
 */
export function getLocale(options?: CallOptions): Promise<string> {
  return stringFrom("getLocale", options);
}

/**
 * The user's time zone, such as `"Australia/Sydney"` (callback-only on the bridge; a promise here).
 *
 * @example
 * ```ts
 * import { getTimeZone } from "apkit";
 * const timeZone = await getTimeZone();
 * new Intl.DateTimeFormat(undefined, { timeZone }).format(new Date());
 * ```
 */
export function getTimeZone(options?: CallOptions): Promise<string> {
  return stringFrom("getTimeZone", options);
}

async function stringFrom(method: "getLocale" | "getTimeZone", options?: CallOptions): Promise<string> {
  const value = await port("context", connectContext)[method](options);
  if (typeof value !== "string" || value === "") {
    throw new HostError(`${method}: the host answered no string`, { method: `user.${method}`, cause: value });
  }
  return value;
}
