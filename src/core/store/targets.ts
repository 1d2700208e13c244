/**
 * Where a property store keeps its data: small descriptions of a product's property REST resource. Paths are
 * relative to the product's context path, as `AP.request` wants them: in Confluence Cloud the host puts them under
 * `/wiki` (`/api/v2/pages/1/properties` reaches `https://site/wiki/api/v2/pages/1/properties`).
 */

/**
 * The product rules a target follows.
 * - `"entity"`: Jira entity properties. `PUT` creates (201) or replaces (200), no versions, last write wins.
 * - `"app"`: Connect app properties. Like `"entity"`, values read with `?jsonValue=true`, a cap on the number of keys.
 * - `"content"`: Confluence REST v2 content and space properties. Looked up with `?key=`, created with `POST`,
 *   replaced with `PUT` to the property id carrying `version.number` = current + 1; a stale version conflicts.
 */
export type PropertyRules = "entity" | "app" | "content";

/**
 * A property collection: which product rules it follows and its REST path. Build one with a target function
 * ({@link issueProperties}, {@link contentProperties}, ...), or write one for a resource apkit does not list.
 *
 * @example
 * ```ts
 * import { createPropertyStore, type PropertyTarget } from "apkit";
 * // Another Jira entity with properties, following the entity rules:
 * const target: PropertyTarget = { rules: "entity", path: "/rest/api/3/priority/3/properties" };
 * const store = createPropertyStore(target);
 * ```
 */
export interface PropertyTarget {
  readonly rules: PropertyRules;
  /** The collection path without a trailing slash; a key (or a Confluence property id) is appended as `/key`. */
  readonly path: string;
  /** A query string (without `?`) sent with every call, such as `accountId=...` for user properties. */
  readonly query?: string;
  /**
   * The longest key the product accepts, in characters (a store's `keyPrefix` included).
   * @default 127 for app properties, 255 otherwise
   */
  readonly keyLength?: number;
  /**
   * The largest value the product accepts: UTF-8 bytes of its JSON.
   * @default 32768
   */
  readonly valueBytes?: number;
}

/** Content kinds with REST v2 content properties: `/api/v2/<kind>/{id}/properties`. */
export type ContentKind =
  | "pages"
  | "blogposts"
  | "attachments"
  | "comments"
  | "custom-content"
  | "whiteboards"
  | "databases"
  | "embeds"
  | "folders";

/**
 * @internal One URL path segment: URL-encoded, and never `.` or `..`. encodeURIComponent leaves dots alone, and a
 * browser resolves `/issue/ABC-1/properties/..` to `/issue/ABC-1/`: a key or id of `..` would write or delete
 * another resource. `%2E` is no way out either, since a server may decode before it normalises.
 */
export function segment(value: string | number): string {
  const text = String(value);
  if (text === "." || text === "..") throw new TypeError(`apkit: "${text}" is a path dot-segment`);
  return encodeURIComponent(text);
}
const target = (rules: PropertyRules, path: string, query?: string): PropertyTarget => ({ rules, path: path + "/properties", query });
// "api/3/issue/$/worklog/$" -> a function of the ids, each URL-encoded in place of a "$"; with a query, the last id
// is its value instead.
const jira =
  (pattern: string, query?: string) =>
  (...ids: Array<string | number>): PropertyTarget =>
    target("entity", "/rest/" + pattern.replace(/\$/g, () => segment(ids.shift()!)), query && query + segment(ids[0]!));

/**
 * Issue properties: `/rest/api/3/issue/{issueIdOrKey}/properties`. Prefer the issue id: a key changes when an issue
 * moves to another project.
 *
 * @example
 * ```ts
 * import { createPropertyStore, getContext, issueProperties } from "apkit";
 * const { jira } = await getContext();
 * const store = createPropertyStore(issueProperties(jira.issue.id), { keyPrefix: "my-app." });
 * ```
 */
export const issueProperties: (issueIdOrKey: string | number) => PropertyTarget = /* @__PURE__ */ jira("api/3/issue/$");

/**
 * Project properties: `/rest/api/3/project/{projectIdOrKey}/properties`.
 *
 * @example
 * ```ts
 * import { createPropertyStore, projectProperties } from "apkit";
 * const settings = createPropertyStore(projectProperties("ABC"), { keyPrefix: "my-app." });
 * ```
 */
export const projectProperties: (projectIdOrKey: string | number) => PropertyTarget = /* @__PURE__ */ jira("api/3/project/$");

/**
 * User properties: `/rest/api/3/user/properties?accountId=...`. Apps acting for a user may only change that user's
 * own properties.
 *
 * @example
 * ```ts
 * import { createPropertyStore, getCurrentUser, userProperties } from "apkit";
 * const me = await getCurrentUser();
 * const prefs = createPropertyStore(userProperties(me.atlassianAccountId), { keyPrefix: "my-app." });
 * ```
 */
