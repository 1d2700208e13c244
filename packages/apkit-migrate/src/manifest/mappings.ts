/**
 * Which Connect module becomes which Forge module, and how. Each row names the Atlassian page it follows:
 *
 * - EQUIVALENCES: "Connect and Forge general capabilities equivalences",
 *   https://developer.atlassian.com/platform/adopting-forge-from-connect/connect-forge-equivalences/connect-forge-capabilities-available
 *   (adminPages, postInstallPage and configurePage → jira:adminPage; the Jira and Confluence tables of that page).
 * - The Forge module reference of each target, https://developer.atlassian.com/platform/forge/manifest-reference/modules/
 *   (required fields; @forge/manifest 13.7.0's schema is what the tests validate against).
 * - Macros: https://developer.atlassian.com/platform/forge/migrate-connect-macro-to-forge/ (the Forge macro keeps the
 *   Connect macro's key, so existing macros on pages render with it; the Connect macro leaves connectModules).
 * - Custom content: https://developer.atlassian.com/platform/adopting-forge-from-connect/migrate-custom-content
 *   (`migratedFromConnect: true` keeps the `ac:` content type of existing content).
 * - Jira issue glances: https://developer.atlassian.com/platform/forge/manifest-reference/modules/jira-issue-glance/
 *   (deprecated and replaced by jira:issueContext).
 *
 * A Connect module whose Forge module keeps the same key replaces it: Forge module keys are unique across `modules`
 * and `connectModules`, and a moved module leaves `connectModules`.
 */
import { hasPlaceholder } from "./placeholders.js";
import type { ConnectModule, ForgeModule, I18nProperty, Product } from "./types.js";

/** What moving one Connect module produced. */
export interface Moved {
  /** The Forge module type, e.g. "jira:issuePanel". */
  forgeType: string;
  module: ForgeModule;
  /** Resources the module's pages need, each with the Connect URL whose page goes there. */
  pages: Page[];
  /** Connect dialog modules this module opens through its own target (their resources are shared). */
  dialogs: string[];
  /** What the developer must still do by hand. */
  todos: string[];
}

/** A Custom UI resource and the Connect page that goes into it. */
export interface Page {
  resource: string;
  url: string;
}

/** Why a module stays in connectModules. */
export interface Stays {
  reason: string;
}

/** What a mapping may ask of the migration it runs in. */
export interface MoveContext {
  /** The resource key for a Connect module's page (Forge allows 23 characters). */
  resourceKeyOf(connectKey: string, role?: string): string;
  /** The URL of another Connect module of the app (a dialog, a page), by key; undefined when it is not there. */
  urlOf(connectKey: string): string | undefined;
  /** A Connect dialog module of the app, by key. */
  dialog(connectKey: string): ConnectModule | undefined;
  /** The resource a Forge module of the app already uses, by module key (for references to moved modules). */
  resourceOfMoved(moduleKey: string): string | undefined;
  /** The app's Connect key (custom content types are `ac:<app key>:<module key>`). */
  appKey: string;
}

/** How one Connect module type moves. */
export interface Mapping {
  /** "ui": a Custom UI module, moved on request; "declarative": no page, moved on every run (as connect-to-forge does). */
  kind: "ui" | "declarative";
  /** The Forge module types it may become (for the docs table). */
  forge: string;
  /** Where Atlassian documents the equivalence. */
  source: string;
  move(module: ConnectModule, context: MoveContext): Moved | Stays;
}

const EQUIVALENCES = "https://developer.atlassian.com/platform/adopting-forge-from-connect/connect-forge-equivalences/connect-forge-capabilities-available";
const MODULES = "https://developer.atlassian.com/platform/forge/manifest-reference/modules/";

const text = (property: unknown, fallback: string): string => {
  const value = (property as I18nProperty | undefined)?.value ?? (typeof property === "string" ? property : undefined);
  return value && value.trim() ? value.trim().slice(0, 255) : fallback;
};

