/**
 * Forge's context in Connect's shape, so that `getContext()`, the context schemas of apkit/schemas and the hooks read
 * the same fields on both platforms. What Forge has beyond Connect stays available under `forge`.
 */
import type { ContextPort, ProductContext } from "apkit";
import type { ForgeRuntime } from "./runtime.js";
import { refusal } from "./support.js";

/** The part of @forge/bridge's `FullContext` apkit reads (the rest passes through untouched under `forge`). */
export interface ForgeContext {
  accountId?: string;
  cloudId?: string;
  siteUrl?: string;
  locale?: string;
  timezone?: string;
  moduleKey?: string;
  localId?: string;
  license?: { active?: boolean } | null;
  extension?: Record<string, any>;
  [key: string]: unknown;
}

/** The context `getContext()` gives on Forge: Connect's fields, plus Forge's own context under `forge`. */
export type ForgeProductContext = ProductContext & { forge: ForgeContext };

const id = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));

/**
 * Maps Forge's context (`view.getContext()`) to Connect's `AP.context.getContext()` shape.
 *
 * - Jira: `extension.issue { id, key, typeId }` → `jira.issue { id, key, issuetype: { id } }`, `extension.project`
 *   → `jira.project { id, key, type }`; ids become strings, as Connect sends them.
 * - Confluence: `extension.content { id, type }` → `confluence.content`, `extension.space { id, key }` →
 *   `confluence.space`; a macro's `localId` → `confluence.macro.id`.
 * - `license.active` → `license: "active" | "none"`; `siteUrl` → `url.displayUrl`.
 *
 * @example
 * ```ts
 * import { toConnectContext } from "apkit/forge";
 * const context = toConnectContext({ siteUrl: "https://example.atlassian.net", extension: { issue: { id: 10001, key: "ABC-1" } } });
 * context.jira?.issue?.id; // "10001"
 * ```
 */
export function toConnectContext(context: ForgeContext): ForgeProductContext {
  const extension = context.extension ?? {};
  const out: ForgeProductContext = { forge: context };
  if (context.license) out.license = context.license.active ? "active" : "none";
  if (context.siteUrl) out.url = { displayUrl: context.siteUrl };
  const { issue, project, content, space } = extension;
  if (issue || project) {
    out.jira = {};
    if (issue) {
      out.jira.issue = { id: id(issue.id)!, key: issue.key };
      if (issue.typeId !== undefined) out.jira.issue.issuetype = { id: id(issue.typeId)! };
    }
    if (project) out.jira.project = { id: id(project.id)!, key: project.key, type: project.type };
  }
  if (content || space || extension.type === "macro") {
    out.confluence = {};
    if (content) out.confluence.content = { id: id(content.id)!, type: content.type };
    if (space) out.confluence.space = { id: id(space.id)!, key: space.key };
    if (extension.type === "macro" && context.localId) out.confluence.macro = { id: context.localId };
  }
  return out;
}

/** @internal Forge's context and user: `view.getContext()`, in Connect's shape; the user, locale and time zone from it. */
export function forgeContext(runtime: ForgeRuntime): ContextPort {
  return {
    getContext: async (options) => toConnectContext(await runtime.context(options)),
    getToken: async () => {
      throw refusal("getToken");
    },
    getCurrentUser: async (options) => {
      const { accountId } = await runtime.context(options);
      return accountId === undefined ? undefined : { atlassianAccountId: accountId };
    },
    getLocale: async (options) => (await runtime.context(options)).locale,
    getTimeZone: async (options) => (await runtime.context(options)).timezone,
  };
}
