/**
 * Connect navigator targets as Forge router locations. Forge's router knows fewer places than Connect's navigator;
 * a target it cannot reach fails with `ERR_UNSUPPORTED_ON_PLATFORM` rather than going somewhere else.
 */
import { UnsupportedOnPlatformError } from "apkit";

/** A location `router.navigate` of @forge/bridge takes (`NavigationLocation`), or a URL on the site. */
export type ForgeLocation = { target: string; [key: string]: unknown } | string;

const unreachable = (target: string, why: string) =>
  new UnsupportedOnPlatformError(`navigator.go("${target}") has no Forge equivalent: ${why}`, {
    platform: "forge",
    capability: `navigator.go:${target}`,
  });

/**
 * The Forge router location for a Connect navigator target and context.
 *
 * | Connect target | Forge location |
 * |---|---|
 * | `issue { issueKey }` | `issue { issueKey }` |
 * | `dashboard { dashboardId }` | `dashboard { dashboardId }` |
 * | `userProfile { userAccountId }` | `userProfile { accountId }` |
 * | `projectAdminSummary { projectKey }` | `projectSettingsDetails { projectKey }` |
 * | `contentview { contentId, versionOverride }` | `contentView { contentId, version }` |
 * | `contentedit { contentId }` | `contentEdit { contentId }` |
 * | `spaceview { spaceKey }` | `spaceView { spaceKey }` |
 * | `contentlist { contentType, spaceKey }` | `contentList { contentType, spaceKey }` |
 * | `addonModule { moduleKey }` (no `customData`) | `module { moduleKey }` |
 * | `site { relativeUrl \| absoluteUrl }` | the URL |
 *
 * Anything else (`projectAdminTabPanel`, `contentcreate`, `spacetools`, Confluence's `dashboard`, `addonModule` with
 * `customData`, a `projectAdminSummary` with only an id) throws `ERR_UNSUPPORTED_ON_PLATFORM`.
 *
 * @example
 * ```ts
 * import { toForgeLocation } from "apkit/forge";
 * toForgeLocation("issue", { issueKey: "ABC-1" }); // { target: "issue", issueKey: "ABC-1" }
 * ```
 */
export function toForgeLocation(target: string, context: Record<string, any>): ForgeLocation {
  switch (target) {
    case "issue":
      return { target, issueKey: context.issueKey };
    case "dashboard":
      if (context.dashboardId === undefined) throw unreachable(target, "Forge opens Jira dashboards by id only");
      return { target, dashboardId: String(context.dashboardId) };
    case "userProfile":
      return { target, accountId: context.userAccountId };
    case "projectAdminSummary":
      if (!context.projectKey) throw unreachable(target, "Forge opens project settings by project key only");
      return { target: "projectSettingsDetails", projectKey: context.projectKey };
    case "contentview":
      return { target: "contentView", contentId: context.contentId, ...(context.versionOverride !== undefined && { version: String(context.versionOverride) }) };
    case "contentedit":
      return { target: "contentEdit", contentId: context.contentId };
    case "spaceview":
      return { target: "spaceView", spaceKey: context.spaceKey };
    case "contentlist":
      if (!context.spaceKey) throw unreachable(target, "Forge lists pages and blog posts of one space only");
      return { target: "contentList", contentType: context.contentType, spaceKey: context.spaceKey };
    case "addonModule":
      if (context.customData !== undefined) throw unreachable(target, "Forge's module target carries no customData (pass it in the URL path instead)");
      return { target: "module", moduleKey: context.moduleKey };
    case "site":
      return String(context.relativeUrl ?? context.absoluteUrl);
    default:
      throw unreachable(target, "the Forge router has no such target");
  }
}