/** The icon a Forge module shows: an absolute https URL as it is, otherwise a file of the module's resource. */
function iconOf(url: unknown, resource: string, todos: string[]): string {
  if (typeof url === "string" && /^https:\/\//.test(url) && !hasPlaceholder(url)) return url;
  const file = typeof url === "string" && url.trim() ? url.replace(/^.*(\}\}|\})/, "").split("?")[0]!.replace(/^\/+/, "") : "";
  const name = file && /^[\w./-]+$/.test(file) ? file : "icon.svg";
  todos.push(`put ${name} in the "${resource}" resource (Forge reads the icon from the resource's files)`);
  return `resource:${resource};${name}`;
}

/** The page of a module whose `url` is its own page. */
function ownPage(module: ConnectModule, context: MoveContext): Page | Stays {
  const url = typeof module.url === "string" ? module.url : undefined;
  if (!url) return { reason: "it has no url: nothing to show in a Custom UI resource" };
  return { resource: context.resourceKeyOf(module.key!), url };
}

/** A module shown in a page of its own: `build` adds the Forge fields beside `key` and `resource`. */
function pageModule(forgeType: string, source: string, build: (module: ConnectModule, resource: string, todos: string[]) => Record<string, unknown>, url = (module: ConnectModule) => module.url): Mapping {
  return {
    kind: "ui",
    forge: forgeType,
    source,
    move(module, context) {
      const page = ownPage({ ...module, url: url(module) }, context);
      if ("reason" in page) return page;
      const todos: string[] = [];
      const fields = build(module, page.resource, todos);
      return { forgeType, module: { key: module.key!, resource: page.resource, ...fields }, pages: [page], dialogs: [], todos };
    },
  };
}

const slug = (key: string) => key.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "page";

const ISSUE_PANEL = `${MODULES}jira-issue-panel/`;
const ISSUE_CONTEXT = `${MODULES}jira-issue-context/`;

/** Jira web panels by location: the issue view's left column is jira:issuePanel, its right column jira:issueContext. */
const jiraWebPanel: Mapping = {
  kind: "ui",
  forge: "jira:issuePanel / jira:issueContext",
  source: `${EQUIVALENCES}; ${ISSUE_PANEL}; ${ISSUE_CONTEXT}`,
  move(module, context) {
    const location = String(module.location ?? "");
    if (location === "atl.jira.view.issue.left.context") {
      return pageModule("jira:issuePanel", ISSUE_PANEL, (m, resource, todos) => ({ title: text(m.name, m.key!), icon: iconOf(undefined, resource, todos) })).move(module, context);
    }
    if (location === "atl.jira.view.issue.right.context") {
      return pageModule("jira:issueContext", ISSUE_CONTEXT, (m) => ({ title: text(m.name, m.key!), label: text(m.name, m.key!) })).move(module, context);
    }
    return { reason: `its location "${location}" has no Forge module (only the issue view's left and right columns map: jira:issuePanel, jira:issueContext)` };
  },
};

const target = (module: ConnectModule) => (module.target ?? {}) as { type?: string; url?: string; key?: string; options?: Record<string, unknown> };

/** A web item that opens a dialog becomes the Forge action of its location; one that links a page has no module. */
function webItem(product: Product): Mapping {
  const forgeType = product === "jira" ? "jira:issueAction" : "confluence:contentAction";
  const locations = product === "jira" ? /^operations-/ : /^system\.content\.action(\/|$)/;
  const where = product === "jira" ? "the issue view's actions (operations-*)" : "the page's ••• menu (system.content.action)";
  return {
    kind: "ui",
    forge: forgeType,
    source: `${EQUIVALENCES}; ${MODULES}${product === "jira" ? "jira-issue-action/" : "confluence-content-action/"}`,
    move(module, context) {
      const location = String(module.location ?? "");
      const { type, key: dialogKey } = target(module);
      if (!type || !/^(dialog|inlinedialog)$/i.test(type)) {
        return { reason: "it links to a page: Forge has no link-only module (a Forge page module has its own menu entry)" };
      }
      if (!locations.test(location)) return { reason: `its location "${location}" has no Forge module (apkit-migrate maps web items in ${where})` };
      const dialogs: string[] = [];
      let page: Page | Stays;
      if (dialogKey) {
        const url = context.dialog(dialogKey)?.url;
        const moved = context.resourceOfMoved(dialogKey);
        if (!url && !moved) return { reason: `it opens the dialog "${dialogKey}", which is not in the descriptor` };
        // The dialog's own resource: moving the dialog (below, in the migration) creates it.
        page = { resource: moved ?? context.resourceKeyOf(dialogKey), url: "" };
        dialogs.push(dialogKey);
      } else {
        page = ownPage(module, context);
      }
      if ("reason" in page) return page;
      return { forgeType, module: { key: module.key!, resource: page.resource, title: text(module.name, module.key!) }, pages: page.url ? [page] : [], dialogs, todos: [] };
    },
  };
}

