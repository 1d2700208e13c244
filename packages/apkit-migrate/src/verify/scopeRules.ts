/**
 * The classic Forge scope a product REST call needs, by path and method, for the calls Connect pages make most.
 * Read from the operations' "OAuth scopes required" in Atlassian's REST references
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/, https://developer.atlassian.com/cloud/confluence/rest/v1/,
 * https://developer.atlassian.com/cloud/confluence/rest/v2/). A path no rule knows is reported, not guessed.
 */
import type { Product } from "../manifest/types.js";

interface Rule {
  path: RegExp;
  /** The scope for reads (GET, HEAD) and for writes (anything else). */
  read: string;
  write: string;
}

const JIRA_API = String.raw`^/rest/api/(?:2|3|latest)/`;
const RULES: Record<Product, Rule[]> = {
  jira: [
    { path: new RegExp(`${JIRA_API}(myself|user|users|groupuserpicker)(/|\\?|$)`), read: "read:jira-user", write: "manage:jira-configuration" },
    { path: new RegExp(`${JIRA_API}(workflow|workflowscheme|screens|screenscheme|field|fieldconfiguration|fieldconfigurationscheme|issuetype|issuetypescheme|priority|resolution|status|statuses|permissionscheme|notificationscheme|configuration|application-properties|customFieldOption)(/|\\?|$)`), read: "read:jira-work", write: "manage:jira-configuration" },
    { path: new RegExp(`${JIRA_API}(project|projectCategory|component|version)(/|\\?|$)`), read: "read:jira-work", write: "manage:jira-project" },
    { path: new RegExp(`${JIRA_API}`), read: "read:jira-work", write: "write:jira-work" },
    { path: /^\/rest\/agile\/1\.0\//, read: "read:jira-work", write: "write:jira-work" },
  ],
  confluence: [
    { path: /^\/rest\/api\/content\/[^/]+\/property(\/|\?|$)/, read: "read:confluence-props", write: "write:confluence-props" },
    { path: /^\/rest\/api\/content(\/|\?|$)/, read: "read:confluence-content.all", write: "write:confluence-content" },
    { path: /^\/rest\/api\/space(\/|\?|$)/, read: "read:confluence-space.summary", write: "write:confluence-space" },
    { path: /^\/rest\/api\/search(\/|\?|$)/, read: "search:confluence", write: "search:confluence" },
    { path: /^\/rest\/api\/user(\/|\?|$)/, read: "read:confluence-user", write: "read:confluence-user" },
    { path: /^\/rest\/api\/group(\/|\?|$)/, read: "read:confluence-groups", write: "write:confluence-groups" },
    { path: /^\/api\/v2\/(pages|blogposts|custom-content|attachments|comments|footer-comments|inline-comments)\/[^/]+\/properties(\/|\?|$)/, read: "read:confluence-props", write: "write:confluence-props" },
    { path: /^\/api\/v2\/(pages|blogposts|custom-content|attachments|comments|footer-comments|inline-comments|labels)(\/|\?|$)/, read: "read:confluence-content.all", write: "write:confluence-content" },
    { path: /^\/api\/v2\/spaces(\/|\?|$)/, read: "read:confluence-space.summary", write: "write:confluence-space" },
  ],
};

/** The classic scope a call needs, or undefined when no rule knows the path. */
export function scopeFor(product: Product, path: string, method = "GET"): string | undefined {
  const bare = path.replace(/^\/wiki(?=\/)/, "");
  const rule = RULES[product].find((candidate) => candidate.path.test(bare));
  if (!rule) return undefined;
  return /^(GET|HEAD)$/i.test(method) ? rule.read : rule.write;
}

/** Whether `scopes` grant `needed`: Confluence's content.all read includes the summary read. */
export function grants(scopes: readonly string[], needed: string): boolean {
  return scopes.includes(needed) || (needed === "read:confluence-content.summary" && scopes.includes("read:confluence-content.all"));
}
