/**
 * Connect URL context parameters (`/panel?issueKey={issue.key}`) and what a page reads instead on Forge, where the
 * resource's URL carries nothing and the context comes from `getContext()`.
 *
 * Where apkit maps Forge's context to Connect's shape, the answer is read from apkit itself at run time: a Forge
 * context whose every field holds a marker goes through apkit/forge's `toConnectContext`, and wherever a marker lands
 * is the path `getContext()` answers it at. So this list follows the library.
 */
import { toConnectContext } from "apkit/forge";

/** One context parameter of a module's URL, and where the page finds it on Forge. */
export interface ContextParameter {
  /** The Connect parameter, e.g. "issue.key". */
  parameter: string;
  /** The query parameter that carried it on Connect, e.g. "issueKey" (absent when it is in the path). */
  query?: string;
  /** Where the page reads it on Forge, e.g. `getContext() → jira.issue.key`; absent when Forge has no equivalent. */
  forge?: string;
  /** What to do when Forge has no equivalent, or what differs. */
  note?: string;
}

const MARK = "\u0000apkit:";

// Connect's parameter names (https://developer.atlassian.com/cloud/jira/platform/context-parameters/, the Confluence
// equivalent) for the fields of Forge's FullContext.extension that apkit maps.
const SAMPLE = {
  accountId: `${MARK}user.accountId`,
  siteUrl: `${MARK}host.baseUrl`,
  localId: `${MARK}macro.id`,
  license: { active: true },
  extension: {
    type: "macro",
    issue: { id: `${MARK}issue.id`, key: `${MARK}issue.key`, typeId: `${MARK}issuetype.id` },
    project: { id: `${MARK}project.id`, key: `${MARK}project.key`, type: `${MARK}project.type` },
    content: { id: `${MARK}content.id`, type: `${MARK}content.type` },
    space: { id: `${MARK}space.id`, key: `${MARK}space.key` },
  },
};

// Connect's aliases: Confluence's `page.*` and `blogpost.*` are `content.*`.
const ALIASES: Record<string, string> = {
  "page.id": "content.id",
  "page.type": "content.type",
  "blogpost.id": "content.id",
  "profileUser.accountId": "user.accountId",
};

// Parameters apkit does not map into Connect's shape but Forge (or apkit) still answers, and those it cannot.
const NOTES: Record<string, Omit<ContextParameter, "parameter" | "query">> = {
  "user.accountId": { forge: "getCurrentUser() → accountId (Forge: getContext() → forge.accountId)" },
  "user.id": { forge: "getCurrentUser() → accountId", note: "Connect's user.id is deprecated; Forge has the account id only" },
  "user.key": { forge: "getCurrentUser() → accountId", note: "Connect's user.key is deprecated; Forge has the account id only" },
  "macro.hash": { note: "not in Forge's context: use the macro's id (confluence.macro.id)" },
  "macro.body": { forge: "getContext() → forge.extension.macro.body", note: "Forge gives the body as ADF, not storage format" },
  "macro.truncated": { note: "not in Forge's context" },
  "output.type": { note: "not in Forge's context: a Forge macro renders in an iframe in every output" },
  "content.version": { note: "not in Forge's context: read the version with the Confluence REST API (content id from getContext())" },
  "page.version": { note: "not in Forge's context: read the version with the Confluence REST API (content id from getContext())" },
  "content.plugin": { note: "not in Forge's context" },
  "space.type": { note: "not in Forge's context: read it with the Confluence REST API (space key from getContext())" },
  "dashboardItem.id": { forge: "getContext() → forge.localId", note: "Forge identifies the gadget instance by localId" },
  "dashboardItem.key": { forge: "getContext() → forge.moduleKey" },
  "dashboardItem.viewType": { note: "Forge renders the edit view from the gadget's edit resource; no view type parameter" },
  "dashboard.id": { note: "not in the context apkit maps: look for it under getContext() → forge.extension" },
  "version.id": { note: "not in Forge's context outside version modules: read it with the Jira REST API" },
  "component.id": { note: "not in Forge's context: read it with the Jira REST API" },
  "board.id": { note: "board modules are not moved by apkit-migrate" },
  "board.type": { note: "board modules are not moved by apkit-migrate" },
  "sprint.id": { note: "board modules are not moved by apkit-migrate" },
  "postFunction.id": { note: "workflow post functions are not moved by apkit-migrate" },
  "postFunction.config": { note: "workflow post functions are not moved by apkit-migrate" },
  timeZone: { forge: "getTimeZone()" },
  locale: { forge: "getLocale()" },
};

let mapped: Map<string, string> | undefined;

/** Connect parameter → the path of `getContext()`'s answer where apkit puts it (read once from toConnectContext). */
function mappedByApkit(): Map<string, string> {
  if (mapped) return mapped;
  mapped = new Map();
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === "string" && value.startsWith(MARK)) mapped!.set(value.slice(MARK.length), path.join("."));
    else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) if (key !== "forge") walk(item, [...path, key]);
  };
  walk(toConnectContext(SAMPLE), []);
  return mapped;
}

/** Where a page finds one Connect context parameter on Forge. */
export function forgeEquivalentOf(parameter: string, macroParameters: readonly string[] = []): Omit<ContextParameter, "parameter" | "query"> {
  const name = ALIASES[parameter] ?? parameter;
  const path = mappedByApkit().get(name);
  if (path) return { forge: `getContext() → ${path}` };
  if (NOTES[name]) return NOTES[name]!;
  if (macroParameters.includes(parameter)) {
    return { forge: "macro.getData() → " + parameter + " (Forge: getContext() → forge.extension.config)", note: "Forge keeps the macro's parameters in its config" };
  }
  if (name.startsWith("ac.")) {
    return { note: "app context parameters (ac.*) come from an entity property's values on Connect; Forge has none: read the property with the product REST API" };
  }
  return { note: "not in Forge's context" };
}

// `{issue.key}`, not `{{localBaseUrl}}`.
const PARAMETER = /(?<![{$])\{([A-Za-z][\w.-]*)\}(?!\})/g;

/** The context parameters in a module's URL (query values and path segments), each with its Forge equivalent. */
export function contextParametersOf(url: string, macroParameters: readonly string[] = []): ContextParameter[] {
  const found: ContextParameter[] = [];
  const query = url.indexOf("?");
  const queryOf = new Map<string, string>();
  if (query !== -1) {
    for (const pair of url.slice(query + 1).split("&")) {
      const [name, value] = pair.split("=", 2);
      for (const match of (value ?? "").matchAll(PARAMETER)) if (name) queryOf.set(match[1]!, decodeURIComponent(name));
    }
  }
  for (const match of url.matchAll(PARAMETER)) {
    const parameter = match[1]!;
    if (found.some((entry) => entry.parameter === parameter)) continue;
    const entry: ContextParameter = { parameter, ...forgeEquivalentOf(parameter, macroParameters) };
    const name = queryOf.get(parameter);
    if (name) entry.query = name;
    found.push(entry);
  }
  return found;
}