const macroLayout = (module: ConnectModule): string => {
  const bodied = module.bodyType === "rich-text" || module.bodyType === "plain-text";
  const inline = module.outputType === "inline";
  return bodied ? (inline ? "inline-bodied" : "bodied") : inline ? "inline" : "block";
};

/** Dynamic and static content macros: a Forge macro with the same key, and a config resource for the editor. */
const macro: Mapping = {
  kind: "ui",
  forge: "macro",
  source: `${EQUIVALENCES}; https://developer.atlassian.com/platform/forge/migrate-connect-macro-to-forge/; ${MODULES}macro/`,
  move(module, context) {
    const page = ownPage(module, context);
    if ("reason" in page) return page;
    const todos: string[] = [];
    const forgeModule: ForgeModule = { key: module.key!, resource: page.resource, title: text(module.name, module.key!) };
    const description = text(module.description, "");
    if (description) forgeModule.description = description;
    forgeModule.layout = macroLayout(module);
    const pages = [page];
    const editor = module.editor as { url?: string; editTitle?: I18nProperty; insertTitle?: I18nProperty } | undefined;
    if (editor?.url) {
      const config = { resource: context.resourceKeyOf(module.key!, "editor"), url: editor.url };
      pages.push(config);
      forgeModule.config = { resource: config.resource, title: text(editor.editTitle ?? editor.insertTitle, text(module.name, module.key!)) };
      todos.push(`the editor's page saves with view.submit({ config }) on Forge (apkit: macro editor calls other than macro.getData are unsupported)`);
    } else if (Array.isArray(module.parameters) && module.parameters.length > 0) {
      todos.push("Connect drew a form for the macro's parameters; a Forge Custom UI macro needs a config resource for them (write one and add config.resource)");
    }
    if (module.parameters) todos.push("the macro's parameters are in getContext() → forge.extension.config (apkit: macro.getData())");
    return { forgeType: "macro", module: forgeModule, pages, dialogs: [], todos };
  },
};

/** Confluence custom content, keeping its `ac:` type (`migratedFromConnect`), viewed in the page it names. */
const customContent: Mapping = {
  kind: "ui",
  forge: "confluence:customContent",
  source: `https://developer.atlassian.com/platform/adopting-forge-from-connect/migrate-custom-content; ${MODULES}confluence-custom-content/`,
  move(module, context) {
    const ui = (module.uiSupport ?? {}) as { contentViewComponent?: { moduleKey?: string }; icons?: { item?: { url?: string } } };
    const api = (module.apiSupport ?? {}) as { supportedContainerTypes?: string[]; supportedChildTypes?: string[]; bodyType?: string };
    const viewKey = ui.contentViewComponent?.moduleKey;
    if (!viewKey) return { reason: "it names no contentViewComponent: there is no page to show it in" };
    const moved = context.resourceOfMoved(viewKey);
    const url = context.urlOf(viewKey);
    if (!moved && !url) return { reason: `its view page "${viewKey}" is not in the descriptor` };
    const resource = moved ?? context.resourceKeyOf(viewKey);
    const own = `ac:${context.appKey}:`;
    const typeOf = (type: string) => (type.startsWith(own) ? `this:${type.slice(own.length)}` : type);
    const containers = (api.supportedContainerTypes ?? ["space"]).map(typeOf).filter((type) => /^(space|page|blogpost|this:[a-zA-Z0-9-]+)$/.test(type));
    const children = (api.supportedChildTypes ?? []).map(typeOf).filter((type) => /^(attachment|comment|this:[a-zA-Z0-9-]+)$/.test(type));
    const todos: string[] = [];
    const forgeModule: ForgeModule = {
      key: module.key!,
      resource,
      title: text(module.name, module.key!),
      icon: iconOf(ui.icons?.item?.url, resource, todos),
      supportedContainerTypes: containers.length > 0 ? containers : ["space"],
      migratedFromConnect: true,
    };
    if (children.length > 0) forgeModule.supportedChildTypes = children;
    if (api.bodyType === "storage" || api.bodyType === "raw") forgeModule.bodyType = api.bodyType;
    return { forgeType: "confluence:customContent", module: forgeModule, pages: url && !moved ? [{ resource, url }] : [], dialogs: [], todos };
  },
};

