import { need, OBJECT, TEXT } from "./check.js";
import { connectNavigator } from "./connect/navigator.js";
import { port } from "./platform.js";
import type { NavigatorPort } from "./port.js";
import type { NavigatorContext, NavigatorTarget } from "./types.js";

export type {
  ConfluenceNavigatorTargets,
  JiraNavigatorTargets,
  NavigatorContext,
  NavigatorCustomData,
  NavigatorLocation,
  NavigatorSiteContext,
  NavigatorTarget,
} from "./types.js";

/** The methods of {@link navigator}: the port's, with `go`'s targets and their contexts typed. */
export interface NavigatorAPI extends Omit<NavigatorPort, "go"> {
  /**
   * Sends the host page to `target`; the context is checked by type per target.
   * @example
   * ```ts
   * await navigator.go("addonModule", { addonKey: "my-app", moduleKey: "settings", customData: { tab: "users" } });
   * await navigator.go("contentview", { contentId: "12345" });
   * ```
   */
  go<T extends NavigatorTarget>(target: T, context: NavigatorContext<T>): Promise<void>;
}

const navigators = () => port("navigator", connectNavigator);

/**
 * Navigation of the host page (not the iframe), with typed targets for Jira and Confluence.
 *
 * @example
 * ```ts
 * import { navigator } from "apkit";
 * await navigator.go("issue", { issueKey: "ABC-1" });
 * ```
 */
export const navigator: NavigatorAPI = {
  async go(target, context) {
    need(target, TEXT, "navigator.go target");
    need(context, OBJECT, "navigator.go context");
    return navigators().go(target, context);
  },
  getLocation: async (options) => navigators().getLocation(options),
  getUrl: async (options) => navigators().getUrl(options),
  reload: async () => navigators().reload(),
};