export const userProperties: (accountId: string) => PropertyTarget = /* @__PURE__ */ jira("api/3/user", "accountId=");

/**
 * Comment properties: `/rest/api/3/comment/{commentId}/properties`.
 *
 * @example
 * ```ts
 * import { commentProperties, createPropertyStore } from "apkit";
 * const store = createPropertyStore(commentProperties("10010"));
 * ```
 */
export const commentProperties: (commentId: string | number) => PropertyTarget = /* @__PURE__ */ jira("api/3/comment/$");

/**
 * Worklog properties: `/rest/api/3/issue/{issueIdOrKey}/worklog/{worklogId}/properties`.
 *
 * @example
 * ```ts
 * import { createPropertyStore, worklogProperties } from "apkit";
 * const store = createPropertyStore(worklogProperties("ABC-1", "10100"));
 * ```
 */
export const worklogProperties: (issueIdOrKey: string | number, worklogId: string | number) => PropertyTarget = /* @__PURE__ */ jira("api/3/issue/$/worklog/$");

/**
 * Issue type properties: `/rest/api/3/issuetype/{issueTypeId}/properties`.
 *
 * @example
 * ```ts
 * import { createPropertyStore, issueTypeProperties } from "apkit";
 * const store = createPropertyStore(issueTypeProperties("10001"));
 * ```
 */
export const issueTypeProperties: (issueTypeId: string | number) => PropertyTarget = /* @__PURE__ */ jira("api/3/issuetype/$");

/**
 * Dashboard item properties: `/rest/api/3/dashboard/{dashboardId}/items/{itemId}/properties` (a dashboard gadget's
 * configuration).
 *
 * @example
 * ```ts
 * import { createPropertyStore, dashboardItemProperties } from "apkit";
 * const config = createPropertyStore(dashboardItemProperties("10000", "item-1"));
 * ```
 */
export const dashboardItemProperties: (dashboardId: string | number, itemId: string | number) => PropertyTarget = /* @__PURE__ */ jira("api/3/dashboard/$/items/$");

/**
 * Board properties (Jira Software): `/rest/agile/1.0/board/{boardId}/properties`.
 *
 * @example
 * ```ts
 * import { boardProperties, createPropertyStore } from "apkit";
 * const store = createPropertyStore(boardProperties(7));
 * ```
 */
export const boardProperties: (boardId: string | number) => PropertyTarget = /* @__PURE__ */ jira("agile/1.0/board/$");

/**
 * Sprint properties (Jira Software): `/rest/agile/1.0/sprint/{sprintId}/properties`.
 *
 * @example
 * ```ts
 * import { createPropertyStore, sprintProperties } from "apkit";
 * const store = createPropertyStore(sprintProperties(42));
 * ```
 */
export const sprintProperties: (sprintId: string | number) => PropertyTarget = /* @__PURE__ */ jira("agile/1.0/sprint/$");

/**
 * App properties: `/rest/atlassian-connect/1/addons/{addonKey}/properties`, in Jira and Confluence alike. Keys up to
 * 127 characters, about 100 keys per app. **Any logged-in user of the site can read and change them: never keep a
 * secret there.**
 *
 * @example
 * ```ts
 * import { appProperties, createPropertyStore } from "apkit";
 * const config = createPropertyStore(appProperties("com.example.my-app"));
 * await config.set("theme", { dark: true });
 * ```
 */
export const appProperties = (addonKey: string): PropertyTarget => target("app", "/rest/atlassian-connect/1/addons/" + segment(addonKey));

/**
 * Confluence content properties over REST v2: `/api/v2/<kind>/{id}/properties` (pages by default). Writes carry
 * version numbers, so concurrent `update`s never lose each other's changes.
 *
 * @example
 * ```ts
 * import { contentProperties, createPropertyStore, getContext } from "apkit";
 * const { confluence } = await getContext();
 * const votes = createPropertyStore(contentProperties(confluence.content.id), { keyPrefix: "my-app." });
 * await votes.update("up", (n = 0) => n + 1);
 * const onBlog = createPropertyStore(contentProperties("98765", "blogposts"));
 * ```
 */
export const contentProperties = (contentId: string | number, kind: ContentKind = "pages"): PropertyTarget =>
  target("content", `/api/v2/${kind}/${segment(contentId)}`);

/**
 * Confluence space properties over REST v2: `/api/v2/spaces/{spaceId}/properties` (the numeric space id, not the
 * space key). Versioned like content properties; writing needs space admin permission.
 *
 * @example
 * ```ts
 * import { createPropertyStore, spaceProperties } from "apkit";
 * const spaceConfig = createPropertyStore(spaceProperties("98304"));
 * ```
 */
export const spaceProperties = (spaceId: string | number): PropertyTarget => contentProperties(spaceId, "spaces" as ContentKind);