/** Jira permissions, moved as Atlassian's converter moves them (connect-to-forge: `migratedFromConnect: true`). */
function permission(forgeType: "jira:globalPermission" | "jira:projectPermission"): Mapping {
  return {
    kind: "declarative",
    forge: forgeType,
    source: `${EQUIVALENCES}; ${MODULES}${forgeType === "jira:globalPermission" ? "jira-global-permission/" : "jira-project-permission/"}`,
    move(module) {
      const name = text(module.name, module.key!);
      const forgeModule: ForgeModule = { key: module.key!, name, description: text(module.description, name) };
      if (forgeType === "jira:globalPermission") {
        forgeModule.anonymousAllowed = module.anonymousAllowed === true;
        const grants = Array.isArray(module.defaultGrants) ? module.defaultGrants.filter((grant) => ["none", "all", "jira-administrators"].includes(String(grant))) : [];
        if (grants.length > 0) forgeModule.defaultGrants = grants;
      } else {
        const category = String(module.category ?? "").toLowerCase();
        if (["attachments", "comments", "issues", "other", "projects", "time_tracking", "voters_and_watchers"].includes(category)) forgeModule.category = category;
      }
      forgeModule.migratedFromConnect = true;
      return { forgeType, module: forgeModule, pages: [], dialogs: [], todos: [] };
    },
  };
}

const titled = (m: ConnectModule) => ({ title: text(m.name, m.key!) });

/** A page with the icon Connect showed beside its menu entry (Connect's icon.url or iconUrl), when it had one. */
const titledWithIcon = (m: ConnectModule, resource: string, todos: string[]) => {
  const url = (m.icon as { url?: string } | undefined)?.url ?? m.iconUrl;
  return url ? { ...titled(m), icon: iconOf(url, resource, todos) } : titled(m);
};

