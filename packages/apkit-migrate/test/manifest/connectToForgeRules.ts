// An independent restatement of which Connect modules Atlassian's converter, connect-to-forge (`connect-to-forge
// convert`), turns into native Forge modules; everything else it copies into connectModules unchanged. Read from its
// source, not copied: github.com/atlassian-forks/connect-to-forge, src/convert.ts (`buildForgeManifest`, and the
// table `CONFLUENCE_MODULES_WITH_UNLICENSED_ACCESS`), with src/__tests__/convert.test.ts for the expected behaviour.
// The package is not on the npm registry this machine reaches (`npm view connect-to-forge` answers 404; it is
// published as @atlassian/connect-to-forge to Atlassian's own registry), so the comparison runs on these rules.
//
// The rules, as that file applies them to a descriptor and a product type:
// - Jira: each entry of modules.jiraGlobalPermissions → modules["jira:globalPermission"], each of
//   modules.jiraProjectPermissions → modules["jira:projectPermission"] (with migratedFromConnect: true).
// - Confluence: a module type whose name is a key of its table (staticContentMacro, dynamicContentMacro, spacePage,
//   customContent, contextMenu, contentAction, contentBylineItem, pageBanner) → the table's Forge module, its
//   entries copied with unlicensedAccess added. The names are matched literally: Connect's own module types are
//   plural (staticContentMacros, dynamicContentMacros, contentBylineItems), so of the real ones only customContent
//   matches. We also count the plural names, as the table evidently means them, so the comparison is generous to it.
// - Data residency: with regionBaseUrls and a dare-migration lifecycle hook, a migration:dataResidency module (not a
//   Connect module moved, so not counted).
// - Every other module type, every Jira UI module included: connectModules.
import type { ConnectDescriptor } from "../../src/manifest/types.js";

const CONFLUENCE_TABLE = ["staticContentMacro", "dynamicContentMacro", "spacePage", "customContent", "contextMenu", "contentAction", "contentBylineItem", "pageBanner"];
const GENEROUS = new Set([...CONFLUENCE_TABLE, ...CONFLUENCE_TABLE.map((name) => `${name}s`)]);

/** The keys of the Connect modules connect-to-forge moves to native Forge modules. */
export function movedByConnectToForge(descriptor: ConnectDescriptor, type: "jira" | "confluence"): string[] {
  const keys: string[] = [];
  for (const [moduleType, value] of Object.entries(descriptor.modules ?? {})) {
    const entries = Array.isArray(value) ? value : [value];
    const native = type === "jira" ? moduleType === "jiraGlobalPermissions" || moduleType === "jiraProjectPermissions" : GENEROUS.has(moduleType);
    if (native) for (const entry of entries) keys.push(String(entry.key));
  }
  return keys;
}
