/**
 * Connect scopes in a Forge manifest.
 *
 * - For the Connect parts that remain (connectModules, the backend's JWT calls), Atlassian writes each Connect scope
 *   as `<scope>:connect-<product>`, lower case with dashes (READ → read:connect-jira, PROJECT_ADMIN →
 *   project-admin:connect-jira): "How to adopt Forge from Connect",
 *   https://developer.atlassian.com/platform/adopting-forge-from-connect/how-to-adopt, and Atlassian's converter
 *   (connect-to-forge, src/convert.ts `normaliseConnectScope`). They are in @forge/manifest's scope list.
 * - A moved module's page calls the product through Forge (requestJira / requestConfluence), which checks Forge
 *   scopes. It could call whatever its Connect scopes allowed, so each Connect scope brings the classic Forge scopes
 *   that cover the same REST operations (https://developer.atlassian.com/cloud/jira/platform/scopes-for-connect-and-oauth-2-3LO-apps/,
 *   https://developer.atlassian.com/cloud/confluence/scopes-for-connect-and-oauth-2-3LO-apps/): the app asks for no
 *   more than it had, so the Forge version is not an elevated-permission update. `verify` checks the pages' calls
 *   against them.
 */
import type { Product } from "./types.js";

const FORGE_SCOPES: Record<Product, Record<string, string[]>> = {
  jira: {
    READ: ["read:jira-work", "read:jira-user"],
    WRITE: ["write:jira-work"],
    DELETE: ["write:jira-work"],
    PROJECT_ADMIN: ["manage:jira-project"],
    ADMIN: ["manage:jira-project", "manage:jira-configuration"],
  },
  confluence: {
    READ: ["read:confluence-content.all", "read:confluence-content.summary", "read:confluence-space.summary", "read:confluence-props", "read:confluence-user", "read:confluence-groups", "search:confluence"],
    WRITE: ["write:confluence-content", "write:confluence-props", "write:confluence-file"],
    DELETE: ["write:confluence-content"],
    SPACE_ADMIN: ["write:confluence-space"],
    ADMIN: ["manage:confluence-configuration", "write:confluence-groups"],
  },
};

/** READ → read:connect-jira. */
export function connectScopeInForge(scope: string, product: Product): string {
  return `${scope.toLowerCase().replace(/_/g, "-")}:connect-${product}`;
}

/** read:connect-jira → READ; undefined for a scope that is not a Connect scope. */
export function connectScopeFromForge(scope: string, product: Product): string | undefined {
  const suffix = `:connect-${product}`;
  return scope.endsWith(suffix) ? scope.slice(0, -suffix.length).toUpperCase().replace(/-/g, "_") : undefined;
}

/** The classic Forge scopes a moved page needs for what its Connect scopes allowed (ACT_AS_USER and
 *  ACCESS_EMAIL_ADDRESSES concern the backend, which keeps its Connect credentials). */
export function forgeScopesFor(scopes: readonly string[], product: Product): string[] {
  const out: string[] = [];
  const implied = new Set(scopes.map((scope) => scope.toUpperCase()));
  // Connect's scopes imply the ones below them (ADMIN > PROJECT_ADMIN > DELETE > WRITE > READ).
  const order = product === "jira" ? ["READ", "WRITE", "DELETE", "PROJECT_ADMIN", "ADMIN"] : ["READ", "WRITE", "DELETE", "SPACE_ADMIN", "ADMIN"];
  const highest = Math.max(...[...implied].map((scope) => order.indexOf(scope)));
  for (const scope of order.slice(0, highest + 1)) for (const forge of FORGE_SCOPES[product][scope] ?? []) if (!out.includes(forge)) out.push(forge);
  return out;
}