/** Every Connect module type apkit-migrate moves, by product. */
export const MAPPINGS: Record<Product, Record<string, Mapping>> = {
  jira: {
    generalPages: pageModule("jira:globalPage", `${EQUIVALENCES}; ${MODULES}jira-global-page/`, titledWithIcon),
    adminPages: pageModule("jira:adminPage", `${EQUIVALENCES}; ${MODULES}jira-admin-page/`, titled),
    configurePage: pageModule("jira:adminPage", `${EQUIVALENCES} (configurePage → jira:adminPage, useAsConfig)`, (m) => ({ ...titled(m), useAsConfig: true })),
    postInstallPage: pageModule("jira:adminPage", `${EQUIVALENCES} (postInstallPage → jira:adminPage, useAsGetStarted)`, (m) => ({ ...titled(m), useAsGetStarted: true })),
    jiraProjectPages: pageModule("jira:projectPage", `${EQUIVALENCES}; ${MODULES}jira-project-page/`, titledWithIcon),
    jiraProjectAdminTabPanels: pageModule("jira:projectSettingsPage", `${EQUIVALENCES}; ${MODULES}jira-project-settings-page/`, titled),
    webPanels: jiraWebPanel,
    jiraIssueContents: pageModule(
      "jira:issuePanel",
      `${EQUIVALENCES}; ${ISSUE_PANEL} (the issue panel has the quick-add button of Connect's issue content)`,
      (m, resource, todos) => ({ title: text(m.name, m.key!), icon: iconOf((m.icon as { url?: string } | undefined)?.url, resource, todos) }),
      (m) => target(m).url ?? m.url,
    ),
    jiraIssueGlances: pageModule(
      "jira:issueContext",
      `${MODULES}jira-issue-glance/ (replaced by jira:issueContext); ${ISSUE_CONTEXT}`,
      (m, resource, todos) => {
        const label = (m.content as { label?: I18nProperty } | undefined)?.label;
        todos.push("a glance's status came from the issue property com.atlassian.jira.issue:<app key>:<module key>:status; jira:issueContext shows a static `status` from the manifest");
        return { title: text(m.name, m.key!), label: text(label, text(m.name, m.key!)), icon: iconOf((m.icon as { url?: string } | undefined)?.url, resource, todos) };
      },
      (m) => target(m).url ?? m.url,
    ),
    jiraIssueTabPanels: pageModule("jira:issueActivity", `${EQUIVALENCES}; ${MODULES}jira-issue-activity/`, titled),
    jiraDashboardItems: pageModule("jira:dashboardGadget", `${EQUIVALENCES}; ${MODULES}jira-dashboard-gadget/`, (m, resource, todos) => {
      const fields: Record<string, unknown> = {
        title: text(m.name, m.key!),
        description: text(m.description, text(m.name, m.key!)),
        thumbnail: iconOf(m.thumbnailUrl, resource, todos),
      };
      if (m.configurable === true) {
        fields.edit = { resource };
        todos.push("the gadget's edit view is the same page: it tells view from edit by getContext() → forge.extension.entryPoint");
      }
      if (m.refreshable === true) fields.refreshable = true;
      todos.push("gadgets already on dashboards stay Connect gadgets until Jira maps them to this module (see the connectKeys field of jira:dashboardGadget)");
      return fields;
    }),
    webItems: webItem("jira"),
    // Jira Service Management's portal and agent view: one Forge module each, of the same name
    // (https://developer.atlassian.com/platform/forge/manifest-reference/modules/jira-service-management-portal-header/ and
    // the pages beside it).
    serviceDeskPortalHeaders: pageModule("jiraServiceManagement:portalHeader", `${EQUIVALENCES}; ${MODULES}jira-service-management-portal-header/`, () => ({})),
    serviceDeskPortalSubHeaders: pageModule("jiraServiceManagement:portalSubheader", `${EQUIVALENCES}; ${MODULES}jira-service-management-portal-subheader/`, () => ({})),
    serviceDeskPortalFooters: pageModule("jiraServiceManagement:portalFooter", `${EQUIVALENCES}; ${MODULES}jira-service-management-portal-footer/`, () => ({})),
    serviceDeskPortalRequestViewPanels: pageModule("jiraServiceManagement:portalRequestDetail", `${EQUIVALENCES}; ${MODULES}jira-service-management-portal-request-detail/`, titled),
    serviceDeskPortalRequestViewDetailsPanels: pageModule("jiraServiceManagement:portalRequestDetailPanel", `${EQUIVALENCES}; ${MODULES}jira-service-management-portal-request-detail-panel/`, titled),
    serviceDeskPortalProfilePanels: pageModule("jiraServiceManagement:portalProfilePanel", `${EQUIVALENCES}; ${MODULES}jira-service-management-portal-profile-panel/`, titled),
    serviceDeskPortalRequestCreatePropertyPanels: pageModule("jiraServiceManagement:portalRequestCreatePropertyPanel", `${EQUIVALENCES}; ${MODULES}jira-service-management-portal-request-create-property-panel/`, () => ({})),
    serviceDeskQueues: pageModule("jiraServiceManagement:queuePage", `${EQUIVALENCES}; ${MODULES}jira-service-management-queue-page/`, titled),
    serviceDeskOrganizationPanels: pageModule("jiraServiceManagement:organizationPanel", `${EQUIVALENCES}; ${MODULES}jira-service-management-organization-panel/`, titled),
    jiraGlobalPermissions: permission("jira:globalPermission"),
    jiraProjectPermissions: permission("jira:projectPermission"),
  },
  confluence: {
    generalPages: pageModule("confluence:globalPage", `${EQUIVALENCES}; ${MODULES}confluence-global-page/`, (m, resource, todos) => ({ ...titledWithIcon(m, resource, todos), route: slug(m.key!) })),
    adminPages: pageModule("confluence:globalSettings", `${EQUIVALENCES}; ${MODULES}confluence-global-settings/`, titled),
    configurePage: pageModule("confluence:globalSettings", `${EQUIVALENCES} (configurePage → useAsConfig)`, (m) => ({ ...titled(m), useAsConfig: true })),
    postInstallPage: pageModule("confluence:globalSettings", `${EQUIVALENCES} (postInstallPage → useAsGetStarted)`, (m) => ({ ...titled(m), useAsGetStarted: true })),
    spaceToolsTabs: pageModule("confluence:spaceSettings", `${EQUIVALENCES}; ${MODULES}confluence-space-settings/`, (m) => ({ ...titled(m), route: slug(m.key!) })),
    dynamicContentMacros: macro,
    staticContentMacros: {
      ...macro,
      move(module, context) {
        const moved = macro.move(module, context);
        if ("module" in moved) moved.todos.push("a static macro's URL answered storage format; on Forge the resource renders the macro in an iframe (index.html)");
        return moved;
      },
    },
    contentBylineItems: pageModule("confluence:contentBylineItem", `${EQUIVALENCES}; ${MODULES}confluence-content-byline-item/`, (m, resource, todos) => {
      const fields: Record<string, unknown> = { title: text(m.name, m.key!) };
      const tooltip = text(m.tooltip, "");
      if (tooltip) fields.tooltip = tooltip;
      const icon = (m.icon as { url?: string } | undefined)?.url;
      if (icon) fields.icon = iconOf(icon, resource, todos);
      if (typeof m.contentPropertyKey === "string" && /^[a-zA-Z0-9-_]+$/.test(m.contentPropertyKey)) fields.contentPropertyKey = m.contentPropertyKey;
      return fields;
    }, (m) => target(m).url ?? m.url),
    customContent,
    webItems: webItem("confluence"),
  },
};

