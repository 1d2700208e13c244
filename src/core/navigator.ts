import type { CallOptions } from "./bridge.js";
import { isObject, isText } from "./check.js";
import { ASK, FIRE, plain } from "./connect/call.js";
import type { NavigatorPort } from "./port.js";

/** Values allowed in `customData` of an `addonModule` target (they become URL parameters). */
export type NavigatorCustomData = Record<string, string | number | boolean | null | undefined | Array<string | number | boolean | null | undefined>>;

/** Either a path on the product (`"/browse/ABC-1"`) or a full URL on the same site. */
export type NavigatorSiteContext = { relativeUrl: string } | { absoluteUrl: string };

/** Jira's navigator targets and the context each needs. */
export interface JiraNavigatorTargets {
  dashboard: { dashboardId: string };
  issue: { issueKey: string };
  addonModule: { addonKey: string; moduleKey: string; customData?: NavigatorCustomData };
  userProfile: { userAccountId: string };
  projectAdminSummary: { projectKey: string; projectId?: string } | { projectId: string; projectKey?: string };
  projectAdminTabPanel: { addonKey: string; adminPageKey: string; projectKey?: string; projectId?: string };
  site: NavigatorSiteContext;
}

/** Confluence's navigator targets and the context each needs. */
export interface ConfluenceNavigatorTargets {
  contentview: {
    contentId: string;
    contentType?: "page" | "blogpost" | (string & {});
    versionOverride?: string | number;
    embeddedContentRender?: "current" | "version-at-save";
  };
  contentedit: { contentId: string; contentType?: "page" | "blogpost" | (string & {}) };
  contentcreate: { spaceKey: string; contentType: "page" | "blogpost" | (string & {}) };
  spaceview: { spaceKey: string };
  spacetools: { spaceKey: string };
  dashboard: Record<string, never>;
  userProfile: { userAccountId: string };
  addonModule: { addonKey: string; moduleKey: string; customData?: NavigatorCustomData };
  contentlist: { contentType: "page" | "blogpost" | (string & {}); spaceKey?: string };
  site: NavigatorSiteContext;
}

/** Every navigator target of Jira and Confluence. */
export type NavigatorTarget = keyof JiraNavigatorTargets | keyof ConfluenceNavigatorTargets;

/** The context a target takes (the Jira and the Confluence form where both products have the target). */
export type NavigatorContext<T extends NavigatorTarget> =
  | (T extends keyof JiraNavigatorTargets ? JiraNavigatorTargets[T] : never)
  | (T extends keyof ConfluenceNavigatorTargets ? ConfluenceNavigatorTargets[T] : never);

/** Where the host page is, as `navigator.getLocation` describes it. */
export interface NavigatorLocation {
  target: NavigatorTarget | (string & {});
  context: Record<string, unknown>;
}

/** The methods of {@link navigator}. */
export interface NavigatorAPI {
  /**
   * Sends the host page to `target`; the context is checked by type per target.
   * @example
   * ```ts
   * await navigator.go("addonModule", { addonKey: "my-app", moduleKey: "settings", customData: { tab: "users" } });
   * await navigator.go("contentview", { contentId: "12345" });
   * ```
   */
  go<T extends NavigatorTarget>(target: T, context: NavigatorContext<T>): Promise<void>;
  /**
   * The host page's target and context (callback-only on the bridge; a promise here).
   * @example
   * ```ts
   * const { target, context } = await navigator.getLocation();
   * if (target === "issue") console.log(context.issueKey);
   * ```
   */
  getLocation(options?: CallOptions): Promise<NavigatorLocation>;
  /**
   * The host page's URL (`AP.getLocation`).
   * @example
   * ```ts
   * const url = new URL(await navigator.getUrl());
   * ```
   */
  getUrl(options?: CallOptions): Promise<string>;
  /**
   * Reloads the host page.
   * @example
   * ```ts
   * await navigator.reload();
   * ```
   */
  reload(): Promise<void>;
}

/**
 * Navigation of the host page (not the iframe), with typed targets for Jira and Confluence.
 *
 * @example
 * ```ts
 * import { navigator } from "apkit";
 * await navigator.go("issue", { issueKey: "ABC-1" });
 * ```
 */
export const navigator: NavigatorAPI = /* @__PURE__ */ plain<NavigatorPort>("navigator", {
  go: [(target, context) => isText(target) && isObject(context), FIRE, 2, "navigator.go"],
  getLocation: [0, ASK, 0, "navigator.getLocation"],
  // The host page's URL is all.js's own AP.getLocation (AP.env.getLocation underneath).
  getUrl: [0, ASK, 0, "getLocation", "env.getLocation"],
  reload: [0, FIRE, 0, "navigator.reload"],
});
