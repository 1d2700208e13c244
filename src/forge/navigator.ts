/**
 * @internal Forge's navigator: `router.navigate` / `router.reload`, and the module's place from its context where
 * Connect asks the host page (`getLocation`, `getUrl`).
 */
import type { NavigatorLocation, NavigatorPort } from "apkit";
import type { ForgeContext } from "./context.js";
import { toForgeLocation } from "./navigation.js";
import type { ForgeRuntime } from "./runtime.js";

/** @internal */
export function forgeNavigator(runtime: ForgeRuntime): NavigatorPort {
  return {
    go: (target, context) =>
      runtime.call("router.navigate", {}, async (bridge) => bridge.router.navigate(toForgeLocation(target, context as Record<string, unknown>))),
    getLocation: async (options) => locationOf(await runtime.context(options)),
    async getUrl(options) {
      const context = await runtime.context(options);
      const { target, context: where } = locationOf(context);
      let location: ReturnType<typeof toForgeLocation> | undefined;
      try {
        location = target === "addonModule" ? undefined : toForgeLocation(target, where);
      } catch {
        // A place the Forge router cannot name: the site is the best URL there is.
      }
      if (location === undefined || typeof location === "string") return context.siteUrl ?? "";
      const forgeLocation = location;
      const url = await runtime.call("router.getUrl", options, (bridge) => bridge.router.getUrl(forgeLocation));
      return url ? String(url) : (context.siteUrl ?? "");
    },
    reload: () => runtime.call("router.reload", {}, (bridge) => bridge.router.reload()),
  };
}

/**
 * @internal Where a Forge module is, as Connect's `navigator.getLocation` names places: the issue, the page or blog
 * post, the space, the dashboard; a module that is about none of them is itself (`addonModule`).
 */
export function locationOf(context: ForgeContext): NavigatorLocation {
  const { issue, content, space, dashboard } = context.extension ?? {};
  if (issue?.key) return { target: "issue", context: { issueKey: String(issue.key) } };
  if (content?.id !== undefined) {
    return { target: "contentview", context: { contentId: String(content.id), contentType: content.type, ...(space?.key && { spaceKey: space.key }) } };
  }
  if (space?.key) return { target: "spaceview", context: { spaceKey: String(space.key) } };
  if (dashboard?.id !== undefined) return { target: "dashboard", context: { dashboardId: String(dashboard.id) } };
  return { target: "addonModule", context: { addonKey: appIdOf(context), moduleKey: context.moduleKey } };
}

/** @internal The app's id, from the extension's `localId` (`ari:cloud:ecosystem::extension/<app>/<environment>/...`). */
export function appIdOf(context: ForgeContext): string | undefined {
  return /extension\/([^/]+)\//.exec(String(context.localId ?? ""))?.[1];
}