/** Why the Connect module types apkit-migrate does not move stay in connectModules. */
export const REASONS: Record<string, string> = {
  lifecycle: "Connect's signed install callbacks keep the tenant's shared secret; Forge's lifecycle events (avi:forge:installed:app) reach a Forge function or remote endpoint, not these URLs",
  webhooks: "Forge delivers product events (avi:* triggers) to a function or remote endpoint, with other payloads: the backend must handle them first",
  webSections: "Forge has no web sections",
  dialogs: "a dialog moves when it is named, or with --move-ui",
  keyboardShortcuts: "Forge modules declare their own keyboardShortcut; a Connect shortcut has no module of its own",
  translations: "Connect's translations serve the Connect modules that remain",
  cloudAppMigration: "the app migration webhook stays on Connect until the app uses Forge's app migration platform",
  jiraEntityProperties: "moving the index changes the JQL aliases' owner; apkit-migrate leaves declarative data modules to you (jira:entityProperty)",
  jiraIssueFields: "custom fields keep their data under the Connect field type; Forge's jira:customField needs a migration plan",
  jiraWorkflowPostFunctions: "Forge's jira:workflowPostFunction runs a function, not a URL",
  jiraWorkflowConditions: "Forge's jira:workflowCondition is an expression or a function, not a URL",
  jiraWorkflowValidators: "Forge's jira:workflowValidator is an expression or a function, not a URL",
  jiraReports: "Forge has no report module",
  jiraSearchRequestViews: "Forge has no search request view module",
  jiraProjectTabPanels: "Connect's project tab panels are gone from Jira's new project navigation; use a jira:projectPage",
  jiraBackgroundScripts: "background scripts have no Custom UI page to move",
  jiraTimeTrackingProviders: "Forge's jira:timeTrackingProvider needs a Forge admin page of its own",
  blueprints: "Forge has no blueprint module",
  confluenceContentProperties: "moving the index is a data change; apkit-migrate leaves it to you (confluence:contentProperty)",
  confluenceThemes: "Forge has no theme module",
  publishConditions: "Forge has no publish condition module",
};

/** The reason a Connect module type stays, when apkit-migrate has no mapping for it. */
export function reasonToStay(type: string): string {
  return REASONS[type] ?? `apkit-migrate knows no Forge module for Connect's ${type}`;
}
